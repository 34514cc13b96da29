"""Fixtures of the engine integration tests: a sandbox of their own (short keep-alives, one streaming
"minute" = 1 s, short ErrorServerBusy back-off), its control API, and configurations."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.control import ControlClient
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings.model import Mailbox, Settings


@pytest.fixture(scope="module")
def engine_sandbox(sandbox_data_dir: Path) -> Iterator[Sandbox]:
    sb = Sandbox(sandbox_data_dir, stream_keepalive_seconds=0.5, stream_minute_seconds=1.0, ews_back_off_ms=200)
    sb.start()
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture(scope="module")
def engine_policy(engine_sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> HttpPolicy:
    return HttpPolicy(ca_file=engine_sandbox.ca_file, host_overrides=engine_sandbox.host_overrides, timeout=20.0,
                      cache_dir=tmp_path_factory.mktemp("engine-ca"))


@pytest.fixture(scope="module")
def control(engine_policy: HttpPolicy) -> Iterator[ControlClient]:
    client = ControlClient(engine_policy)
    yield client
    client.close()


@pytest.fixture
def onprem(engine_sandbox: Sandbox, sandbox_data_dir: Path) -> Settings:
    """On-premises: three users that work, one impersonation-denied, one calendar-denied, one unknown."""
    s = scenario_settings("onprem-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file, sandbox_data_dir)
    s.mailboxes = [
        Mailbox(pbx_name="anna", addresses=[data.CONTOSO_UNKNOWN, data.CONTOSO_ANNA_SECONDARY]),
        Mailbox(pbx_name="ben", addresses=[data.CONTOSO_BEN]),
        Mailbox(pbx_name="room-1", addresses=[data.CONTOSO_ROOM]),
        Mailbox(pbx_name="legal", addresses=[data.CONTOSO_LEGAL]),
        Mailbox(pbx_name="exec", addresses=[data.CONTOSO_EXEC]),
        Mailbox(pbx_name="ghost", addresses=[data.CONTOSO_UNKNOWN]),
    ]
    return s


@pytest.fixture
def app_only(engine_sandbox: Sandbox, sandbox_data_dir: Path) -> Settings:
    return scenario_settings("app-only-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file, sandbox_data_dir)
