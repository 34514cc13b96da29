"""User for name resolving: which names are tried for a user, and as whom ResolveNames runs — one rule for
``calwizard validate``, the wizard's presence preview and the sync engine.

Seed 002 ("Exchange Sync": "User for name resolving: Execute name resolution by either the impersonation user or
various user names the calendar can create with the information received from the PBX"; "Users and primary SMTP
address": "The calendar tries to use username@pbx-domain. If that isn't the users email address, you can add
additional addresses to each user object in the PBX"; firmware 13r1 SR8's release note makes the new way
optional):

``service_account`` (default)
    The service account (the "impersonation user") resolves the user's SMTP addresses — the PBX user object's
    e-mail addresses, or those configured — in order. App-only EWS tokens must impersonate someone: ResolveNames
    then impersonates the configured ``exchange.user`` mailbox.
``per_user`` (names from the PBX)
    The names the connector builds from the PBX's data are tried: the user's e-mail addresses, then
    ``<PBX user name>@<pbx.domain>`` (``username@pbx-domain``), each resolved *as that user* (impersonating the
    name: the mailbox must exist and be reachable under it). Delegate access has no impersonation: the service
    account resolves the same names.

Microsoft Graph has no ResolveNames: the same names are tried in order as mailboxes.
"""

from __future__ import annotations

from typing import Any

from calwizard.i18n import translate
from calwizard.settings.model import AccessModel, Mailbox, NameResolvingUser, Settings, SyncType


def name_candidates(mailbox: Mailbox, settings: Settings) -> list[str]:
    """The names to resolve for ``mailbox``, in order (case-insensitively distinct): its addresses, and in the
    ``per_user`` mode ``<pbx_name>@<pbx.domain>`` when the PBX domain is known."""
    out: list[str] = []
    for a in mailbox.addresses:
        if a.lower() not in (x.lower() for x in out):
            out.append(a)
    domain = getattr(settings.pbx, "domain", "")
    if settings.exchange.name_resolving_user == NameResolvingUser.PER_USER and domain:
        built = f"{mailbox.pbx_name}@{domain}"
        if "@" not in mailbox.pbx_name and " " not in mailbox.pbx_name and built.lower() not in (
                x.lower() for x in out):
            out.append(built)
    return out


def resolver_for(exchange: Any, name: str) -> str | None:
    """Whom ResolveNames for ``name`` impersonates (None: the service account itself, no ExchangeImpersonation
    header)."""
    delegate = exchange.sync_type == SyncType.ON_PREMISES and exchange.access_model == AccessModel.DELEGATE
    if exchange.name_resolving_user == NameResolvingUser.PER_USER and not delegate:
        return name
    return exchange.user if exchange.sync_type == SyncType.CLOUD_APP_ONLY else None


def describe(settings: Settings) -> str:
    """One sentence: who resolves which names (validation and the wizard show it)."""
    ex = settings.exchange
    if ex.name_resolving_user == NameResolvingUser.PER_USER:
        domain = getattr(settings.pbx, "domain", "")
        built = translate("exchange", ", then <user name>@{domain}").format(
            domain=domain) if domain else translate("exchange", " (set the PBX mail domain to try "
                                                                                    "<user name>@domain)")
        who = translate("exchange", "by the service account (delegate access cannot impersonate)") \
            if resolver_for(ex, "x") is None else translate("exchange", "each as that user (impersonation)")
        return translate("exchange", "names from the PBX: the user's e-mail addresses{built}, resolved {who}").format(
            built=built, who=who)
    return translate("exchange", "the service account resolves the user's e-mail addresses in order")
