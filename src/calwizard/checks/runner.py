"""Run a plan of checks: independent ones concurrently, dependents after their prerequisites.

A failed (or skipped) prerequisite makes its dependents ``skipped`` with the reason. Each
check runs under its own timeout. The whole run can be cancelled (cancel the task awaiting
:meth:`Runner.run`): every running check is cancelled and nothing is reported afterwards.
Progress is reported through a callback (started / finished), which the CLI prints and the
GUI turns into spinners and icons.

Unexpected exceptions are bugs: they are logged with their traceback and reported as a
failed result whose summary says "internal error" and whose evidence carries
``internal_error: true`` — never as a plausible validation failure.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from calwizard import activity
from calwizard.checks.base import CheckResult, CheckStatus, failed, skipped
from calwizard.i18n import translate

log = logging.getLogger(__name__)

CheckFunc = Callable[[Any], Awaitable[CheckResult | list[CheckResult]]]


@dataclass(frozen=True)
class CheckSpec:
    """One step of a plan.

    Attributes:
        id: unique id (``inputs``, ``entra.token``, ``ews.mailboxes`` …).
        title: short human title ("Entra ID: token").
        func: ``async def func(ctx) -> CheckResult | list[CheckResult]``.
        needs: ids of prerequisites; this check runs only when all of them passed.
        timeout: seconds before the check is stopped and reported as timed out.
        gated_by: checks whose failure voids this one, but which it need not wait for: it starts as soon
            as ``needs`` passed, runs alongside them, and is cancelled and reported ``skipped`` if one of
            them does not pass (speculative execution: saves their round trips on the critical path).
    """

    id: str
    title: str
    func: CheckFunc
    needs: tuple[str, ...] = ()
    timeout: float = 60.0
    gated_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProgressEvent:
    """A progress report: ``kind`` is ``started`` or ``finished``; ``results`` set when finished."""

    kind: str
    spec: CheckSpec
    results: tuple[CheckResult, ...] = ()


ProgressCallback = Callable[[ProgressEvent], None]


@dataclass
class Runner:
    """Runs a plan of :class:`CheckSpec` against a context.

    Args:
        plan: the checks; ``needs`` must refer to ids earlier or later in the same plan.
        ctx: passed to every check (a :class:`calwizard.checks.context.CheckContext`).
        progress: optional callback, called on the event loop's thread.
    """

    plan: Sequence[CheckSpec]
    ctx: Any
    progress: ProgressCallback | None = None
    results: dict[str, list[CheckResult]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ids = [s.id for s in self.plan]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate check ids in plan: {ids}")
        known = set(ids)
        for s in self.plan:
            missing = (set(s.needs) | set(s.gated_by)) - known
            if missing:
                raise ValueError(f"check {s.id} needs unknown checks {sorted(missing)}")

    def _emit(self, kind: str, spec: CheckSpec, results: Sequence[CheckResult] = ()) -> None:
        if self.progress is not None:
            self.progress(ProgressEvent(kind, spec, tuple(results)))

    @staticmethod
    def _spec_passed(results: Sequence[CheckResult]) -> bool:
        return all(r.status in (CheckStatus.OK, CheckStatus.WARNING) for r in results)

    async def run(self) -> list[CheckResult]:
        """Run the whole plan and return all results in plan order.

        Raises:
            asyncio.CancelledError: when the awaiting task is cancelled (all checks are cancelled too).
        """
        self.results.clear()
        done: dict[str, asyncio.Event] = {s.id: asyncio.Event() for s in self.plan}
        async with asyncio.TaskGroup() as tg:
            for spec in self.plan:
                tg.create_task(self._run_when_ready(spec, done), name=f"check:{spec.id}")
        return self.flat_results()

    def flat_results(self) -> list[CheckResult]:
        """All results so far, in plan order."""
        return [r for s in self.plan for r in self.results.get(s.id, [])]

    def _skip(self, spec: CheckSpec, blocked: list[str]) -> None:
        names = ", ".join(next(s.title for s in self.plan if s.id == n) for n in blocked)
        res = [skipped(spec.id, translate("checks", "Skipped: needs {names}, which did not pass").format(
            names=names), needs=blocked)]
        self.results[spec.id] = res
        self._emit("finished", spec, res)

    async def _run_when_ready(self, spec: CheckSpec, done: dict[str, asyncio.Event]) -> None:
        try:
            for need in spec.needs:
                await done[need].wait()
            blocked = [n for n in spec.needs if not self._spec_passed(self.results[n])]
            if blocked:
                self._skip(spec, blocked)
                return
            if not spec.gated_by:
                await self.run_one(spec)
                return
            self._emit("started", spec)
            work = asyncio.create_task(self._execute(spec), name=f"check:{spec.id}:speculative")
            try:
                for gate in spec.gated_by:
                    await done[gate].wait()
                blocked = [n for n in spec.gated_by if not self._spec_passed(self.results[n])]
                if blocked:
                    work.cancel()
                    await asyncio.gather(work, return_exceptions=True)
                    self._skip(spec, blocked)
                    return
                res = await work
            finally:
                work.cancel()
            self.results[spec.id] = res
            self._emit("finished", spec, res)
        finally:
            done[spec.id].set()

    async def run_one(self, spec: CheckSpec | str) -> list[CheckResult]:
        """Run one check now (ignoring prerequisites' state), store and report its results."""
        if isinstance(spec, str):
            spec = next(s for s in self.plan if s.id == spec)
        self._emit("started", spec)
        res = await self._execute(spec)
        self.results[spec.id] = res
        self._emit("finished", spec, res)
        return res

    async def _execute(self, spec: CheckSpec) -> list[CheckResult]:
        """Run the check under its timeout; turn timeouts and bugs into results (never raises but cancel)."""
        started = time.monotonic()
        activity.CHECK.set(spec.id)  # this task's requests are this check's (calwizard.activity)
        try:
            async with asyncio.timeout(spec.timeout):
                out = await spec.func(self.ctx)
            res = out if isinstance(out, list) else [out]
        except TimeoutError:
            res = [
                failed(
                    spec.id,
                    translate("checks", "{title}: no answer within {timeout:g} s").format(
                        title=spec.title, timeout=spec.timeout),
                    remedy=translate("checks", "Check the network path to the server (firewall, proxy, "
                                               "DNS) and try again."),
                    timeout_seconds=spec.timeout,
                )
            ]
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug: report it as one, with the traceback in the log
            log.exception("internal error in check %s", spec.id)
            res = [
                failed(
                    spec.id,
                    translate("checks", "Internal error in check '{title}' ({name}) — this is a bug in "
                                        "calwizard").format(title=spec.title, name=type(exc).__name__),
                    remedy=translate("checks", "Please report it with the log file; the other checks are "
                                               "not affected."),
                    internal_error=True,
                )
            ]
        elapsed = time.monotonic() - started
        return [_with_duration(r, elapsed) for r in res]


def _with_duration(r: CheckResult, seconds: float) -> CheckResult:
    from dataclasses import replace

    return replace(r, duration=round(seconds, 3))
