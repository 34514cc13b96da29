"""Ready-to-use configurations for the sandbox tenant, one per scenario.

Each scenario is a :class:`Settings` pointing at the sandbox (host overrides to 127.0.0.1, the
sandbox CA as extra CA file, the custom cloud hosts) with secrets referenced as
``{sandbox = "<credential name>"}`` so that no file holds a credential. :func:`write_configs`
writes them to ``<data dir>/configs/<scenario>.toml``.

=================================  ==========================================================
scenario                           what validation shows
=================================  ==========================================================
``onprem-ok``                      on-premises Exchange 2019 via NTLM: everything passes
``onprem-bad-password``            NTLM rejects the service account's password
``onprem-mailbox-problems``        per mailbox: impersonation denied, access denied, not found,
                                   and a user found only through a secondary address
``onprem-delegate-ok``             delegate access (folder permissions, no impersonation): Reviewer,
                                   FreeBusyTimeAndSubjectAndLocation, Reviewer with private items
``onprem-delegate-freebusy-only``  delegate access where one calendar grants free/busy only (Default)
``onprem-delegate-missing``        delegate access where one calendar grants the account nothing
``app-only-ok``                    Exchange Online app-only with a client secret: passes
``app-only-certificate``           the same with a client certificate (PFX + password)
``app-only-bad-secret``            AADSTS7000215 (wrong secret)
``app-only-expired-secret``        AADSTS7000222 (expired secret)
``app-only-no-consent``            token without roles: admin consent missing
``app-only-unknown-tenant``        AADSTS90002 (tenant does not exist)
``app-only-impersonation-denied``  app scoped to some mailboxes: others denied
``app-only-ews-blocked``           tenant with EWS blocked: HTTP 403 and both remedies
``autodiscover-slow-candidate``    https://slow.test never answers; autodiscover.slow.test does
``autodiscover-error``             autodiscover.tailspin.test is a web hoster's catch-all: Autodiscover
                                   error 600 (Invalid Request) is the summary and the remedy
``onprem-exchange-2010``           an Exchange Server 2010 SP3 (14.3): "older than Exchange 2013" with the
                                   remedy, from Autodiscover's ServerVersion
``onprem-ambiguous-name``          a mailbox whose address resolves to two mailboxes (Chris Meyer, Chris
                                   Mayer): "ambiguous name" naming both, never the first silently
``app-only-names``                 Exchange Online app-only, mailbox entries that are no primary SMTP
                                   address: a secondary address (found via ResolveNames), an ambiguous
                                   name (Dana Fischer, Dana Fisher), an exact match, an unknown address
``graph-names``                    the same entries through Microsoft Graph (no ResolveNames: each
                                   address is tried as a mailbox, as the engine does)
``delegated``                      delegated OAuth2 (needs a sign-in first)
``pbx-ok``                         on-premises Exchange + the sandbox PBX (users from the PBX,
                                   presence into it): passes, with warnings for the PBX users
                                   that have no mailbox
``pbx-bad-password``               the PBX rejects the App object's password
``pbx-api-disabled``               the App object does not enable PbxApi (no SetPresence)
``pbx-wrong-name``                 the address leads to another PBX than the master PBX
``entra-setup``                    Microsoft Graph with no app registration yet: "Create it for me" (the
                                   wizard) or ``calwizard entra create-app`` signs in as admin@fabrikam.test
                                   and creates it
=================================  ==========================================================
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from calwizard.sandbox import data as d
from calwizard.settings import save_settings
from calwizard.settings.model import (
    AccessModel,
    CloudName,
    CustomCloud,
    ExchangeSettings,
    Mailbox,
    PbxSettings,
    SecretRef,
    Settings,
    SyncType,
)


def _ref(name: str) -> SecretRef:
    return SecretRef(sandbox=name)


def _base(overrides: dict[str, str], ca_file: Path) -> dict[str, object]:
    return {"host_overrides": overrides, "ca_file": str(ca_file), "timeout_seconds": 10.0}


def _pbx(*, address: str = "", app: str = d.PBX_APP, password: str = d.CRED_PBX_APP_PASSWORD) -> PbxSettings:
    """PBX & presence; with ``address``, a connection to the sandbox PBX there."""
    connection: dict[str, object] = {}
    if address:
        connection = {"address": address, "app_name": app, "app_password": _ref(password)}
    return PbxSettings(
        master_pbx_name=d.PBX_NAME,
        presence_language="en",
        presence_timezone="Europe/Berlin",
        prioritized_words=["vacation", "Urlaub"],
        non_prioritized_words=["home office"],
        **connection,  # type: ignore[arg-type]
    )


def _onprem(
    overrides: dict[str, str],
    ca: Path,
    *,
    password: str = d.CRED_CONTOSO_SVC_PASSWORD,
    mailboxes: list[Mailbox] | None = None,
    user: str = d.CONTOSO_SVC_UPN,
    logon: str = "",
    access_model: AccessModel = AccessModel.IMPERSONATION,
    pbx: PbxSettings | None = None,
) -> Settings:
    return Settings(
        pbx=pbx or _pbx(),
        exchange=ExchangeSettings(
            sync_type=SyncType.ON_PREMISES, user=user, logon_name=logon, password=_ref(password),
            access_model=access_model, **_base(overrides, ca)
        ),
        mailboxes=mailboxes
        if mailboxes is not None
        else [
            Mailbox(pbx_name="anna", addresses=[d.CONTOSO_ANNA]),
            Mailbox(pbx_name="ben", addresses=[d.CONTOSO_BEN]),
            Mailbox(pbx_name="room-1", addresses=[d.CONTOSO_ROOM]),
        ],
    )


def _delegate(overrides: dict[str, str], ca: Path, **mailboxes: str) -> Settings:
    """On-premises with delegate access (folder permissions instead of impersonation); ``pbx name=address``."""
    return _onprem(overrides, ca, access_model=AccessModel.DELEGATE, mailboxes=[
        Mailbox(pbx_name=name, addresses=[address]) for name, address in mailboxes.items()] or None)


def _cloud(
    overrides: dict[str, str],
    ca: Path,
    *,
    client_id: str = d.APP_OK_CLIENT_ID,
    tenant: str = d.FABRIKAM_TENANT_ID,
    secret: str | None = d.CRED_APP_OK_SECRET,
    user: str = d.FABRIKAM_ALICE,
    mailboxes: list[Mailbox] | None = None,
    sync_type: SyncType = SyncType.CLOUD_APP_ONLY,
    **extra: object,
) -> Settings:
    return Settings(
        pbx=_pbx(),
        exchange=ExchangeSettings(
            sync_type=sync_type,
            cloud=CloudName.CUSTOM,
            custom_cloud=CustomCloud(authority_host=d.LOGIN_HOST, ews_host=d.OUTLOOK_HOST, graph_host=d.GRAPH_HOST),
            user=user,
            client_id=client_id,
            tenant_id=tenant,
            client_secret=_ref(secret) if secret else None,
            **_base(overrides, ca),
            **extra,  # type: ignore[arg-type]
        ),
        mailboxes=mailboxes
        if mailboxes is not None
        else [
            Mailbox(pbx_name="alice", addresses=[d.FABRIKAM_ALICE]),
            Mailbox(pbx_name="bob", addresses=[d.FABRIKAM_BOB]),
            Mailbox(pbx_name="carol", addresses=[d.FABRIKAM_CAROL]),
            Mailbox(pbx_name="room-atlantic", addresses=[d.FABRIKAM_ROOM]),
        ],
    )


Builder = Callable[[dict[str, str], Path, Path], Settings]

def _cloud_names() -> list[Mailbox]:
    """Exchange Online mailbox entries that are not all primary SMTP addresses (``app-only-names``)."""
    return [
        Mailbox(pbx_name="alice", addresses=[d.FABRIKAM_ALICE]),
        Mailbox(pbx_name="bob", addresses=[d.FABRIKAM_BOB_SECONDARY]),
        Mailbox(pbx_name="dana", addresses=[d.FABRIKAM_DANA]),
        Mailbox(pbx_name="dana-fisher", addresses=[d.FABRIKAM_DANA_FISHER]),
        Mailbox(pbx_name="ghost", addresses=[d.FABRIKAM_UNKNOWN]),
    ]


SCENARIOS: dict[str, Builder] = {
    "onprem-ok": lambda o, ca, dd: _onprem(o, ca),
    "onprem-bad-password": lambda o, ca, dd: _onprem(o, ca, password=d.CRED_CONTOSO_ANNA_PASSWORD),
    "onprem-mailbox-problems": lambda o, ca, dd: _onprem(
        o,
        ca,
        mailboxes=[
            Mailbox(pbx_name="anna", addresses=[d.CONTOSO_UNKNOWN, d.CONTOSO_ANNA_SECONDARY]),
            Mailbox(pbx_name="legal", addresses=[d.CONTOSO_LEGAL]),
            Mailbox(pbx_name="exec", addresses=[d.CONTOSO_EXEC]),
            Mailbox(pbx_name="ghost", addresses=[d.CONTOSO_UNKNOWN]),
        ],
    ),
    "onprem-delegate-ok": lambda o, ca, dd: _delegate(o, ca),
    "onprem-delegate-freebusy-only": lambda o, ca, dd: _delegate(o, ca, anna=d.CONTOSO_ANNA, frank=d.CONTOSO_FRANK),
    "onprem-delegate-missing": lambda o, ca, dd: _delegate(o, ca, anna=d.CONTOSO_ANNA, legal=d.CONTOSO_LEGAL),
    "app-only-ok": lambda o, ca, dd: _cloud(o, ca),
    "app-only-certificate": lambda o, ca, dd: _cloud(
        o,
        ca,
        secret=None,
        client_certificate=str(dd / d.APP_OK_CERT_PFX),
        client_certificate_password=_ref(d.CRED_APP_OK_CERT_PASSWORD),
    ),
    "app-only-bad-secret": lambda o, ca, dd: _cloud(o, ca, secret=d.CRED_APP_NOCONSENT_SECRET),
    "app-only-expired-secret": lambda o, ca, dd: _cloud(
        o, ca, client_id=d.APP_EXPIRED_CLIENT_ID, secret=d.CRED_APP_EXPIRED_SECRET
    ),
    "app-only-no-consent": lambda o, ca, dd: _cloud(
        o, ca, client_id=d.APP_NOCONSENT_CLIENT_ID, secret=d.CRED_APP_NOCONSENT_SECRET
    ),
    "app-only-unknown-tenant": lambda o, ca, dd: _cloud(o, ca, tenant=d.UNKNOWN_TENANT_ID),
    "app-only-impersonation-denied": lambda o, ca, dd: _cloud(
        o,
        ca,
        client_id=d.APP_SCOPED_CLIENT_ID,
        secret=d.CRED_APP_SCOPED_SECRET,
        mailboxes=[
            Mailbox(pbx_name="alice", addresses=[d.FABRIKAM_ALICE]),
            Mailbox(pbx_name="ceo", addresses=[d.FABRIKAM_CEO]),
        ],
    ),
    "app-only-ews-blocked": lambda o, ca, dd: _cloud(
        o,
        ca,
        client_id=d.APP_NORTHWIND_CLIENT_ID,
        tenant=d.NORTHWIND_TENANT_ID,
        secret=d.CRED_APP_NORTHWIND_SECRET,
        user=d.NORTHWIND_DAVE,
        mailboxes=[
            Mailbox(pbx_name="dave", addresses=[d.NORTHWIND_DAVE]),
            Mailbox(pbx_name="erin", addresses=[d.NORTHWIND_ERIN]),
        ],
    ),
    "graph-ok": lambda o, ca, dd: _cloud(o, ca, sync_type=SyncType.CLOUD_GRAPH, user=""),
    "graph-no-consent": lambda o, ca, dd: _cloud(
        o, ca, sync_type=SyncType.CLOUD_GRAPH, user="", client_id=d.APP_NOCONSENT_CLIENT_ID,
        secret=d.CRED_APP_NOCONSENT_SECRET,
    ),
    "graph-out-of-scope": lambda o, ca, dd: _cloud(
        o,
        ca,
        sync_type=SyncType.CLOUD_GRAPH,
        user="",
        client_id=d.APP_SCOPED_CLIENT_ID,
        secret=d.CRED_APP_SCOPED_SECRET,
        mailboxes=[
            Mailbox(pbx_name="alice", addresses=[d.FABRIKAM_ALICE]),
            Mailbox(pbx_name="bob", addresses=[d.FABRIKAM_BOB]),
            Mailbox(pbx_name="ceo", addresses=[d.FABRIKAM_CEO]),
        ],
    ),
    "graph-scoped": lambda o, ca, dd: _cloud(
        o,
        ca,
        sync_type=SyncType.CLOUD_GRAPH,
        user="",
        client_id=d.APP_SCOPED_CLIENT_ID,
        secret=d.CRED_APP_SCOPED_SECRET,
        must_be_denied=[d.FABRIKAM_CEO],
    ),
    "autodiscover-slow-candidate": lambda o, ca, dd: _onprem(
        o,
        ca,
        user=d.CONTOSO_OPS_SLOW,
        logon=d.CONTOSO_SVC_NTLM_USER,
        mailboxes=[
            Mailbox(pbx_name="ops", addresses=[d.CONTOSO_OPS_SLOW]),
            Mailbox(pbx_name="anna", addresses=[d.CONTOSO_ANNA]),
            Mailbox(pbx_name="ben", addresses=[d.CONTOSO_BEN]),
        ],
    ),
    "autodiscover-error": lambda o, ca, dd: _onprem(
        o, ca, user=d.TAILSPIN_USER, logon=d.CONTOSO_SVC_NTLM_USER,
        mailboxes=[Mailbox(pbx_name="calendar", addresses=[d.TAILSPIN_USER])],
    ),
    "onprem-exchange-2010": lambda o, ca, dd: _onprem(
        o, ca, user=d.LITWARE_SVC_UPN, password=d.CRED_LITWARE_SVC_PASSWORD,
        mailboxes=[Mailbox(pbx_name="pat", addresses=[d.LITWARE_PAT])],
    ),
    "onprem-ambiguous-name": lambda o, ca, dd: _onprem(
        o,
        ca,
        mailboxes=[
            Mailbox(pbx_name="anna", addresses=[d.CONTOSO_ANNA]),
            Mailbox(pbx_name="chris", addresses=[d.CONTOSO_CHRIS]),
            Mailbox(pbx_name="chris-meyer", addresses=[d.CONTOSO_CHRIS_MEYER]),
        ],
    ),
    "app-only-names": lambda o, ca, dd: _cloud(o, ca, mailboxes=_cloud_names()),
    "graph-names": lambda o, ca, dd: _cloud(o, ca, sync_type=SyncType.CLOUD_GRAPH, user="",
                                            mailboxes=_cloud_names()),
    "delegated": lambda o, ca, dd: _cloud(
        o,
        ca,
        sync_type=SyncType.CLOUD_DELEGATED,
        secret=None,
        user=d.FABRIKAM_SVC,
        redirect_uri=d.APP_OK_REDIRECT_URI,
        token_cache=SecretRef(store="sandbox-delegated/exchange.token_cache"),
    ),
    "pbx-ok": lambda o, ca, dd: _onprem(o, ca, mailboxes=[], pbx=_pbx(address=d.PBX_HOST)),
    "pbx-bad-password": lambda o, ca, dd: _onprem(
        o, ca, mailboxes=[], pbx=_pbx(address=d.PBX_HOST, password=d.CRED_PBX_WRONG_PASSWORD)),
    "pbx-api-disabled": lambda o, ca, dd: _onprem(
        o, ca, mailboxes=[], pbx=_pbx(address=d.PBX_HOST, app=d.PBX_APP_USERS_ONLY)),
    "pbx-wrong-name": lambda o, ca, dd: _onprem(o, ca, mailboxes=[], pbx=_pbx(address=d.PBX_BRANCH_HOST)),
    "entra-setup": lambda o, ca, dd: _cloud(
        o, ca, sync_type=SyncType.CLOUD_GRAPH, user="", client_id="", tenant="", secret=None,
    ),
}


def scenario_settings(name: str, host_overrides: dict[str, str], ca_file: Path, data_dir: Path) -> Settings:
    """The configuration of scenario ``name`` for a sandbox with these overrides and CA.

    Raises:
        KeyError: unknown scenario.
    """
    return SCENARIOS[name](dict(host_overrides), Path(ca_file), Path(data_dir))


def write_configs(data_dir: Path, host_overrides: dict[str, str], ca_file: Path) -> dict[str, Path]:
    """Write every scenario to ``data_dir/configs/<name>.toml``; returns name -> path."""
    out: dict[str, Path] = {}
    for name in SCENARIOS:
        path = Path(data_dir) / "configs" / f"{name}.toml"
        save_settings(scenario_settings(name, host_overrides, ca_file, data_dir), path)
        out[name] = path
    return out
