"""Resolving :class:`~calwizard.settings.SecretRef` references to secret values.

A configuration never holds a secret, only a reference (see :mod:`calwizard.settings.model`):

``store``
    An entry of calwizard's secret store (:mod:`calwizard.secrets`), e.g.
    ``customer-a/exchange.client_secret``. The store is opened lazily, once per fetcher.
``env``
    An environment variable (headless servers, scripts, CI).
``sandbox``
    A public demo credential of the sandbox tenant, fetched with
    ``GET https://<authority host>/_sandbox/credentials/<name>`` -> ``{"value": "..."}``, where the
    authority host is ``exchange.custom_cloud.authority_host`` (``login.sandbox.test`` when no custom
    cloud is configured), over the configuration's HTTP policy (extra CA, host overrides, timeout).

:func:`make_fetcher` builds the ``fetch(ref) -> str`` that :func:`calwizard.checks.context.resolve_secrets`
takes. Its errors are :class:`SecretError` and never contain a secret value.
"""

from __future__ import annotations

import os
import typing
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from calwizard.errors import ConfigError, SecretError
from calwizard.i18n import translate
from calwizard.settings.model import CloudName, ExchangeSettings, PbxSettings, SecretRef, Settings

SecretFetcher = Callable[[SecretRef], str]

SANDBOX_AUTHORITY_HOST = "login.sandbox.test"
"""Authority host of the sandbox tenant when the configuration names no custom cloud."""

SANDBOX_CREDENTIALS_PATH = "/_sandbox/credentials/"


def _ref_fields(model: type) -> list[str]:
    return [name for name, info in model.model_fields.items()  # type: ignore[attr-defined]
            if info.annotation is SecretRef or SecretRef in typing.get_args(info.annotation)]


def secret_fields() -> tuple[str, ...]:
    """Names of the settings fields that hold a :class:`SecretRef`, in declaration order.

    Fields of :class:`ExchangeSettings` are named bare (``password``, ``client_secret``,
    ``client_certificate_password``, ``token_cache``: the names bundles and store keys have always used); fields of
    other sections carry their section (``pbx.app_password``). Derived from the model, so a new secret field is
    picked up everywhere (store keys, bundles, checks) without another list to update. :func:`field_path` gives the
    dotted settings path of a name.
    """
    return (*_ref_fields(ExchangeSettings), *(f"pbx.{n}" for n in _ref_fields(PbxSettings)))


def field_path(name: str) -> str:
    """The dotted settings path of a secret field name: ``password`` -> ``exchange.password``, ``pbx.app_password``
    unchanged."""
    return name if "." in name else f"exchange.{name}"


def _section(settings: Settings, name: str) -> tuple[Any, str]:
    section, _, attr = field_path(name).partition(".")
    return getattr(settings, section), attr


def ref_of(settings: Settings, name: str) -> SecretRef | None:
    """The reference held by secret field ``name`` (see :func:`secret_fields`), or None."""
    section, attr = _section(settings, name)
    return getattr(section, attr)


def with_refs(settings: Settings, refs: dict[str, SecretRef | None]) -> Settings:
    """A copy of ``settings`` with the secret fields of ``refs`` set (names as in :func:`secret_fields`)."""
    updates: dict[str, dict[str, SecretRef | None]] = {}
    for name, ref in refs.items():
        section, _, attr = field_path(name).partition(".")
        updates.setdefault(section, {})[attr] = ref
    return settings.model_copy(update={section: getattr(settings, section).model_copy(update=fields)
                                       for section, fields in updates.items()})


def secret_refs(settings: Settings) -> dict[str, SecretRef]:
    """``{field name: reference}`` for each secret field of ``settings`` that is set."""
    refs = {}
    for name in secret_fields():
        ref = ref_of(settings, name)
        if ref is not None:
            refs[name] = ref
    return refs


def store_key(profile: str, field: str) -> str:
    """The secret store key of a secret field: ``"<profile>/exchange.<field>"`` or ``"<profile>/pbx.<field>"``."""
    return f"{profile}/{field_path(field)}"


def sandbox_credentials_url(settings: Settings, name: str) -> str:
    """The URL the sandbox tenant serves the demo credential ``name`` at."""
    host = SANDBOX_AUTHORITY_HOST
    custom = settings.exchange.custom_cloud
    if settings.exchange.cloud == CloudName.CUSTOM and custom is not None:
        host = custom.authority_host
    return f"https://{host}{SANDBOX_CREDENTIALS_PATH}{quote(name, safe='')}"


def make_fetcher(
    settings: Settings,
    *,
    store_opener: Callable[[], Any] | None = None,
    http: Any | None = None,
) -> SecretFetcher:
    """Build ``fetch(ref) -> str`` for the references of ``settings``.

    Args:
        settings: the configuration (its HTTP policy and custom cloud are used for sandbox references).
        store_opener: returns the :class:`~calwizard.secrets.SecretStore`; called at most once, on the first
            ``store`` reference (default :func:`calwizard.secrets.open_store`, non-interactive).
        http: a ``requests.Session``-like object (``.get(url, timeout=...)``) for sandbox references; default:
            ``HttpPolicy.from_settings(settings.exchange).requests_session()``, built on first use.
    Returns:
        ``fetch``: returns the value (a non-empty string).
    Raises (from ``fetch``):
        SecretError: the variable is unset or empty, the store has no such entry or cannot be opened, or the
            sandbox cannot be reached or has no such credential. The message names the reference and the fix,
            never the value.
    """
    state: dict[str, Any] = {}

    def get_store() -> Any:
        if "store_error" in state:
            raise state["store_error"]
        if "store" not in state:
            opener = store_opener
            if opener is None:
                from calwizard.secrets import open_store

                opener = open_store
            try:
                state["store"] = opener()
            except SecretError as exc:
                state["store_error"] = exc
                raise
        return state["store"]

    def get_http() -> Any:
        if http is not None:
            return http
        if "http" not in state:
            from calwizard.exchange.http import HttpPolicy

            try:
                state["http"] = HttpPolicy.from_settings(settings.exchange).requests_session()
            except ConfigError as exc:
                raise SecretError(
                    translate("secrets", "cannot fetch sandbox credentials: {message}").format(
                        message=exc.message), field=exc.field, remedy=exc.remedy
                ) from None
        return state["http"]

    def fetch_env(name: str) -> str:
        value = os.environ.get(name)
        if value is None:
            raise SecretError(
                translate("secrets", "environment variable {name} is not set").format(name=name),
                remedy=translate("secrets", "Set {name} to the secret before running calwizard, or keep "
                                            "the secret in the secret store (the wizard, or 'calwizard "
                                            "import').").format(name=name),
            )
        if not value:
            raise SecretError(
                translate("secrets", "environment variable {name} is empty").format(
                    name=name), remedy=translate("secrets", "Set {name} to the secret's value.").format(name=name)
            )
        return value

    def fetch_store(key: str) -> str:
        store = get_store()
        value = store.get(key)
        if not value:
            profile, _, field = key.partition("/")
            raise SecretError(
                translate("secrets", "the secret store ({backend_name}) has no entry {key}").format(
                    backend_name=store.backend_name, key=repr(key)),
                remedy=translate("secrets", "Store it with 'calwizard secrets set {profile} {field}', "
                                            "import the bundle again, or enter it in the wizard.").format(
                                                profile=profile, field=field),
            )
        return value

    def fetch_sandbox(name: str) -> str:
        import requests

        url = sandbox_credentials_url(settings, name)
        remedy = translate("secrets", "Start the sandbox tenant ('calwizard sandbox') and check the "
                                      "credential name.")
        try:
            resp = get_http().get(url, timeout=settings.exchange.timeout_seconds)
        except requests.exceptions.SSLError:
            raise SecretError(
                translate("secrets", "TLS verification failed fetching sandbox credential {name}").format(
                    name=repr(name)),
                url=url,
                remedy=translate("secrets", "Set exchange.ca_file to the sandbox's CA certificate."),
            ) from None
        except requests.RequestException as exc:
            raise SecretError(
                translate("secrets", "cannot fetch sandbox credential {name} ({name1})").format(
                    name=repr(name), name1=type(exc).__name__), url=url, remedy=remedy
            ) from None
        if resp.status_code != 200:
            raise SecretError(
                translate("secrets", "the sandbox answered HTTP {status_code} for credential {name}").format(
                    status_code=resp.status_code, name=repr(name)), url=url, remedy=remedy
            )
        try:
            value = resp.json().get("value")
        except (ValueError, AttributeError):
            value = None
        if not isinstance(value, str) or not value:
            raise SecretError(
                translate("secrets", "the sandbox's answer for credential {name} holds no value").format(
                    name=repr(name)), url=url, remedy=remedy
            )
        return value

    def fetch(ref: SecretRef) -> str:
        if ref.env:
            return fetch_env(ref.env)
        if ref.store:
            return fetch_store(ref.store)
        if ref.sandbox:
            return fetch_sandbox(ref.sandbox)
        raise SecretError(translate("secrets",
                                    "the secret reference names none of store, env, sandbox"))  # pragma: no cover

    return fetch
