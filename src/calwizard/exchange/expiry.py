"""When the app's credential expires: the client secret (its expiry date as the Entra admin center shows it,
entered by the technician) and the client certificate (``notAfter``).

Entra ID refuses an expired secret (AADSTS7000222) and an expired certificate (AADSTS700027), and from then on
nothing syncs (seed 002, "Create a Client Secret": "after the secret expires, the Calendar can't sync with
Exchange anymore until you create a new secret"). ``calwizard validate`` (check ``entra.token``), the sync
engine's log and ``calwizard engine status`` therefore warn :data:`WARN_DAYS` (30, 14 and 7) days ahead, all
from :func:`configured_expiries`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from calwizard.i18n import QT_TRANSLATE_NOOP, translate

WARN_DAYS: tuple[int, ...] = (30, 14, 7)
"""Days before the expiry at which validation, the engine's log and ``engine status`` warn."""

SECRET_REMEDY = (
    QT_TRANSLATE_NOOP("exchange", "In the Entra admin center > App registrations > (the app) > "
                                  "Certificates & secrets, add a new client secret, paste its Value into "
                                  "the wizard's 'Client secret' field together with its new expiry date, "
                                  "export the configuration again, and delete the old secret once the "
                                  "engine runs with the new one.")
)
CERTIFICATE_REMEDY = (
    QT_TRANSLATE_NOOP("exchange", "Create a new certificate, upload its public part to the app "
                                  "registration (Certificates & secrets > Certificates) and select the new "
                                  "file in the wizard.")
)


WHAT = {"client secret": QT_TRANSLATE_NOOP("exchange", "client secret"),
        "client certificate": QT_TRANSLATE_NOOP("exchange", "client certificate")}
""":attr:`CredentialExpiry.what` in words of the interface language (the attribute itself stays English: JSON)."""


@dataclass(frozen=True)
class CredentialExpiry:
    """One credential and when it expires.

    Attributes:
        what: ``client secret`` or ``client certificate``.
        expires: the instant (aware, UTC) from which Entra ID refuses it; a secret's date counts from the start
            of that day (UTC), the earliest the Entra admin center's date can mean.
        field: the setting that holds the credential.
    """

    what: str
    expires: datetime
    field: str

    @property
    def remedy(self) -> str:
        return SECRET_REMEDY if self.what == "client secret" else CERTIFICATE_REMEDY

    def days_left(self, now: datetime) -> int:
        """Whole days from ``now`` (aware) to the expiry; negative when it has passed."""
        return (self.expires - now).days

    def stage(self, now: datetime) -> int | None:
        """The warning stage at ``now``: the smallest of :data:`WARN_DAYS` the days left have reached, ``0`` once
        expired, ``None`` while more than 30 days are left. A change of stage is what the engine logs."""
        left = self.days_left(now)
        if self.expires <= now:
            return 0
        reached = [d for d in WARN_DAYS if left <= d]
        return min(reached) if reached else None

    def message(self, now: datetime) -> str:
        """``the client secret expires in 12 days (on 2027-06-30)`` or ``... expired 3 days ago (...)``."""
        on = self.expires.date().isoformat()
        what = translate("exchange", WHAT[self.what]) if self.what in WHAT else self.what
        if self.expires <= now:
            ago = (now - self.expires).days
            if not ago:
                return translate("exchange", "the {what} expired today (on {on})").format(what=what, on=on)
            return (translate("exchange", "the {what} expired {ago} day ago (on {on})") if ago == 1 else
                    translate("exchange", "the {what} expired {ago} days ago (on {on})")).format(what=what, ago=ago,
                                                                                                on=on)
        left = self.days_left(now)
        return (translate("exchange", "the {what} expires in {left} day (on {on})") if left == 1 else
                translate("exchange", "the {what} expires in {left} days (on {on})")).format(what=what, left=left,
                                                                                            on=on)

    def to_json(self) -> dict[str, str]:
        return {"what": self.what, "expires": self.expires.isoformat(), "field": self.field}

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> CredentialExpiry:
        """Raises ValueError/KeyError for a malformed entry."""
        return cls(str(doc["what"]), datetime.fromisoformat(str(doc["expires"])).astimezone(UTC), str(doc["field"]))


def secret_expiry(expires_on: date) -> datetime:
    """The instant a secret whose expiry date is ``expires_on`` counts as expired (start of that day, UTC)."""
    return datetime.combine(expires_on, time(0), tzinfo=UTC)


def configured_expiries(exchange: Any, certificate_not_after: datetime | None = None) -> list[CredentialExpiry]:
    """The credentials of ``exchange`` (:class:`calwizard.settings.model.ExchangeSettings`) that expire.

    The client secret counts for cloud sync types when it is the credential in use (no certificate is
    configured) and its expiry date is known; the certificate when its ``notAfter`` is given.
    """
    out: list[CredentialExpiry] = []
    if not exchange.sync_type.is_cloud:
        return out
    if exchange.client_certificate:
        if certificate_not_after is not None:
            out.append(CredentialExpiry("client certificate",
                                        certificate_not_after.astimezone(UTC),
                                        "exchange.client_certificate"))
    elif exchange.client_secret is not None and exchange.client_secret_expires is not None:
        out.append(CredentialExpiry("client secret",
                                    secret_expiry(exchange.client_secret_expires),
                                    "exchange.client_secret_expires"))
    return out


def certificate_not_after(exchange: Any, secret: Callable[[str], str | None]) -> datetime | None:
    """``notAfter`` of the configured client certificate, or None (none configured, or it cannot be read: the
    token request then says why)."""
    if not exchange.client_certificate:
        return None
    from calwizard.errors import ConfigError
    from calwizard.exchange.entra import load_client_certificate

    try:
        return load_client_certificate(exchange.client_certificate, secret("client_certificate_password")).not_after
    except ConfigError:
        return None


def warnings(expiries: Sequence[CredentialExpiry], now: datetime) -> list[tuple[CredentialExpiry, str]]:
    """``(credential, sentence)`` for each credential within :data:`WARN_DAYS` of its expiry or past it."""
    return [(e, e.message(now)) for e in expiries if e.stage(now) is not None]
