"""Reading and writing configuration files.

A configuration is a TOML file with a top-level ``schema_version``. Files from a
newer calwizard are refused (the message names the version needed); older ones
are migrated explicitly, one version at a time (:data:`MIGRATIONS`). Writes are
atomic: a temporary file in the same directory, flushed, then ``os.replace``.
Secrets are never written: secret fields hold references (see :class:`SecretRef`).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from calwizard.errors import ConfigError
from calwizard.settings.model import SCHEMA_VERSION, Mailbox, Settings

Migration = Callable[[dict[str, Any]], dict[str, Any]]

MIGRATIONS: dict[int, Migration] = {
    # version N -> function turning a version-N document into a version-(N+1) document.
    0: lambda doc: doc,  # version 0: pre-release files without schema_version; same layout
}


def describe_validation_error(exc: ValidationError, prefix: str = "") -> str:
    """Turn a pydantic error into ``field: message`` lines naming each offending field."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p != "__root__")
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if err["type"] == "extra_forbidden":
            msg = "unknown setting (misspelled? remove it or check the documentation)"
        lines.append(f"{prefix}{loc}: {msg}" if loc else f"{prefix}{msg}")
    return "; ".join(lines)


def settings_from_dict(doc: dict[str, Any], *, source: str = "configuration") -> Settings:
    """Validate a configuration document (already migrated) into :class:`Settings`.

    Raises:
        ConfigError: a field is invalid; the message names the field and the fix.
    """
    body = {k: v for k, v in doc.items() if k != "schema_version"}
    try:
        return Settings.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"{source} is invalid: {describe_validation_error(exc)}",
            field=field or None,
            remedy="Correct the value named above and try again.",
        ) from None


def migrate(doc: dict[str, Any], *, source: str = "configuration") -> dict[str, Any]:
    """Bring a document to :data:`SCHEMA_VERSION`.

    Raises:
        ConfigError: the document is from a newer calwizard or has no usable version.
    """
    version = doc.get("schema_version", 0)
    if not isinstance(version, int) or version < 0:
        raise ConfigError(f"{source}: schema_version {version!r} is not a version number", field="schema_version")
    if version > SCHEMA_VERSION:
        raise ConfigError(
            f"{source} was written by a newer calwizard (schema version {version}; this one reads up to "
            f"{SCHEMA_VERSION})",
            field="schema_version",
            remedy=f"Update calwizard to a release that reads schema version {version}.",
        )
    while version < SCHEMA_VERSION:
        doc = MIGRATIONS[version](dict(doc))
        version += 1
    doc["schema_version"] = SCHEMA_VERSION
    return doc


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read, migrate and validate a configuration file.

    Raises:
        ConfigError: the file is missing, unreadable, not TOML, from a newer version, or invalid.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"configuration file {p} does not exist", remedy="Check the path.") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {p}: {exc.strerror}", remedy="Check the file's permissions.") from None
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{p} is not a valid TOML file: {exc}", remedy="Fix the syntax, or save it again from the wizard."
        ) from None
    return settings_from_dict(migrate(doc, source=str(p)), source=str(p))


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    """The TOML document for ``settings`` (no secret values: references only)."""
    body = settings.model_dump(mode="json", exclude_none=True)
    return {"schema_version": SCHEMA_VERSION, **body}


def dumps_settings(settings: Settings) -> str:
    """Serialize ``settings`` to TOML text."""
    return tomli_w.dumps(settings_to_dict(settings))


def save_settings(settings: Settings, path: str | os.PathLike[str]) -> Path:
    """Write ``settings`` to ``path`` atomically (temp file in the same directory + ``os.replace``).

    Returns:
        The path written.
    Raises:
        ConfigError: the directory cannot be written.
    """
    return atomic_write_text(Path(path), dumps_settings(settings))


def atomic_write_text(path: Path, text: str, mode: int = 0o600) -> Path:
    """Write ``text`` to ``path`` atomically; never leaves a half-written file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ConfigError(f"cannot write to {path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def mailboxes_from_csv(text: str) -> list[Mailbox]:
    """Parse a CSV of users to sync.

    Accepted: two columns ``pbx_name,addresses`` (header optional; ``name``/``user`` and
    ``email``/``mail``/``smtp`` headers are recognized), comma- or semicolon-delimited
    files (Excel in German locales writes ';'). Several addresses in one cell are separated
    by ';' (quote the cell in a ';'-delimited file) or by spaces.

    Raises:
        ConfigError: a row is invalid; the message gives the line number and the fix.
    """
    # The delimiter: a tab or a comma anywhere means that one (a ';' may then separate addresses in a cell);
    # otherwise ';' (Excel in German locales). csv.Sniffer guesses wrong when rows have different lengths.
    delimiter = "\t" if "\t" in text else "," if "," in text else ";"
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    out: list[Mailbox] = []
    start = 0
    if rows and rows[0] and rows[0][0].strip().lower() in ("pbx_name", "name", "user", "pbx name", "username"):
        start = 1
    for lineno, row in enumerate(rows[start:], start=start + 1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) < 2:
            raise ConfigError(
                f"CSV line {lineno}: expected a PBX name and at least one SMTP address",
                field="mailboxes",
                remedy="Write one user per line: name,address[;address…]",
            )
        addresses = ";".join(c for c in cells[1:] if c).replace(" ", ";")
        try:
            out.append(Mailbox(pbx_name=cells[0], addresses=addresses))
        except ValidationError as exc:
            raise ConfigError(
                f"CSV line {lineno}: {describe_validation_error(exc)}", field="mailboxes"
            ) from None
    return out
