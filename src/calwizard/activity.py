"""What the network layer is doing right now, for a live display: each request a check sends (method, address,
when it started) is reported to an observer, as Microsoft's Remote Connectivity Analyzer streams its steps.

The observer and the check being run are context variables: the wizard sets the observer for the task that runs
its checks (:class:`calwizard.gui.asyncglue.CheckJob`), the runner names the check in each check's own task
(:mod:`calwizard.checks.runner`), and both reach the requests made in that task and in the threads it starts with
``asyncio.to_thread`` (which copies the context). The HTTP layer (:mod:`calwizard.exchange.http`) reports requests
of all three stacks (aiohttp, and requests under msal and exchangelib). Nothing is reported when no observer is set
(the CLI, the engine). Addresses are reported without their query string. Imports nothing of calwizard.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit


@dataclass(frozen=True)
class Request:
    """A request on the wire.

    Attributes:
        check: the id of the check that sent it ("" outside a check).
        method: ``GET``, ``POST`` …
        url: the address without query string or fragment.
        started: ``time.monotonic()`` when it was sent (seconds).
    """

    check: str
    method: str
    url: str
    started: float


Observer = Callable[[str, Request], None]
"""``observer(kind, request)``: kind is ``started`` or ``ended``. May be called from worker threads."""

OBSERVER: ContextVar[Observer | None] = ContextVar("calwizard_activity_observer", default=None)
CHECK: ContextVar[str] = ContextVar("calwizard_activity_check", default="")


def plain_url(url: str) -> str:
    """``url`` without query string and fragment (they may carry names or codes; the address is enough to tell)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def started(method: str, url: str) -> Request | None:
    """Report a request being sent; returns what :func:`ended` needs (None when nobody observes)."""
    observer = OBSERVER.get()
    if observer is None:
        return None
    req = Request(CHECK.get(), method.upper(), plain_url(url), time.monotonic())
    observer("started", req)
    return req


def ended(req: Request | None) -> None:
    """Report that ``req`` (from :func:`started`) has its answer or failed."""
    observer = OBSERVER.get()
    if req is not None and observer is not None:
        observer("ended", req)


@contextmanager
def observing(observer: Observer) -> Iterator[None]:
    """Report the requests of this context (task, and threads started from it) to ``observer``."""
    token = OBSERVER.set(observer)
    try:
        yield
    finally:
        OBSERVER.reset(token)


def observed() -> bool:
    """Whether requests of this context are reported."""
    return OBSERVER.get() is not None


def aiohttp_trace() -> object:
    """An ``aiohttp.TraceConfig`` that reports a session's requests (used while observed)."""
    import aiohttp

    async def on_start(session: object, ctx: object, params: object) -> None:
        ctx.calwizard_request = started(params.method, str(params.url))  # type: ignore[attr-defined]

    async def on_done(session: object, ctx: object, params: object) -> None:
        ended(getattr(ctx, "calwizard_request", None))

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_start)
    trace.on_request_end.append(on_done)
    trace.on_request_exception.append(on_done)
    return trace


__all__ = ["CHECK", "OBSERVER", "Request", "aiohttp_trace", "ended", "observed", "observing", "plain_url",
           "started"]
