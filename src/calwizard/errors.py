"""The one error tree of calwizard (modelled on exchangelib's ``errors.py``).

``CalwizardError`` is the root. ``UserFacingError`` and its subclasses carry
text that is safe to show a technician (never a secret) plus the field, host,
URL and remedy that locate the problem. Every other exception that reaches the
GUI or the CLI is a bug: it is logged with its traceback and shown as an
"internal error", never dressed up as a validation failure.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Self


class ExitCode(IntEnum):
    """Process exit codes of every verb."""

    OK = 0
    """Everything passed (warnings allowed)."""
    CHECK_FAILED = 1
    """At least one check failed."""
    USAGE = 2
    """Unusable arguments, or an unreadable / invalid configuration or bundle (the field is named)."""
    INTERNAL = 3
    """A bug in calwizard (an internal error was reported; see the log)."""


class CalwizardError(Exception):
    """Root of all calwizard exceptions."""


class UserFacingError(CalwizardError):
    """An error whose message is safe and useful to show to a technician.

    Args:
        message: what is wrong, in one sentence.
        field: the settings field concerned (dotted path, e.g. ``exchange.client_id``), if any.
        host: the host name concerned, if any.
        url: the URL concerned, if any.
        remedy: what to do about it, in one or two sentences.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        host: str | None = None,
        url: str | None = None,
        remedy: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.host = host
        self.url = url
        self.remedy = remedy

    detail: str = ""
    """The technical text behind the message (a library's exception text, in English), for a "Details" view and
    logs only: the message itself is a sentence in the user's language (set with :meth:`with_detail`)."""

    def with_detail(self, detail: object) -> Self:
        """Set :attr:`detail` (``str(detail)``) and return the error."""
        self.detail = str(detail)
        return self

    reason: str | None = None
    """A machine-readable cause for code that ranks or sorts errors (``dns``, ``refused``, ``timeout``, ``reset``,
    ``limits``, ``not_protocol``, ``redirect``, ``tls``, ``tls_name``: a certificate for another host name): never
    match the message, it is in the user's language."""

    def because(self, reason: str) -> Self:
        """Set :attr:`reason` and return the error (``raise UserFacingError(...).because("redirect")``)."""
        self.reason = reason
        return self

    def __str__(self) -> str:
        parts = []
        if self.field:
            parts.append(f"{self.field}: ")
        parts.append(self.message)
        if self.remedy:
            parts.append(f" — {self.remedy}")
        return "".join(parts)


class ConfigError(UserFacingError):
    """A configuration file or value is unusable (bad syntax, bad value, newer schema)."""


class SecretError(UserFacingError):
    """A secret cannot be read or stored (missing entry, unset variable, refused backend)."""


class NetworkError(UserFacingError):
    """A network operation failed in a way the technician can act on (DNS, refused, timeout)."""


class TlsError(NetworkError):
    """TLS certificate verification failed; the remedy points at the extra CA file setting."""


class SecretBindingError(SecretError):
    """A stored secret would go to a destination it was not saved for (see :mod:`calwizard.secretbinding`).

    Attributes:
        key: the secret store entry.
        bound_to: the destinations the entry is bound to (None: written before bindings existed).
        wanted: the destinations this configuration would send it to.
    """

    def __init__(self, message: str, *, key: str, bound_to: frozenset[str] | None, wanted: frozenset[str],
                 field: str | None = None, remedy: str | None = None) -> None:
        super().__init__(message, field=field, remedy=remedy)
        self.key = key
        self.bound_to = bound_to
        self.wanted = wanted


class SecretStorePassphraseError(SecretError):
    """The passphrase does not unlock the encrypted secret store (or none was given)."""


class SecretBackendRefusedError(SecretError):
    """A keyring backend was refused: it stores secrets in plain text, not at all, or is not trusted."""


class BundleError(ConfigError):
    """A ``*.calwiz`` bundle cannot be written or read (see the subclasses for the distinct causes)."""


class BundleFormatError(BundleError):
    """The file is not a calwizard bundle at all (no bundle signature)."""


class BundlePassphraseError(BundleError):
    """The passphrase does not open the bundle's sealed secrets, or a needed passphrase is missing."""


class BundleTamperedError(BundleError):
    """The bundle was changed or damaged after it was written (integrity or authentication check failed)."""


class BundleTruncatedError(BundleError):
    """The bundle is shorter than its header says: an interrupted copy or download."""


class BundleVersionError(BundleError):
    """The bundle was written by a newer calwizard (or uses a format this calwizard cannot migrate)."""


class PbxError(UserFacingError):
    """The innovaphone PBX could be reached but not used (see :mod:`calwizard.pbx`).

    ``kind`` says why, so that checks and the engine can pick the fix:

    * ``login_rejected`` — AppLogin was refused: no App object of that name, or another password;
    * ``api_disabled`` — the App object does not enable an API calwizard needs (its check box);
    * ``wrong_pbx`` — the PBX reached is not the configured master PBX;
    * ``not_a_pbx`` — the address does not answer the AppWebsocket protocol;
    * ``timeout`` — the PBX did not answer a request in time;
    * ``closed`` — the connection was closed (by the PBX, the network or calwizard);
    * ``rejected`` — the PBX answered a request with an error (e.g. SetPresence for an unknown user);
    * ``protocol`` — an answer calwizard does not understand.
    """

    def __init__(self, kind: str, message: str, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.kind = kind
