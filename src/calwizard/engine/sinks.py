"""Where presence changes go: one JSON object per change, ``{user, pbx_name, activity, presence, until, at}``.

* ``user``: the user's primary SMTP address; ``pbx_name``: the user's name on the PBX;
  ``activity``: ``available`` | ``busy`` | ``away`` | ``dnd``; ``presence``: the presence string with its
  hash tags (seed "Presence string format"); ``until``: end of what is shown (ISO 8601, UTC) or null;
  ``at``: when the engine computed the change (ISO 8601, UTC).

Sinks:

* ``stdout`` (default): one line per change, flushed at once (logs go to stderr).
* a file path: appended line by line, flushed and fsync'ed before the change counts as delivered.
* ``https://…``: a webhook; one POST per change (``Content-Type: application/json``, header
  ``Idempotency-Key`` = instance id + sequence number, so a receiver can drop the one duplicate a crash
  between its answer and our bookkeeping could cause). 2xx delivers; 408, 429 (``Retry-After`` honoured),
  5xx and network errors are retried with exponential backoff (0.5 s doubling to 60 s) for as long as it
  takes, in order; any other answer is a permanent rejection: the record goes to the store's dead letters
  and an error is logged — never dropped silently. The configuration's CA file and host overrides apply.

* ``pbx``: the innovaphone PBX (:class:`calwizard.engine.pbx_sink.PbxSink`): SetPresence for the user, the default
  when a PBX connection is configured.

Delivery is at-least-once from the store's outbox (:class:`SinkWorker`): a record leaves the outbox only
after the sink confirmed it, so a stopped engine or an unreachable webhook loses nothing. Several sinks
(``--sink pbx --sink out.jsonl``) form a :class:`SinkGroup`: each sink has its own worker and its own place in
the outbox (a slow or unreachable sink holds up nobody else), and a record leaves once every sink has it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from calwizard.engine.store import Store
from calwizard.errors import ConfigError
from calwizard.exchange.http import HttpPolicy
from calwizard.i18n import translate

log = logging.getLogger("calwizard.engine.sink")

RETRY_FIRST = 0.5
RETRY_MAX = 60.0


class SinkError(Exception):
    """Delivery failed; ``permanent`` means retrying cannot help (the record is dead-lettered)."""

    def __init__(self, message: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


class StdoutSink:
    description = "stdout"

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    async def deliver(self, payload: str, key: str) -> None:
        stream = self.stream or sys.stdout
        try:
            stream.write(payload + "\n")
            stream.flush()
        except (OSError, ValueError) as exc:  # broken pipe, closed stream
            raise SinkError(f"stdout: {exc}") from None

    async def close(self) -> None:
        return None


class FileSink:
    def __init__(self, path: Path) -> None:
        self.path = Path(path).expanduser()
        self.description = f"file {self.path}"
        try:
            from calwizard.fsutil import private_dir, private_file

            if not self.path.parent.exists():
                private_dir(self.path.parent)
            private_file(self.path)  # presence lines name users and their appointments: owner-only
            self._fh = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the engine's life
        except OSError as exc:
            raise ConfigError(translate("engine", "the sink file {path} cannot be opened: {why}").format(
                path=self.path, why=exc.strerror), field="--sink",
                remedy=translate("engine", "Choose a writable file for --sink.")) from None

    async def deliver(self, payload: str, key: str) -> None:
        try:
            self._fh.write(payload + "\n")
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as exc:
            raise SinkError(f"{self.path}: {exc.strerror}") from None

    async def close(self) -> None:
        with contextlib.suppress(OSError):
            self._fh.close()


class WebhookSink:
    def __init__(self, url: str, http: HttpPolicy) -> None:
        if not url.lower().startswith("https://"):
            raise ConfigError(translate("engine", "{url}: the webhook must be an https:// URL").format(url=repr(url)),
                              field="--sink", remedy=translate(
                                  "engine", "Give the receiver's https:// URL (presence text is not sent in clear)."))
        self.url = url
        self.http = http
        self.description = f"webhook {url.split('?')[0]}"
        self._session: Any = None

    async def deliver(self, payload: str, key: str) -> None:
        import aiohttp

        if self._session is None:
            self._session = self.http.aiohttp_session()
        try:
            # a redirect is never followed: a 307/308 would post the presence records (subjects: personal data) to
            # wherever it points
            async with self._session.post(self.url, data=payload.encode(), allow_redirects=False, headers={
                "Content-Type": "application/json", "Idempotency-Key": key,
                "User-Agent": "calwizard-engine"}) as resp:
                await resp.read()
                status = resp.status
                retry_after = resp.headers.get("Retry-After", "")
                location = resp.headers.get("Location", "")
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            from calwizard.exchange.neterrors import translate_network_error

            # the explanation names the host, never the URL's query (webhook URLs often carry their token there)
            why = translate_network_error(exc, self.url.split("?")[0])
            raise SinkError(f"webhook unreachable: {why.message}") from None
        if 200 <= status < 300:
            return
        if 300 <= status < 400:
            raise SinkError(f"webhook answered HTTP {status}, a redirect to {location.split('?')[0] or 'nowhere'}: not "
                            "followed (the records would go there); give the receiver's final https:// URL to --sink",
                            permanent=True)
        if status in (408, 429) or status >= 500:
            raise SinkError(f"webhook answered HTTP {status}",
                            retry_after=float(retry_after) if retry_after.isdigit() else None)
        raise SinkError(f"webhook rejected the record with HTTP {status}", permanent=True)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def make_sink(spec: str, http: HttpPolicy) -> StdoutSink | FileSink | WebhookSink:
    """``stdout`` | ``https://URL`` | a file path (see the module docstring)."""
    if spec in ("", "-", "stdout"):
        return StdoutSink()
    if spec.lower().startswith(("https://", "http://")):
        return WebhookSink(spec, http)
    return FileSink(Path(spec))


class SinkWorker:
    """Delivers the store's outbox to one sink, in order, retrying until each record is confirmed.

    Without a ``name`` a confirmed record is deleted from the outbox (one sink). With a ``name`` (one of several sinks,
    :class:`SinkGroup`) the worker keeps its place in the outbox as the sink cursor ``name`` and calls ``on_advance``
    after each step, so that the group can delete what every sink has.
    """

    def __init__(self, store: Store, sink: Any, name: str | None = None,
                 on_advance: Callable[[], None] | None = None) -> None:
        self.store = store
        self.sink = sink
        self.name = name
        self.on_advance = on_advance
        self._cursor = store.sink_cursor(name) if name else 0
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self.delivered = 0
        self.failures = 0
        self.dead = 0
        self.last_error = ""
        self.instance = store.meta("instance") or "engine"

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        delay = RETRY_FIRST
        while True:
            self._wake.clear()
            rows = self.store.outbox(100, after=self._cursor)
            if not rows:
                self._idle.set()
                await self._wake.wait()
                continue
            self._idle.clear()
            for seq, payload in rows:
                while True:
                    try:
                        await self.sink.deliver(payload, f"{self.instance}-{seq}")
                    except SinkError as err:
                        self.failures += 1
                        self.last_error = str(err)
                        if err.permanent:
                            self.dead += 1
                            self.store.dead_letter(seq, payload, f"{self.sink.description}: {err}", datetime.now(UTC),
                                                   keep=self.name is not None)
                            log.error("%s: %s; the record is kept as a dead letter in the engine state (seq %d)",
                                      self.sink.description, err, seq)
                            self._advance(seq)
                            break
                        wait = max(err.retry_after or 0.0, delay)
                        log.warning("%s: %s; retrying in %.1f s (%d record(s) waiting)", self.sink.description,
                                    err, wait, self.store.outbox_size())
                        await asyncio.sleep(wait)
                        delay = min(delay * 2, RETRY_MAX)
                        continue
                    self._advance(seq)
                    self.delivered += 1
                    delay = RETRY_FIRST
                    break

    def _advance(self, seq: int) -> None:
        if self.name is None:
            self.store.delivered(seq)
            return
        self._cursor = seq
        self.store.set_sink_cursor(self.name, seq)
        if self.on_advance is not None:
            self.on_advance()

    def pending(self) -> int:
        """Records this sink has not confirmed yet."""
        return len(self.store.outbox(10_000, after=self._cursor))

    async def drain(self, timeout: float) -> bool:
        """Wait until the outbox is empty (True) or ``timeout`` passed (False: the rest waits in the store)."""
        self.wake()
        try:
            await asyncio.wait_for(self._wait_empty(), timeout)
        except TimeoutError:
            return False
        return True

    async def _wait_empty(self) -> None:
        while self.store.outbox(1, after=self._cursor):
            self._idle.clear()
            self.wake()
            await self._idle.wait()


class SinkGroup:
    """Several sinks fed from one outbox (see the module docstring); the same interface as :class:`SinkWorker`.

    Args:
        store: the engine state.
        sinks: ``[(name, sink)]``; the name identifies the sink's place in the outbox across restarts (the spec
            given on the command line, e.g. ``pbx`` or ``out.jsonl``).
    """

    def __init__(self, store: Store, sinks: list[tuple[str, Any]]) -> None:
        self.store = store
        self.names = [n for n, _ in sinks]
        self.workers = [SinkWorker(store, sink, name, self._trim) for name, sink in sinks]
        store.trim_outbox(self.names)

    @property
    def sinks(self) -> list[Any]:
        return [w.sink for w in self.workers]

    def _trim(self) -> None:
        self.store.trim_outbox(self.names)

    def wake(self) -> None:
        for w in self.workers:
            w.wake()

    async def run(self) -> None:
        await asyncio.gather(*(w.run() for w in self.workers))

    async def drain(self, timeout: float) -> bool:
        """Wait until every sink has every record (True), or ``timeout`` seconds passed (False)."""
        results = await asyncio.gather(*(w.drain(timeout) for w in self.workers))
        return all(results)

    @property
    def delivered(self) -> int:
        return sum(w.delivered for w in self.workers)

    @property
    def failures(self) -> int:
        return sum(w.failures for w in self.workers)

    @property
    def dead(self) -> int:
        return sum(w.dead for w in self.workers)

    @property
    def last_error(self) -> str:
        return next((w.last_error for w in self.workers if w.last_error), "")
