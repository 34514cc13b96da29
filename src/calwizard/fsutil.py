"""Files from outside and files we keep: bounded reading, owner-only permissions.

Two jobs, both below every other module of calwizard (this module imports only :mod:`calwizard.errors`):

* :func:`read_regular_file` reads a file someone handed us (a configuration, a bundle, a report) the safe
  way: only a regular file (a FIFO, a character or block device such as ``/dev/zero``, a directory or a socket is
  refused at once, never read: it could block forever or never end), opened without blocking (``O_NONBLOCK``
  where the platform has it) and checked with ``fstat`` on the open descriptor (no race between check and
  read), and never more than ``max_bytes`` (an oversized file is refused before its content is read).
* :func:`private_dir`, :func:`private_file` and :func:`restrict_to_owner` keep what calwizard writes to disk
  owner-only: on POSIX directories 0700 and files 0600; on Windows a protected DACL that grants full access
  to the owner (``OWNER RIGHTS``) and ``SYSTEM`` only (``SetFileSecurityW`` with an SDDL string; where the
  call is not available the file keeps its inherited ACL and a debug message says so). Used for the engine's
  state database and its WAL/SHM files, presence sink files, caches, configurations, bundles and the
  encrypted secret store.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
from pathlib import Path

from calwizard.errors import ConfigError
from calwizard.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

_KINDS = (
    (stat.S_ISDIR, QT_TRANSLATE_NOOP("files", "a directory")),
    (stat.S_ISFIFO, QT_TRANSLATE_NOOP("files", "a FIFO (named pipe)")),
    (stat.S_ISCHR, QT_TRANSLATE_NOOP("files", "a character device")),
    (stat.S_ISBLK, QT_TRANSLATE_NOOP("files", "a block device")),
    (stat.S_ISSOCK, QT_TRANSLATE_NOOP("files", "a socket")),
)


_NOT_REGULAR = QT_TRANSLATE_NOOP("files", "not a regular file")


def _kind(mode: int) -> str | None:
    """What a non-regular file is (for the message), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), _NOT_REGULAR)


def _human(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MiB" if n >= 1024 * 1024 else f"{n // 1024} KiB" if n >= 1024 else f"{n} bytes"


def read_regular_file(path: str | os.PathLike[str], *, max_bytes: int, what: str = "file",
                      error: type[ConfigError] = ConfigError) -> bytes:
    """Read the whole regular file at ``path``, refusing anything else.

    Args:
        path: the file.
        max_bytes: the largest size accepted (bytes); a larger file is refused without reading it.
        what: how to name the file in messages ("configuration file", "bundle"), in the interface language.
        error: the :class:`ConfigError` subclass to raise (e.g. ``BundleError``).
    Returns:
        The file's bytes (possibly empty: the caller decides whether that is an error).
    Raises:
        ConfigError (``error``): missing, unreadable, not a regular file (FIFO, device, directory, socket), or
        larger than ``max_bytes``. Never blocks on a FIFO or device and never reads more than ``max_bytes + 1``.
    """
    p = Path(path)
    try:
        before = os.stat(p)
    except FileNotFoundError:
        raise error(translate("files", "{what} {path} does not exist").format(what=what, path=p),
                    remedy=translate("files", "Check the path.")) from None
    except OSError as exc:
        raise _unreadable(error, what, p, exc, translate("files", "Check the path and permissions.")) from None
    kind = _kind(before.st_mode)
    if kind is not None:
        raise _not_regular(error, what, p, kind)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise _unreadable(error, what, p, exc, translate("files", "Check the file's permissions.")) from None
    try:
        st = os.fstat(fd)
        kind = _kind(st.st_mode)
        if kind is not None:  # replaced between stat and open
            raise _not_regular(error, what, p, kind)
        if st.st_size > max_bytes:
            raise _too_large(error, what, p, max_bytes)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1024 * 1024, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise _too_large(error, what, p, max_bytes)
    except BlockingIOError:
        raise _not_regular(error, what, p, _NOT_REGULAR) from None
    except OSError as exc:
        raise _unreadable(error, what, p, exc, translate("files", "Check the file.")) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _unreadable(error: type[ConfigError], what: str, p: Path, exc: OSError, remedy: str) -> ConfigError:
    return error(translate("files", "cannot read {what} {path}: {why}").format(what=what, path=p, why=exc.strerror),
                 remedy=remedy)


def _not_regular(error: type[ConfigError], what: str, p: Path, kind: str) -> ConfigError:
    return error(translate("files", "{what} {path} is {kind}, not a regular file").format(
        what=what, path=p, kind=translate("files", kind)),
                 remedy=translate("files", "Give the path of the {what} itself.").format(what=what))


def _too_large(error: type[ConfigError], what: str, p: Path, max_bytes: int) -> ConfigError:
    return error(translate("files", "{what} {path} is larger than {limit}, far larger than any {what} calwizard "
                                    "writes").format(what=what, path=p, limit=_human(max_bytes)),
                 remedy=translate("files", "Check that this is the right file (at most {limit}).").format(
                     limit=_human(max_bytes)))


# --------------------------------------------------------------------------- owner-only files

OWNER_ONLY_DIR_SDDL = "D:P(A;OICI;FA;;;OW)(A;OICI;FA;;;SY)"
"""Windows: protected DACL for directories — full access for the owner and SYSTEM, inherited by children."""
OWNER_ONLY_FILE_SDDL = "D:P(A;;FA;;;OW)(A;;FA;;;SY)"
"""Windows: protected DACL for files — full access for the owner and SYSTEM only."""


def _windows_set_dacl(path: Path, sddl: str) -> bool:
    """Apply ``sddl`` (a DACL) to ``path`` with advapi32; returns whether it worked."""
    import ctypes
    from ctypes import wintypes

    advapi = ctypes.WinDLL("advapi32", use_last_error=True)  # type: ignore[attr-defined]
    kernel = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    descriptor = ctypes.c_void_p()
    if not advapi.ConvertStringSecurityDescriptorToSecurityDescriptorW(
        wintypes.LPCWSTR(sddl), 1, ctypes.byref(descriptor), None
    ):
        return False
    try:
        dacl_security_information = 0x00000004
        protected_dacl_security_information = 0x80000000
        return bool(advapi.SetFileSecurityW(
            wintypes.LPCWSTR(str(path)), dacl_security_information | protected_dacl_security_information, descriptor
        ))
    finally:
        kernel.LocalFree(descriptor)


def restrict_to_owner(path: str | os.PathLike[str]) -> None:
    """Make an existing file or directory owner-only (POSIX 0600/0700; Windows: owner + SYSTEM DACL).

    Failures (a file system without permissions, a file owned by someone else) are logged at debug level,
    never raised: the caller's operation goes on.
    """
    p = Path(path)
    is_dir = p.is_dir()
    if sys.platform.startswith("win"):
        try:
            ok = _windows_set_dacl(p, OWNER_ONLY_DIR_SDDL if is_dir else OWNER_ONLY_FILE_SDDL)
        except (OSError, AttributeError, ValueError) as exc:  # no advapi32 (e.g. Wine without it)
            ok = False
            log.debug("cannot set an owner-only ACL on %s: %s", p, exc)
        if not ok:
            log.debug("%s keeps its inherited ACL (SetFileSecurityW failed)", p)
        return
    try:
        os.chmod(p, 0o700 if is_dir else 0o600)
    except OSError as exc:
        log.debug("cannot make %s owner-only: %s", p, exc.strerror)


def private_dir(path: str | os.PathLike[str]) -> Path:
    """Create ``path`` (and missing parents) owner-only, and make it owner-only if it exists.

    Parents created here are owner-only too; existing parents are left alone.

    Raises:
        OSError: the directory cannot be created.
    """
    p = Path(path)
    missing = [d for d in (p, *p.parents) if not d.exists()]
    p.mkdir(parents=True, exist_ok=True, mode=0o700)
    for d in missing:
        restrict_to_owner(d)
    restrict_to_owner(p)
    return p


def private_file(path: str | os.PathLike[str]) -> Path:
    """Create ``path`` empty if it does not exist (mode 0600 from the start), and make it owner-only.

    Use it before a library creates a file with its own defaults (SQLite: its WAL and SHM files then get
    the same mode as the database file).

    Raises:
        OSError: the file cannot be created.
    """
    p = Path(path)
    with contextlib.suppress(FileExistsError):
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        os.close(fd)
    restrict_to_owner(p)
    return p
