"""EWS adapter over exchangelib: builds Configurations/Accounts per sync type and classifies errors.

Protocol facts (Microsoft Learn, EWS reference): ``ResolveNames``, ``GetFolder`` (distinguished
folder ``calendar``), ``FindItem`` with ``CalendarView`` (StartDate/EndDate); app-only access
needs the ``ExchangeImpersonation`` SOAP header and ``X-AnchorMailbox`` ("Configure impersonation",
"Authenticate an EWS application by using OAuth") — exchangelib sends both for
``access_type=IMPERSONATION``. Throttling: ``ErrorServerBusy`` carries ``BackOffMilliseconds``
("EWS throttling in Exchange"). Exchange Online answers HTTP 403 when EWS is blocked for the
tenant or the app (``EWSEnabled``/``EwsAllowedAppIDs``, enforced since 1 October 2026).

All functions here are blocking (exchangelib uses requests); callers run them in threads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from calwizard.exchange.http import HttpPolicy, install_exchangelib_policy
from calwizard.settings.model import ExchangeSettings, SyncType

log = logging.getLogger(__name__)

EXCHANGE_ONLINE_BUILD = (15, 20, 0)
"""Exchange Online reports major 15, minor 20 (used when Autodiscover v2 gives no version)."""


@dataclass(frozen=True)
class EwsError:
    """A classified EWS failure.

    Attributes:
        kind: ``not_found`` | ``impersonation_denied`` | ``access_denied`` | ``unauthorized`` |
            ``ews_blocked`` | ``server_busy`` | ``network`` | ``tls`` | ``not_ews`` | ``other``.
        message: one sentence, safe to show (no secrets).
        back_off: seconds the server asked to wait (``server_busy``), else 0.
    """

    kind: str
    message: str
    back_off: float = 0.0


def make_config(
    exchange: ExchangeSettings,
    http: HttpPolicy,
    ews_url: str,
    build: tuple[int, int, int] | None,
    *,
    password: str | None = None,
    access_token: str | None = None,
    client_id: str = "",
) -> Any:
    """An exchangelib ``Configuration`` for the sync type.

    On-premises: NTLM with the service account (``user`` as UPN). Cloud: OAuth 2.0 with an access
    token already obtained with msal (exchangelib never fetches one itself: the token is handed in
    and its expiry is far beyond a validation run).
    """
    from exchangelib import NTLM, OAUTH2, Build, Configuration, Credentials, Version

    install_exchangelib_policy(http)
    version = Version(build=Build(*build)) if build else None
    if exchange.sync_type == SyncType.ON_PREMISES:
        creds: Any = Credentials(exchange.ntlm_username, password or "")
        auth = NTLM
    else:
        from calwizard.exchange.clouds import endpoints_for

        token_url = f"{endpoints_for(exchange).authority(exchange.tenant_id or 'organizations')}/oauth2/v2.0/token"
        creds = msal_token_credentials(client_id, access_token or "", token_url)
        auth = OAUTH2
    return Configuration(service_endpoint=ews_url, credentials=creds, auth_type=auth, version=version,
                         max_connections=27)


def msal_token_credentials(client_id: str, access_token: str, token_url: str) -> Any:
    """exchangelib OAuth 2.0 credentials carrying a token obtained with msal.

    exchangelib must never fetch a token itself: its client-credentials class resets the token whenever
    a session is retired (e.g. after an HTTP 403) and then asks ``login.microsoftonline.com`` — the wrong
    cloud, with no secret. The authorization-code credentials class keeps the token; ``token_url`` is
    overridden to the configured cloud so that nothing ever goes to a host the configuration did not name.
    """
    from exchangelib.credentials import OAuth2AuthorizationCodeCredentials

    class MsalTokenCredentials(OAuth2AuthorizationCodeCredentials):
        @property
        def token_url(self) -> str:
            return token_url

    token = {"access_token": access_token, "token_type": "Bearer", "expires_in": 3600}
    return MsalTokenCredentials(client_id=client_id, access_token=token)


def make_account(config: Any, smtp_address: str, impersonate: bool = True) -> Any:
    """An exchangelib ``Account`` (no autodiscover) acting for ``smtp_address``."""
    from exchangelib import DELEGATE, IMPERSONATION, Account

    return Account(primary_smtp_address=smtp_address, config=config, autodiscover=False,
                   access_type=IMPERSONATION if impersonate else DELEGATE)


def resolve_primary(config: Any, addresses: list[str]) -> tuple[str | None, str]:
    """ResolveNames each address in order; return (primary SMTP address or None, display name)."""
    from exchangelib import Account  # noqa: F401  (imports exchangelib fully before using protocol)
    from exchangelib.protocol import Protocol

    protocol = Protocol(config=config)
    for addr in addresses:
        res = protocol.resolve_names([addr], return_full_contact_data=False)
        for r in res:
            mailbox = getattr(r, "mailbox", r)
            email = getattr(mailbox, "email_address", None)
            if email:
                return email, getattr(mailbox, "name", "") or ""
    return None, ""


def read_calendar_view(account: Any, start: datetime, end: datetime) -> list[Any]:
    """Read the CalendarView between ``start`` and ``end`` (aware) of the mailbox's calendar with ONE
    FindItem on the distinguished folder ``calendar`` (EWS opens the folder for the request; access errors
    — ErrorAccessDenied, ErrorImpersonateUserDenied, ErrorNonExistentMailbox — come back the same way).

    ``account.calendar`` would first GetFolder the root and then the calendar (two extra round trips),
    and asking for the organizer would add a GetItem (FindItem does not return it), so neither is done.
    """
    from exchangelib import EWSDateTime
    from exchangelib.folders import Calendar, Root
    from exchangelib.properties import DistinguishedFolderId
    from exchangelib.properties import Mailbox as EwsMailbox

    mailbox = EwsMailbox(email_address=account.primary_smtp_address)
    root = Root(account=account, _distinguished_id=DistinguishedFolderId(id="root", mailbox=mailbox))
    cal = Calendar(root=root, _distinguished_id=DistinguishedFolderId(id="calendar", mailbox=mailbox))
    return list(
        cal.view(start=EWSDateTime.from_datetime(start), end=EWSDateTime.from_datetime(end)).only(
            "subject", "start", "end", "is_all_day", "legacy_free_busy_status", "sensitivity"
        )
    )


def guess_version(config: Any) -> Any:
    """Ask the server for its version (exchangelib's ``Protocol.version``: one ResolveNames request) when neither
    Autodiscover nor the configuration reported one — before any other request, which needs a version hint."""
    from exchangelib import Account  # noqa: F401  (imports exchangelib fully before using protocol)
    from exchangelib.protocol import Protocol

    return Protocol(config=config).version


def server_build(config: Any) -> str:
    """The server's version as reported in the last ServerVersionInfo header, e.g. ``15.2.1544.4``."""
    v = getattr(config, "version", None)
    b = getattr(v, "build", None)
    if b is None:
        return ""
    return f"{b.major_version}.{b.minor_version}.{b.major_build}.{b.minor_build}"


def classify(exc: BaseException, url: str = "") -> EwsError:
    """Turn an exchangelib / requests exception into an :class:`EwsError` (the one adapter). ``url``: the EWS URL,
    to name its host in transport failures (:func:`calwizard.exchange.neterrors.classify_transport`)."""
    from exchangelib import errors as e

    from calwizard.exchange.neterrors import classify_transport

    name = type(exc).__name__
    text = str(exc)
    if isinstance(exc, e.ErrorNonExistentMailbox | e.ErrorMailRecipientNotFound):
        return EwsError("not_found", "the mailbox does not exist")
    if isinstance(exc, e.ErrorImpersonateUserDenied | e.ErrorImpersonationDenied):
        return EwsError("impersonation_denied", "the account may not impersonate this mailbox")
    if isinstance(exc, e.ErrorAccessDenied):
        return EwsError("access_denied", f"access to the calendar was denied ({text[:120]})")
    if isinstance(exc, e.ErrorServerBusy):
        return EwsError("server_busy", "the server is busy (throttling)", float(getattr(exc, "back_off", 0) or 0))
    if isinstance(exc, e.UnauthorizedError):
        return EwsError("unauthorized", f"the server rejected the credentials ({text[:160]})")
    if "403" in text or (isinstance(exc, e.TransportError) and "Forbidden" in text):
        return EwsError("ews_blocked", "Exchange answered HTTP 403 Forbidden")
    transport = classify_transport(exc, url)  # TLS, DNS, refused, not EWS at all (a web page, a redirect loop …)
    if transport is not None and (transport.kind == "not_ews" or not isinstance(exc, e.EWSError)):
        return EwsError(transport.kind, transport.message)
    if isinstance(exc, e.CASError):
        return EwsError("other", f"Exchange CAS error: {exc.cas_error}")
    import requests

    if isinstance(exc, requests.exceptions.SSLError):
        return EwsError("tls", text[:200])
    if isinstance(exc, requests.exceptions.RequestException | OSError | e.TransportError):
        return EwsError("network", f"{name}: {text[:200]}")
    if isinstance(exc, e.EWSError):
        return EwsError("other", f"{name}: {text[:200]}")
    raise exc
