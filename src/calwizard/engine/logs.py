"""Logging of the engine as a service: a rotating file in the platform's log directory, journald-friendly
stderr, configurable levels, and a last line of defence against secrets in any log line.

* ``--log-file [PATH]``: a :class:`logging.handlers.RotatingFileHandler` (:data:`MAX_BYTES` per file,
  :data:`BACKUPS` old files), created owner-only (0600). Without PATH: :func:`default_log_file` — the
  platform's log directory from platformdirs (``site_log_dir`` for a service: ``/var/log/calwizard``,
  ``/Library/Logs/calwizard``, ``C:\\ProgramData\\calwizard\\Logs``; the user's log directory when that is not
  writable).
* ``--log-level``: ``debug`` | ``info`` | ``warning`` | ``error`` for every handler (default ``info`` with a log
  file or ``-v``, else ``warning``).
* **journald**: when stderr is connected to the journal (systemd sets ``JOURNAL_STREAM``), each line starts
  with its syslog priority (``<3>`` error, ``<4>`` warning, ``<6>`` info, ``<7>`` debug; sd-daemon(3)), so
  ``journalctl -p warning -u calwizard-…`` filters by level; no timestamp (the journal adds its own).
* **Redaction**: every handler formats through :class:`RedactingFormatter`: the secret values of the running
  configuration (:meth:`Redactor.add`), the passphrases in the environment, and anything shaped like a JWT
  (an OAuth access token) are replaced by ``[redacted]`` before a line is written — even if a bug or a
  library's debug output tried to log one.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from calwizard.i18n import translate
from calwizard.redaction import JWT, MASK, PASSPHRASE_ENVS, Redactor
from calwizard.redaction import OwnerOnlyRotatingFileHandler as _OwnerOnlyRotatingFileHandler

__all__ = ["BACKUPS", "JWT", "LEVELS", "MASK", "MAX_BYTES", "PASSPHRASE_ENVS", "RedactingFormatter", "Redactor",
           "default_log_file", "setup"]

MAX_BYTES = 10 * 1024 * 1024
BACKUPS = 5
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_PRIORITY = {logging.CRITICAL: 2, logging.ERROR: 3, logging.WARNING: 4, logging.INFO: 6, logging.DEBUG: 7}


class RedactingFormatter(logging.Formatter):
    """A formatter whose output (message, arguments and traceback) went through a :class:`Redactor`."""

    def __init__(self, redactor: Redactor, fmt: str = FORMAT, *, journald: bool = False) -> None:
        super().__init__(fmt)
        self.redactor = redactor
        self.journald = journald

    def format(self, record: logging.LogRecord) -> str:
        text = self.redactor(super().format(record))
        if self.journald:
            prio = _PRIORITY.get(record.levelno, 6 if record.levelno < logging.WARNING else 3)
            text = "\n".join(f"<{prio}>{line}" for line in text.splitlines() or [""])
        return text


def default_log_file(name: str = "engine") -> Path:
    """``<site log dir>/<name>.log`` if that directory can be written, else the user's log directory."""
    import platformdirs

    for base in (platformdirs.site_log_path("calwizard", appauthor=False),
                 platformdirs.user_log_path("calwizard", appauthor=False)):
        try:
            base.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            continue
        if os.access(base, os.W_OK):
            return base / f"{name}.log"
    return platformdirs.user_log_path("calwizard", appauthor=False) / f"{name}.log"


def setup(*, level: str | None, verbose: bool, log_file: Path | None, redactor: Redactor) -> logging.Handler | None:
    """Configure the root logger for ``engine run``: stderr (journald-aware) and optionally a rotating file.

    Returns the file handler (None without ``log_file``).

    Raises:
        ConfigError: unknown level, or the log file cannot be opened (field ``--log-file``).
    """
    from calwizard.errors import ConfigError

    if level is not None and level.lower() not in LEVELS:
        raise ConfigError(translate("engine", "--log-level {value} is not one of {levels}").format(
            value=repr(level), levels=", ".join(LEVELS)), field="--log-level",
            remedy=translate("engine", "Use one of: {levels}.").format(levels=", ".join(LEVELS)))
    lvl = LEVELS[level.lower()] if level else (logging.INFO if verbose or log_file else logging.WARNING)
    root = logging.getLogger()
    root.setLevel(lvl)
    journald = bool(os.environ.get("JOURNAL_STREAM"))
    for handler in root.handlers:
        if isinstance(handler, logging.StreamHandler) and getattr(handler, "stream", None) in (sys.stderr,
                                                                                                sys.__stderr__):
            handler.setLevel(lvl)
            handler.setFormatter(RedactingFormatter(redactor, "%(levelname)s %(name)s: %(message)s" if journald
                                                    else FORMAT, journald=journald))
    if log_file is None:
        return None
    try:
        if not log_file.parent.exists():
            from calwizard.fsutil import private_dir

            private_dir(log_file.parent)
        handler = _OwnerOnlyRotatingFileHandler(log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(translate("engine", "cannot write the log file {path}: {why}").format(
            path=log_file, why=exc.strerror or exc), field="--log-file",
            remedy=translate("engine", "Choose a writable path with --log-file PATH.")) from None
    handler.setLevel(lvl)
    handler.setFormatter(RedactingFormatter(redactor))
    root.addHandler(handler)
    return handler
