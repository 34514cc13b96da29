"""What every check receives: settings, resolved secrets, the HTTP policy and a fact board.

Checks that produce something later checks need (the EWS URL from Autodiscover, the access
token from Entra) put it into :attr:`CheckContext.facts` under a documented key:

==================  ===========================================================
``tenant``          OpenID configuration facts (issuer, tenant id, token endpoint)
``access_token``    the access token for EWS (str; never logged or reported)
``token_claims``    the token's claims (dict; no signature, not secret)
``autodiscover``    :class:`calwizard.checks.autodiscover.AutodiscoverResult`
``ews_url``         the EWS URL to use (str)
``ews_version``     exchangelib ``Version`` of the server
==================  ===========================================================
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import SecretStr

from calwizard.errors import SecretError
from calwizard.exchange.http import HttpPolicy
from calwizard.i18n import translate
from calwizard.settings.model import SecretRef, Settings

SECRET_FIELDS = (
    "password", "client_secret", "client_certificate_password", "token_cache", "client_certificate_pem",
    "pbx.app_password",
)
"""The secret fields of the settings (:func:`calwizard.secretrefs.secret_fields`: Exchange fields bare, the PBX's
App object password as ``pbx.app_password``)."""


@dataclass
class ResolvedSecrets:
    """Secret values resolved for one run, and why any could not be resolved.

    ``values`` maps a field name of :data:`SECRET_FIELDS` to its value; ``errors`` maps it to the
    :class:`SecretError` that prevented reading it. ``repr`` never shows a value.
    """

    values: dict[str, SecretStr] = field(default_factory=dict)
    errors: dict[str, SecretError] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        """The plain value of ``name`` for handing to a library, or None."""
        v = self.values.get(name)
        return v.get_secret_value() if v is not None else None

    def __repr__(self) -> str:
        return translate("checks", "ResolvedSecrets(values={sorted}, errors={sorted1})").format(
            sorted=sorted(self.values), sorted1=sorted(self.errors))

    def all_values(self) -> list[str]:
        """Every resolved value (for redaction filters)."""
        return [v.get_secret_value() for v in self.values.values() if v.get_secret_value()]


SecretFetcher = Callable[[SecretRef], str]


def resolve_secrets(settings: Settings, fetch: SecretFetcher) -> ResolvedSecrets:
    """Resolve every secret reference of ``settings`` with ``fetch``.

    Args:
        settings: the configuration.
        fetch: returns the value of a reference or raises :class:`SecretError`
            (see :func:`calwizard.secretrefs.make_fetcher`).
    Returns:
        The values and, per field, the error that prevented resolving it (never raised).
    """
    from calwizard.secretrefs import field_path, ref_of

    out = ResolvedSecrets()
    for name in SECRET_FIELDS:
        ref = ref_of(settings, name)
        if ref is None:
            continue
        try:
            out.values[name] = SecretStr(fetch(ref))
        except SecretError as exc:
            exc.field = exc.field or field_path(name)
            out.errors[name] = exc
    return out


@dataclass
class CheckContext:
    """Everything a check may use. Dependencies are passed in, never looked up globally.

    Attributes:
        settings: the configuration being validated.
        secrets: resolved secret values.
        http: the HTTP policy (extra CA, host overrides, timeout).
        facts: results later checks need (see the module docstring).
        now: returns the current time (aware, UTC); tests may pin it.
        ews_concurrency: at most this many EWS requests in flight (EWSMaxConcurrency is 27; the checks use at
            least 27 through the shared account limiter, :mod:`calwizard.exchange.limiter`).
        ews_path: ``"current"``, or ``"legacy"``: the EWS checks' code path before the limiter was shared
            (``bench/validate_latency.py`` compares both).
        token_cache: serialized msal token cache (delegated sync type), or None.
    """

    settings: Settings
    secrets: ResolvedSecrets
    http: HttpPolicy
    facts: dict[str, Any] = field(default_factory=dict)
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    ews_concurrency: int = 10
    ews_path: str = "current"
    token_cache: str | None = None
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("calwizard.checks"))
