"""Fixtures of the hostile-input suite (issue 13): time and memory guards, a machine with its own encrypted
secret store and no terminal, and a hostile server on loopback with its own CA.

The guards are generous bounds (an order of magnitude above normal), not benchmarks: they catch a hang, a
3-minute key derivation or a 650 MB read, not a slow machine.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from calwizard import cli_secrets


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A machine with no keychain (no D-Bus), the encrypted file store, private XDG dirs and no terminal."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    for var in ("CALWIZARD_BUNDLE_PASSPHRASE", "CALWIZARD_SECRET_STORE", "CALWIZARD_CONFIG_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(cli_secrets, "_is_terminal", lambda: False)
    home = tmp_path / "home"
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                     ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CALWIZARD_STORE_PASSPHRASE", "security suite store passphrase")
    return tmp_path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The hostile server (see :mod:`tests.security.hostile`); tests set its ``mode``."""
    from tests.security.hostile import HostileServer

    with HostileServer(tmp_path_factory.mktemp("hostile")) as server:
        yield server
