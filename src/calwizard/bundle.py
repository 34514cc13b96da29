"""The ``*.calwiz`` bundle: one file carrying a configuration from the technician's laptop to the engine.

A bundle holds the settings (with the mailbox list), the last validation report (timestamped) and,
when the user chooses, the secret values **sealed** with a passphrase. Without secrets the engine
resolves the settings' references in its own secret store.

File layout (bundle version 1), UTF-8, every part ending in ``\\n``::

    CALWIZARD-BUNDLE version=1 writer=0.1.0 length=1234 sha256=<64 hex> check=<16 hex>
    { ...body: pretty JSON... }
    {...seal: one line of canonical JSON...}

* Header (stable across all bundle versions, so any calwizard can tell a newer bundle from a damaged
  one): ``version`` is the bundle version, ``writer`` the calwizard version that wrote it, ``length``
  the size of the whole file in bytes (a shorter file is *truncated*), ``sha256`` the digest of
  everything after the header line, and ``check`` the first 16 hex digits of the SHA-256 of the header
  line up to `` check=``.
* Body: ``{"bundle_version", "created_at", "settings" (the TOML document of
  :func:`calwizard.settings.io.settings_to_dict`, with ``schema_version`` and ``mailboxes``), "report"
  (null or ``{"created_at", "results": [CheckResult.to_json(), ...]}``), "secret_fields"`` (names of
  the sealed fields, never values)``}``.
* Seal: ``{"sealed": false}``, or ``{"sealed": true, "cipher": "AES-256-GCM", "kdf": {"name": "scrypt",
  "n", "r", "p", "salt"}, "verifier", "nonce", "ciphertext"}`` (binary values base64). The scrypt output
  (64 bytes) gives the AES-256 key (first half) and a key for the passphrase verifier (second half):
  ``verifier = HMAC-SHA256(k2, "calwizard bundle passphrase verifier")[:16]``, which tells a wrong
  passphrase from a tampered file. The plaintext is the JSON object ``{field: value}`` padded with
  spaces to a multiple of 128 bytes (hides the secrets' lengths). The associated data is the header's
  version and writer, the exact body bytes and the canonical seal parameters: a change to any byte of
  the body or the seal is detected even by someone who recomputes the header's digests.

Checks on reading, in order: the file is a regular file of at most :data:`MAX_BUNDLE_SIZE` bytes
(a FIFO or device is refused unread), signature (else :class:`BundleFormatError`), a shorter header
(:class:`BundleTruncatedError`), header check (:class:`BundleTamperedError`), version (newer:
:class:`BundleVersionError` naming the calwizard and bundle version needed), length (shorter:
truncated; longer: tampered), SHA-256 (tampered), the seal's format parameters against the fixed bounds
below (tampered) — all before any key derivation — then the passphrase verifier
(:class:`BundlePassphraseError`) and the AES-GCM tag (tampered).

Fixed bounds, checked before any expensive work (a bundle outside them is refused as tampered, whatever its
header says):

==========================  ====================================================================
file size                   at most :data:`MAX_BUNDLE_SIZE` (32 MiB)
cipher, KDF                 exactly ``AES-256-GCM`` and ``scrypt``
scrypt ``n``                a power of two from :data:`MIN_SCRYPT_N` (2**10) to :data:`MAX_SCRYPT_N` (2**17,
                            what this calwizard writes: 128 MiB of memory, about half a second)
scrypt ``r``, ``p``         exactly 8 and 1 (what this calwizard writes)
salt                        16 to 64 bytes
nonce, verifier             exactly 12 and 16 bytes
ciphertext                  16 bytes to :data:`MAX_SEALED_BYTES` (4 MiB)
JSON nesting                at most :data:`MAX_JSON_NESTING` levels (body and report); the settings
                            then pass the configuration file limits of :mod:`calwizard.settings.io`
==========================  ====================================================================

**Authentication.** A sealed bundle is authenticated: only someone who knows the passphrase can make the
AES-GCM tag match, and the tag covers every byte of the body. An *unsealed* bundle (written with
``--no-secrets``, or a sealed one whose seal was stripped and whose header was recomputed, which needs no
passphrase) is not: its SHA-256 only detects damage. calwizard therefore treats the settings of an unsealed
bundle exactly like a configuration file from anyone (:attr:`Bundle.authenticated` is False): ``validate``,
``engine run`` and ``import`` load it through the same code path as a TOML file, say so, and its
``{ store = ... }`` references resolve only for the destinations the stored secrets were saved for
(:mod:`calwizard.secretbinding`).

Secret mapping: the sealed secrets are keyed by the name of the secret field their reference belongs to
(``password``, ``client_secret``, ``client_certificate_password`` of the Exchange settings, ``pbx.app_password``;
see :func:`calwizard.secretrefs.secret_fields`); :meth:`Bundle.fetcher` answers a reference with the value of
the field(s) holding that reference.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets as _random
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from calwizard.errors import (
    BundleError,
    BundleFormatError,
    BundlePassphraseError,
    BundleTamperedError,
    BundleTruncatedError,
    BundleVersionError,
    ConfigError,
    SecretError,
)
from calwizard.i18n import translate
from calwizard.secretrefs import SecretFetcher, field_path, secret_fields, secret_refs
from calwizard.settings.io import migrate, nesting_depth, settings_from_dict, settings_to_dict
from calwizard.settings.model import SCHEMA_VERSION, SecretRef, Settings

BUNDLE_VERSION = 1
"""The bundle format this calwizard writes (and the newest it reads)."""

OLDEST_BUNDLE_VERSION = 1
"""The oldest bundle format this calwizard reads (older ones are migrated by :data:`BUNDLE_MIGRATIONS`)."""

BUNDLE_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""Bundle version N -> function turning a version-N body into a version-(N+1) body."""

SUFFIX = ".calwiz"
MAGIC = b"CALWIZARD-BUNDLE"
MIN_PASSPHRASE_LENGTH = 10
"""Shortest passphrase :func:`write_bundle` accepts."""
MIN_PASSPHRASE_BITS = 40
"""Weakest passphrase accepted, in the rough bits of :func:`passphrase_strength` (``aaaaaaaaaa`` is refused)."""

DEFAULT_SCRYPT_N = 2**17
"""scrypt cost (with r=8, p=1: 128 MiB of memory, about 0.4 s on a 2-core server; OWASP's recommendation)."""
MIN_SCRYPT_N = 2**10
MAX_SCRYPT_N = DEFAULT_SCRYPT_N
"""The costliest scrypt a bundle may ask for: what this calwizard writes (a bundle cannot make the reader spend
more memory or time than its own export did)."""
SCRYPT_R = 8
SCRYPT_P = 1
MAX_BUNDLE_SIZE = 32 * 1024 * 1024
"""Largest bundle read (32 MiB)."""
MAX_SEALED_BYTES = 4 * 1024 * 1024
"""Largest sealed-secrets ciphertext accepted (4 MiB; a token cache takes a few KiB)."""
MAX_JSON_NESTING = 32
"""Deepest JSON nesting accepted in a bundle's body."""

_AD_PREFIX = b"calwizard bundle v1\x00"
_VERIFIER_LABEL = b"calwizard bundle passphrase verifier"
_PAD = 128
_HEADER_PREFIX_RE = re.compile(rb"^CALWIZARD-BUNDLE version=(\d{1,6}) writer=(\S{1,64}) ")
_HEADER_RE = re.compile(
    rb"^CALWIZARD-BUNDLE version=(\d{1,6}) writer=([0-9A-Za-z.+!_-]{1,64}) length=(\d{1,12}) "
    rb"sha256=([0-9a-f]{64}) check=([0-9a-f]{16})$"
)
_CHECK_RE = re.compile(rb" check=([0-9a-f]{16})$")


# --------------------------------------------------------------------------- data


class MaskedSecrets(dict[str, str]):
    """A ``dict`` of secret values whose ``repr``/``str`` show only the keys."""

    def __repr__(self) -> str:
        return "{" + ", ".join(f"{k!r}: '***'" for k in sorted(self)) + "}"

    __str__ = __repr__


@dataclass(frozen=True)
class Bundle:
    """A bundle as read by :func:`read_bundle`.

    Attributes:
        settings: the configuration (migrated to the current schema).
        secrets: sealed secret values by Exchange field name (``client_secret`` ...); empty when the bundle
            has no secrets. ``repr`` masks the values.
        report: the last validation report (``CheckResult.to_json()`` dicts), or None.
        report_created_at: when that report was made (aware, UTC), or None.
        created_at: when the bundle was written (aware, UTC).
        bundle_version: the format version of the file as read.
        has_secrets: whether the file carries sealed secrets.
        writer: the calwizard version that wrote it.
        notices: what was migrated (e.g. an older settings schema), for the user to see; empty if nothing.
    """

    settings: Settings
    secrets: MaskedSecrets = field(repr=False)
    report: list[dict[str, Any]] | None
    report_created_at: datetime | None
    created_at: datetime
    bundle_version: int
    has_secrets: bool
    writer: str = ""
    notices: tuple[str, ...] = ()

    @property
    def authenticated(self) -> bool:
        """Whether the bundle's content is authenticated by its seal (see the module docstring). An unsealed
        bundle's settings are no more trustworthy than any configuration file."""
        return self.has_secrets

    def __repr__(self) -> str:
        return (
            f"Bundle(bundle_version={self.bundle_version}, created_at={self.created_at.isoformat()}, "
            f"has_secrets={self.has_secrets}, secrets={self.secrets!r}, mailboxes={len(self.settings.mailboxes)}, "
            f"report={'none' if self.report is None else len(self.report)})"
        )

    def fetcher(self, fallback: SecretFetcher | None = None) -> SecretFetcher:
        """``fetch(ref) -> str`` answering from the sealed secrets.

        A reference is looked up by the Exchange field(s) of :attr:`settings` that hold it; if the bundle has
        no value for it, ``fallback`` (e.g. :func:`calwizard.secretrefs.make_fetcher`) answers, or
        :class:`SecretError` is raised.
        """
        by_field = secret_refs(self.settings)
        sealed = self.secrets

        def fetch(ref: SecretRef) -> str:
            names = [name for name, r in by_field.items() if r == ref]
            for name in names:
                if sealed.get(name):
                    return sealed[name]
            if fallback is not None:
                return fallback(ref)
            where = ", ".join(field_path(n) for n in names) or ref.describe()
            raise SecretError(
                translate("bundle", "the bundle holds no secret for {where}").format(where=where),
                remedy=translate("bundle", "Export the bundle again with its secrets, or store the secret on this "
                                           "machine."),
            )

        return fetch


# --------------------------------------------------------------------------- helpers


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not a string")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(text: Any) -> datetime:
    if not isinstance(text, str):
        raise ValueError("not a time stamp")
    dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        raise ValueError("time stamp without zone")
    return dt.astimezone(UTC)


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    out = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return out[:32], out[32:]


def _verifier(mac_key: bytes) -> bytes:
    return hmac.new(mac_key, _VERIFIER_LABEL, hashlib.sha256).digest()[:16]


def _associated_data(version: int, writer: str, body: bytes, seal_params: dict[str, Any]) -> bytes:
    return b"".join(
        [_AD_PREFIX, str(version).encode(), b"\x00", writer.encode("ascii"), b"\x00", body, b"\x00",
         _canonical(seal_params)]
    )


def _writer_version() -> str:
    from calwizard import __version__

    return re.sub(r"[^0-9A-Za-z.+!_-]", "_", __version__)[:64] or "unknown"


def _header(version: int, writer: str, length: int, digest: str) -> bytes:
    head = f"CALWIZARD-BUNDLE version={version} writer={writer} length={length} sha256={digest}".encode("ascii")
    check = hashlib.sha256(head).hexdigest()[:16]
    return head + f" check={check}".encode("ascii")


def passphrase_strength(passphrase: str) -> tuple[int, str, str]:
    """A rough strength estimate for the passphrase dialogs — and the one passphrase policy: a score of 0 is
    refused everywhere (the wizard's dialog, the terminal prompt, ``CALWIZARD_BUNDLE_PASSPHRASE`` and
    :func:`write_bundle`), see :func:`check_passphrase`.

    Returns:
        ``(score 0..4, label, hint)``: 0 refused (shorter than :data:`MIN_PASSPHRASE_LENGTH` characters, or
        under :data:`MIN_PASSPHRASE_BITS` bits such as ``aaaaaaaaaa``), 1 weak, 2 fair, 3 good, 4 strong. The
        estimate counts length and character classes and discounts repeats; it is a hint, not a guarantee.
    """
    from calwizard.i18n import translate

    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return 0, translate("bundle", "too short"), translate(
            "bundle", "Use at least {n} characters; four or more random words are best.").format(
                n=MIN_PASSPHRASE_LENGTH)
    pools = [
        (r"[a-z]", 26), (r"[A-Z]", 26), (r"[0-9]", 10), (r"[^A-Za-z0-9\s]", 33), (r"\s", 1),
    ]
    pool = sum(size for pattern, size in pools if re.search(pattern, passphrase)) or 1
    distinct = len(set(passphrase))
    effective = min(len(passphrase), distinct * 2)
    import math

    bits = effective * math.log2(pool)
    if bits < MIN_PASSPHRASE_BITS:
        return 0, translate("bundle", "too weak"), translate(
            "bundle", "Too repetitive or too simple: use four or more random words, or 16+ mixed characters.")
    if bits < 50:
        return 1, translate("bundle", "weak"), translate(
            "bundle", "Make it longer: four or more random words, or 16+ mixed characters.")
    if bits < 70:
        return 2, translate("bundle", "fair"), translate(
            "bundle", "A few more words or characters would make it strong.")
    keep = translate("bundle", "Keep it in a password manager; you need it to import the bundle.")
    if bits < 100:
        return 3, translate("bundle", "good"), keep
    return 4, translate("bundle", "strong"), keep


def check_passphrase(passphrase: str | None) -> str:
    """Return ``passphrase`` if the passphrase policy accepts it (:func:`passphrase_strength` score above 0).

    Raises:
        BundlePassphraseError: missing, shorter than :data:`MIN_PASSPHRASE_LENGTH` characters, or too weak; the
            message says which and how to choose a better one.
    """
    too_short = BundlePassphraseError(
        translate("bundle", "the bundle passphrase must have at least {length} characters").format(
            length=MIN_PASSPHRASE_LENGTH),
        remedy=translate("bundle", "Choose a longer passphrase (four or more random words are best)."))
    if passphrase is None:
        raise too_short
    score, label, hint = passphrase_strength(passphrase)
    if score == 0:
        if len(passphrase) < MIN_PASSPHRASE_LENGTH:
            raise too_short
        raise BundlePassphraseError(translate("bundle", "the bundle passphrase is {label}").format(label=label),
                                    remedy=hint)
    return passphrase


# --------------------------------------------------------------------------- writing


def encode_bundle(
    settings: Settings,
    secrets: Mapping[str, str] | None,
    passphrase: str | None,
    report: list[dict[str, Any]] | None = None,
    *,
    report_created_at: datetime | None = None,
    created_at: datetime | None = None,
    scrypt_n: int = DEFAULT_SCRYPT_N,
    _body: dict[str, Any] | None = None,
    _version: int = BUNDLE_VERSION,
) -> bytes:
    """The bytes of a bundle (see :func:`write_bundle` for the arguments; ``_body``/``_version`` are for tests
    that need bundles of other versions)."""
    if secrets is None:
        if passphrase is not None:
            raise ValueError("a passphrase without secrets: pass secrets={} to seal an empty set")
    else:
        unknown = sorted(set(secrets) - set(secret_fields()))
        if unknown:
            raise ValueError(f"unknown secret fields {unknown}; expected some of {list(secret_fields())}")
        if not all(isinstance(v, str) for v in secrets.values()):
            raise ValueError("secret values must be strings")
        check_passphrase(passphrase)
        if not (MIN_SCRYPT_N <= scrypt_n <= MAX_SCRYPT_N) or scrypt_n & (scrypt_n - 1):
            raise ValueError(f"scrypt_n must be a power of two from {MIN_SCRYPT_N} to {MAX_SCRYPT_N}")

    now = datetime.now(UTC)
    if _body is None:
        body_doc: dict[str, Any] = {
            "bundle_version": _version,
            "created_at": _iso(created_at or now),
            "settings": settings_to_dict(settings),
            "report": None
            if report is None
            else {"created_at": _iso(report_created_at or now), "results": list(report)},
            "secret_fields": sorted(secrets) if secrets is not None else [],
        }
    else:
        body_doc = _body
    body = json.dumps(body_doc, indent=1, ensure_ascii=False, sort_keys=False).encode("utf-8") + b"\n"
    writer = _writer_version()

    if secrets is None:
        seal: dict[str, Any] = {"sealed": False}
    else:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        assert passphrase is not None
        salt = _random.token_bytes(16)
        key, mac_key = _derive(passphrase, salt, scrypt_n, SCRYPT_R, SCRYPT_P)
        params: dict[str, Any] = {
            "sealed": True,
            "cipher": "AES-256-GCM",
            "kdf": {"name": "scrypt", "n": scrypt_n, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
            "verifier": _b64(_verifier(mac_key)),
            "nonce": _b64(_random.token_bytes(12)),
        }
        plain = json.dumps(dict(secrets), ensure_ascii=True, sort_keys=True).encode("ascii")
        plain += b" " * (-len(plain) % _PAD)
        ad = _associated_data(_version, writer, body, params)
        ciphertext = AESGCM(key).encrypt(_unb64(params["nonce"]), plain, ad)
        seal = {**params, "ciphertext": _b64(ciphertext)}
    rest = body + _canonical(seal) + b"\n"

    # The header states the total length, which includes the header itself: iterate to a fixed point.
    digest = hashlib.sha256(rest).hexdigest()
    length = 0
    while True:
        header = _header(_version, writer, length, digest) + b"\n"
        if len(header) + len(rest) == length:
            return header + rest
        length = len(header) + len(rest)


def _atomic_write_bytes(path: Path, data: bytes) -> Path:
    from calwizard.fsutil import private_dir

    try:
        if not path.parent.exists():
            private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise BundleError(
            f"cannot write the bundle to {path.parent}: {exc.strerror}", remedy="Choose a writable directory."
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BundleError(
            f"cannot write the bundle {path}: {exc.strerror}", remedy="Check the free space and permissions."
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_bundle(
    path: str | os.PathLike[str],
    settings: Settings,
    secrets: Mapping[str, str] | None,
    passphrase: str | None,
    report: list[dict[str, Any]] | None = None,
    *,
    report_created_at: datetime | None = None,
    scrypt_n: int = DEFAULT_SCRYPT_N,
) -> Path:
    """Write a bundle atomically (temporary file in the same directory, then ``os.replace``; mode 0600).

    Args:
        path: the ``*.calwiz`` file to write.
        settings: the configuration (its secret fields hold references, as always).
        secrets: ``{Exchange field name: value}`` to seal (``password``, ``client_secret``,
            ``client_certificate_password``), or None for a bundle without secrets.
        passphrase: seals the secrets (at least :data:`MIN_PASSPHRASE_LENGTH` characters); None without secrets.
        report: the last validation report (``CheckResult.to_json()`` dicts), or None.
        report_created_at: when the report was made (default: now).
        scrypt_n: scrypt cost (power of two; tests lower it).
    Returns:
        The path written.
    Raises:
        BundlePassphraseError: the passphrase is missing or too short.
        BundleError: the file cannot be written (nothing is left behind).
        ValueError: a programming error (unknown secret field, passphrase without secrets).
    """
    data = encode_bundle(
        settings, secrets, passphrase, report, report_created_at=report_created_at, scrypt_n=scrypt_n
    )
    return _atomic_write_bytes(Path(path), data)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Envelope:
    version: int
    writer: str
    body: bytes
    seal: dict[str, Any]


def _tampered(source: str, what: str) -> BundleTamperedError:
    """The bundle failed an integrity check; ``what`` (English, technical) names the part: inline in English, in the
    details in another language."""
    from calwizard import i18n

    message = (f"{source} was changed or damaged after it was written ({what})"
               if i18n.language() == i18n.SOURCE_LANGUAGE else
               translate("bundle", "{source} was changed or damaged after it was written").format(source=source))
    return BundleTamperedError(
        message, remedy=translate("bundle", "Export the bundle again from the wizard and copy it in binary mode; do "
                                            "not edit it."),
    ).with_detail(what)


def _copy_again() -> str:
    return translate("bundle", "Copy the bundle again; the copy was interrupted.")


def _ends_in_header(source: str) -> BundleTruncatedError:
    return BundleTruncatedError(translate("bundle", "{source} ends inside its header").format(source=source),
                                remedy=_copy_again())


def _release(text: str) -> tuple[int, ...] | None:
    """``"1.4.2"`` -> ``(1, 4, 2)``; None for anything that is not a plain dotted release number."""
    m = re.match(r"^(\d{1,6}(?:\.\d{1,6}){0,3})(?:[.+-]?[A-Za-z0-9.+_!-]*)?$", text)
    return tuple(int(x) for x in m.group(1).split(".")) if m else None


def release_that_reads(writer: str, what: str) -> str:
    """Name a calwizard release that reads a file ``writer`` wrote in a format this one does not read.

    The writer's own release reads it; but a header is easy to forge or garble, so the writer is named only when
    it is a release number newer than this calwizard — otherwise "a calwizard release newer than <this one>"
    (which is always true of a file this release cannot read).
    """
    from calwizard import __version__

    mine, theirs = _release(__version__), _release(writer)
    if mine is not None and theirs is not None and theirs > mine:
        return f"Update calwizard to {writer} or later (the release that wrote it; it reads {what})."
    return f"Update calwizard to a release newer than {__version__} that reads {what}."


def _newer(source: str, version: int, writer: str) -> BundleVersionError:
    from calwizard import __version__

    return BundleVersionError(
        f"{source} is bundle version {version}, written by calwizard {writer}; this calwizard ({__version__}) "
        f"reads bundle versions {OLDEST_BUNDLE_VERSION} to {BUNDLE_VERSION}",
        remedy=release_that_reads(writer, f"bundle version {version}"),
    )


def _open_envelope(data: bytes, source: str) -> _Envelope:
    """Check signature, header, version, length and digest; split into body and seal."""
    if not data:
        raise BundleTruncatedError(translate("bundle", "{source} is empty").format(source=source), remedy=_copy_again())
    if len(data) > MAX_BUNDLE_SIZE:
        raise BundleFormatError(f"{source} is larger than {MAX_BUNDLE_SIZE // (1024 * 1024)} MiB, far larger than any "
                                "bundle", remedy="Check that this is the bundle exported by calwizard.")
    newline = data.find(b"\n", 0, 1024)
    first = data[:newline] if newline >= 0 else data[:1024]
    if not first.startswith(MAGIC):
        if MAGIC.startswith(first) and newline < 0:
            raise _ends_in_header(source)
        if b" version=" in first and b" check=" in first:
            raise _tampered(source, "the header signature")
        raise BundleFormatError(
            translate("bundle", "{source} is not a calwizard bundle (it does not start with the bundle signature)")
            .format(source=source),
            remedy=translate("bundle", "Check the file name: a bundle is the *.calwiz file exported by the wizard or "
                                       "'calwizard export'."),
        )
    if newline < 0:
        if len(data) < 1024:
            raise _ends_in_header(source)
        raise _tampered(source, "the header has no end")
    check = _CHECK_RE.search(first)
    if not check or hashlib.sha256(first[: check.start()]).hexdigest()[:16].encode() != check.group(1):
        raise _tampered(source, "the header")
    prefix = _HEADER_PREFIX_RE.match(first)
    if not prefix:
        raise _tampered(source, "the header")
    version = int(prefix.group(1))
    writer = prefix.group(2).decode("ascii", "replace")
    if version > BUNDLE_VERSION:
        raise _newer(source, version, writer)
    if version < OLDEST_BUNDLE_VERSION:
        raise BundleVersionError(
            f"{source} is bundle version {version}, older than this calwizard can read "
            f"(versions {OLDEST_BUNDLE_VERSION} to {BUNDLE_VERSION})",
            remedy="Export the configuration again with a current calwizard.",
        )
    head = _HEADER_RE.match(first)
    if not head:
        raise _tampered(source, "the header")
    length, digest = int(head.group(3)), head.group(4).decode("ascii")
    if first != _header(version, writer, length, digest):
        raise _tampered(source, "the header")
    if len(data) < length:
        raise BundleTruncatedError(
            translate("bundle", "{source} is truncated: {got} of {length} bytes").format(
                source=source, got=len(data), length=length),
            remedy=translate("bundle", "Copy the bundle again; the copy or download was interrupted."),
        )
    if len(data) > length:
        raise _tampered(source, f"{len(data) - length} bytes were appended")
    rest = data[newline + 1 :]
    if hashlib.sha256(rest).hexdigest() != digest:
        raise _tampered(source, "the content does not match its SHA-256 digest")
    if not rest.endswith(b"\n"):
        raise _tampered(source, "the last line")
    cut = rest.rfind(b"\n", 0, len(rest) - 1)
    if cut < 0:
        raise _tampered(source, "no seal line")
    body, seal_line = rest[: cut + 1], rest[cut + 1 : -1]
    try:
        seal = _loads_bounded(seal_line.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise _tampered(source, "the seal") from None
    if not isinstance(seal, dict) or _canonical(seal) != seal_line:
        raise _tampered(source, "the seal")
    return _Envelope(version, writer, body, seal)


_JSON_TOKENS = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[\[\]{}]')  # possessive: no backtracking state


def _loads_bounded(text: str) -> Any:
    """``json.loads`` refusing (ValueError) documents nested deeper than :data:`MAX_JSON_NESTING`."""
    if nesting_depth(text, _JSON_TOKENS) > MAX_JSON_NESTING:
        raise ValueError("nested too deeply")
    try:
        return json.loads(text)
    except RecursionError:  # pragma: no cover - the nesting check comes first
        raise ValueError("nested too deeply") from None


def _unseal(env: _Envelope, passphrase: str | None, source: str) -> dict[str, str]:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    seal = env.seal
    try:
        kdf = seal["kdf"]
        if seal["cipher"] != "AES-256-GCM" or kdf["name"] != "scrypt":
            raise ValueError("unknown algorithm")
        n, r, p = kdf["n"], kdf["r"], kdf["p"]
        if not all(type(x) is int for x in (n, r, p)) or not (MIN_SCRYPT_N <= n <= MAX_SCRYPT_N) or n & (n - 1):
            raise ValueError("bad scrypt parameters")
        if r != SCRYPT_R or p != SCRYPT_P:
            raise ValueError("bad scrypt parameters")
        if not isinstance(seal["ciphertext"], str) or len(seal["ciphertext"]) > MAX_SEALED_BYTES * 4 // 3 + 4:
            raise ValueError("ciphertext too large")
        salt, verifier = _unb64(kdf["salt"]), _unb64(seal["verifier"])
        nonce, ciphertext = _unb64(seal["nonce"]), _unb64(seal["ciphertext"])
        if not 16 <= len(salt) <= 64 or len(nonce) != 12 or len(verifier) != 16:
            raise ValueError("bad sizes")
        if not 16 <= len(ciphertext) <= MAX_SEALED_BYTES:
            raise ValueError("bad sizes")
    except (KeyError, TypeError, ValueError):
        raise _tampered(source, "the seal parameters are outside the bounds of the bundle format") from None
    if passphrase is None:
        raise BundlePassphraseError(
            translate("bundle", "{source} holds sealed secrets and needs its passphrase").format(source=source),
            remedy=translate("bundle", "Enter the passphrase the bundle was exported with (in a terminal, or in "
                                       "CALWIZARD_BUNDLE_PASSPHRASE), or export it again without secrets."),
        )
    key, mac_key = _derive(passphrase, salt, n, r, p)
    if not hmac.compare_digest(_verifier(mac_key), verifier):
        raise BundlePassphraseError(
            translate("bundle", "the passphrase does not open {source}").format(source=source),
            remedy=translate("bundle", "Enter the passphrase the bundle was exported with (check the keyboard layout "
                                       "and Caps Lock)."),
        )
    params = {k: v for k, v in seal.items() if k != "ciphertext"}
    ad = _associated_data(env.version, env.writer, env.body, params)
    try:
        plain = AESGCM(key).decrypt(nonce, ciphertext, ad)
    except InvalidTag:
        raise _tampered(source, "the authentication tag does not match") from None
    try:
        values = json.loads(plain.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise _tampered(source, "the sealed content") from None
    if not isinstance(values, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
        raise _tampered(source, "the sealed content")
    return values


def parse_bundle(data: bytes, passphrase: str | None, *, source: str = "the bundle") -> Bundle:
    """Verify and decode the bytes of a bundle (see :func:`read_bundle`)."""
    env = _open_envelope(data, source)
    sealed = env.seal.get("sealed")
    if sealed is True:
        values = _unseal(env, passphrase, source)
    elif sealed is False and set(env.seal) == {"sealed"}:
        values = {}
    else:
        raise _tampered(source, "the seal")
    try:
        doc = _loads_bounded(env.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _tampered(source, "the body is not JSON (or nested too deeply)") from None
    if not isinstance(doc, dict):
        raise _tampered(source, "the body")
    if doc.get("bundle_version") != env.version:
        raise _tampered(source, "the body's bundle_version differs from the header's")
    notices: list[str] = []
    version = env.version
    while version < BUNDLE_VERSION:
        doc = BUNDLE_MIGRATIONS[version](dict(doc))
        notices.append(f"bundle version {version} was migrated to {version + 1}")
        version += 1
    try:
        created_at = parse_timestamp(doc["created_at"])
        settings_doc = doc["settings"]
        report_doc = doc.get("report")
        if not isinstance(settings_doc, dict):
            raise TypeError("settings")
        report: list[dict[str, Any]] | None = None
        report_created_at: datetime | None = None
        if report_doc is not None:
            report = list(report_doc["results"])
            if not all(isinstance(r, dict) for r in report):
                raise TypeError("report")
            report_created_at = parse_timestamp(report_doc["created_at"])
    except (KeyError, TypeError, ValueError):
        raise _tampered(source, "the body's structure") from None

    schema = settings_doc.get("schema_version", 0)
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        from calwizard import __version__

        raise BundleVersionError(
            f"the settings in {source} use schema version {schema}; this calwizard ({__version__}) reads up to "
            f"{SCHEMA_VERSION}",
            field="schema_version",
            remedy=release_that_reads(env.writer, f"settings schema version {schema}"),
        )
    if isinstance(schema, int) and schema < SCHEMA_VERSION:
        notices.append(f"settings schema version {schema} was migrated to {SCHEMA_VERSION}")
    try:
        settings = settings_from_dict(migrate(dict(settings_doc), source=source), source=source)
    except BundleError:
        raise
    except ConfigError as exc:
        raise BundleError(exc.message, field=exc.field, remedy=exc.remedy) from None
    return Bundle(
        settings=settings,
        secrets=MaskedSecrets(values),
        report=report,
        report_created_at=report_created_at,
        created_at=created_at,
        bundle_version=env.version,
        has_secrets=sealed is True,
        writer=env.writer,
        notices=tuple(notices),
    )


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a bundle file's bytes.

    Raises:
        BundleError: the file is missing, unreadable, not a regular file (FIFO, device, directory) or larger than
            :data:`MAX_BUNDLE_SIZE`.
    """
    from calwizard.fsutil import read_regular_file
    from calwizard.i18n import translate

    return read_regular_file(path, max_bytes=MAX_BUNDLE_SIZE, what=translate("bundle", "bundle"), error=BundleError)


def is_sealed(data: bytes, source: str = "the bundle") -> bool:
    """Whether the bundle bytes carry sealed secrets (so a passphrase is needed to read them).

    Raises:
        BundleError: not a bundle, truncated, tampered or from a newer version.
    """
    return _open_envelope(data, source).seal.get("sealed") is True


def bundle_is_sealed(path: str | os.PathLike[str]) -> bool:
    """Whether the bundle at ``path`` carries sealed secrets (so a passphrase is needed to read it).

    Raises:
        BundleError: the file is missing, not a bundle, truncated, tampered or from a newer version.
    """
    return _open_envelope(read_bytes(path), str(path)).seal.get("sealed") is True


def read_bundle(path: str | os.PathLike[str], passphrase: str | None) -> Bundle:
    """Read, verify and decode a bundle.

    Args:
        path: the ``*.calwiz`` file.
        passphrase: the passphrase it was sealed with (ignored for a bundle without secrets).
    Returns:
        The :class:`Bundle`; older versions are migrated and say so in :attr:`Bundle.notices`.
    Raises:
        BundleFormatError: not a bundle.
        BundleTruncatedError: shorter than written.
        BundleTamperedError: any byte changed, added or removed otherwise.
        BundleVersionError: written by a newer calwizard (the message names the version needed).
        BundlePassphraseError: the passphrase is wrong, or missing for a sealed bundle.
        BundleError: unreadable file; settings invalid for this calwizard.
    """
    return parse_bundle(read_bytes(path), passphrase, source=str(path))


def collect_secrets(settings: Settings, fetch: SecretFetcher) -> dict[str, str]:
    """``{field name: value}`` for each secret field of ``settings`` that holds a reference.

    Raises:
        SecretError: a reference cannot be resolved (the error names the field).
    """
    out: dict[str, str] = {}
    for name, ref in secret_refs(settings).items():
        try:
            out[name] = fetch(ref)
        except SecretError as exc:
            exc.field = exc.field or field_path(name)
            raise
    return out
