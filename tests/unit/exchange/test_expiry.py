"""The client secret's and certificate's expiry: the 30/14/7-day stages that validation, the engine's log and
``engine status`` share, and the setting the wizard writes."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from calwizard.engine import cli as engine_cli
from calwizard.engine.sinks import SinkWorker
from calwizard.engine.store import Store
from calwizard.engine.sync import EngineOptions, SyncEngine
from calwizard.exchange.expiry import CredentialExpiry, configured_expiries, secret_expiry, warnings
from calwizard.settings.model import ExchangeSettings, Mailbox, PbxSettings, SecretRef, Settings, SyncType

sys.path.insert(0, str(Path(__file__).parents[1] / "engine"))
from test_sync import ListSink, MemoryBackend

NOW = datetime(2027, 6, 1, 0, 0, tzinfo=UTC)


def secret(days: int) -> CredentialExpiry:
    return CredentialExpiry("client secret", secret_expiry((NOW + timedelta(days=days)).date()), "f")


@pytest.mark.parametrize(("days", "stage"), [(60, None), (31, None), (30, 30), (29, 30), (15, 30), (14, 14),
                                             (8, 14), (7, 7), (1, 7), (0, 0), (-3, 0)])
def test_stages_are_30_14_7_and_expired(days: int, stage: int | None) -> None:
    assert secret(days).stage(NOW) == stage


def test_messages_name_the_days_and_the_date() -> None:
    assert secret(12).message(NOW) == "the client secret expires in 12 days (on 2027-06-13)"
    assert secret(12).message(NOW + timedelta(hours=9)) == "the client secret expires in 11 days (on 2027-06-13)"
    assert secret(-3).message(NOW) == "the client secret expired 3 days ago (on 2027-05-29)"
    assert [m for _, m in warnings([secret(40), secret(5)], NOW)] == [
        "the client secret expires in 5 days (on 2027-06-06)"]


def test_only_the_credential_in_use_counts() -> None:
    ex = ExchangeSettings(sync_type=SyncType.CLOUD_APP_ONLY, client_secret=SecretRef(env="S"),
                          client_secret_expires="2027-06-30")
    assert [(c.what, c.expires.date()) for c in configured_expiries(ex)] == [("client secret", date(2027, 6, 30))]
    cert_end = datetime(2027, 7, 1, 12, tzinfo=UTC)
    ex.client_certificate = "/x/cert.pfx"  # a certificate wins over the secret
    assert [(c.what, c.expires) for c in configured_expiries(ex, cert_end)] == [("client certificate", cert_end)]
    ex.sync_type = SyncType.ON_PREMISES
    assert configured_expiries(ex, cert_end) == []


def test_secret_expiry_setting_accepts_the_portals_date_forms_and_names_the_fix() -> None:
    assert ExchangeSettings(client_secret_expires="30.06.2027").client_secret_expires == date(2027, 6, 30)
    assert ExchangeSettings(client_secret_expires=" ").client_secret_expires is None
    with pytest.raises(ValueError, match=r"(?s)client_secret_expires.*YYYY-MM-DD"):
        ExchangeSettings(client_secret_expires="6/30/2027")


async def test_engine_logs_the_stage_at_start_and_at_midnight_and_status_shows_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.INFO, "calwizard.engine")
    clock = {"now": datetime.now(UTC)}
    expires = CredentialExpiry("client secret", clock["now"] + timedelta(days=20, hours=1), "exchange.x")
    settings = Settings(pbx=PbxSettings(presence_timezone="UTC"),
                        mailboxes=[Mailbox(pbx_name="anna", addresses=["anna@x.test"])])
    backend = MemoryBackend()
    backend.directory = {"anna@x.test": "anna@x.test"}
    store = Store(tmp_path)
    engine = SyncEngine(settings, backend, store, SinkWorker(store, ListSink()), EngineOptions(),  # type: ignore[arg-type]
                        clock=lambda: clock["now"], credentials=[expires])
    stop = asyncio.Event()
    task = asyncio.ensure_future(engine.run(stop))
    await asyncio.wait_for(engine.started.wait(), 5)
    warned = [r for r in caplog.records if "client secret expires" in r.getMessage()]
    assert len(warned) == 1 and warned[0].levelno == logging.WARNING
    assert "expires in 20 days" in warned[0].getMessage() and "Certificates & secrets" in warned[0].getMessage()
    engine._midnight(clock["now"])  # same stage: nothing new
    clock["now"] += timedelta(days=7)  # 13 days left: the 14-day stage
    engine._midnight(clock["now"])
    clock["now"] += timedelta(days=14)  # expired
    engine._midnight(clock["now"])
    stop.set()
    await asyncio.wait_for(task, 5)
    store.close()
    msgs = [(r.levelno, r.getMessage()) for r in caplog.records if "client secret" in r.getMessage()]
    assert len(msgs) == 3, msgs  # once per stage: 30 (at start), 14, expired
    assert "expires in 20 days" in msgs[0][1] and "expires in 13 days" in msgs[1][1]
    assert msgs[2][0] == logging.ERROR and "the client secret expired today" in msgs[2][1]

    report = engine_cli.status_report(tmp_path)
    (entry,) = report["credential_expiry"]
    assert entry["what"] == "client secret" and entry["warning"].startswith("the client secret expires in")
    assert 19 <= entry["days_left"] <= 20 and "Certificates & secrets" in entry["remedy"]
    assert json.dumps(report)  # JSON-able for --json

    class Args:
        state_dir = tmp_path
        json = False
        health = None

    assert engine_cli.cmd_status(Args()) == 0  # type: ignore[arg-type]
    assert "WARNING: the client secret expires in" in capsys.readouterr().out
