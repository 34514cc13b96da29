"""Reading and writing configuration files.

A configuration is a TOML file with a top-level ``schema_version``. Files from a
newer calwizard are refused (the message names the version needed); older ones
are migrated explicitly, one version at a time (:data:`MIGRATIONS`). Writes are
atomic: a temporary file in the same directory, flushed, then ``os.replace``
(mode 0600, in a directory created owner-only).
Secrets are never written: secret fields hold references (see :class:`SecretRef`).

Configuration files come from other people, so reading is bounded (the limits are constants here and listed
in the README):

* only a regular file (a FIFO, device, directory or socket is refused before anything is read — never a hang),
  at most :data:`MAX_CONFIG_BYTES`; an empty file is an error of its own;
* UTF-8 TOML nested at most :data:`MAX_NESTING` levels deep (the parser's own recursion limit is never reached);
* every string at most :data:`MAX_STRING_LENGTH` characters (:data:`MAX_PATH_LENGTH` for file paths), with no
  control characters, no bidirectional-override characters; no dates or times, no infinite or NaN numbers;
* strict types (:func:`settings_from_dict`): ``true`` is not a number, ``1`` is not a boolean, ``"5"`` is not
  a number. Enumerations are written as their string values.

Errors name the field (a dotted path such as ``exchange.user``) and never repeat an oversized value.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import tempfile
import tomllib
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from calwizard import i18n
from calwizard.errors import ConfigError
from calwizard.i18n import QT_TRANSLATE_NOOP, translate
from calwizard.settings.model import SCHEMA_VERSION, Mailbox, Settings, forbidden_character

MAX_CONFIG_BYTES = 8 * 1024 * 1024
"""Largest configuration file read (8 MiB; 10,000 mailboxes take about 1 MiB)."""
MAX_NESTING = 16
"""Deepest nesting of tables and arrays accepted (the model itself needs 4)."""
MAX_STRING_LENGTH = 2048
"""Longest string value or key accepted (URLs, names, addresses)."""
MAX_PATH_LENGTH = 4096
"""Longest file path accepted (``ca_file``, ``client_certificate``)."""
_PATH_KEYS = frozenset({"ca_file", "client_certificate"})

Migration = Callable[[dict[str, Any]], dict[str, Any]]

MIGRATIONS: dict[int, Migration] = {
    # version N -> function turning a version-N document into a version-(N+1) document.
    0: lambda doc: doc,  # version 0: pre-release files without schema_version; same layout
    1: lambda doc: doc,  # version 1 -> 2: only fields with defaults were added (model.SCHEMA_VERSION)
}


PYDANTIC_MESSAGES: dict[str, str] = {
    "extra_forbidden": QT_TRANSLATE_NOOP("settings", "unknown setting (misspelled? remove it or check the "
                                                     "documentation)"),
    "missing": QT_TRANSLATE_NOOP("settings", "Field required"),
    "float_type": QT_TRANSLATE_NOOP("settings", "Input should be a valid number"),
    "int_type": QT_TRANSLATE_NOOP("settings", "Input should be a valid integer"),
    "int_from_float": QT_TRANSLATE_NOOP("settings", "Input should be a valid integer, got a number with a "
                                                    "fractional part"),
    "int_parsing": QT_TRANSLATE_NOOP("settings", "Input should be a valid integer, unable to parse string as an "
                                                 "integer"),
    "float_parsing": QT_TRANSLATE_NOOP("settings", "Input should be a valid number, unable to parse string as a "
                                                   "number"),
    "bool_parsing": QT_TRANSLATE_NOOP("settings", "Input should be a valid boolean, unable to interpret input"),
    "bool_type": QT_TRANSLATE_NOOP("settings", "Input should be a valid boolean"),
    "string_type": QT_TRANSLATE_NOOP("settings", "Input should be a valid string"),
    "list_type": QT_TRANSLATE_NOOP("settings", "Input should be a valid array"),
    "model_type": QT_TRANSLATE_NOOP("settings", "Input should be an object"),
    "dict_type": QT_TRANSLATE_NOOP("settings", "Input should be an object"),
    "date_type": QT_TRANSLATE_NOOP("settings", "Input should be a valid date"),
    "enum": QT_TRANSLATE_NOOP("settings", "Input should be {expected}"),
    "string_too_short": QT_TRANSLATE_NOOP("settings", "String should have at least {min_length} character"),
}
"""pydantic's own messages (by error type) in the interface language; other types keep pydantic's English."""


def validation_message(err: Any) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as a message in the interface language: a
    validator's own message (already translated where it was raised) or pydantic's, by :data:`PYDANTIC_MESSAGES`."""
    msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    template = PYDANTIC_MESSAGES.get(err.get("type", ""))
    if template is None or (err["type"] != "extra_forbidden" and i18n.language() == i18n.SOURCE_LANGUAGE):
        return msg  # English: pydantic's text as it is
    ctx = dict(err.get("ctx") or {})
    if "expected" in ctx:  # "'a', 'b' or 'c'"
        ctx["expected"] = str(ctx["expected"]).replace("' or '", "' {} '".format(translate("settings", "or")))
    try:
        return translate("settings", template).format(**ctx)
    except (KeyError, IndexError, ValueError):
        return msg


def describe_validation_error(exc: ValidationError, prefix: str = "") -> str:
    """Turn a pydantic error into ``field: message`` lines naming each offending field."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p != "__root__")
        msg = validation_message(err)
        lines.append(f"{prefix}{loc}: {msg}" if loc else f"{prefix}{msg}")
    return "; ".join(lines)


_NOT_NESTED = QT_TRANSLATE_NOOP("settings", "A configuration is never nested this deeply: check that this is a "
                                           "calwizard configuration.")


def _where(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def check_document(doc: Any, *, source: str = "configuration") -> None:
    """Check the shape of a parsed configuration document before it is validated (see the module docstring).

    Raises:
        ConfigError: too deeply nested, an oversized or control-character string, a date/time or a non-finite
            number; the message names the field (never the oversized value).
    """

    def fail(path: tuple[str | int, ...], what: str, remedy: str | None = None) -> None:
        raise ConfigError(f"{source}: {_where(path)}: {what}", field=_where(path),
                          remedy=remedy or translate("settings", "Correct the value and try again."))

    def string(path: tuple[str | int, ...], value: str, key: bool = False) -> None:
        limit = MAX_PATH_LENGTH if path and path[-1] in _PATH_KEYS else MAX_STRING_LENGTH
        if len(value) > limit:
            fail(path, (translate("settings", "the key is {length} characters long; at most {limit} are accepted")
                        if key else
                        translate("settings", "the value is {length} characters long; at most {limit} are "
                                              "accepted")).format(length=len(value), limit=limit))
        bad = forbidden_character(value)
        if bad is not None:
            fail(path, (translate("settings", "the key contains the control character {char}") if key else
                        translate("settings", "the value contains the control character {char}")).format(char=bad),
                 remedy=translate("settings", "Remove control characters (line breaks, tabs, escape or "
                                              "direction-override characters)."))

    stack: list[tuple[tuple[str | int, ...], Any, int]] = [((), doc, 1)]
    while stack:
        path, value, depth = stack.pop()
        if isinstance(value, dict | list) and depth > MAX_NESTING:
            fail(path, translate("settings", "nested more than {limit} levels deep").format(limit=MAX_NESTING),
                 remedy=translate("settings", _NOT_NESTED))
        if isinstance(value, dict):
            for k, v in value.items():
                string((*path, k), str(k), key=True)
                stack.append(((*path, str(k)), v, depth + 1))
        elif isinstance(value, list):
            stack.extend(((*path, i), v, depth + 1) for i, v in enumerate(value))
        elif isinstance(value, str):
            string(path, value)
        elif isinstance(value, datetime | date | time):
            fail(path, translate("settings", "a date or time is not a valid value here"))
        elif isinstance(value, float) and not math.isfinite(value):
            fail(path, translate("settings", "the number is not finite"))


def settings_from_dict(doc: dict[str, Any], *, source: str = "configuration") -> Settings:
    """Validate a configuration document (already migrated) into :class:`Settings`, strictly.

    The document is checked with :func:`check_document` and validated with strict types, as JSON would be:
    ``true`` is not a number, ``1`` is not a boolean and ``"5"`` is not a number; enumerations are strings.

    Raises:
        ConfigError: a field is invalid; the message names the field and the fix.
    """
    check_document(doc, source=source)
    body = {k: v for k, v in doc.items() if k != "schema_version"}
    try:
        return Settings.model_validate_json(json.dumps(body), strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            translate("settings", "{source} is invalid: {problems}").format(
                source=source, problems=describe_validation_error(exc)),
            field=field or None,
            remedy=translate("settings", "Correct the value named above and try again."),
        ) from None


def migrate(doc: dict[str, Any], *, source: str = "configuration") -> dict[str, Any]:
    """Bring a document to :data:`SCHEMA_VERSION`.

    Raises:
        ConfigError: the document is from a newer calwizard or has no usable version.
    """
    version = doc.get("schema_version", 0)
    if not isinstance(version, int) or version < 0:
        raise ConfigError(translate("settings", "{source}: schema_version {version} is not a version number").format(
            source=source, version=repr(version)), field="schema_version")
    if version > SCHEMA_VERSION:
        raise ConfigError(
            translate("settings", "{source} was written by a newer calwizard (schema version {version}; this one "
                                  "reads up to {supported})").format(source=source, version=version,
                                                                     supported=SCHEMA_VERSION),
            field="schema_version",
            remedy=translate("settings", "Update calwizard to a release that reads schema version {version}.")
            .format(version=version),
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
    from calwizard.fsutil import read_regular_file

    p = Path(path)
    return settings_from_bytes(read_regular_file(p, max_bytes=MAX_CONFIG_BYTES,
                                                 what=translate("settings", "configuration file")), source=str(p))


def settings_from_bytes(raw: bytes, *, source: str = "configuration") -> Settings:
    """Parse, migrate and validate the bytes of a configuration file (see :func:`load_settings`).

    Raises:
        ConfigError: larger than :data:`MAX_CONFIG_BYTES`, empty, not UTF-8 TOML, from a newer version, or invalid.
    """
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(translate("settings", "{source} is larger than {limit} MiB, far larger than any "
                                                "configuration file calwizard writes").format(
                              source=source, limit=MAX_CONFIG_BYTES // (1024 * 1024)),
                          remedy=translate("settings", "Check that this is the right file."))
    return settings_from_dict(migrate(parse_toml(raw, source=source), source=source), source=source)


def parse_toml(raw: bytes, *, source: str = "configuration") -> dict[str, Any]:
    """Parse the bytes of a configuration file (UTF-8 TOML) into a document.

    Raises:
        ConfigError: empty, not UTF-8, not TOML, or nested too deeply.
    """
    if not raw.strip():
        raise ConfigError(translate("settings", "{source} is empty").format(source=source),
                          remedy=translate("settings", "Choose the configuration file saved by the wizard, or write "
                                                       "one (see the README); an empty file holds no "
                                                       "configuration."))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(translate("settings", "{source} is not a UTF-8 text file (invalid byte at offset "
                                                "{offset})").format(source=source, offset=exc.start),
                          remedy=translate("settings", "Save the configuration as UTF-8, or save it again from the "
                                                       "wizard.")) from None
    if text.count("[") + text.count("{") > MAX_NESTING and _nesting(text) > MAX_NESTING:
        raise ConfigError(translate("settings", "{source} is nested more than {limit} levels deep").format(
                              source=source, limit=MAX_NESTING), remedy=translate("settings", _NOT_NESTED))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            translate("settings", "{source} is not a valid TOML file: {why}").format(source=source, why=exc),
            remedy=translate("settings", "Fix the syntax, or save it again from the wizard.")) from None
    except RecursionError:  # pragma: no cover - _nesting catches it first
        raise ConfigError(translate("settings", "{source} is nested more than {limit} levels deep").format(
            source=source, limit=MAX_NESTING), remedy=translate("settings", _NOT_NESTED)) from None


def nesting_depth(text: str, tokens: re.Pattern[str]) -> int:
    """The deepest nesting of ``[``/``{`` in ``text``, scanning only the tokens ``tokens`` finds (strings and
    comments match as wholes and are skipped; brackets match alone). Never below the truth for well-formed
    text; one regex pass, no recursion."""
    depth = deepest = 0
    for m in tokens.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _nesting(text: str) -> int:
    """:func:`nesting_depth` of TOML (a table header counts as one level)."""
    return nesting_depth(text, _TOKENS)


_TOKENS = re.compile(  # possessive quantifiers: no backtracking state, whatever the string's length
    r'''"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"|'[^'\n]*+'|#[^\n]*+|[\[\]{}]''')


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
    """Write ``text`` to ``path`` atomically; never leaves a half-written file behind. Directories created on
    the way are owner-only (0700)."""
    from calwizard.fsutil import private_dir

    try:
        if not path.parent.exists():
            private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ConfigError(translate("settings", "cannot write to {path}: {why}").format(
            path=path.parent, why=exc.strerror)) from None
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
                translate("settings", "CSV line {line}: expected a PBX name and at least one SMTP address").format(
                    line=lineno),
                field="mailboxes",
                remedy=translate("settings", "Write one user per line: name,address[;address…]"),
            )
        addresses = ";".join(c for c in cells[1:] if c).replace(" ", ";")
        try:
            out.append(Mailbox(pbx_name=cells[0], addresses=addresses))
        except ValidationError as exc:
            raise ConfigError(
                translate("settings", "CSV line {line}: {problems}").format(
                    line=lineno, problems=describe_validation_error(exc)), field="mailboxes"
            ) from None
    return out
