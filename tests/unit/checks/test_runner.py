"""The check runner: concurrency, dependency skipping, timeouts, cancellation, internal errors."""

from __future__ import annotations

import asyncio
import logging

import pytest

from calwizard.checks.base import CheckStatus, failed, ok
from calwizard.checks.runner import CheckSpec, ProgressEvent, Runner


def _spec(id: str, func, needs=(), timeout=5.0) -> CheckSpec:  # type: ignore[no-untyped-def]
    return CheckSpec(id, id.title(), func, tuple(needs), timeout)


async def test_independent_checks_run_concurrently() -> None:
    running = 0
    peak = 0
    release = asyncio.Event()

    async def slow(ctx):  # type: ignore[no-untyped-def]
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        if peak == 3:
            release.set()
        await release.wait()
        running -= 1
        return ok("x", "done")

    plan = [_spec("a", slow), _spec("b", slow), _spec("c", slow)]
    results = await asyncio.wait_for(Runner(plan, None).run(), 5)
    assert peak == 3
    assert [r.status for r in results] == [CheckStatus.OK] * 3


async def test_failed_prerequisite_skips_dependents_with_reason() -> None:
    order: list[str] = []

    async def good(ctx):  # type: ignore[no-untyped-def]
        order.append("good")
        return ok("good", "fine")

    async def bad(ctx):  # type: ignore[no-untyped-def]
        order.append("bad")
        return failed("bad", "broken", remedy="fix it")

    async def never(ctx):  # type: ignore[no-untyped-def]
        order.append("never")
        return ok("never", "should not run")

    plan = [_spec("good", good), _spec("bad", bad), _spec("dep", never, ["good", "bad"]), _spec("dep2", never, ["dep"])]
    results = await Runner(plan, None).run()
    by_id = {r.id: r for r in results}
    assert "never" not in order
    assert by_id["dep"].status is CheckStatus.SKIPPED
    assert "Bad" in by_id["dep"].summary
    assert by_id["dep2"].status is CheckStatus.SKIPPED  # skipped propagates


async def test_dependent_runs_after_prerequisite_and_sees_its_facts() -> None:
    facts: dict[str, str] = {}

    async def first(ctx):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.01)
        facts["url"] = "https://x"
        return ok("first", "ok")

    async def second(ctx):  # type: ignore[no-untyped-def]
        return ok("second", facts["url"])

    results = await Runner([_spec("second", second, ["first"]), _spec("first", first)], None).run()
    assert results[0].summary == "https://x"


async def test_timeout_becomes_a_failed_result_and_others_continue() -> None:
    async def hang(ctx):  # type: ignore[no-untyped-def]
        await asyncio.Event().wait()

    async def quick(ctx):  # type: ignore[no-untyped-def]
        return ok("quick", "fine")

    results = await Runner([_spec("hang", hang, timeout=0.05), _spec("quick", quick)], None).run()
    assert results[0].status is CheckStatus.FAILED
    assert "no answer within 0.05 s" in results[0].summary
    assert results[0].remedy
    assert results[1].status is CheckStatus.OK


async def test_cancellation_cancels_running_checks() -> None:
    cancelled = asyncio.Event()
    started = asyncio.Event()

    async def hang(ctx):  # type: ignore[no-untyped-def]
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    task = asyncio.create_task(Runner([_spec("hang", hang, timeout=60)], None).run())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert cancelled.is_set()


async def test_bug_is_reported_as_internal_error_not_as_validation_failure(caplog) -> None:  # type: ignore[no-untyped-def]
    async def buggy(ctx):  # type: ignore[no-untyped-def]
        raise KeyError("oops")

    with caplog.at_level(logging.ERROR):
        results = await Runner([_spec("buggy", buggy)], None).run()
    r = results[0]
    assert r.status is CheckStatus.FAILED
    assert r.evidence["internal_error"] is True
    assert "Internal error" in r.summary and "bug" in r.summary
    assert "KeyError" in caplog.text  # traceback in the log


async def test_progress_reports_start_and_finish_in_order() -> None:
    events: list[ProgressEvent] = []

    async def a(ctx):  # type: ignore[no-untyped-def]
        return [ok("a:1", "one"), ok("a:2", "two")]

    await Runner([_spec("a", a)], None, progress=events.append).run()
    assert [e.kind for e in events] == ["started", "finished"]
    assert [r.id for r in events[1].results] == ["a:1", "a:2"]


def test_plan_errors_are_caught_early() -> None:
    async def a(ctx):  # type: ignore[no-untyped-def]
        return ok("a", "")

    with pytest.raises(ValueError, match="unknown"):
        Runner([_spec("a", a, ["zzz"])], None)
    with pytest.raises(ValueError, match="duplicate"):
        Runner([_spec("a", a), _spec("a", a)], None)


async def test_gated_check_runs_alongside_its_gate_and_is_voided_when_it_fails() -> None:
    gate_release = asyncio.Event()
    spec_started = asyncio.Event()
    cancelled = asyncio.Event()

    async def gate(ctx):  # type: ignore[no-untyped-def]
        await spec_started.wait()  # proves the gated check started before the gate finished
        await gate_release.wait()
        return failed("gate", "service account rejected")

    async def speculative(ctx):  # type: ignore[no-untyped-def]
        spec_started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    plan = [_spec("gate", gate), CheckSpec("spec", "Spec", speculative, (), 5.0, gated_by=("gate",))]
    task = asyncio.create_task(Runner(plan, None).run())
    await spec_started.wait()
    gate_release.set()
    results = await asyncio.wait_for(task, 5)
    assert cancelled.is_set()
    assert results[1].status is CheckStatus.SKIPPED and "Gate" in results[1].summary


async def test_gated_check_result_is_kept_when_gate_passes() -> None:
    async def gate(ctx):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.01)
        return ok("gate", "fine")

    async def speculative(ctx):  # type: ignore[no-untyped-def]
        return ok("spec", "done early")

    plan = [_spec("gate", gate), CheckSpec("spec", "Spec", speculative, (), 5.0, gated_by=("gate",))]
    results = await Runner(plan, None).run()
    assert [r.status for r in results] == [CheckStatus.OK, CheckStatus.OK]
