"""Sinks and the outbox worker: in order, retried, never dropped silently."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

import pytest

from calwizard.engine.sinks import FileSink, SinkError, SinkWorker, StdoutSink, WebhookSink, make_sink
from calwizard.engine.store import Store
from calwizard.errors import ConfigError
from calwizard.exchange.http import HttpPolicy


def _record(n: int) -> dict[str, object]:
    return {"user": "a@x.test", "pbx_name": "anna", "activity": "busy", "presence": f"P{n}", "until": None,
            "at": "2030-01-01T00:00:00Z"}


class Flaky:
    """Fails ``transient`` times, then rejects payloads containing ``reject`` for good, else accepts."""

    description = "flaky"

    def __init__(self, transient: int, reject: str = "") -> None:
        self.transient = transient
        self.reject = reject
        self.got: list[str] = []
        self.keys: list[str] = []
        self.calls = 0

    async def deliver(self, payload: str, key: str) -> None:
        self.calls += 1
        if self.transient:
            self.transient -= 1
            raise SinkError("down", retry_after=0.01)
        if self.reject and self.reject in payload:
            raise SinkError("HTTP 400", permanent=True)
        self.got.append(json.loads(payload)["presence"])
        self.keys.append(key)

    async def close(self) -> None:
        return None


async def test_worker_retries_in_order_and_dead_letters_rejections(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import calwizard.engine.sinks as sinks

    monkeypatch.setattr(sinks, "RETRY_FIRST", 0.01)
    store = Store(tmp_path)
    for n in range(4):
        store.record_presence(_record(n))
    sink = Flaky(transient=3, reject="P2")
    worker = SinkWorker(store, sink)
    task = asyncio.ensure_future(worker.run())
    assert await worker.drain(5)
    assert sink.got == ["P0", "P1", "P3"], "delivered in order; the rejected one is not lost but dead-lettered"
    assert store.dead_letters() == 1 and store.outbox_size() == 0
    assert worker.failures == 4 and worker.dead == 1
    assert len(set(sink.keys)) == 3 and all(k.startswith(store.meta("instance") or "?") for k in sink.keys)
    store.record_presence(_record(9))
    worker.wake()
    assert await worker.drain(5) and sink.got[-1] == "P9"
    task.cancel()
    store.close()


async def test_stdout_and_file_sinks(tmp_path: Path) -> None:
    out = io.StringIO()
    await StdoutSink(out).deliver('{"a": 1}', "k")
    assert out.getvalue() == '{"a": 1}\n'
    path = tmp_path / "sub" / "presence.jsonl"
    sink = FileSink(path)
    await sink.deliver('{"a": 1}', "k1")
    await sink.deliver('{"b": "ä"}', "k2")
    await sink.close()
    assert path.read_text(encoding="utf-8").splitlines() == ['{"a": 1}', '{"b": "ä"}']


def test_make_sink_and_https_only(tmp_path: Path) -> None:
    http = HttpPolicy()
    assert isinstance(make_sink("stdout", http), StdoutSink)
    assert isinstance(make_sink("https://hooks.example/presence", http), WebhookSink)
    assert isinstance(make_sink(str(tmp_path / "f.jsonl"), http), FileSink)
    with pytest.raises(ConfigError, match="https"):
        make_sink("http://hooks.example/presence", http)
