"""Data at rest (issue 13): state databases, logs, caches, sink files and configurations are created owner-only —
0600 files and 0700 directories on POSIX, an owner-only ACL on Windows (that code path is exercised here with a
stand-in for advapi32, since this machine is not Windows)."""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from calwizard import fsutil

posix_only = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Any:
    """A permissive umask (022 is common; 000 shows that nothing relies on it)."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@posix_only
def test_engine_state_is_owner_only(tmp_path: Path, open_umask: None) -> None:
    from calwizard.engine.store import DB_NAME, Store

    state = tmp_path / "a" / "state"
    store = Store(state)
    try:
        store.set_meta("x", "y")  # WAL and SHM exist now
        files = [p for p in state.iterdir() if p.name.startswith(DB_NAME)]
        assert {p.name for p in files} >= {DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"}
        assert all(mode(p) == 0o600 for p in [*files, state / "engine.lock"]), {p.name: oct(mode(p)) for p in files}
        assert mode(state) == 0o700 and mode(state.parent) == 0o700  # created here: owner-only too
    finally:
        store.close()


@posix_only
def test_an_older_world_readable_state_is_made_owner_only(tmp_path: Path) -> None:
    from calwizard.engine.store import DB_NAME, Store

    store = Store(tmp_path / "state")
    store.close()
    for p in (tmp_path / "state").iterdir():
        os.chmod(p, 0o644)
    os.chmod(tmp_path / "state", 0o755)
    Store(tmp_path / "state").close()
    assert mode(tmp_path / "state") == 0o700 and mode(tmp_path / "state" / DB_NAME) == 0o600


@posix_only
def test_sink_and_log_files_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    from calwizard.engine.logs import Redactor, setup
    from calwizard.engine.sinks import FileSink

    sink = FileSink(tmp_path / "out" / "presence.jsonl")
    asyncio.run(sink.deliver('{"user": "anna@contoso.com"}', "k"))
    asyncio.run(sink.close())
    assert mode(tmp_path / "out" / "presence.jsonl") == 0o600 and mode(tmp_path / "out") == 0o700

    root = logging.getLogger()
    handlers = list(root.handlers)
    level = root.level
    handler = setup(level="info", verbose=False, log_file=tmp_path / "logs" / "engine.log", redactor=Redactor())
    try:
        logging.getLogger("calwizard.test").warning("anna: Meeting until 12:30")
        assert mode(tmp_path / "logs" / "engine.log") == 0o600 and mode(tmp_path / "logs") == 0o700
    finally:
        assert handler is not None
        root.removeHandler(handler)
        handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)


@posix_only
def test_caches_configurations_and_bundles_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    from calwizard.bundle import write_bundle
    from calwizard.exchange.http import HttpPolicy
    from calwizard.sandbox.certs import ensure_keys
    from calwizard.settings import Settings, save_settings

    keys = ensure_keys(tmp_path / "ca")
    bundle = Path(HttpPolicy(ca_file=keys.ca_file, cache_dir=tmp_path / "cache" / "calwizard").verify_path())
    assert mode(bundle) == 0o600 and mode(tmp_path / "cache" / "calwizard") == 0o700
    config = save_settings(Settings(), tmp_path / "profiles" / "p.toml")
    assert mode(config) == 0o600 and mode(tmp_path / "profiles") == 0o700
    out = write_bundle(tmp_path / "export" / "p.calwiz", Settings(), None, None)
    assert mode(out) == 0o600 and mode(tmp_path / "export") == 0o700


def test_the_windows_code_path_sets_a_protected_owner_only_dacl(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows, restrict_to_owner converts an SDDL string (owner and SYSTEM only, protected from inheritance)
    and applies it with SetFileSecurityW. Here a stand-in advapi32/kernel32 records the calls."""
    import ctypes

    calls: list[tuple[str, Any]] = []

    class Advapi:
        def ConvertStringSecurityDescriptorToSecurityDescriptorW(self, sddl: Any, rev: int, out: Any,
                                                                 size: Any) -> int:
            calls.append(("convert", sddl.value))
            return 1

        def SetFileSecurityW(self, path: Any, info: int, descriptor: Any) -> int:
            calls.append(("set", (path.value, info)))
            return 1

    class Kernel:
        def LocalFree(self, handle: Any) -> None:
            calls.append(("free", None))

    def win_dll(name: str, use_last_error: bool = False) -> Any:
        return Advapi() if name == "advapi32" else Kernel()

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", win_dll, raising=False)
    f = tmp_path / "engine.sqlite3"
    f.write_text("x")
    fsutil.restrict_to_owner(f)
    fsutil.restrict_to_owner(tmp_path)
    assert ("convert", fsutil.OWNER_ONLY_FILE_SDDL) in calls and ("convert", fsutil.OWNER_ONLY_DIR_SDDL) in calls
    assert ("set", (str(f), 0x80000004)) in calls  # DACL, protected
    assert calls.count(("free", None)) == 2
    assert fsutil.OWNER_ONLY_FILE_SDDL.startswith("D:P(") and "(A;;FA;;;OW)" in fsutil.OWNER_ONLY_FILE_SDDL


def test_windows_without_advapi_keeps_going(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            caplog: pytest.LogCaptureFixture) -> None:
    import ctypes

    def no_dll(name: str, use_last_error: bool = False) -> Any:
        raise OSError("not here")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", no_dll, raising=False)
    caplog.set_level(logging.DEBUG, logger="calwizard.fsutil")
    fsutil.restrict_to_owner(tmp_path)  # no exception: the caller's operation goes on
    assert "inherited ACL" in caplog.text
