"""Where a secret may go: the destinations of a configuration's secret fields, and the binding rule.

A secret in the secret store is **bound** to the destinations it was saved for. Resolving a
``{ store = "..." }`` reference for a configuration whose destinations for that secret are not among the ones
the entry is bound to is refused (:class:`~calwizard.errors.SecretBindingError`, naming both), so a
configuration file or an unsealed bundle from someone else cannot make calwizard send this machine's client
secret, service account password, token cache or PBX password to a host the file chose.

**Destinations** are short strings ``"<role> <value>"``, computed from the settings by
:func:`field_destinations` for each secret field (a dotted path such as ``exchange.client_secret``):

===========================  ======================================================================
``entra <host>/<tenant>``    the Entra ID authority that receives the client secret, certificate or
                             refresh token (cloud sync types)
``ews <host[:port]>``        the EWS host that receives the password (NTLM) or the access token
``autodiscover <host>``      an explicit Autodiscover URL's host (it receives the same credentials)
``domain <domain>``          on-premises without an explicit URL: Autodiscover of the user's domain
                             (``autodiscover.<domain>``, ``<domain>``) and the EWS URL it reports
``graph <host[:port]>``      Microsoft Graph (``cloud_graph``; receives the access token)
``pbx <host[:port]>``        the PBX's AppWebsocket (``pbx.address``): the App object password
``<section> <host>``         another section's secret: the hosts that section's settings name (fields
                             whose name contains ``host``, ``url`` or ``address``), unless the section
                             registers its own function (:func:`register_destinations`)
===========================  ======================================================================

A destination whose host has a host override (curl's ``--connect-to``) gets `` via <address>`` appended (the
override's address without its port: routing a bound host elsewhere is a different destination; the sandbox's
changing port is not). The extra CA file is not part of a destination: TLS still checks the host name.

**The rule** (:func:`check_binding`): every destination the configuration would send the secret to must be one
the entry is bound to (a subset; a configuration that uses fewer destinations is fine, and one that sends the
secret nowhere — sync type disabled — reads it without binding it). Entries are written
bound (the wizard binds what it saves to the configuration being saved; ``calwizard import`` binds a sealed
bundle's secrets to the bundle's settings; ``calwizard secrets set --for CONFIG`` to that configuration).
Re-binding an entry to a new destination is explicit: the wizard asks, the command line needs
``--rebind-secrets``.

**Entries written before bindings existed** (no destination recorded) are bound on first use, but only for
the profile's own configuration file — the file ``calwizard import`` (``<user config dir>/<profile>.toml``)
or the wizard (``<wizard profiles dir>/<profile>.toml``) wrote for that profile, loaded as a plain file. Any
other configuration gets the binding error and must re-bind explicitly. Nothing is bound silently to a file
someone else chose.

**Sandbox references** (``{ sandbox = "name" }``, the sandbox's public demo credentials) resolve only for a
configuration whose every destination is a sandbox host: a reserved name (``*.test``, ``localhost``) or a
loopback address, routed (if overridden) to a loopback address (:func:`sandbox_only`).

**Environment references** (``{ env = "NAME" }``) are not bound: whoever sets the environment of a process
chooses the configuration it runs with.
"""

from __future__ import annotations

import ipaddress
import typing
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from calwizard.settings.model import SecretRef, Settings, SyncType

Destinations = frozenset[str]
DestinationFunc = Callable[[Settings, str], Iterable[str]]
"""``fn(settings, field_path) -> destinations`` for one section's secret fields."""

_REGISTRY: dict[str, DestinationFunc] = {}

SANDBOX_SUFFIXES = (".test", ".localhost")
"""Reserved names (RFC 6761) the sandbox serves under; they never belong to a real server."""


def register_destinations(section: str, fn: DestinationFunc) -> None:
    """Compute the destinations of ``section``'s secret fields with ``fn`` instead of the generic rule.

    Args:
        section: the top-level settings section, e.g. ``"pbx"``.
        fn: ``fn(settings, field_path) -> iterable of "<role> <value>" strings``.
    """
    _REGISTRY[section] = fn


# --------------------------------------------------------------------------- secret fields


def _is_secret_annotation(annotation: Any) -> bool:
    return annotation is SecretRef or SecretRef in typing.get_args(annotation)


def _ref_fields(model: Any) -> list[str]:
    return [name for name, info in getattr(model, "model_fields", {}).items() if _is_secret_annotation(info.annotation)]


def secret_fields() -> tuple[str, ...]:
    """Names of the settings fields that hold a :class:`SecretRef`, in declaration order.

    Fields of :class:`~calwizard.settings.ExchangeSettings` are named bare (``password``, ``client_secret``,
    ``client_certificate_password``, ``token_cache``: the names bundles and store keys have always used); fields of
    other sections carry their section (``pbx.app_password``). Derived from the model, so a new secret field is
    picked up everywhere (store keys, bundles, checks, bindings) without another list to update. :func:`field_path`
    gives the dotted settings path of a name.
    """
    out = list(_ref_fields(Settings.model_fields["exchange"].annotation))
    for section, info in Settings.model_fields.items():
        if section != "exchange":
            out += [f"{section}.{n}" for n in _ref_fields(info.annotation)]
    return tuple(out)


def field_path(name: str) -> str:
    """The dotted settings path of a secret field name: ``password`` -> ``exchange.password``, ``pbx.app_password``
    unchanged."""
    return name if "." in name else f"exchange.{name}"


def ref_of(settings: Settings, name: str) -> SecretRef | None:
    """The reference held by secret field ``name`` (see :func:`secret_fields`), or None."""
    section, _, attr = field_path(name).partition(".")
    return getattr(getattr(settings, section), attr)  # type: ignore[no-any-return]


def secret_field_paths() -> tuple[str, ...]:
    """Dotted paths of every :class:`SecretRef` field of :class:`Settings`, in every section (e.g.
    ``exchange.client_secret``, ``pbx.app_password``)."""
    return tuple(field_path(n) for n in secret_fields())


def secret_refs_by_path(settings: Settings) -> dict[str, SecretRef]:
    """``{dotted field path: reference}`` for every secret field of ``settings`` that is set (all sections)."""
    out: dict[str, SecretRef] = {}
    for path in secret_field_paths():
        section, _, name = path.partition(".")
        ref = getattr(getattr(settings, section), name, None)
        if isinstance(ref, SecretRef):
            out[path] = ref
    return out


# --------------------------------------------------------------------------- destinations


def _host_of(value: str) -> tuple[str, int | None]:
    """(host, port) of a URL or ``host[:port]`` (host in lower case; ``("", None)`` if none)."""
    value = value.strip()
    if not value:
        return "", None
    if "://" in value:
        parts = urlsplit(value)
        try:
            port = parts.port
        except ValueError:
            port = None
        return (parts.hostname or "").lower(), port
    host, sep, port_text = value.rpartition(":")
    if sep and port_text.isdigit():
        return host.lower(), int(port_text)
    return value.lower(), None


def _with_route(role: str, host: str, port: int | None, overrides: dict[str, str], default_port: int = 443,
                suffix: str = "") -> str:
    """``"<role> <host[:port]><suffix>[ via <override address>]"``."""
    shown = host if port in (None, default_port) else f"{host}:{port}"
    target = overrides.get(f"{host}:{port or default_port}") or overrides.get(host)
    via = f" via {_host_of(target)[0]}" if target else ""
    return f"{role} {shown}{suffix}{via}"


def _exchange_destinations(settings: Settings) -> set[str]:
    ex = settings.exchange
    overrides = {k.lower(): v for k, v in ex.host_overrides.items()}
    out: set[str] = set()
    st = ex.sync_type
    if st == SyncType.DISABLED:
        return out

    def url(role: str, value: str) -> None:
        host, port = _host_of(value)
        if host:
            default = 80 if value.lower().startswith("http://") else 443
            out.add(_with_route(role, host, port, overrides, default))

    if st.is_cloud:
        from calwizard.exchange.clouds import endpoints_for

        try:
            endpoints = endpoints_for(ex)
        except ValueError:  # custom cloud without hosts: nothing can be sent anywhere yet
            return {"entra (no custom cloud hosts)"}
        tenant = ex.tenant_id or ("organizations" if st == SyncType.CLOUD_DELEGATED else "")
        host, port = _host_of(endpoints.authority_host)
        out.add(_with_route("entra", host, port, overrides, suffix=f"/{tenant}"))
        if st.uses_graph:
            url("graph", f"https://{endpoints.graph_host}")
            return out
        if ex.ews_url:
            url("ews", ex.ews_url)
        else:
            url("ews", f"https://{endpoints.ews_host}")
            if ex.autodiscover_url:
                url("autodiscover", ex.autodiscover_url)
        return out
    # on-premises: NTLM to Autodiscover and EWS
    if ex.ews_url:
        url("ews", ex.ews_url)
    elif ex.autodiscover_url:
        url("autodiscover", ex.autodiscover_url)
    elif ex.domain:
        out.add(f"domain {ex.domain}")
        for candidate in (f"autodiscover.{ex.domain}", ex.domain):
            if candidate in overrides or f"{candidate}:443" in overrides:
                out.add(_with_route("autodiscover", candidate, None, overrides))
    return out


def _pbx_destinations(settings: Settings) -> set[str]:
    """The PBX App object password goes to the PBX's AppWebsocket (``pbx.address``; routed by the exchange
    section's host overrides, like every connection)."""
    from calwizard.settings.model import pbx_websocket_url

    address = getattr(settings.pbx, "address", "")
    if not address:
        return set()
    try:
        url = pbx_websocket_url(address)
    except ValueError:
        return {f"pbx {address}"}
    host, port = _host_of(url.replace("wss://", "https://", 1))
    overrides = {k.lower(): v for k, v in settings.exchange.host_overrides.items()}
    return {_with_route("pbx", host, port, overrides)}


def _generic_destinations(settings: Settings, section: str) -> set[str]:
    model = getattr(settings, section, None)
    out: set[str] = set()
    if model is None:
        return out
    for name in type(model).model_fields:
        lowered = name.lower()
        if not any(word in lowered for word in ("host", "url", "address")) or lowered.endswith("addresses"):
            continue
        value = getattr(model, name)
        values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, str):
                host, port = _host_of(v)
                if host:
                    out.add(f"{section} {host}" if port in (None, 443) else f"{section} {host}:{port}")
    return out


def field_destinations(settings: Settings, path: str) -> Destinations:
    """Where the secret of field ``path`` (e.g. ``exchange.client_secret``) goes under ``settings``."""
    section = path.partition(".")[0]
    if section in _REGISTRY:
        return frozenset(_REGISTRY[section](settings, path))
    if section == "exchange":
        return frozenset(_exchange_destinations(settings))
    if section == "pbx":
        return frozenset(_pbx_destinations(settings))
    return frozenset(_generic_destinations(settings, section))


def ref_destinations(settings: Settings, ref: SecretRef) -> Destinations:
    """The union of the destinations of every secret field of ``settings`` that holds ``ref`` (a reference may
    be used by several fields)."""
    out: set[str] = set()
    for path, r in secret_refs_by_path(settings).items():
        if r == ref:
            out |= field_destinations(settings, path)
    return frozenset(out)


def describe(destinations: Iterable[str]) -> str:
    """A sentence fragment naming destinations: ``EWS mail.contoso.com and Entra ID login…/contoso.com``."""
    from calwizard.i18n import translate

    names = {"entra": "Entra ID", "ews": "EWS", "graph": "Microsoft Graph", "autodiscover": "Autodiscover",
             "domain": translate("secrets", "Exchange of the domain"), "pbx": translate("secrets", "the PBX")}
    parts = []
    for d in sorted(destinations):
        role, _, rest = d.partition(" ")
        if d == "the sandbox":
            parts.append(translate("secrets", "the sandbox"))
            continue
        parts.append(f"{names.get(role, role)} {rest}".strip())
    if not parts:
        return translate("secrets", "nowhere")
    if len(parts) == 1:
        return parts[0]
    return translate("secrets", "{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])


def check_binding(bound: Iterable[str], wanted: Iterable[str]) -> Destinations:
    """The destinations of ``wanted`` that ``bound`` does not cover (empty: the secret may go there)."""
    return frozenset(wanted) - frozenset(bound)


# --------------------------------------------------------------------------- sandbox


def _is_sandbox_host(host: str) -> bool:
    host = host.lower().strip("[]")
    if host == "localhost" or host.endswith(SANDBOX_SUFFIXES):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sandbox_only(destinations: Iterable[str]) -> list[str]:
    """The destinations that are *not* the sandbox (empty: a sandbox credential may go to all of them).

    A sandbox destination names a reserved test host (``*.test``, ``localhost``) or a loopback address, and is
    routed (``via``) to a loopback address if at all.
    """
    bad = []
    for d in destinations:
        _role, _, rest = d.partition(" ")
        name, sep, via = rest.partition(" via ")
        host = name.split("/")[0]
        host = _host_of(host)[0] if ":" in host and not host.startswith("[") else host
        if not _is_sandbox_host(host) or (sep and not _is_loopback(via)):
            bad.append(d)
    return bad


def _is_loopback(addr: str) -> bool:
    addr = addr.strip().strip("[]").lower()
    if addr == "localhost":
        return True
    try:
        return ipaddress.ip_address(addr).is_loopback
    except ValueError:
        return False
