"""qasync glue: the asyncio loop on top of Qt's, and the live-check job pages hold.

The loop is installed with ``already_running=True`` once the first page is shown (the QApplication's
own ``exec()`` drives both loops), which keeps qasync's import out of the time to the first page and
is the same mode the tests use. Checks run through the shared :class:`~calwizard.checks.runner.Runner`;
blocking work (secret resolution, exchangelib, msal) runs in threads; workers never touch widgets:
results come back as Qt signals emitted on the GUI thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def install_loop(app: QApplication) -> asyncio.AbstractEventLoop:
    """Install a qasync event loop over the running (or about to run) Qt event loop."""
    import qasync

    loop = qasync.QEventLoop(app, already_running=True)
    # plain Python worker threads: qasync's default QThread pool aborts the process when a thread
    # still runs at exit (a cancelled exchangelib call may outlive its check)
    executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="calwizard-worker")
    loop.set_default_executor(executor)
    loop._calwizard_executor = executor  # type: ignore[attr-defined]
    asyncio.set_event_loop(loop)
    return loop


def uninstall_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what is left on ``loop``, let the cancelled tasks unwind (at most ``2 s``; this runs after the
    window is gone, never while it is shown), and detach the loop (tests, and after the app's loop ended)."""
    import time

    tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in tasks:
        task.cancel()
    app = QApplication.instance()
    deadline = time.monotonic() + 2.0
    while app is not None and time.monotonic() < deadline and any(not t.done() for t in asyncio.all_tasks(loop)):
        app.processEvents()
        time.sleep(0.005)
    executor = getattr(loop, "_calwizard_executor", None)
    if executor is not None:
        executor.shutdown(wait=False, cancel_futures=True)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


class TaskHolder(QObject):
    """Holds at most one running asyncio task; starting another cancels the previous one."""

    runningChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task: asyncio.Task[Any] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        self.cancel()
        task = asyncio.ensure_future(coro)
        self._task = task
        task.add_done_callback(self._done)
        self.runningChanged.emit(True)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        if task is self._task:
            self._task = None
            with contextlib.suppress(RuntimeError):  # the holder's page is gone (its window deleted): nobody to tell
                self.runningChanged.emit(False)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            log.error("internal error in a background task", exc_info=(type(exc), exc, exc.__traceback__))

    def cancel(self) -> bool:
        """Cancel the running task; True if there was one."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            self.runningChanged.emit(False)
            return True
        return False


class CheckJob(QObject):
    """Runs a plan of checks for a page and reports progress as signals.

    Signals:
        queued(str): a check of the plan waits for its prerequisites (spec id).
        activity(str, object): a check's request was sent or answered (what is on the wire right now).
        started(str): a check began (spec id).
        finished(str, object): a check ended (spec id, tuple of CheckResult).
        done(object): the run ended (list of CheckResult, plan order).
        error(str): the run could not start (e.g. the extra CA file is unusable); the message is user-facing.
        cancelled(): the run was cancelled (Back, Cancel, closing, or a newer run).
        runningChanged(bool)
    """

    queued = Signal(str)
    started = Signal(str)
    activity = Signal(str, object)
    """A request of a check went out or came back (``started``/``ended``, a :class:`calwizard.activity.Request`)."""
    finished = Signal(str, object)
    done = Signal(object)
    error = Signal(str)
    cancelled = Signal()
    runningChanged = Signal(bool)

    def __init__(self, fetcher: Callable[[Any], Callable[[Any], str]], parent: QObject | None = None,
                 record: Callable[[Any, str, Any], None] | None = None) -> None:
        """``record(state, spec_id, results)`` is called for every finished check with the state the run started
        with (the controller's result book: it tells results whose inputs changed since)."""
        super().__init__(parent)
        self._fetcher = fetcher
        self._record = record
        self.state: Any = None
        self._tasks = TaskHolder(self)
        self._tasks.runningChanged.connect(self.runningChanged)
        self.runner: Any = None
        self.results: list[Any] = []

    @property
    def running(self) -> bool:
        return self._tasks.running

    def start(self, state: Any, specs: Sequence[Any]) -> None:
        """Run ``specs`` against ``state``'s settings (cancels a run in progress)."""
        self.state = state
        self._tasks.start(self._run(state, list(specs)))

    def rerun(self, spec_id: str) -> None:
        """Run one check again with the last run's context (its facts: token, EWS URL)."""
        if self.runner is None:
            return
        self._tasks.start(self._run_one(spec_id))

    def cancel(self) -> bool:
        return self._tasks.cancel()

    def _progress(self, ev: Any) -> None:
        if ev.kind == "started":
            self.started.emit(ev.spec.id)
        else:
            if self._record is not None and self.state is not None:
                self._record(self.state, ev.spec.id, ev.results)
            self.finished.emit(ev.spec.id, ev.results)

    async def _run(self, state: Any, specs: list[Any]) -> None:
        from calwizard import activity
        from calwizard.errors import UserFacingError

        for spec in specs:
            self.queued.emit(spec.id)
        # what each check sends, as it happens (emitted from worker threads too: Qt queues it to the GUI thread)
        observer = activity.OBSERVER.set(lambda kind, req: self.activity.emit(kind, req))
        try:
            # first use imports the checks, exchangelib and msal: in a worker, not on the GUI thread
            plan = await asyncio.to_thread(importlib.import_module, "calwizard.checks.plan")
            fetch = self._fetcher(state)
            ctx = await asyncio.to_thread(_prepared_context, plan.make_context, state.settings, fetch)
            from calwizard.checks.runner import Runner

            self.runner = Runner(specs, ctx, self._progress)
            results = await self.runner.run()
        except asyncio.CancelledError:
            self.cancelled.emit()
            raise
        except UserFacingError as exc:
            self.error.emit(str(exc))
            return
        finally:
            activity.OBSERVER.reset(observer)
            self._shutdown_pool()
        self.results = results
        self.done.emit(results)

    async def _run_one(self, spec_id: str) -> None:
        try:
            await self.runner.run_one(spec_id)
        except asyncio.CancelledError:
            self.cancelled.emit()
            raise
        finally:
            self._shutdown_pool()
        self.results = self.runner.flat_results()
        self.done.emit(self.results)

    def _shutdown_pool(self) -> None:
        if self.runner is not None:
            pool = self.runner.ctx.facts.pop("_ews_pool", None)
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            self.runner.ctx.facts.pop("_ews_config", None)


def _prepared_context(make_context: Callable[..., Any], settings: Any, fetch: Any) -> Any:
    """``make_context`` plus the TLS context built once, here in the worker: loading the CA bundle takes
    ~150 ms, and the checks' coroutines would otherwise do it on the GUI thread for every request."""
    ctx = make_context(settings, fetch, debug_log="wizard")
    with contextlib.suppress(OSError, ValueError):  # an unusable CA file: the checks report it
        ctx.http.ssl_context()  # HttpPolicy caches it per CA file: the coroutines then find it ready
    return ctx
