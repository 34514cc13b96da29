"""The secret store: keyring with an explicitly chosen, never plaintext, backend.

calwizard never lets keyring pick a backend by itself (with no keychain and ``keyrings.alt``
installed, keyring silently picks a plaintext file: see NOTES.md). :func:`open_store` chooses
one of two kinds explicitly:

``keychain``
    The operating system's keychain: Windows Credential Manager, the macOS Keychain, or a
    Secret Service (GNOME Keyring, KWallet via its Secret Service API) / KWallet on Linux
    desktops. A candidate is usable when keyring reports it viable *and* a read succeeds
    (a locked GNOME keyring with no desktop to prompt fails here, not later).
``file``
    An encrypted file (``keyrings.cryptfile``: Argon2id key derivation + AES-GCM per entry),
    for servers and CI with no keychain. It is unlocked by a passphrase the operator supplies:
    the ``passphrase`` argument, the environment variable ``CALWIZARD_STORE_PASSPHRASE``, or an
    interactive prompt (only when asked for and stdin is a terminal). The file lives in
    platformdirs' user data directory (``secrets.cfg``) unless a path is given. Writes replace
    the file atomically.

``kind=None`` means auto: the keychain if one is usable, else the encrypted file if a
passphrase is available, else :class:`SecretError` naming both remedies. The environment
variable ``CALWIZARD_SECRET_STORE`` (``keychain`` or ``file``) pins the kind for auto.
A dotted backend class name (``keyring.backends.SecretService.Keyring``) is accepted too, but
only for the trusted backends above; plaintext backends (``keyrings.alt``'s and
``keyrings.cryptfile``'s ``PlaintextKeyring``), keyring's ``fail``/``null`` backends and its
auto-selecting chainer are refused with :class:`SecretBackendRefusedError`.

Entries are keyed ``"<profile>/<field>"``, e.g. ``"customer-a/exchange.client_secret"``, all under
the keyring service ``calwizard``. The encrypted file lists its entry names itself (they are stored in
clear, only values are encrypted). Keychains cannot list through keyring, so there the store keeps an index:
``"<profile>/.index"`` (JSON list of the profile's field names) and ``".profiles"`` (JSON list of
profile names). Index updates are read-modify-write: two processes changing the same profile at
the same moment may lose an index entry (never a secret).

Each entry records the destinations it was saved for (:mod:`calwizard.secretbinding`): the stored string is
``calwizard-secret/1 {"value": ..., "bound_to": [...] | null, "bound_at": ...}`` (:class:`StoredSecret`).
An entry written before bindings existed is the bare value: it reads as *unbound* (``bound_to`` None).
:meth:`SecretStore.get` returns the value only; :meth:`SecretStore.get_entry` the value and its binding.

Secret values never appear in log records, exception messages or ``repr``.
"""

from __future__ import annotations

import configparser
import getpass
import json
import logging
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError
from keyrings.cryptfile.cryptfile import CryptFileKeyring
from keyrings.cryptfile.escape import escape as _escape_for_ini
from keyrings.cryptfile.escape import unescape as _unescape_for_ini

from calwizard.errors import SecretBackendRefusedError, SecretError, SecretStorePassphraseError
from calwizard.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

SERVICE = "calwizard"
"""The keyring service name every entry is stored under."""

PASSPHRASE_ENV = "CALWIZARD_STORE_PASSPHRASE"
"""Environment variable holding the passphrase of the encrypted file store."""

STORE_KIND_ENV = "CALWIZARD_SECRET_STORE"
"""Environment variable pinning the store kind for auto mode: ``keychain`` or ``file``."""

STORE_FILE_NAME = "secrets.cfg"
"""File name of the encrypted file store in the user data directory."""

STORE_FILE_ENV = "CALWIZARD_STORE_FILE"
"""Environment variable with the path of the encrypted file store (a service's own store; default: the user data
directory's ``secrets.cfg``)."""

PASSPHRASE_FILE_ENV = "CALWIZARD_STORE_PASSPHRASE_FILE"
"""Environment variable with the path of a file holding the passphrase of the encrypted file store (a systemd
credential, ``$CREDENTIALS_DIRECTORY/store-passphrase``, or a root-only file; see
:mod:`calwizard.engine.service`). Used when ``CALWIZARD_STORE_PASSPHRASE`` is not set."""

KINDS = ("keychain", "file")

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$")
# Names are case-insensitive and stored in lower case: the encrypted file store keeps them as INI options,
# which configparser lower-cases, so "Customer-A" and "customer-a" must be one profile in every store.
_PROFILES_KEY = ".profiles"
_INDEX_FIELD = ".index"


def _default_store_path() -> Path:
    import platformdirs

    if os.environ.get(STORE_FILE_ENV):
        return Path(os.environ[STORE_FILE_ENV])

    return platformdirs.user_data_path("calwizard", appauthor=False) / STORE_FILE_NAME


def default_store_path() -> Path:
    """The encrypted file store used without an OS keychain (``secrets.cfg`` in the user data directory)."""
    return _default_store_path()


# --------------------------------------------------------------------------- keys


def split_key(key: str) -> tuple[str, str]:
    """Split ``"<profile>/<field>"`` into its two parts, in lower case (names are case-insensitive).

    Both parts start with a letter or digit and hold only letters, digits and ``._@+-`` (at most 128
    characters each).

    Raises:
        SecretError: the key is malformed; the message says what a key looks like.
    """
    profile, sep, field = key.partition("/")
    if not sep or not _NAME_RE.match(profile) or not _NAME_RE.match(field):
        raise SecretError(
            translate("secrets", "{key} is not a secret store key").format(key=repr(key)),
            remedy=translate("secrets", "Keys look like 'profile/field', e.g. 'customer-a/exchange.client_secret'; "
                                        "profile and field names use letters, digits and . _ @ + -, and start with "
                                        "a letter or digit."),
        )
    return profile.lower(), field.lower()


def normalize_key(key: str) -> str:
    """``key`` as stored: validated and in lower case (see :func:`split_key`)."""
    profile, field = split_key(key)
    return f"{profile}/{field}"


def check_profile_name(profile: str) -> str:
    """Return ``profile`` in lower case (the form stored) if it is a valid profile name.

    Raises:
        SecretError: it is not; the message says which names are allowed.
    """
    if not _NAME_RE.match(profile):
        raise SecretError(
            translate("secrets", "{profile} is not a valid profile name").format(profile=repr(profile)),
            remedy=translate("secrets", "Use letters, digits and . _ @ + - (starting with a letter or digit), e.g. "
                                        "'customer-a'."),
        )
    return profile.lower()


# --------------------------------------------------------------------------- entries

ENTRY_PREFIX = "calwizard-secret/1 "
"""Start of a stored entry that carries its binding (see the module docstring)."""


@dataclass(frozen=True)
class StoredSecret:
    """One entry of the store: the value and the destinations it is bound to.

    Attributes:
        value: the secret (``repr`` hides it).
        bound_to: the destinations (``"<role> <host>"`` strings, :mod:`calwizard.secretbinding`), or None for an
            entry written before bindings existed (unbound).
        bound_at: when the binding was recorded (aware, UTC), or None.
    """

    value: str = field(repr=False)
    bound_to: frozenset[str] | None = None
    bound_at: datetime | None = None

    def encode(self) -> str:
        """The string stored in the keyring backend."""
        doc = {"value": self.value, "bound_to": None if self.bound_to is None else sorted(self.bound_to),
               "bound_at": self.bound_at.astimezone(UTC).isoformat(timespec="seconds") if self.bound_at else None}
        return ENTRY_PREFIX + json.dumps(doc, ensure_ascii=True, sort_keys=True)

    @classmethod
    def decode(cls, raw: str) -> StoredSecret:
        """Read a stored string: an entry with its binding, or (legacy) a bare value, which is unbound."""
        if not raw.startswith(ENTRY_PREFIX):
            return cls(raw)
        try:
            doc = json.loads(raw[len(ENTRY_PREFIX):])
            value, bound = doc["value"], doc.get("bound_to")
            at = doc.get("bound_at")
            if not isinstance(value, str) or not (bound is None or (
                    isinstance(bound, list) and all(isinstance(d, str) for d in bound))):
                raise ValueError("damaged entry")
            when = datetime.fromisoformat(at) if isinstance(at, str) else None
        except (ValueError, KeyError, TypeError):
            raise SecretError(
                translate("secrets", "a secret store entry is damaged (its binding record cannot be read)"),
                remedy=translate("secrets", "Store the secret again ('calwizard secrets set', the wizard, or import "
                                            "the bundle again)."),
            ) from None
        return cls(value, None if bound is None else frozenset(bound), when)


# --------------------------------------------------------------------------- backends


@dataclass(frozen=True)
class _Keychain:
    module: str
    cls: str
    name: str


_KEYCHAINS: dict[str, tuple[_Keychain, ...]] = {
    "win32": (_Keychain("keyring.backends.Windows", "WinVaultKeyring",
                        QT_TRANSLATE_NOOP("secrets", "Windows Credential Manager")),),
    "darwin": (_Keychain("keyring.backends.macOS", "Keyring", QT_TRANSLATE_NOOP("secrets", "macOS Keychain")),),
    "linux": (
        _Keychain("keyring.backends.SecretService", "Keyring",
                  QT_TRANSLATE_NOOP("secrets", "Secret Service (Linux desktop keychain)")),
        _Keychain("keyring.backends.libsecret", "Keyring",
                  QT_TRANSLATE_NOOP("secrets", "Secret Service via libsecret (Linux desktop keychain)")),
        _Keychain("keyring.backends.kwallet", "DBusKeyring", QT_TRANSLATE_NOOP("secrets", "KWallet (KDE keychain)")),
    ),
}
"""The OS keychains calwizard trusts, in order of preference, per ``sys.platform`` family."""

_REFUSED_EXACT = {
    "keyring.backends.fail.Keyring": QT_TRANSLATE_NOOP("secrets", "keyring's 'fail' backend (it means no keychain "
                                                                  "was found)"),
    "keyring.backends.null.Keyring": QT_TRANSLATE_NOOP("secrets", "keyring's 'null' backend (it stores nothing)"),
    "keyring.backends.chainer.ChainerBackend": QT_TRANSLATE_NOOP("secrets", "keyring's automatic backend chain (it "
                                                                            "may fall back to plain text)"),
    "keyrings.cryptfile.file.EncryptedKeyring": QT_TRANSLATE_NOOP("secrets", "an unauthenticated legacy encrypted "
                                                                             "file (AES-CFB without integrity)"),
}


def _platform_family() -> str:
    if sys.platform.startswith("win"):
        return "win32"
    if sys.platform == "darwin":
        return "darwin"
    return "linux"


def _qualname(obj: object) -> str:
    cls = obj if isinstance(obj, type) else type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _trusted_keychain_names() -> dict[str, str]:
    return {f"{k.module}.{k.cls}": k.name for ks in _KEYCHAINS.values() for k in ks}


def refusal_reason(backend: object) -> str | None:
    """Why ``backend`` (a keyring backend instance or class) is refused, or None if it is trusted.

    Trusted: the OS keychains of :data:`_KEYCHAINS` and ``keyrings.cryptfile``'s ``CryptFileKeyring``.
    Everything else is refused, with a specific reason for plaintext, fail, null and chainer backends.
    """
    cls = backend if isinstance(backend, type) else type(backend)
    qual = _qualname(cls)
    if issubclass(cls, CryptFileKeyring):
        return None
    for base in cls.__mro__:
        reason = _REFUSED_EXACT.get(_qualname(base))
        if reason:
            return translate("secrets", reason)
    if "plaintext" in qual.lower() or qual.startswith("keyrings.alt."):
        return translate("secrets", "a backend that keeps secrets in plain text or under a fixed key")
    if qual in _trusted_keychain_names():
        return None
    return translate("secrets", "a backend calwizard does not know to be a keychain or an encrypted store")


def _refuse_if_untrusted(backend: object) -> None:
    reason = refusal_reason(backend)
    if reason is not None:
        raise SecretBackendRefusedError(
            translate("secrets", "calwizard refuses the keyring backend {backend}: {reason}").format(
                backend=_qualname(backend), reason=reason),
            remedy=translate("secrets", "Use the operating system's keychain, or the encrypted file store (set "
                                        "{kind_env}=file and {passphrase_env}).").format(
                kind_env=STORE_KIND_ENV, passphrase_env=PASSPHRASE_ENV),
        )


class _AtomicCryptFileKeyring(CryptFileKeyring):
    """``CryptFileKeyring`` whose writes replace the file atomically and stay owner-only (0600).

    The upstream class rewrites the file in place (``open(path, "w")``), so a crash mid-write could
    lose every entry; here each write goes to a temporary file in the same directory first.
    """

    def _write_atomically(self, config: configparser.RawConfigParser) -> None:
        path = Path(self.file_path)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                config.write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _read(self) -> configparser.RawConfigParser:
        config = configparser.RawConfigParser()
        if os.path.exists(self.file_path):
            config.read(self.file_path, encoding="utf-8")
        return config

    def _write_config_value(self, service: str, key: str, value: str) -> None:
        config = self._read()
        service, key = _escape_for_ini(service), _escape_for_ini(key)
        if not config.has_section(service):
            config.add_section(service)
        config.set(service, key, value)
        self._write_atomically(config)

    def usernames(self, service: str) -> list[str]:
        """Every username stored under ``service`` (the file keeps names in clear, values encrypted)."""
        config = self._read()
        section = _escape_for_ini(service)
        if not config.has_section(section):
            return []
        return [_unescape_for_ini(option) for option in config.options(section)]

    def delete_password(self, service: str, username: str) -> None:
        config = self._read()
        try:
            removed = config.remove_option(_escape_for_ini(service), _escape_for_ini(username))
        except configparser.NoSectionError:
            removed = False
        if not removed:
            raise PasswordDeleteError("Password not found")
        self._write_atomically(config)


# Exceptions a backend raises for conditions of the environment (locked, unavailable, I/O), as
# opposed to bugs. secretstorage/jeepney are only importable where they are installed.
_BACKEND_ERRORS: tuple[type[BaseException], ...] = (KeyringError, OSError, RuntimeError, configparser.Error)
try:  # pragma: no cover - depends on the platform
    from secretstorage.exceptions import SecretStorageException

    _BACKEND_ERRORS += (SecretStorageException,)
except ImportError:  # pragma: no cover
    pass
try:  # pragma: no cover - depends on the platform
    from jeepney.wrappers import DBusErrorResponse

    _BACKEND_ERRORS += (DBusErrorResponse,)
except ImportError:  # pragma: no cover
    pass


def _describe(exc: BaseException) -> str:
    """A short, value-free description of a backend exception."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --------------------------------------------------------------------------- the store


class SecretStore:
    """Secrets of calwizard profiles in one explicitly chosen keyring backend.

    Build it with :func:`open_store`. Keys are ``"<profile>/<field>"`` (see :func:`split_key`).

    Attributes:
        kind: ``"keychain"`` or ``"file"``.
        backend_name: a human name for status lines, e.g. ``"Secret Service (Linux desktop keychain)"``
            or ``"encrypted file /home/u/.local/share/calwizard/secrets.cfg"``.
        location: the file of the encrypted file store, None for a keychain.
        service: the keyring service name (``calwizard``; tests may use another).
    Raises:
        SecretBackendRefusedError: ``backend`` is a plaintext, fail, null, chainer or unknown backend.
    """

    def __init__(
        self,
        backend: KeyringBackend,
        *,
        kind: str,
        backend_name: str,
        location: Path | None = None,
        service: str = SERVICE,
    ) -> None:
        _refuse_if_untrusted(backend)
        self._backend = backend
        self.kind = kind
        self.backend_name = backend_name
        self.location = location
        self.service = service
        # The encrypted file keeps entry names in clear (only values are encrypted), so it can list them;
        # keychains cannot, and get an index (see the module docstring).
        self._lister: Callable[[str], list[str]] | None = getattr(backend, "usernames", None)

    def __repr__(self) -> str:
        return f"SecretStore(kind={self.kind!r}, backend_name={self.backend_name!r}, service={self.service!r})"

    # ------------------------------------------------------------------ low level

    def _call(self, what: str, fn: Callable[[], Any]) -> Any:
        """Run a backend call, turning environment failures into :class:`SecretError` (never with values)."""
        try:
            return fn()
        except ValueError as exc:
            # cryptfile: "MAC check failed" (wrong passphrase or damaged entry), JSON/base64 errors.
            raise SecretError(
                translate("secrets", "cannot {what} in {backend}: an entry cannot be decrypted ({why})").format(
                    what=translate("secrets", what), backend=self.backend_name, why=_describe(exc)),
                remedy=translate("secrets", "The file was changed or damaged, or written with another passphrase; "
                                            "restore it from a backup or delete it and store the secrets again."),
            ) from None
        except _BACKEND_ERRORS as exc:
            raise SecretError(
                translate("secrets", "cannot {what} in {backend} ({why})").format(
                    what=translate("secrets", what), backend=self.backend_name, why=_describe(exc)),
                remedy=translate("secrets", "Check that the keychain is unlocked and reachable (on Linux: a desktop "
                                            "session with GNOME Keyring or KWallet), or use the encrypted file store "
                                            "({kind_env}=file and {passphrase_env}).").format(
                    kind_env=STORE_KIND_ENV, passphrase_env=PASSPHRASE_ENV),
            ) from None

    def _raw_get(self, username: str) -> str | None:
        return self._call(QT_TRANSLATE_NOOP("secrets", "read an entry"),
                          lambda: self._backend.get_password(self.service, username))

    def _raw_set(self, username: str, value: str) -> None:
        self._call(QT_TRANSLATE_NOOP("secrets", "store an entry"),
                   lambda: self._backend.set_password(self.service, username, value))

    def _raw_delete(self, username: str) -> bool:
        def delete() -> bool:
            try:
                self._backend.delete_password(self.service, username)
            except PasswordDeleteError:
                return False
            return True

        return bool(self._call(QT_TRANSLATE_NOOP("secrets", "delete an entry"), delete))

    def _read_list(self, username: str) -> list[str]:
        raw = self._raw_get(username)
        if not raw:
            return []
        try:
            items = json.loads(raw)
        except ValueError:
            items = None
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            log.warning("secret store index %r is damaged; removing it (it is rebuilt as entries change)", username)
            self._raw_delete(username)
            return []
        return items

    def _write_list(self, username: str, items: Iterable[str]) -> None:
        values = sorted(set(items))
        if values:
            self._raw_set(username, json.dumps(values))
        else:
            self._raw_delete(username)

    def _listed_keys(self) -> list[tuple[str, str]]:
        assert self._lister is not None
        names = self._call(QT_TRANSLATE_NOOP("secrets", "list the entries"), lambda: self._lister(self.service))  # type: ignore[misc]
        out = []
        for name in names:
            profile, sep, field = name.partition("/")
            if sep and _NAME_RE.match(profile) and _NAME_RE.match(field):
                out.append((profile, field))
        return out

    def _index_add(self, profile: str, field: str) -> None:
        if self._lister is not None:
            return
        index_key = f"{profile}/{_INDEX_FIELD}"
        fields = self._read_list(index_key)
        if field not in fields:
            self._write_list(index_key, [*fields, field])
        profiles = self._read_list(_PROFILES_KEY)
        if profile not in profiles:
            self._write_list(_PROFILES_KEY, [*profiles, profile])

    def _index_remove(self, profile: str, field: str) -> None:
        if self._lister is not None:
            return
        index_key = f"{profile}/{_INDEX_FIELD}"
        fields = self._read_list(index_key)
        if field in fields:
            fields.remove(field)
            self._write_list(index_key, fields)
        if not fields:
            profiles = self._read_list(_PROFILES_KEY)
            if profile in profiles:
                profiles.remove(profile)
                self._write_list(_PROFILES_KEY, profiles)

    # ------------------------------------------------------------------ API

    def probe(self) -> None:
        """Read the profile index once, so that a locked or unreachable store fails now.

        Raises:
            SecretError: the store cannot be read.
        """
        self._raw_get(_PROFILES_KEY)

    def get(self, key: str) -> str | None:
        """The value stored under ``key`` (``"<profile>/<field>"``), or None if there is none.

        Raises:
            SecretError: the key is malformed, the entry damaged, or the store cannot be read.
        """
        entry = self.get_entry(key)
        return entry.value if entry is not None else None

    def get_entry(self, key: str) -> StoredSecret | None:
        """The entry stored under ``key`` with its binding, or None if there is none.

        Raises:
            SecretError: the key is malformed, the entry damaged, or the store cannot be read.
        """
        raw = self._raw_get(normalize_key(key))
        return StoredSecret.decode(raw) if raw else None

    def set(self, key: str, value: str, *, bound_to: Iterable[str] | None = None) -> None:
        """Store ``value`` under ``key`` (replacing any previous value) and record it in the index.

        Args:
            bound_to: the destinations the secret is for (:mod:`calwizard.secretbinding`); None: unbound (it is
                bound on first use by the profile's own configuration, see there).
        Raises:
            SecretError: the key is malformed, the value is empty, or the store cannot be written.
        """
        profile, field = split_key(key)
        if not isinstance(value, str) or not value:
            raise _empty_value(key)
        entry = StoredSecret(value, None if bound_to is None else frozenset(bound_to),
                             None if bound_to is None else datetime.now(UTC))
        self._raw_set(f"{profile}/{field}", entry.encode())
        self._index_add(profile, field)

    def bind(self, key: str, bound_to: Iterable[str]) -> None:
        """Record new destinations for the existing entry ``key`` (its value is kept).

        Raises:
            SecretError: there is no such entry, or the store cannot be written.
        """
        entry = self.get_entry(key)
        if entry is None:
            raise SecretError(translate("secrets", "the secret store ({backend}) has no entry {key}").format(
                backend=self.backend_name, key=repr(key)), remedy=translate("secrets", "Store the secret first."))
        self.set(key, entry.value, bound_to=bound_to)

    def set_many(self, items: Mapping[str, str], *, bound_to: Mapping[str, Iterable[str]] | None = None
                 ) -> dict[str, StoredSecret | None]:
        """Store several entries; if one fails, put back the entries already written.

        Args:
            items: ``{key: value}``.
            bound_to: ``{key: destinations}`` for the keys to bind (others are stored unbound).
        Returns:
            The previous entry of each key (with its binding; None where there was none), for :meth:`restore`.
        Raises:
            SecretError: a key is malformed, a value empty, or the store cannot be written (the entries written
                so far are restored first, unless the store fails again while restoring: that is logged).
        """
        bound_to = bound_to or {}
        for key, value in items.items():
            split_key(key)
            if not value:
                raise _empty_value(key)
        previous: dict[str, StoredSecret | None] = {}
        try:
            for key, value in items.items():
                previous[key] = self.get_entry(key)
                self.set(key, value, bound_to=bound_to.get(key))
        except BaseException:
            self.restore(previous)
            raise
        return previous

    def restore(self, previous: Mapping[str, StoredSecret | str | None]) -> None:
        """Put entries back to what :meth:`set_many` returned (None: delete; a plain string: that value, unbound);
        failures are logged, not raised."""
        for key, old in previous.items():
            try:
                if old is None:
                    self.delete(key)
                elif isinstance(old, str):
                    self.set(key, old)
                else:
                    profile, field = split_key(key)
                    self._raw_set(f"{profile}/{field}", old.encode())
                    self._index_add(profile, field)
            except SecretError:
                log.error("could not restore secret store entry %r", key)

    def delete(self, key: str) -> bool:
        """Delete ``key``. Returns whether it existed.

        Raises:
            SecretError: the key is malformed or the store cannot be written.
        """
        profile, field = split_key(key)
        existed = self._raw_delete(f"{profile}/{field}")
        self._index_remove(profile, field)
        return existed

    def fields(self, profile: str) -> list[str]:
        """The field names stored for ``profile`` (from the index), sorted."""
        profile = check_profile_name(profile)
        if self._lister is not None:
            return sorted({f for p, f in self._listed_keys() if p == profile})
        return self._read_list(f"{profile}/{_INDEX_FIELD}")

    def profiles(self) -> list[str]:
        """The profiles that have entries (from the index), sorted."""
        if self._lister is not None:
            return sorted({p for p, _ in self._listed_keys()})
        return self._read_list(_PROFILES_KEY)

    def delete_profile(self, profile: str, *, known_fields: Iterable[str] = ()) -> list[str]:
        """Delete every entry of ``profile`` and its index.

        Args:
            profile: the profile name.
            known_fields: field names to delete even if the index does not list them (a damaged index);
                the secret fields of the settings are always tried.
        Returns:
            The field names that existed and were deleted, sorted.
        Raises:
            SecretError: the name is invalid or the store cannot be written.
        """
        from calwizard.secretbinding import field_path, secret_fields

        profile = check_profile_name(profile)
        candidates = {*self.fields(profile), *(f.lower() for f in known_fields),
                      *(field_path(f) for f in secret_fields())}
        deleted = sorted(f for f in candidates if self._raw_delete(f"{profile}/{f}"))
        self._raw_delete(f"{profile}/{_INDEX_FIELD}")
        profiles = [] if self._lister is not None else self._read_list(_PROFILES_KEY)
        if profile in profiles:
            profiles.remove(profile)
            self._write_list(_PROFILES_KEY, profiles)
        return deleted


# --------------------------------------------------------------------------- opening


@dataclass(frozen=True)
class KeychainProbe:
    """Result of looking for a usable OS keychain.

    Attributes:
        store: the usable keychain store, or None.
        reasons: why each candidate was not usable (``"<name>: <reason>"``), in order tried.
    """

    store: SecretStore | None
    reasons: tuple[str, ...]


def find_keychain(service: str = SERVICE) -> KeychainProbe:
    """Try the OS keychains of this platform in order and return the first usable one.

    A candidate is usable when its module imports, keyring reports a positive priority (it checks
    e.g. that a D-Bus session and a Secret Service exist) and reading the profile index succeeds
    (a locked keyring with nobody to unlock it fails here).
    """
    import importlib

    reasons: list[str] = []
    for cand in _KEYCHAINS[_platform_family()]:
        name = translate("secrets", cand.name)
        try:
            module = importlib.import_module(cand.module)
            cls = getattr(module, cand.cls)
            priority = cls.priority
            if not priority or priority <= 0:
                reasons.append(f"{name}: {translate('secrets', 'not available')}")
                continue
            backend = cls()
        except (ImportError, AttributeError, *_BACKEND_ERRORS) as exc:
            reasons.append(f"{name}: {_describe(exc)}")
            continue
        store = SecretStore(backend, kind="keychain", backend_name=name, service=service)
        try:
            store.probe()
        except SecretError as exc:
            reasons.append(f"{name}: {exc.message}")
            continue
        return KeychainProbe(store, tuple(reasons))
    return KeychainProbe(None, tuple(reasons))


def _with_reasons(with_why: str, without: str, why: str, **fields: object) -> str:
    """A message about unusable keychains: in English with the backends' own (English) reasons inline, as always;
    in another language the sentence alone (the reasons go to the error's details)."""
    from calwizard import i18n

    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return with_why.format(why=why, **fields)
    return without.format(**fields)


def _empty_value(key: str) -> SecretError:
    return SecretError(translate("secrets", "refusing to store an empty value for {key}").format(key=repr(key)),
                       remedy=translate("secrets", "Enter the secret's value."))


def _file_store(path: Path, passphrase: str, service: str) -> SecretStore:
    if not passphrase.strip():
        raise SecretStorePassphraseError(
            translate("secrets", "the passphrase of the encrypted secret store is empty"),
            remedy=translate("secrets", "Set {env} to a non-empty passphrase.").format(env=PASSPHRASE_ENV),
        )
    path = path.expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise SecretError(
            translate("secrets", "cannot create the directory of the encrypted secret store {path}: {why}").format(
                path=path.parent, why=exc.strerror),
            remedy=translate("secrets", "Check the permissions, or give another store path."),
        ) from None
    backend = _AtomicCryptFileKeyring()
    backend.file_path = str(path)
    name = translate("secrets", "encrypted file {path}").format(path=path)
    try:
        backend.keyring_key = passphrase  # unlocks (checks the reference entry) or creates the file
    except ValueError as exc:
        if str(exc) in ("MAC check failed", "Incorrect Password"):
            raise SecretStorePassphraseError(
                translate("secrets", "the passphrase does not unlock the encrypted secret store {path}").format(
                    path=path),
                remedy=translate("secrets", "Set {env} to the passphrase the store was created with (or move the "
                                            "file away to start an empty store; its secrets are then lost).").format(
                    env=PASSPHRASE_ENV),
            ) from None
        raise SecretError(
            translate("secrets", "the encrypted secret store {path} is damaged or not a calwizard store ({why})")
            .format(path=path, why=_describe(exc)),
            remedy=translate("secrets", "Restore it from a backup, or move it away to start an empty store."),
        ) from None
    except (OSError, configparser.Error, KeyringError) as exc:
        raise SecretError(
            translate("secrets", "cannot open the encrypted secret store {path} ({why})").format(
                path=path, why=_describe(exc)),
            remedy=translate("secrets", "Check the file's permissions, or give another store path."),
        ) from None
    return SecretStore(backend, kind="file", backend_name=name, location=path, service=service)


def _prompt_passphrase(path: Path) -> str | None:
    """Ask for the file store passphrase on the terminal (twice when creating a new store)."""
    if path.exists():
        return getpass.getpass(translate("secrets", "Passphrase of the encrypted secret store {path}: ").format(
            path=path))
    first = getpass.getpass(translate("secrets", "New passphrase for the encrypted secret store {path}: ").format(
        path=path))
    second = getpass.getpass(translate("secrets", "Repeat the passphrase: "))
    if first != second:
        raise SecretStorePassphraseError(
            translate("secrets", "the two passphrases differ"),
            remedy=translate("secrets", "Run the command again and type the same passphrase twice."))
    return first


def _passphrase_for(path: Path, passphrase: str | None, interactive: bool) -> str | None:
    if passphrase is not None:
        return passphrase
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    if os.environ.get(PASSPHRASE_FILE_ENV):
        source = Path(os.environ[PASSPHRASE_FILE_ENV])
        try:
            return source.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise SecretStorePassphraseError(
                translate("secrets", "cannot read the passphrase file of the encrypted secret store ({path}: "
                                     "{why})").format(path=source, why=exc.strerror),
                remedy=translate("secrets", "Check {env} and the file's permissions (the service's credential).")
                .format(env=PASSPHRASE_FILE_ENV),
            ) from None
    if interactive and sys.stdin is not None and sys.stdin.isatty():
        return _prompt_passphrase(path)
    return None


def _load_backend_class(dotted: str) -> type:
    import importlib

    module_name, _, cls_name = dotted.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), cls_name)
    except (ImportError, AttributeError, ValueError):
        raise SecretError(
            _unknown_kind(dotted),
            remedy=translate("secrets", "Use 'keychain' or 'file' (or a trusted keyring backend class such as "
                                        "keyring.backends.SecretService.Keyring)."),
        ) from None


def _unknown_kind(kind: str) -> str:
    return translate("secrets", "unknown secret store kind {kind}").format(kind=repr(kind))


def open_store(
    kind: str | None = None,
    *,
    path: Path | None = None,
    passphrase: str | None = None,
    interactive: bool = False,
    service: str = SERVICE,
) -> SecretStore:
    """Open the secret store.

    Args:
        kind: ``None`` (auto: ``$CALWIZARD_SECRET_STORE`` if set, else the keychain if usable, else the
            encrypted file if a passphrase is available), ``"keychain"``, ``"file"``, or the dotted class
            name of a trusted keyring backend.
        path: file of the encrypted file store (default: ``secrets.cfg`` in the user data directory).
        passphrase: passphrase of the file store (default: ``$CALWIZARD_STORE_PASSPHRASE``, then a prompt).
        interactive: allow a passphrase prompt (only used when stdin is a terminal).
        service: keyring service name (tests use their own to stay apart from real entries).
    Returns:
        The opened store; for a keychain, it has been read once (so it is unlocked).
    Raises:
        SecretBackendRefusedError: the named backend is a plaintext/fail/null/chainer/unknown backend.
        SecretStorePassphraseError: the passphrase is wrong, empty, or missing for ``kind="file"``.
        SecretError: no store is usable; the message names both remedies (keychain, passphrase).
    """
    kind = kind or os.environ.get(STORE_KIND_ENV) or None
    store_path = path if path is not None else _default_store_path()
    if kind is not None and kind not in KINDS:
        if "." not in kind:
            raise SecretError(
                _unknown_kind(kind),
                remedy=translate("secrets", "Use 'keychain' or 'file' (in {env} too).").format(env=STORE_KIND_ENV))
        cls = _load_backend_class(kind)
        _refuse_if_untrusted(cls)
        if issubclass(cls, CryptFileKeyring):
            kind = "file"
        else:
            probe = find_keychain(service)
            if probe.store is None or _qualname(probe.store._backend) != _qualname(cls):
                raise SecretError(
                    translate("secrets", "the keyring backend {backend} is not usable here ({why})").format(
                        backend=kind, why="; ".join(probe.reasons) or translate("secrets", "not available")),
                    remedy=translate("secrets", "Unlock or start the keychain, or use the encrypted file store "
                                                "({kind_env}=file and {passphrase_env}).").format(
                        kind_env=STORE_KIND_ENV, passphrase_env=PASSPHRASE_ENV),
                )
            return probe.store

    if kind in (None, "keychain"):
        probe = find_keychain(service)
        if probe.store is not None:
            return probe.store
        why = "; ".join(probe.reasons) or translate("secrets", "none known on this platform")
        if kind == "keychain":
            raise SecretError(
                _with_reasons(translate("secrets", "no usable OS keychain ({why})"),
                              translate("secrets", "no usable OS keychain"), why),
                remedy=translate("secrets", "Unlock the keychain (on Linux: log in to a desktop with GNOME Keyring "
                                            "or KWallet), or use the encrypted file store ({kind_env}=file and "
                                            "{passphrase_env}).").format(kind_env=STORE_KIND_ENV,
                                                                         passphrase_env=PASSPHRASE_ENV),
            ).with_detail(why)
        secret = _passphrase_for(store_path, passphrase, interactive)
        if secret is None:
            raise SecretError(
                _with_reasons(translate("secrets", "no secret store is available: no usable OS keychain ({why}) and "
                                                   "no passphrase for the encrypted file store {path}"),
                              translate("secrets", "no secret store is available: no usable OS keychain and no "
                                                   "passphrase for the encrypted file store {path}"),
                              why, path=store_path),
                remedy=translate("secrets", "Unlock or install a keychain (Windows Credential Manager, macOS "
                                            "Keychain, or a Secret Service such as GNOME Keyring), or set {env} to "
                                            "use the encrypted file store.").format(env=PASSPHRASE_ENV),
            ).with_detail(why)
        log.info("no usable OS keychain (%s); using the encrypted file store %s", why, store_path)
        return _file_store(store_path, secret, service)

    secret = _passphrase_for(store_path, passphrase, interactive)
    if secret is None:
        raise SecretStorePassphraseError(
            translate("secrets", "the encrypted secret store {path} needs a passphrase").format(path=store_path),
            remedy=translate("secrets", "Set {env}, or run the command in a terminal to be asked for it.").format(
                env=PASSPHRASE_ENV),
        )
    return _file_store(store_path, secret, service)
