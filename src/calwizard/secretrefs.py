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

Store and sandbox references obey the binding rule of :mod:`calwizard.secretbinding`: a stored secret is
handed out only for the destinations it was saved for (:class:`~calwizard.errors.SecretBindingError`
otherwise, naming both), a sandbox credential only for sandbox hosts.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from calwizard.errors import ConfigError, SecretBindingError, SecretError
from calwizard.i18n import QT_TRANSLATE_NOOP, translate
from calwizard.secretbinding import (
    check_binding,
    describe,
    field_path,
    ref_destinations,
    ref_of,
    sandbox_only,
    secret_fields,
    secret_refs_by_path,
)
from calwizard.settings.model import CloudName, SecretRef, Settings

__all__ = ["SANDBOX_AUTHORITY_HOST", "BindingConflict", "SecretFetcher", "binding_conflicts", "field_path",
           "make_fetcher", "ref_of", "sandbox_credentials_url", "secret_fields", "secret_refs", "store_key",
           "with_refs"]

log = logging.getLogger(__name__)

SecretFetcher = Callable[[SecretRef], str]

SANDBOX_AUTHORITY_HOST = "login.sandbox.test"
"""Authority host of the sandbox tenant when the configuration names no custom cloud."""

SANDBOX_CREDENTIALS_PATH = "/_sandbox/credentials/"


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


REBIND_REMEDY = QT_TRANSLATE_NOOP(
    "secrets", "If this configuration is the right one for the secret, re-bind it: save the configuration in the "
               "wizard (it asks), or run the command again with --rebind-secrets. If you did not expect this "
               "destination, do not use this configuration: it may come from someone who wants the secret.")
"""Marked for translation (context ``secrets``)."""


def binding_error(key: str, bound_to: frozenset[str] | None, wanted: frozenset[str]) -> SecretBindingError:
    """The :class:`SecretBindingError` for ``key`` (naming where it is bound and where it would go)."""
    if bound_to is None:
        message = translate("secrets", "the secret store entry {key} was saved before calwizard recorded where "
                                       "secrets may go, and this configuration is not the profile's own file; it "
                                       "would send it to {wanted}").format(key=repr(key), wanted=describe(wanted))
    else:
        message = translate("secrets", "the secret store entry {key} was saved for {bound}; this configuration "
                                       "would send it to {wanted}").format(
            key=repr(key), bound=describe(bound_to), wanted=describe(check_binding(bound_to, wanted)))
    return SecretBindingError(message, key=key, bound_to=bound_to, wanted=wanted,
                              remedy=translate("secrets", REBIND_REMEDY))


@dataclass(frozen=True)
class BindingConflict:
    """A stored secret the configuration references whose binding does not cover where it would go.

    Attributes:
        key: the secret store entry.
        bound_to: its destinations (None: written before bindings existed).
        wanted: where this configuration would send it.
    """

    key: str
    bound_to: frozenset[str] | None
    wanted: frozenset[str]

    def describe(self) -> str:
        """One line for a dialog: ``'p/exchange.client_secret': saved for …; this configuration: …``."""
        was = translate("secrets", "no destination recorded (saved by an older calwizard)") if self.bound_to is None \
            else translate("secrets", "saved for {where}").format(where=describe(self.bound_to))
        return translate("secrets", "{key}: {was}; this configuration sends it to {wanted}").format(
            key=self.key, was=was, wanted=describe(self.wanted))


def binding_conflicts(settings: Settings, store: Any, *, skip: Iterable[str] = ()) -> list[BindingConflict]:
    """The store references of ``settings`` whose entries are not bound to where ``settings`` would send them
    (entries that do not exist, and the keys in ``skip``, are left out).

    Raises:
        SecretError: the store cannot be read.
    """
    out: list[BindingConflict] = []
    skipped = {k.lower() for k in skip}
    seen: set[str] = set()
    for ref in secret_refs_by_path(settings).values():
        if not ref.store or ref.store.lower() in skipped or ref.store in seen:
            continue
        seen.add(ref.store)
        entry = store.get_entry(ref.store)
        wanted = ref_destinations(settings, ref)
        if entry is None or not wanted:
            continue
        if entry.bound_to is None or check_binding(entry.bound_to, wanted):
            out.append(BindingConflict(ref.store, entry.bound_to, wanted))
    return out


def is_own_configuration(profile: str, config_path: str | os.PathLike[str] | None) -> bool:
    """Whether ``config_path`` is one of the files calwizard writes for ``profile`` (:mod:`calwizard.paths`)."""
    if config_path is None:
        return False
    from calwizard.paths import own_configuration_files

    return Path(config_path).expanduser().absolute() in own_configuration_files(profile)


def make_fetcher(
    settings: Settings,
    *,
    store_opener: Callable[[], Any] | None = None,
    http: Any | None = None,
    config_path: str | os.PathLike[str] | None = None,
    rebind: bool = False,
    notice: Callable[[str], None] | None = None,
) -> SecretFetcher:
    """Build ``fetch(ref) -> str`` for the references of ``settings``.

    Args:
        settings: the configuration (its HTTP policy and custom cloud are used for sandbox references; its
            destinations decide which stored secrets it may use).
        store_opener: returns the :class:`~calwizard.secrets.SecretStore`; called at most once, on the first
            ``store`` reference (default :func:`calwizard.secrets.open_store`, non-interactive).
        http: a ``requests.Session``-like object (``.get(url, timeout=...)``) for sandbox references; default:
            ``HttpPolicy.from_settings(settings.exchange).requests_session()``, built on first use.
        config_path: the plain configuration file ``settings`` were read from (None: a bundle, the wizard's
            memory, or unknown). An entry written before bindings existed is bound on first use only when this
            is the profile's own file (see :mod:`calwizard.secretbinding`).
        rebind: re-bind a stored secret to this configuration's destinations instead of refusing it (the
            command line's ``--rebind-secrets``; the wizard asks first).
        notice: called with a one-line message whenever an entry is bound or re-bound (default: logged).
    Returns:
        ``fetch``: returns the value (a non-empty string).
    Raises (from ``fetch``):
        SecretBindingError: a stored secret would go to a destination it was not saved for, or a sandbox
            credential to a host that is not the sandbox.
        SecretError: the variable is unset or empty, the store has no such entry or cannot be opened, or the
            sandbox cannot be reached or has no such credential. The message names the reference and the fix,
            never the value.
    """
    state: dict[str, Any] = {}
    tell = notice or (lambda text: log.warning("%s", text))

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

    def fetch_store(ref: SecretRef) -> str:
        key = str(ref.store)
        store = get_store()
        entry = store.get_entry(key)
        profile, _, field = key.partition("/")
        if entry is None or not entry.value:
            raise SecretError(
                translate("secrets", "the secret store ({backend_name}) has no entry {key}").format(
                    backend_name=store.backend_name, key=repr(key)),
                remedy=translate("secrets", "Store it with 'calwizard secrets set {profile} {field}', "
                                            "import the bundle again, or enter it in the wizard.").format(
                                                profile=profile, field=field),
            )
        wanted = ref_destinations(settings, ref)
        if not wanted:  # no field of this configuration sends it anywhere (e.g. sync type disabled)
            return entry.value
        if entry.bound_to is None:
            if not (rebind or is_own_configuration(profile.lower(), config_path)):
                raise binding_error(key, None, wanted)
            store.bind(key, wanted)
            tell(translate("secrets", "secret store entry {key} is now bound to {wanted} (it was saved before "
                                      "calwizard recorded where secrets may go)").format(
                key=repr(key), wanted=describe(wanted)))
        elif check_binding(entry.bound_to, wanted):
            if not rebind:
                raise binding_error(key, entry.bound_to, wanted)
            store.bind(key, wanted)
            tell(translate("secrets", "secret store entry {key} re-bound from {bound} to {wanted} "
                                      "(--rebind-secrets)").format(
                key=repr(key), bound=describe(entry.bound_to), wanted=describe(wanted)))
        return entry.value

    def fetch_sandbox(ref: SecretRef) -> str:
        import requests

        name = str(ref.sandbox)
        url = sandbox_credentials_url(settings, name)
        host = (urlsplit(url).hostname or "").lower()
        where = set(ref_destinations(settings, ref)) | {_credentials_destination(settings, host)}
        outside = sandbox_only(where)
        if outside:
            raise SecretBindingError(
                translate("secrets", "sandbox credential {name} goes only to the sandbox tenant; this configuration "
                                     "would send it to {where}").format(name=repr(name), where=describe(outside)),
                key=f"sandbox:{name}", bound_to=frozenset({"the sandbox"}), wanted=frozenset(where),
                remedy=translate("secrets", "Use sandbox credentials only with the sandbox's configurations (its "
                                            "*.test hosts, routed to 127.0.0.1); for a real server, store the real "
                                            "secret ('calwizard secrets set' or the wizard)."),
            )
        remedy = translate("secrets", "Start the sandbox tenant ('calwizard sandbox') and check the credential name.")
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
            return fetch_store(ref)
        if ref.sandbox:
            return fetch_sandbox(ref)
        raise SecretError("the secret reference names none of store, env, sandbox")  # pragma: no cover

    return fetch


def _credentials_destination(settings: Settings, host: str) -> str:
    """Where the sandbox credential request goes: its host and, if overridden, the address it is routed to."""
    overrides = {k.lower(): v for k, v in settings.exchange.host_overrides.items()}
    target = overrides.get(f"{host}:443") or overrides.get(host)
    return f"sandbox {host}" + (f" via {target.rpartition(':')[0] or target}" if target else "")
