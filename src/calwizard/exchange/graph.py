"""Microsoft Graph v1.0 over HTTPS: the one transport of the Graph validation checks and the sync engine.

Microsoft's rules it follows ("Microsoft Graph service-specific throttling limits", Outlook service; "Combine
multiple requests in one HTTP call using JSON batching"):

* at most :data:`MAILBOX_CONCURRENCY` (4) requests per app and mailbox in flight;
* 429 and 503 (and 504) are retried after their ``Retry-After`` — only that mailbox waits, the others go on;
* with JSON batching, requests issued in the same moment share one ``POST /$batch`` (up to :data:`MAX_BATCH`),
  each part with its own status, ``Retry-After`` and retry;
* a 401 gets one new token (``force``) and one more try.

TLS goes through :class:`calwizard.exchange.http.HttpPolicy` (extra CA, host overrides; verification never off);
network and TLS failures become :class:`GraphUnreachable` carrying the explained
:class:`~calwizard.errors.NetworkError`.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, urlencode

from calwizard.errors import NetworkError

if TYPE_CHECKING:
    from calwizard.exchange.http import HttpPolicy

log = logging.getLogger("calwizard.graph")

MAILBOX_CONCURRENCY = 4
"""Concurrent requests per app and mailbox ("Microsoft Graph service-specific throttling limits", Outlook)."""
MAX_BATCH = 20
"""Requests per JSON batch (Microsoft Graph's limit)."""
MAX_RETRY_AFTER = 300.0
"""Longest ``Retry-After`` honoured for one answer by default (seconds)."""
MAX_RETRIES = 8
"""Throttled answers of one request retried by default before the throttled answer is returned."""
BATCH_WINDOW = 0.005
"""Seconds a request waits for others to share its JSON batch (a full batch goes at once)."""


def graph_time(t: datetime) -> str:
    """``2026-11-22T09:00:00Z`` (UTC) for startDateTime/endDateTime."""
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class TokenProvider(Protocol):
    async def token(self, force: bool = False) -> str:
        """The bearer token; ``force``: a new one (the service answered 401)."""


class GraphUnreachable(Exception):
    """Microsoft Graph could not be reached (network, proxy, TLS). ``error`` explains it for a technician."""

    def __init__(self, error: NetworkError) -> None:
        super().__init__(error.message)
        self.error = error




@dataclass
class Answer:
    """One Graph answer: HTTP status, JSON body (``{}`` if none) and headers that matter."""

    status: int
    body: dict[str, Any]
    retry_after: float | None = None

    @property
    def code(self) -> str:
        err = self.body.get("error")
        return str(err.get("code", "")) if isinstance(err, dict) else ""

    @property
    def message(self) -> str:
        err = self.body.get("error")
        return str(err.get("message", "")) if isinstance(err, dict) else ""


def batch_answers(body: Any, count: int) -> list[Answer]:
    """The answers of a JSON batch ("Combine multiple requests in one HTTP call using JSON batching"): one per
    request ``0 .. count-1`` by its ``id``; a part the answer lacks or garbles is a 502 ``BatchPartMissing``.
    Never raises, whatever a server sends."""
    responses = body.get("responses") if isinstance(body, dict) else None
    by_id = {str(r.get("id")): r for r in responses if isinstance(r, dict)} if isinstance(responses, list) else {}
    out: list[Answer] = []
    for i in range(count):
        r = by_id.get(str(i))
        status = r.get("status") if r is not None else None
        if r is None or not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
            out.append(Answer(502, {"error": {"code": "BatchPartMissing",
                                              "message": "the JSON batch answer lacks this request"}}))
            continue
        headers = r.get("headers")
        hdrs = {str(k).lower(): v for k, v in headers.items()} if isinstance(headers, dict) else {}
        part_body = r.get("body")
        out.append(Answer(status, part_body if isinstance(part_body, dict) else {},
                          _retry_after(hdrs.get("retry-after"))))
    return out


def _retry_after(value: Any) -> float | None:
    try:
        seconds = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return min(max(seconds, 0.0), 86400.0) if seconds == seconds else None  # NaN is no wait


@dataclass(eq=False)
class _Pending:
    mailbox: str
    url: str
    headers: dict[str, str]
    future: asyncio.Future[Answer]


@dataclass
class GraphCounters:
    """Request counters for ``engine status`` and the benchmark."""

    http_requests: int = 0
    """HTTP requests sent (a JSON batch counts once)."""
    graph_requests: int = 0
    """Graph requests made (each part of a batch counts)."""
    batches: int = 0
    throttled: int = 0
    """429/503 answers (each was retried after its Retry-After)."""
    token_renewals_on_401: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_status: dict[int, int] = field(default_factory=dict)
    """Graph answers per HTTP status (each attempt; the engine's metrics report them by result)."""


class GraphClient:
    """GET requests to Microsoft Graph on behalf of mailboxes: ≤ 4 in flight per mailbox, 429/503/504 retried after
    ``Retry-After``, 401 answered with one token renewal, optionally combined into JSON batches. Used by the
    validation checks and the sync engine alike.

    Args:
        http: HTTP policy (CA file, host overrides, timeout in seconds per request).
        base: Graph v1.0 root, e.g. ``https://graph.microsoft.com/v1.0``
            (:attr:`calwizard.exchange.clouds.CloudEndpoints.graph_base_url`).
        tokens: an object with ``async token(force: bool = False) -> str`` (the bearer token; ``force`` after a
            401); its errors pass through.
        use_batch: send requests through ``POST /$batch`` (up to 20 per HTTP request).
        max_connections: HTTP connections at most.
        max_retries: throttled answers of one request retried before that answer is returned.
        max_retry_after: longest wait honoured for one ``Retry-After`` (seconds).
    """

    def __init__(self, http: HttpPolicy, base: str, tokens: TokenProvider, *, use_batch: bool = True,
                 max_connections: int = 16, max_retries: int = MAX_RETRIES,
                 max_retry_after: float = MAX_RETRY_AFTER) -> None:
        self.http = http
        self.tokens = tokens
        self.use_batch = use_batch
        self.base = base
        self.timeout = float(http.timeout)
        self.max_connections = max_connections
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self.retries_by_mailbox: dict[str, int] = {}
        self.counters = GraphCounters()
        self._session: Any = None
        self._http_gate: asyncio.Semaphore | None = None
        self._mailbox_gates: dict[str, asyncio.Semaphore] = {}
        self._resume_at: dict[str, float] = {}
        self._queue: list[_Pending] = []
        self._flush_handle: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.in_flight = 0
        self.peak_in_flight = 0

    async def open(self) -> None:
        import aiohttp

        self._session = self.http.aiohttp_session(limit=self.max_connections,
                                                      cookie_jar=aiohttp.DummyCookieJar())
        self._http_gate = asyncio.Semaphore(self.max_connections)

    async def close(self) -> None:
        if self._flush_handle is not None:
            self._flush_handle.cancel()
        for p in self._queue:
            if not p.future.done():
                p.future.cancel()
        self._queue.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

    def url(self, path: str, params: dict[str, str] | None = None) -> str:
        """An absolute Graph URL for ``path`` (e.g. ``/users/a@b/calendarView``) and query ``params``."""
        query = "?" + urlencode(params, safe="$:,'\"=", quote_via=quote) if params else ""
        return f"{self.base}{path}{query}"

    def _gate(self, mailbox: str) -> asyncio.Semaphore:
        key = mailbox.lower()
        gate = self._mailbox_gates.get(key)
        if gate is None:
            gate = self._mailbox_gates[key] = asyncio.Semaphore(MAILBOX_CONCURRENCY)
        return gate

    def _own(self, url: str) -> str:
        """``url`` if it is on the Graph root's origin (scheme, host, port); else :class:`GraphUnreachable`. Links
        come from answers (``@odata.nextLink``/``@odata.deltaLink``): one that points elsewhere is never followed
        with the access token."""
        from urllib.parse import urlsplit

        from calwizard.errors import NetworkError

        want, got = urlsplit(self.base), urlsplit(url)
        try:
            same = (got.scheme, got.hostname, got.port or 443) == (want.scheme, want.hostname, want.port or 443)
        except ValueError:  # a port that is no number
            same = False
        if same:
            return url
        elsewhere = f"{got.scheme}://{got.netloc.rpartition('@')[2]}"
        raise GraphUnreachable(NetworkError(
            f"an answer of {want.hostname} links to {elsewhere}, outside Microsoft Graph: not followed (the access "
            "token would go there)", host=want.hostname or "", url=self.base,
            remedy="A proxy or another server answers in Microsoft Graph's place: check the cloud setting, the host "
                   "overrides and any proxy in between.").because("not_protocol"))

    async def get(self, mailbox: str, url: str, headers: dict[str, str] | None = None, *,
                  kind: str = "get") -> Answer:
        """GET ``url`` (absolute, from :meth:`url` or an ``@odata.nextLink``/``@odata.deltaLink``; on the Graph
        root's origin, else :class:`GraphUnreachable`) within ``mailbox``'s concurrency; the final answer (2xx or an
        error status; 429/503/504 are retried up to ``max_retries`` times first). Raises :class:`GraphUnreachable`
        (network, TLS, a link elsewhere), what the token provider raises, and ``asyncio.CancelledError``."""
        url = self._own(url)
        loop = asyncio.get_running_loop()
        self.counters.by_kind[kind] = self.counters.by_kind.get(kind, 0) + 1
        renewed = False
        attempt = 0
        key = mailbox.lower()
        while True:
            while (delay := self._resume_at.get(key, 0.0) - loop.time()) > 0:
                await asyncio.sleep(delay)
            async with self._gate(mailbox):
                self.in_flight += 1
                self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
                try:
                    answer = await (self._batched(mailbox, url, headers or {}) if self.use_batch
                                    else self._direct(url, headers or {}))
                finally:
                    self.in_flight -= 1
            self.counters.graph_requests += 1
            self.counters.by_status[answer.status] = self.counters.by_status.get(answer.status, 0) + 1
            if answer.status == 401 and not renewed:
                renewed = True
                self.counters.token_renewals_on_401 += 1
                await self.tokens.token(force=True)
                continue
            if answer.status in (429, 503, 504) and attempt < self.max_retries:
                attempt += 1
                self.counters.throttled += 1
                self.retries_by_mailbox[key] = self.retries_by_mailbox.get(key, 0) + 1
                wait = min(answer.retry_after if answer.retry_after is not None else 2.0 ** attempt,
                           self.max_retry_after)
                self._resume_at[key] = max(self._resume_at.get(key, 0.0), loop.time() + wait)
                log.info("graph: HTTP %s for %s, retrying after %.2f s (Retry-After)", answer.status, mailbox, wait)
                continue
            return answer

    async def request(self, method: str, path: str, body: dict[str, Any] | None = None, *,
                      params: dict[str, str] | None = None) -> Answer:
        """One directory request (``POST /applications``, ``DELETE /servicePrincipals/{id}``…), not tied to a
        mailbox and never batched: 429/503/504 are retried after ``Retry-After`` (up to ``max_retries``), a 401 gets
        one token renewal. ``path`` is relative to the Graph root (``/applications``) or absolute. Raises
        :class:`GraphUnreachable`, what the token provider raises, and ``asyncio.CancelledError``."""
        url = path if path.startswith("https://") else self.url(path, params)
        renewed = False
        attempt = 0
        while True:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            answer = await self._send(method, url, headers, body)
            self.counters.graph_requests += 1
            if answer.status == 401 and not renewed:
                renewed = True
                await self.tokens.token(force=True)
                continue
            if answer.status in (429, 503, 504) and attempt < self.max_retries:
                attempt += 1
                self.counters.throttled += 1
                await asyncio.sleep(min(answer.retry_after if answer.retry_after is not None else 2.0 ** attempt,
                                        self.max_retry_after))
                continue
            return answer

    # ---------------------------------------------------------------------------------- transport

    async def _send(self, method: str, url: str, headers: dict[str, str], body: Any = None) -> Answer:
        import aiohttp

        assert self._session is not None and self._http_gate is not None, "GraphClient.open() was not awaited"
        url = self._own(url)
        token = await self.tokens.token()
        all_headers = {"Authorization": f"Bearer {token}", "Accept": "application/json", **headers}
        async with self._http_gate:
            self.counters.http_requests += 1
            try:
                async with self._session.request(method, url, headers=all_headers, json=body,
                                                 timeout=aiohttp.ClientTimeout(total=self.timeout)) as resp:
                    try:
                        data = await resp.json(content_type=None)
                    except ValueError:
                        data = {}
                    return Answer(resp.status, data if isinstance(data, dict) else {},
                                  _retry_after(resp.headers.get("Retry-After")))
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                from calwizard.exchange.neterrors import translate_network_error

                raise GraphUnreachable(translate_network_error(exc, url.split("?", 1)[0])) from None

    async def _direct(self, url: str, headers: dict[str, str]) -> Answer:
        return await self._send("GET", url, headers)

    async def _batched(self, mailbox: str, url: str, headers: dict[str, str]) -> Answer:
        loop = asyncio.get_running_loop()
        pending = _Pending(mailbox, url, headers, loop.create_future())
        self._queue.append(pending)
        if len(self._queue) >= MAX_BATCH:
            self._flush()
        elif self._flush_handle is None:
            self._flush_handle = loop.call_later(BATCH_WINDOW, self._flush)
        return await pending.future

    def _flush(self) -> None:
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        while self._queue:
            part, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            task = asyncio.ensure_future(self._post_batch(part))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def _relative(self, url: str) -> str:
        return url[len(self.base):] if url.startswith(self.base) else url

    async def _post_batch(self, part: list[_Pending]) -> None:
        live = [p for p in part if not p.future.done()]
        if not live:
            return
        if len(live) == 1:  # nothing to share the request with: a plain GET is smaller
            await self._settle(live, self._direct(live[0].url, live[0].headers))
            return
        self.counters.batches += 1
        payload = {"requests": [{"id": str(i), "method": "GET", "url": self._relative(p.url),
                                 **({"headers": p.headers} if p.headers else {})} for i, p in enumerate(live)]}
        await self._settle(live, self._send("POST", f"{self.base}/$batch", {"Content-Type": "application/json"},
                                            payload), batch=True)

    async def _settle(self, live: list[_Pending], call: Any, *, batch: bool = False) -> None:
        try:
            answer: Answer = await call
        except BaseException as exc:
            for p in live:
                if not p.future.done():
                    if isinstance(exc, asyncio.CancelledError):
                        p.future.cancel()
                    else:
                        p.future.set_exception(exc)
            if isinstance(exc, asyncio.CancelledError):
                raise
            return
        if not batch or answer.status != 200:
            # a whole batch refused (401, 429, 503…) is every part's answer: each is retried on its own
            for p in live:
                if not p.future.done():
                    p.future.set_result(answer)
            return
        for p, part in zip(live, batch_answers(answer.body, len(live)), strict=True):
            if not p.future.done():
                p.future.set_result(part)
