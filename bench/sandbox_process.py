"""The sandbox in a process of its own, for benchmarks that load it with many mailboxes.

Generated (bulk) mailboxes are process-wide (:func:`calwizard.sandbox.data.set_bulk_mailboxes`) and a loaded
sandbox competes for the interpreter with the client under test, so benchmarks start it with
:func:`sandbox_process` and talk to it over loopback HTTPS like any client.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class SandboxProcess:
    """A running sandbox process: its ports, CA file, host overrides and process id."""

    port: int
    http_port: int
    ca_file: Path
    host_overrides: dict[str, str]
    pid: int


def _serve(q: Any, data_dir: str, latency_ms: int, mailboxes: int, concurrency: int, stop: Any,
           shard_accounts: int = 0) -> None:
    """The sandbox process: serve until ``stop`` is set."""
    import logging

    from calwizard.sandbox import Sandbox

    logging.basicConfig(level=logging.WARNING)
    sb = Sandbox(Path(data_dir), latency_ms=latency_ms, ews_concurrency=concurrency, bulk_mailboxes=mailboxes,
                 ews_back_off_ms=200, shard_accounts=shard_accounts)
    sb.start()
    q.put((sb.port, sb.http_port, str(sb.ca_file)))
    stop.wait()
    sb.stop()


def _first_message(q: Any, proc: Any, timeout: float) -> Any:
    """The first item ``proc`` puts on ``q``; SystemExit if it dies or says nothing within ``timeout``."""
    import queue
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return q.get(timeout=0.5)
        except queue.Empty:
            if not proc.is_alive():
                raise SystemExit(f"the sandbox process ended (exit code {proc.exitcode})") from None
    raise SystemExit(f"the sandbox process did not start within {timeout:g} s")


@contextlib.contextmanager
def sandbox_process(data_dir: Path, *, latency_ms: int, mailboxes: int, concurrency: int = 27,
                    shard_accounts: int = 0) -> Iterator[SandboxProcess]:
    """Start a sandbox process (``mailboxes`` generated mailboxes, every answer delayed by ``latency_ms``,
    ``concurrency`` EWS requests per account, ``shard_accounts`` service accounts svc-shard0… of their own for engine
    shards) and stop it when the block ends."""
    from calwizard.sandbox import data

    ctx = mp.get_context("spawn")
    q, stop = ctx.Queue(), ctx.Event()
    proc = ctx.Process(target=_serve, daemon=True,
                       args=(q, str(data_dir), latency_ms, mailboxes, concurrency, stop, shard_accounts))
    proc.start()
    try:
        port, http_port, ca_file = _first_message(q, proc, 180)
        overrides = {}
        for host in data.ALL_HOSTS:
            overrides[f"{host}:443"] = f"127.0.0.1:{port}"
            overrides[f"{host}:80"] = f"127.0.0.1:{http_port}"
        yield SandboxProcess(port, http_port, Path(ca_file), overrides, proc.pid or 0)
    finally:
        stop.set()
        proc.join(10)
        if proc.is_alive():
            proc.kill()


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) of process ``pid`` (Linux /proc; 0.0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> list[float] | None:
    """1/5/15-minute load averages (the machine may be shared: timings depend on it)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None
