"""The configuration model: what a technician configures, mirroring the innovaphone
PBX Manager "Calendar" plugin (seed ``002_…calendar-pages.txt``, "PBX & Presence",
"Exchange Sync", "Presence mapping").

Every field has a type, a default, a description (the wizard's tooltips and field
help are drawn from it: one source of truth) and a validator whose error names
the field and the fix. Secrets never live in this model: a secret field holds a
:class:`SecretRef` that says where the value is kept (the secret store or an
environment variable); the values themselves are resolved at run time by
:mod:`calwizard.settings.secretrefs`.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zoneinfo
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Self
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from calwizard.i18n import translate

SCHEMA_VERSION = 2
"""Version of the TOML file layout written by :func:`calwizard.settings.io.save_settings`.

2: the PBX connection (``[pbx]`` address, App object, user source), access model, secret expiry, the app
registration record and the setup client ID; a version-1 file reads unchanged (every new field has a default),
and a calwizard that reads only version 1 says that the file is from a newer calwizard instead of naming the new
fields as unknown settings."""

DEFAULT_MAX_SUBSCRIPTIONS = 200
"""EWS allows at most 200 subscriptions per GetStreamingEvents connection (Microsoft:
"Throttling policies and EWS streaming notifications"); the PBX Manager default."""

_EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
_HOST_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
_ENV_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


_BIDI_AND_SEPARATORS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                                 "\u2028\u2029\ufeff")


def forbidden_character(text: str) -> str | None:
    """The first character no setting may contain, spelled ``U+XXXX``, or None.

    Forbidden: control characters (Unicode category Cc: NUL, tab, line breaks, escape …), the bidirectional
    marks and overrides (they make ``evil.com`` look like something else) and the line/paragraph separators.
    """
    for ch in text:
        if ch in _BIDI_AND_SEPARATORS or unicodedata.category(ch) == "Cc":
            return f"U+{ord(ch):04X}"
    return None


def show(value: str, limit: int = 80) -> str:
    """``repr`` of a value for an error message, cut to ``limit`` characters (an oversized value is never
    echoed whole)."""
    return repr(value) if len(value) <= limit else repr(value[:limit]) + f"… ({len(value)} characters)"


MAX_SETTING_LENGTH = 4096
"""Longest string any setting holds (the configuration file reader has tighter limits, see
:mod:`calwizard.settings.io`)."""


def _check_strings(value: Any) -> None:
    if isinstance(value, str):
        if len(value) > MAX_SETTING_LENGTH:
            raise ValueError(translate("settings", "the value is {length} characters long; at most {limit} are "
                                                   "accepted").format(length=len(value), limit=MAX_SETTING_LENGTH))
        bad = forbidden_character(value)
        if bad is not None:
            raise ValueError(translate("settings", "contains the control character {char}: remove it (line "
                                                   "breaks, tabs, escape or direction-override characters are not "
                                                   "allowed)").format(char=bad))
    elif isinstance(value, list | tuple):
        for v in value:
            _check_strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_strings(k)
            _check_strings(v)


def valid_port(port: str | int | None, what: str) -> None:
    """Raise ValueError unless ``port`` (None/empty: none given) is a TCP port 1-65535."""
    if port in (None, ""):
        return
    text = str(port)
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise ValueError(translate("settings", "{what}: the port {port} is not a TCP port (1-65535)").format(
            what=what, port=show(text, 12)))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False, use_enum_values=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, v: Any) -> Any:
        _check_strings(v)
        return v


# --------------------------------------------------------------------------- enums


class SyncType(StrEnum):
    """How the connector talks to Exchange (PBX Manager "Sync-Type")."""

    DISABLED = "disabled"
    ON_PREMISES = "on_premises"
    """Exchange Server on-premises: EWS with NTLM and a service account with impersonation rights."""
    CLOUD_DELEGATED = "cloud_delegated"
    """Exchange Online, EWS, delegated OAuth2 (authorization code) for a user with impersonation rights."""
    CLOUD_APP_ONLY = "cloud_app_only"
    """Exchange Online, EWS, app-only (client credentials, application permission ``full_access_as_app``)."""
    CLOUD_GRAPH = "cloud_graph"
    """Exchange Online through Microsoft Graph, app-only (client credentials, application permission
    ``Calendars.Read`` or ``Calendars.ReadBasic``, scoped with Exchange RBAC for Applications). The cloud type
    that outlives EWS (Exchange Online turns EWS off on 1 April 2027)."""

    @property
    def is_cloud(self) -> bool:
        return self in (SyncType.CLOUD_DELEGATED, SyncType.CLOUD_APP_ONLY, SyncType.CLOUD_GRAPH)

    @property
    def uses_ews(self) -> bool:
        return self in (SyncType.ON_PREMISES, SyncType.CLOUD_DELEGATED, SyncType.CLOUD_APP_ONLY)

    @property
    def uses_graph(self) -> bool:
        return self == SyncType.CLOUD_GRAPH

    @property
    def is_app_only(self) -> bool:
        """Client credentials (no signed-in user): tenant ID and a secret or certificate are mandatory."""
        return self in (SyncType.CLOUD_APP_ONLY, SyncType.CLOUD_GRAPH)


class GraphPermission(StrEnum):
    """The Microsoft Graph application permission the ``cloud_graph`` sync type relies on."""

    CALENDARS_READ = "Calendars.Read"
    """Events with subject, body, location and attendees."""
    CALENDARS_READ_BASIC = "Calendars.ReadBasic"
    """Events without body, attachments and extensions (Microsoft Graph permissions reference); subject, times,
    showAs, sensitivity and organizer are returned. Can only be granted tenant-wide (no RBAC for Applications
    role)."""


class CloudName(StrEnum):
    """The Microsoft cloud instance (national clouds have their own hosts)."""

    GLOBAL = "global"
    USGOV_GCC_HIGH = "usgov_gcc_high"
    CHINA = "china"
    CUSTOM = "custom"
    """Hosts given explicitly (used by the sandbox tenant)."""


class ExchangeServerChoice(StrEnum):
    """Which of the two EWS URLs Autodiscover reports is used (PBX Manager "Exchange-Server to use")."""

    EXTERNAL = "external"
    INTERNAL = "internal"


class AccountTypes(StrEnum):
    """Supported account types of the Entra app registration."""

    SINGLE_TENANT = "single_tenant"
    """"My organization only" (recommended)."""
    MULTI_TENANT = "multi_tenant"
    """"Multiple organizations"."""


class AccessModel(StrEnum):
    """How the service account reaches the users' calendars on-premises (seed 001: impersonation, or delegate
    access through folder permissions). The cloud sync types have one access model each."""

    IMPERSONATION = "impersonation"
    """ApplicationImpersonation (limited by a management scope): the account acts as each mailbox."""
    DELEGATE = "delegate"
    """A folder permission on each calendar (at least FreeBusyTimeAndSubjectAndLocation); the account opens the
    calendars with explicit access, without the ExchangeImpersonation header. For customers who refuse
    impersonation; every request then counts against the service account's own throttling budget."""


class NameResolvingUser(StrEnum):
    """Who resolves users' primary SMTP addresses (PBX Manager "User for name resolving"); the rule, shared by
    validation, the preview and the engine, is :mod:`calwizard.exchange.names`."""

    SERVICE_ACCOUNT = "service_account"
    """The service account (the "impersonation user") resolves the user's e-mail addresses."""
    PER_USER = "per_user"
    """Names built from the PBX's data — the e-mail addresses, then username@pbx-domain — each resolved as that
    user (compatibility mode of PBX firmware 13r1 SR8)."""


class FreeBusySource(StrEnum):
    """An appointment's free/busy status as Exchange reports it, plus the tentative exception
    (seed "Presence mapping")."""

    BUSY = "busy"
    TENTATIVE = "tentative"
    TENTATIVE_EXCEPTION = "tentative_exception"
    OUT_OF_OFFICE = "out_of_office"
    WORKING_ELSEWHERE = "working_elsewhere"
    NO_DATA = "no_data"


class UserSource(StrEnum):
    """Where the users to sync come from when a PBX connection is configured."""

    PBX = "pbx"
    """The PBX's users (replicated, optionally filtered); an entry of the mailbox list with the same PBX name
    overrides that user's addresses."""
    LIST = "list"
    """Only the mailbox list (manual or CSV); the PBX still receives the presence."""


class PresenceTarget(StrEnum):
    """What a free/busy source maps to on the PBX (seed "Presence mapping")."""

    AVAILABLE = "available"
    BUSY = "busy"
    AWAY = "away"
    DO_NOT_DISTURB = "do_not_disturb"
    IGNORE = "ignore"


# --------------------------------------------------------------------------- secrets


class SecretRef(_Model):
    """Where a secret value is kept; exactly one of the fields is set.

    * ``store``: an entry name in calwizard's secret store (OS keychain or encrypted file).
    * ``env``: the name of an environment variable (headless servers and scripts).
    * ``sandbox``: a demo credential handed out by the sandbox tenant named in the
      configuration's custom cloud (the sandbox's credentials are public demo values).
    """

    store: str | None = Field(default=None, description="Entry name in the secret store.")
    env: str | None = Field(default=None, description="Environment variable holding the value.")
    sandbox: str | None = Field(default=None, description="Name of a sandbox demo credential.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [k for k in ("store", "env", "sandbox") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(translate("settings", "a secret reference names exactly one of: store, env, sandbox"))
        if self.env and not _ENV_RE.match(self.env):
            raise ValueError(translate("settings", "{name} is not a valid environment variable name").format(
                name=repr(self.env)))
        return self

    def describe(self) -> str:
        """A safe, human description such as ``environment variable CW_SECRET``."""
        if self.store:
            return translate("SecretRef", "secret store entry {name}").format(name=repr(self.store))
        if self.env:
            return translate("SecretRef", "environment variable {name}").format(name=self.env)
        return translate("SecretRef", "sandbox credential {name}").format(name=repr(self.sandbox))


# --------------------------------------------------------------------------- sections


def _split_words(value: object) -> object:
    if isinstance(value, str):
        return [w.strip() for w in value.split(",") if w.strip()]
    return value


Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


PBX_WEBSOCKET_PATH = "/PBX0/APPS/websocket"
"""Where an innovaphone PBX accepts AppWebsocket connections of App objects (innovaphone SDK, "AppWebsocket")."""


def pbx_websocket_url(address: str) -> str:
    """The AppWebsocket URL for a PBX ``address``: a host (``pbx.example.com``, ``pbx.example.com:8443``), an
    ``https://`` URL of the PBX, or a full ``wss://…`` URL (its path kept).

    Raises:
        ValueError: an ``http://``/``ws://`` address (TLS is mandatory) or something that is no host; the message
            says what to enter.
    """
    from urllib.parse import urlsplit

    a = address.strip()
    low = a.lower()
    if low.startswith(("http://", "ws://")):
        raise ValueError(translate("settings", "{address} is not encrypted: enter the PBX's host name or an "
                                               "https:// address (TLS is required)").format(address=repr(a)))
    if "://" in a and not low.startswith(("https://", "wss://")):
        raise ValueError(_not_a_pbx_address(a))
    parts = urlsplit(a if "://" in a else "wss://" + a)
    try:
        port = parts.port
    except ValueError:
        port = -1
    host = parts.hostname or ""
    if not host or not _HOST_RE.match(host) or (port is not None and not 0 < port < 65536) or " " in a:
        raise ValueError(_not_a_pbx_address(address))
    if low.startswith("wss://") and parts.path.strip("/"):
        return f"wss://{parts.netloc}{parts.path}"
    return f"wss://{parts.netloc}{PBX_WEBSOCKET_PATH}"


def _not_a_pbx_address(address: str) -> str:
    return translate("settings", "{address} is not a PBX address: enter a host name such as pbx.example.com").format(
        address=repr(address))


USER_FILTER_KINDS = ("group", "config", "node")


def parse_user_filter(text: str) -> tuple[tuple[str, str], ...]:
    """``"group:sales, config:Standard"`` -> ``(("group", "sales"), ("config", "standard"))`` (names casefolded).

    Raises:
        ValueError: a term is not ``group:NAME``, ``config:NAME`` or ``node:NAME``.
    """
    terms: list[tuple[str, str]] = []
    for raw in text.split(","):
        part = raw.strip()
        if not part:
            continue
        kind, sep, name = part.partition(":")
        kind, name = kind.strip().lower(), name.strip()
        if not sep or kind not in USER_FILTER_KINDS or not name:
            raise ValueError(translate(
                "settings", "{term} is not a filter term: write group:NAME, config:NAME or node:NAME (several "
                            "separated by ','), e.g. 'group:calendar-sync'").format(term=repr(part)))
        terms.append((kind, name.casefold()))
    return tuple(terms)


class PbxSettings(_Model):
    """PBX & presence (PBX Manager "PBX & Presence"), and calwizard's connection to the PBX.

    The connection fields (``address``, ``app_name``, ``app_password``) are optional: without an address the engine
    sends presence only to its JSON sinks. TLS to the PBX uses ``exchange.ca_file`` and ``exchange.host_overrides``
    like every other connection.
    """

    address: str = Field(
        default="",
        description="The PBX's address: its host name (e.g. pbx.example.com, optionally :port) or https:// URL. "
        "calwizard connects to wss://<address>/PBX0/APPS/websocket. Empty: no PBX connection (presence goes to the "
        "JSON sinks only).",
    )
    app_name: str = Field(
        default="calwizard",
        description="Name of the App object calwizard logs in as (create it on the PBX with the API check boxes "
        "PbxApi and TableUsers).",
    )
    app_password: SecretRef | None = Field(
        default=None, description="Password of the App object (the shared secret set on the App object)."
    )
    domain: str = Field(
        default="",
        description="Mail domain for the username@domain fallback: a PBX user is also tried as <user name>@<domain> "
        "(seed: 'The calendar tries to use username@pbx-domain'). Empty: the PBX's own domain (System Name).",
    )
    user_filter: str = Field(
        default="",
        description="Which PBX users to sync: empty for all, or group:NAME, config:NAME (config template), "
        "node:NAME — several separated by ','; a user matching any of them is synced.",
    )
    user_source: UserSource = Field(
        default=UserSource.PBX,
        description="With a PBX connection: sync the PBX's users (a mailbox list entry with the same name overrides "
        "that user's addresses), or only the mailbox list.",
    )

    master_pbx_name: str = Field(
        default="",
        description="Name of the PBX the calendar accepts a connection from (the PBX name only, "
        "not its DNS name). Required even with a single PBX.",
    )
    presence_language: str = Field(
        default="en",
        description="Language of the presence text the calendar sends (en, de). A language alone writes dates "
        "and times as the innovaphone documentation shows them (22.08.2017 07:00); with a region (en_US, en_GB, "
        "de_CH) in that region's format (08/22/2017 7:00 PM). Clients may re-render it in their own language "
        "from the hash tags.",
    )
    presence_timezone: str = Field(
        default="UTC",
        description="Time zone in which presence times are written (IANA name such as Europe/Berlin; "
        "Windows names such as 'W. Europe Standard Time' are accepted and converted).",
    )
    show_subject: bool = Field(
        default=True,
        description="Show the appointment's subject in the presence; when off, appointments are shown "
        "without their title.",
    )
    prioritized_words: list[Word] = Field(
        default_factory=list,
        description="Appointments whose title contains one of these words (comma-separated) win over "
        "concurrent appointments, e.g. vacation.",
    )
    non_prioritized_words: list[Word] = Field(
        default_factory=list,
        description="Appointments whose title contains one of these words (comma-separated) never win "
        "over concurrent appointments, e.g. home office.",
    )

    @field_validator("address")
    @classmethod
    def _address(cls, v: str) -> str:
        v = v.strip()
        if v:
            pbx_websocket_url(v)
        return v

    @field_validator("app_name")
    @classmethod
    def _app_name(cls, v: str) -> str:
        v = v.strip()
        if any(ord(c) < 32 for c in v) or ":" in v:
            raise ValueError(translate("settings", "{name} is not an App object name: enter the Name of the App "
                                                   "object as shown on the PBX").format(name=repr(v)))
        return v

    @field_validator("domain")
    @classmethod
    def _domain(cls, v: str) -> str:
        v = v.strip().lower().lstrip("@")
        if v and not _DOMAIN_RE.match(v):
            raise ValueError(translate("settings", "{domain} is not a mail domain: enter e.g. contoso.com (the part "
                                                   "after the @)").format(domain=repr(v)))
        return v

    @field_validator("user_filter")
    @classmethod
    def _filter(cls, v: str) -> str:
        parse_user_filter(v)
        return ", ".join(t.strip() for t in v.split(",") if t.strip())

    @property
    def connected(self) -> bool:
        """A PBX connection is configured (presence goes to the PBX, users may come from it)."""
        return bool(self.address)

    @property
    def users_from_pbx(self) -> bool:
        """The users to sync are the PBX's (a connection is configured and ``user_source`` is ``pbx``)."""
        return self.connected and self.user_source == UserSource.PBX

    @field_validator("master_pbx_name")
    @classmethod
    def _pbx_name(cls, v: str) -> str:
        v = v.strip()
        if v and ("." in v or " " in v):
            raise ValueError(translate(
                "settings", "{name} looks like a DNS name or contains spaces: enter only the PBX name (as shown in "
                            "the PBX's configuration), not its full DNS name").format(name=show(v)))
        return v

    @field_validator("presence_language")
    @classmethod
    def _language(cls, v: str) -> str:
        from babel import Locale, UnknownLocaleError

        v = v.strip().replace("-", "_")
        try:
            Locale.parse(v)
        except (ValueError, UnknownLocaleError):
            raise ValueError(translate("settings", "{code} is not a known language code: use e.g. 'en' or "
                                                   "'de'").format(code=show(v))) from None
        return v

    @field_validator("presence_timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        return normalize_timezone(v)

    @field_validator("prioritized_words", "non_prioritized_words", mode="before")
    @classmethod
    def _words(cls, v: object) -> object:
        return _split_words(v)


def normalize_timezone(name: str) -> str:
    """Return the IANA zone for ``name``, which may be an IANA or a Windows zone name.

    Windows names are mapped with the CLDR table shipped by ``tzlocal`` (windowsZones.xml).

    Raises:
        ValueError: the name is neither; the message says what to enter.
    """
    name = name.strip()
    try:
        zoneinfo.ZoneInfo(name)
        return name
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    from tzlocal.windows_tz import win_tz

    if name in win_tz:
        return win_tz[name]
    lowered = {k.lower(): v for k, v in win_tz.items()}
    if name.lower() in lowered:
        return lowered[name.lower()]
    raise ValueError(translate(
        "settings", "{name} is not a known time zone: use an IANA name such as 'Europe/Berlin' or a Windows name "
                    "such as 'W. Europe Standard Time'").format(name=show(name)))


def check_url_authority(url: str) -> None:
    """Raise ValueError unless ``url``'s authority is a valid host name or IP literal with an optional port
    1-65535 and no user name or password."""
    parts = urlsplit(url)
    if "@" in parts.netloc:
        raise ValueError(translate("settings", "{url}: a URL with a user name or password is not allowed "
                                               "here").format(url=show(url)))
    host = parts.hostname or ""
    if not (_HOST_RE.match(host) or re.match(r"^[0-9a-f:.]+$", host)):
        raise ValueError(translate("settings", "{url} is not a URL: the host name is not valid").format(
            url=show(url)))
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise ValueError(_not_a_port(url))


def _not_a_port(url: str) -> str:
    return translate("settings", "{url}: the port is not a TCP port (1-65535)").format(url=show(url))


REDIRECT_URI_MAX_LENGTH = 256
"""Entra accepts redirect URIs of at most 256 characters (Microsoft Learn: "Redirect URI (reply URL)
restrictions and limitations")."""
_REDIRECT_FORBIDDEN = set("!$'(),;*#")
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def check_redirect_uri(uri: str) -> None:
    """Raise ValueError unless Entra would accept ``uri`` as the redirect URI of a public client.

    Microsoft Learn, "Redirect URI (reply URL) restrictions and limitations": at most 256 characters; the scheme
    is ``https``, except ``http`` for ``localhost``/``127.0.0.1`` (loopback, any port and path) and the custom
    schemes of mobile and desktop applications (``msal<client id>://auth``); the characters ``! $ ' ( ) , ;``
    are not supported; no wildcards (``*``) and no fragment (``#``). Unsafe schemes (``javascript``, ``data``,
    ``file``, ``vbscript``) are refused.
    """
    if len(uri) > REDIRECT_URI_MAX_LENGTH:
        raise ValueError(translate("settings", "the redirect URI is {length} characters long; Entra accepts at "
                                               "most {limit}").format(length=len(uri), limit=REDIRECT_URI_MAX_LENGTH))
    if not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", uri, re.IGNORECASE):
        raise ValueError(translate("settings", "{uri} is not a URI: use e.g. http://localhost").format(
            uri=show(uri)))
    bad = sorted(set(uri) & _REDIRECT_FORBIDDEN)
    if bad:
        raise ValueError(translate("settings", "{uri} contains {chars}, which Entra does not accept in a redirect "
                                               "URI (no wildcards or fragments, none of ! $ ' ( ) , ;)").format(
            uri=show(uri), chars=" ".join(bad)))
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if scheme in ("javascript", "data", "file", "vbscript"):
        raise ValueError(translate("settings", "{uri}: the scheme {scheme} is not a redirect URI Entra "
                                               "accepts").format(uri=show(uri), scheme=scheme))
    try:
        port = parts.port
    except ValueError:
        raise ValueError(_not_a_port(uri)) from None
    if port == 0:
        raise ValueError(_not_a_port(uri))
    host = (parts.hostname or "").lower()
    if scheme == "http" and f"[{host}]" not in _LOOPBACK_NAMES and host not in _LOOPBACK_NAMES:
        raise ValueError(translate("settings", "{uri}: Entra accepts http:// only for localhost "
                                               "(http://localhost or http://127.0.0.1); use https:// otherwise")
                         .format(uri=show(uri)))
    if scheme in ("http", "https") and not host:
        raise ValueError(translate("settings", "{uri} has no host name").format(uri=show(uri)))


class CustomCloud(_Model):
    """Hosts of a cloud that is not one of Microsoft's named instances (the sandbox tenant)."""

    authority_host: str = Field(description="Entra ID (login) host, e.g. login.sandbox.test.")
    ews_host: str = Field(description="Exchange Online host serving EWS and Autodiscover v2.")
    graph_host: str = Field(description="Microsoft Graph host.")

    @field_validator("authority_host", "ews_host", "graph_host")
    @classmethod
    def _host(cls, v: str) -> str:
        v = v.strip().lower()
        host, _, port = v.partition(":")
        if not _HOST_RE.match(host) or (port and not port.isdigit()):
            raise ValueError(translate("settings", "{host} is not a host name (optionally with :port); no scheme "
                                                   "or path").format(host=show(v)))
        valid_port(port, show(v))
        return v


DEFAULT_SETUP_CLIENT_ID = "14d82eec-204b-4c2f-b7e8-296a70dab67e"
"""Public client an administrator signs in with when calwizard creates the app registration: Microsoft's
multi-tenant "Microsoft Graph Command Line Tools" (the client of Microsoft Graph PowerShell's Connect-MgGraph)."""


class AppRegistrationRecord(_Model):
    """What calwizard created in Entra ID ("Create it for me"): kept in the configuration and shown in the report.
    Holds IDs and dates only, never a secret."""

    display_name: str = Field(description="Display name of the app registration.")
    application_object_id: str = Field(description="Object ID of the application (App registrations).")
    service_principal_object_id: str = Field(
        description="Object ID of its service principal (Enterprise applications; the ID Exchange Online's "
        "New-ServicePrincipal -ObjectId takes).")
    permission: str = Field(description="The application permission granted or to be scoped (e.g. Calendars.Read).")
    consent: str = Field(
        description="tenant_wide: admin consent as an app role assignment (every mailbox); rbac_scoped: no "
        "tenant-wide consent, the app is authorized in Exchange Online with RBAC for Applications.")
    credential: str = Field(description="secret or certificate.")
    credential_expires: str = Field(default="", description="When the client secret or certificate expires "
                                    "(ISO 8601 date, UTC).")
    certificate_thumbprint: str = Field(default="", description="SHA-1 thumbprint of the generated certificate.")
    created_at: str = Field(default="", description="When it was created (ISO 8601, UTC).")
    created_by: str = Field(default="", description="The administrator who signed in to create it.")
    reused: bool = Field(default=False, description="The app registration existed already (same display name, or "
                         "chosen by app ID): calwizard added a credential and what was missing of the permission, "
                         "service principal and consent; created_at/created_by say when and by whom.")


class ExchangeSettings(_Model):
    """Exchange sync (PBX Manager "Exchange Sync" and "Exchange Sync for Exchange 365")."""

    sync_type: SyncType = Field(
        default=SyncType.DISABLED,
        description="How to reach Exchange: on-premises (EWS + NTLM), Exchange Online delegated "
        "(EWS + OAuth2 sign-in), Exchange Online app-only (EWS + client credentials) or Exchange Online "
        "through Microsoft Graph (app-only, Calendars.Read; recommended: EWS in Exchange Online ends on "
        "1 April 2027).",
    )
    cloud: CloudName = Field(default=CloudName.GLOBAL, description="Microsoft cloud instance of the tenant.")
    custom_cloud: CustomCloud | None = Field(
        default=None, description="Hosts for cloud = custom (the sandbox tenant)."
    )
    user: str = Field(
        default="",
        description="SMTP address of the service account (on-premises: the account with impersonation "
        "rights; app-only: any existing mailbox, used for Autodiscover).",
    )
    password: SecretRef | None = Field(
        default=None, description="Password of the service account (on-premises only)."
    )
    logon_name: str = Field(
        default="",
        description="Logon name for NTLM if it differs from the user's SMTP address: DOMAIN\\user or "
        "user@domain (on-premises only; empty: the SMTP address is used as the logon name).",
    )
    autodiscover_url: str = Field(
        default="",
        description="Autodiscover server URL, optional. Empty: derived from the user's domain "
        "(https://autodiscover.<domain>, https://<domain>, then http redirects).",
    )
    exchange_server: ExchangeServerChoice = Field(
        default=ExchangeServerChoice.EXTERNAL,
        description="Which EWS URL reported by Autodiscover to use: external (usual) or internal.",
    )
    ews_url: str = Field(
        default="",
        description="EWS URL to use instead of the one Autodiscover reports (optional, for servers "
        "with Autodiscover turned off).",
    )
    client_id: str = Field(default="", description="Application (client) ID of the Entra app registration.")
    tenant_id: str = Field(
        default="",
        description="Directory (tenant) ID, or a verified domain of the tenant. Mandatory for app-only.",
    )
    account_types: AccountTypes = Field(
        default=AccountTypes.SINGLE_TENANT,
        description="Supported account types of the app registration: single tenant (\"My organization "
        "only\") or multi-tenant (\"Multiple organizations\").",
    )
    redirect_uri: str = Field(
        default="http://localhost",
        description="Redirect URI registered for the delegated sign-in (platform \"Mobile and desktop "
        "applications\").",
    )
    scopes: list[str] = Field(
        default_factory=list,
        description="Delegated scopes; empty means the EWS default scope of the cloud "
        "(https://outlook.office365.com/.default).",
    )
    client_secret: SecretRef | None = Field(
        default=None, description="Client secret value of the app registration (not its ID)."
    )
    client_secret_expires: date | None = Field(
        default=None,
        description="The day the client secret expires, as the Entra admin center shows it under Certificates & "
        "secrets (YYYY-MM-DD). Validation, the sync engine's log and 'engine status' warn 30, 14 and 7 days "
        "ahead: after it, nothing syncs until a new secret is entered.",
    )
    client_certificate: str = Field(
        default="",
        description="Path of the client certificate (PEM with private key, or PFX) used instead of "
        "a client secret.",
    )
    client_certificate_password: SecretRef | None = Field(
        default=None, description="Password of the client certificate's private key, if any."
    )
    client_certificate_pem: SecretRef | None = Field(
        default=None,
        description="The client certificate with its private key (PEM) kept in the secret store instead of a file: "
        "what 'Create it for me' generates when the certificate credential is chosen.",
    )
    setup_client_id: str = Field(
        default=DEFAULT_SETUP_CLIENT_ID,
        description="Public client (application ID) the administrator signs in with when calwizard creates the app "
        "registration. Default: Microsoft Graph Command Line Tools; a company may use its own multi-tenant public "
        "client with the delegated permissions Application.ReadWrite.All and AppRoleAssignment.ReadWrite.All and "
        "the redirect URI http://localhost.",
    )
    app_registration: AppRegistrationRecord | None = Field(
        default=None, description="The app registration calwizard created (IDs, credential expiry, consent type)."
    )
    token_cache: SecretRef | None = Field(
        default=None,
        description="Where the signed-in user's token cache (refresh token) is kept, encrypted, after the "
        "wizard's Sign-in (delegated type only); lets validation and the sync engine run headless.",
    )
    access_model: AccessModel = Field(
        default=AccessModel.IMPERSONATION,
        description="On-premises: how the service account reaches each calendar — impersonation (the "
        "ApplicationImpersonation role, limited by a management scope) or delegate access (a folder permission "
        "on each calendar, at least FreeBusyTimeAndSubjectAndLocation; for customers who refuse impersonation). "
        "The cloud sync types ignore it.",
    )
    name_resolving_user: NameResolvingUser = Field(
        default=NameResolvingUser.SERVICE_ACCOUNT,
        description="Who resolves users' primary SMTP addresses: the service account (the user's e-mail "
        "addresses), or per user — names built from the PBX's data (the e-mail addresses, then "
        "<user name>@<PBX mail domain>), each resolved as that user (compatibility mode of PBX firmware 13r1 SR8). "
        "Validation, the preview and the engine resolve alike.",
    )
    max_subscriptions_per_connection: int = Field(
        default=DEFAULT_MAX_SUBSCRIPTIONS,
        description="Streaming subscriptions per connection (1-200; EWS allows at most 200).",
    )
    ews_debug_log: bool = Field(
        default=False,
        description="EWS protocol debugging: write every EWS, Autodiscover, Microsoft Graph and Entra request and "
        "response of validation, the wizard and the engine to a rotating debug log (ews-debug-<validate|wizard|"
        "engine>.log in the user log directory; the path is printed), with every secret, token and NTLM message "
        "masked. Only for troubleshooting.",
    )
    ca_file: str = Field(
        default="",
        description="Extra CA certificate file (PEM) trusted in addition to the system's, for servers "
        "with self-signed or private-CA certificates. TLS verification is never turned off.",
    )
    host_overrides: dict[str, str] = Field(
        default_factory=dict,
        description="Connect to another address for a host name, like curl's --connect-to: "
        "'host' or 'host:port' -> 'address' or 'address:port'. Lets you test a server before "
        "DNS points at it.",
    )
    timeout_seconds: float = Field(
        default=20.0, description="Timeout of each network request, in seconds (1-300)."
    )
    graph_permission: GraphPermission = Field(
        default=GraphPermission.CALENDARS_READ,
        description="Microsoft Graph application permission granted to the app (cloud_graph only): "
        "Calendars.Read reads whole events and can be limited to the synced mailboxes with Exchange RBAC for "
        "Applications; Calendars.ReadBasic leaves out body, attachments and extensions (the presence needs none "
        "of them) but can only be granted tenant-wide, for every mailbox.",
    )
    must_be_denied: list[str] = Field(
        default_factory=list,
        description="Mailboxes the connector must NOT be able to read, e.g. the executives': validation proves "
        "that Exchange denies them — Microsoft Graph answers 403 and EWS refuses the impersonation or the calendar — "
        "i.e. that the impersonation scope, the app's RBAC for Applications scope or the folder permissions really "
        "exclude them. Several separated by ';'.",
    )
    graph_poll_interval_seconds: int = Field(
        default=60,
        description="How often the sync engine asks Microsoft Graph for calendar changes (delta query), in "
        "seconds (10-3600; cloud_graph only). Shorter is fresher but costs requests against Graph's limit "
        "of 10,000 requests per 10 minutes per app and mailbox.",
    )

    @field_validator("user")
    @classmethod
    def _user(cls, v: str) -> str:
        v = v.strip()
        if v and not _EMAIL_RE.match(v):
            raise ValueError(translate("settings", "{address} is not an SMTP address: enter the full address, "
                                                   "e.g. svc@contoso.com").format(address=show(v)))
        return v

    @field_validator("logon_name")
    @classmethod
    def _logon(cls, v: str) -> str:
        v = v.strip()
        if v and not (re.match(r"^[^\\/@\s]+\\[^\\/@\s]+$", v) or _EMAIL_RE.match(v)):
            raise ValueError(translate("settings", "{name} is not a logon name: write DOMAIN\\user or "
                                                   "user@domain").format(name=show(v)))
        return v

    @property
    def ntlm_username(self) -> str:
        """The NTLM logon name: :attr:`logon_name`, else the SMTP address as UPN."""
        return self.logon_name or self.user

    @field_validator("autodiscover_url", "ews_url")
    @classmethod
    def _url(cls, v: str) -> str:
        v = v.strip()
        if v and not re.match(r"^https?://[^/\s]+(/\S*)?$", v):
            raise ValueError(translate("settings", "{url} is not a URL: enter it with https://, e.g. "
                                                   "https://autodiscover.contoso.com").format(url=show(v)))
        if v:
            check_url_authority(v)
        return v

    @field_validator("client_id", "setup_client_id")
    @classmethod
    def _client_id(cls, v: str) -> str:
        v = v.strip()
        if v:
            try:
                return str(uuid.UUID(v))
            except ValueError:
                raise ValueError(translate(
                    "settings", "{value} is not a GUID: copy the Application (client) ID from the app's Overview "
                                "page in the Entra admin center").format(value=show(v))) from None
        return v

    @field_validator("tenant_id")
    @classmethod
    def _tenant_id(cls, v: str) -> str:
        v = v.strip()
        if not v:
            return v
        try:
            return str(uuid.UUID(v))
        except ValueError:
            pass
        if v.lower() in ("common", "organizations", "consumers"):
            raise ValueError(translate(
                "settings", "{value} is not a tenant: enter the Directory (tenant) ID from the app's Overview page "
                            "(client credentials do not work with /common)").format(value=show(v)))
        if not _DOMAIN_RE.match(v):
            raise ValueError(translate(
                "settings", "{value} is neither a GUID nor a domain: copy the Directory (tenant) ID from the app's "
                            "Overview page in the Entra admin center").format(value=show(v)))
        return v.lower()

    @field_validator("redirect_uri")
    @classmethod
    def _redirect(cls, v: str) -> str:
        v = v.strip()
        if v:
            check_redirect_uri(v)
        return v

    @field_validator("max_subscriptions_per_connection")
    @classmethod
    def _max_subs(cls, v: int) -> int:
        if not 1 <= v <= DEFAULT_MAX_SUBSCRIPTIONS:
            raise ValueError(translate("settings", "{value} is out of range: EWS allows 1 to 200 subscriptions per "
                                                   "connection").format(value=v))
        return v

    @field_validator("client_secret_expires", mode="before")
    @classmethod
    def _secret_expires(cls, v: object) -> object:
        if isinstance(v, str):
            text = v.strip()
            if not text:
                return None
            dotted = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)  # 30.06.2027, as German portals show it
            try:
                if dotted:
                    return date(int(dotted[3]), int(dotted[2]), int(dotted[1]))
                return date.fromisoformat(text)
            except ValueError:
                raise ValueError(translate(
                    "settings", "{value} is not a date: write the expiry date shown in the Entra admin center as "
                                "YYYY-MM-DD, e.g. 2027-06-30").format(value=repr(text))) from None
        return v

    @field_validator("timeout_seconds")
    @classmethod
    def _timeout(cls, v: float) -> float:
        if not 1 <= v <= 300:
            raise ValueError(translate("settings", "{value} is out of range: use 1 to 300 seconds").format(value=v))
        return v

    @field_validator("must_be_denied", mode="before")
    @classmethod
    def _denied_split(cls, v: object) -> object:
        if isinstance(v, str):
            return [a.strip() for a in re.split(r"[;,\s]+", v) if a.strip()]
        return v

    @field_validator("must_be_denied")
    @classmethod
    def _denied(cls, v: list[str]) -> list[str]:
        out: list[str] = []
        for a in v:
            a = a.strip()
            if not _EMAIL_RE.match(a):
                raise ValueError(translate(
                    "settings", "{address} is not an SMTP address: list the mailboxes that must stay out of the "
                                "app's reach by their full address, e.g. ceo@contoso.com").format(address=show(a)))
            if a.lower() not in (x.lower() for x in out):
                out.append(a)
        return out

    @field_validator("graph_poll_interval_seconds")
    @classmethod
    def _poll(cls, v: int) -> int:
        if not 10 <= v <= 3600:
            raise ValueError(translate(
                "settings", "{value} is out of range: use 10 to 3600 seconds (Graph counts every poll against its "
                            "limit of 10,000 requests per 10 minutes per app and mailbox)").format(value=v))
        return v

    @field_validator("host_overrides")
    @classmethod
    def _overrides(cls, v: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, target in v.items():
            for part, what in ((key, translate("settings", "host")), (target, translate("settings", "address"))):
                host, _, port = part.strip().rpartition(":") if ":" in part else (part.strip(), "", "")
                if not host or not _HOST_RE.match(host) or (port and not port.isdigit()):
                    raise ValueError(translate(
                        "settings", "{value} is not a valid {what}: write 'name' or 'name:port', e.g. "
                                    "'autodiscover.contoso.com:443' = '192.0.2.10:443'").format(value=show(part),
                                                                                               what=what))
                valid_port(port, f"{what} {show(part)}")
            out[key.strip().lower()] = target.strip()
        return out

    @field_validator("scopes", mode="before")
    @classmethod
    def _scopes(cls, v: object) -> object:
        if isinstance(v, str):
            return [s for s in re.split(r"[\s,]+", v) if s]
        return v

    @property
    def domain(self) -> str:
        """The domain part of :attr:`user` (empty if no user is set)."""
        return self.user.rpartition("@")[2].lower() if "@" in self.user else ""


class PresenceMappingSettings(_Model):
    """Presence mapping (PBX Manager "Presence mapping"): free/busy source -> PBX presence."""

    busy: PresenceTarget = Field(default=PresenceTarget.BUSY, description="Appointments shown as Busy.")
    tentative: PresenceTarget = Field(
        default=PresenceTarget.IGNORE,
        description="Appointments shown as Tentative (ignored by default, unless organized by a "
        "tentative exception organizer).",
    )
    tentative_exception: PresenceTarget = Field(
        default=PresenceTarget.AWAY,
        description="Tentative appointments organized by one of the tentative exception organizers "
        "(e.g. HR entering a sick day).",
    )
    out_of_office: PresenceTarget = Field(
        default=PresenceTarget.AWAY, description="Appointments shown as Out of office."
    )
    working_elsewhere: PresenceTarget = Field(
        default=PresenceTarget.AVAILABLE,
        description="Appointments shown as Working elsewhere (Available keeps the free form with the "
        "appointment's title, e.g. 'Homeoffice until 14:00').",
    )
    no_data: PresenceTarget = Field(
        default=PresenceTarget.BUSY, description="Appointments with no free/busy information."
    )
    tentative_exception_organizers: list[str] = Field(
        default_factory=list,
        description="SMTP addresses of organizers whose tentative appointments use the tentative "
        "exception mapping.",
    )

    @field_validator("tentative_exception_organizers", mode="before")
    @classmethod
    def _orgs_split(cls, v: object) -> object:
        if isinstance(v, str):
            return [s.strip() for s in re.split(r"[;,\s]+", v) if s.strip()]
        return v

    @field_validator("tentative_exception_organizers")
    @classmethod
    def _orgs(cls, v: list[str]) -> list[str]:
        for a in v:
            if not _EMAIL_RE.match(a):
                raise ValueError(_not_smtp(a))
        return [a.lower() for a in v]

    def target_for(self, source: FreeBusySource) -> PresenceTarget:
        """The configured target for ``source``."""
        return getattr(self, source.value)


def _not_smtp(address: str) -> str:
    return translate("settings", "{address} is not an SMTP address").format(address=show(address))


class Mailbox(_Model):
    """A user to sync: the PBX user name and one or more SMTP addresses (tried in order)."""

    pbx_name: str = Field(description="The user's name (h323 name) on the PBX.")
    addresses: list[str] = Field(
        description="SMTP addresses separated by ';', tried in order when resolving the primary address."
    )

    @field_validator("pbx_name")
    @classmethod
    def _name(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError(translate("settings", "the PBX name is empty: enter the user's name as configured on "
                                                   "the PBX"))
        return v

    @field_validator("addresses", mode="before")
    @classmethod
    def _split(cls, v: object) -> object:
        if isinstance(v, str):
            return [a.strip() for a in v.split(";") if a.strip()]
        return v

    @field_validator("addresses")
    @classmethod
    def _addresses(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError(translate("settings", "no SMTP address: enter at least one, several separated by ';'"))
        for a in v:
            if not _EMAIL_RE.match(a):
                raise ValueError(_not_smtp(a))
        return v

    @property
    def primary(self) -> str:
        return self.addresses[0]


class Settings(_Model):
    """A whole calwizard configuration (one profile)."""

    pbx: PbxSettings = Field(default_factory=PbxSettings)
    exchange: ExchangeSettings = Field(default_factory=ExchangeSettings)
    mapping: PresenceMappingSettings = Field(default_factory=PresenceMappingSettings)
    mailboxes: list[Mailbox] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_mailboxes(self) -> Self:
        seen: set[str] = set()
        for m in self.mailboxes:
            if m.pbx_name.lower() in seen:
                raise ValueError(translate("settings", "mailboxes: the PBX name {name} is listed twice").format(
                    name=repr(m.pbx_name)))
            seen.add(m.pbx_name.lower())
        return self
