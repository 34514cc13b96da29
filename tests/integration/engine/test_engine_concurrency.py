"""The sync engine under the sandbox's EWSMaxConcurrency ("EWS throttling in Exchange", Microsoft Learn: table 3,
ErrorExceededConnectionCount; table 4, ErrorServerBusy and HTTP 503): it never has more requests of the account in
flight than Exchange takes, backs off when refused, and still brings every user up with the status it would have
without the limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_helpers import RecordingSink, running_engine, until

from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.control import ControlClient
from calwizard.settings.model import Settings

pytestmark = pytest.mark.integration


@pytest.fixture
def limited(control: ControlClient) -> Iterator[ControlClient]:
    before = control.concurrency()
    try:
        yield control
    finally:
        control.concurrency(before["limit"], before["answer"], before["back_off_ms"], before["hold_ms"])


@pytest.mark.parametrize("answer", ["connection_count", "server_busy", "http_503", "internal_server_busy"])
async def test_onprem_engine_stays_under_the_accounts_budget(engine_sandbox: Sandbox, limited: ControlClient,
                                                             onprem: Settings, tmp_path: Path, answer: str) -> None:
    limited.concurrency(2, answer, back_off_ms=1000 if answer == "http_503" else 200, hold_ms=50)
    limited.reset_stats()
    sink = RecordingSink()
    async with running_engine(onprem, tmp_path / "state", sink) as engine:
        await until(lambda: {r["pbx_name"] for r in sink.records} >= {"anna", "ben", "room-1"}, timeout=15,
                    what="presence of every readable user")
        limiter = engine.backend.limiter
        # every refusal the server sent was recognized as "wait, then send again" (counted as they come in)
        await until(lambda: limiter.busy == limited.concurrency()["refused"], timeout=10, what="refusals counted")
        server = limited.concurrency()
        statuses = {name: u.status for name, u in engine.users.items()}
    # the same statuses as without the limit: throttling is never a user's problem
    assert statuses == {"anna": "resolved", "ben": "resolved", "room-1": "resolved", "legal": "access_denied",
                        "exec": "access_denied", "ghost": "not_found"}
    assert server["peak"][data.CONTOSO_SVC_UPN] <= 2
    assert server["refused"] >= 1, "the engine sends more than 2 at once: the limit was reached"
    if answer == "connection_count":  # EWSMaxConcurrency: fewer at once from then on
        assert limiter.refused == limiter.busy and limiter.ceiling <= 2
        stats = engine.backend.stats()  # what the engine's status and health report
        assert stats["concurrency_refused"] == limiter.refused and stats["concurrency_ceiling"] <= 2
        assert server["refused"] < 27, "after the first refusals the engine stays under the budget"


async def test_app_only_engine_backs_off_on_the_impersonated_mailboxs_budget(
        engine_sandbox: Sandbox, limited: ControlClient, app_only: Settings, tmp_path: Path) -> None:
    """Exchange Online charges app-only impersonation to the target mailbox; the engine's ResolveNames all
    impersonate the configured user, whose budget fills up."""
    limited.concurrency(1, "connection_count", hold_ms=50)
    limited.reset_stats()
    sink = RecordingSink()
    async with running_engine(app_only, tmp_path / "state", sink) as engine:
        await until(lambda: {r["pbx_name"] for r in sink.records} >= {"alice", "bob", "carol", "room-atlantic"},
                    timeout=15, what="presence of every user")
        limiter = engine.backend.limiter
        await until(lambda: limiter.refused == limited.concurrency()["refused"], timeout=10, what="refusals counted")
        server = limited.concurrency()
        assert all(u.status == "resolved" for u in engine.users.values())
    assert server["peak"][data.FABRIKAM_ALICE] <= 1 and server["refused"] >= 1
