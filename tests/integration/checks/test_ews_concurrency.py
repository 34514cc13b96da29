"""EWSMaxConcurrency enforced by the sandbox ("EWS throttling in Exchange", Microsoft Learn: table 3 names
ErrorExceededConnectionCount for EWSMaxConcurrency, table 4 HTTP 503 and ErrorServerBusy): ``calwizard validate``
stays under the account's budget or backs off, and still finishes with every check as it would be without the
limit — each refusal classified (:mod:`calwizard.exchange.ewserrors`), never reported as a mailbox problem."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from test_validate_scenarios import statuses

from calwizard.checks import ews as ews_checks
from calwizard.checks.base import CheckStatus
from calwizard.checks.plan import make_context, validate
from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import Sandbox
from calwizard.sandbox import data as d
from calwizard.sandbox.control import ControlClient
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.secretrefs import make_fetcher
from calwizard.settings.model import Mailbox

pytestmark = pytest.mark.integration


@pytest.fixture
def control(sandbox_policy: HttpPolicy) -> Iterator[ControlClient]:
    client = ControlClient(sandbox_policy)
    before = client.concurrency()
    try:
        yield client
    finally:
        client.concurrency(before["limit"], before["answer"], before["back_off_ms"], before["hold_ms"])
        client.close()


@contextlib.contextmanager
def limited(control: ControlClient, limit: int, answer: str, back_off_ms: int = 0) -> Iterator[None]:
    """EWSMaxConcurrency ``limit`` refused with ``answer``; every request takes 50 ms (as over a WAN), so that a
    client's requests overlap."""
    control.concurrency(limit, answer, back_off_ms, hold_ms=50)
    control.reset_stats()
    yield


async def _validate(sandbox: Sandbox, scenario: str, mailboxes: list[Mailbox] | None = None
                    ) -> tuple[dict[str, Any], Any]:
    """validate ``scenario`` (with ``mailboxes`` instead of its own): results by id, and the account's limiter the
    EWS checks shared."""
    settings = scenario_settings(scenario, sandbox.host_overrides, sandbox.ca_file, sandbox.ca_file.parent)
    if mailboxes is not None:
        settings.mailboxes = mailboxes
    ctx = make_context(settings, make_fetcher(settings.model_copy(deep=True)))
    results = {r.id: r for r in await validate(ctx)}
    return results, ctx.facts["_ews_limiter"]


def test_the_control_api_sets_and_reports_the_limit(control: ControlClient) -> None:
    state = control.concurrency(5, "connection_count")
    assert (state["limit"], state["answer"]) == (5, "connection_count")
    assert control.concurrency()["limit"] == 5
    with pytest.raises(requests.HTTPError) as e:
        control.concurrency(answer="teapot")
    assert e.value.response.status_code == 400 and "server_busy" in e.value.response.text


async def test_validate_never_exceeds_exchange_onlines_27(sandbox: Sandbox, control: ControlClient) -> None:
    """40 mailboxes, each resolved and read at once: validate keeps at most 27 requests of the account in flight
    (EWSMaxConcurrency's default in Exchange Online and Exchange 2013+), so Exchange never refuses one."""
    addresses = [d.CONTOSO_ANNA, d.CONTOSO_BEN, d.CONTOSO_ROOM, d.CONTOSO_FRANK]
    mailboxes = [Mailbox(pbx_name=f"user{i:02d}", addresses=[addresses[i % 4]]) for i in range(40)]
    with limited(control, 27, "connection_count"):
        r, limiter = await _validate(sandbox, "onprem-ok", mailboxes)
        server = control.concurrency()
    assert all(v.status is CheckStatus.OK for v in r.values()), statuses(r)
    assert server["refused"] == 0 and limiter.busy == 0
    assert 2 < server["peak"][d.CONTOSO_SVC_UPN] <= 27, "concurrent, within the budget"


@pytest.mark.parametrize("answer", ["connection_count", "server_busy"])
async def test_onprem_validate_stays_under_a_small_budget_and_passes(sandbox: Sandbox, control: ControlClient,
                                                                    answer: str) -> None:
    with limited(control, 2, answer, back_off_ms=100):
        r, limiter = await _validate(sandbox, "onprem-ok")
        server = control.concurrency()
    assert all(v.status is CheckStatus.OK for v in r.values()), statuses(r)
    assert server["peak"][d.CONTOSO_SVC_UPN] <= 2
    assert server["refused"] >= 1, "validate sends more than 2 at once: the limit was reached"
    assert limiter.busy == server["refused"], "every refusal was recognized as 'wait, then send again'"
    if answer == "connection_count":  # ErrorExceededConnectionCount + Policy MaxConcurrency: fewer at once
        assert limiter.refused == server["refused"]
        assert limiter.ceiling <= 2, "after a refusal validate sends no more than the server took"
    else:  # ErrorServerBusy: the account pauses for BackOffMilliseconds, the ceiling stays
        assert limiter.refused == 0 and limiter.paused_seconds > 0


async def test_app_only_validate_backs_off_on_the_impersonated_mailboxs_budget(sandbox: Sandbox,
                                                                               control: ControlClient) -> None:
    """Exchange Online charges app-only impersonation to the target mailbox: every ResolveNames of validate
    impersonates the configured user, so that mailbox's budget is the one that fills up."""
    with limited(control, 2, "connection_count"):
        r, limiter = await _validate(sandbox, "app-only-names")
        server = control.concurrency()
    assert server["peak"][d.FABRIKAM_ALICE] <= 2 and server["refused"] >= 1
    assert limiter.refused == server["refused"]
    # the same outcome as without the limit: no mailbox check reports the throttling
    assert r["ews.connect"].status is CheckStatus.OK
    kinds = {k: v.evidence.get("kind", "ok") for k, v in r.items() if k.startswith("ews.mailbox:")}
    assert kinds == {"ews.mailbox:alice": "ok", "ews.mailbox:bob": "ok", "ews.mailbox:dana": "ambiguous",
                     "ews.mailbox:dana-fisher": "ok", "ews.mailbox:ghost": "not_found"}


async def test_http_503_is_waited_out(sandbox: Sandbox, control: ControlClient) -> None:
    """HTTP 503 ("EWS requests are queuing with IIS", table 4): exchangelib raises it as a transient error; it is
    classified as busy and waited out, not reported as an Exchange server error."""
    with limited(control, 3, "http_503", back_off_ms=1000):
        r, limiter = await _validate(sandbox, "onprem-ok")
        server = control.concurrency()
    assert all(v.status is CheckStatus.OK for v in r.values()), statuses(r)
    assert server["refused"] >= 1 and limiter.busy == server["refused"]
    assert 0 < limiter.paused_seconds <= server["refused"] * 1.0, "Retry-After: 1 is what validate waited"


@pytest.mark.parametrize("answer", ["internal_server_busy", "server_busy"])
async def test_busy_without_a_back_off_hint_is_waited_out_briefly(sandbox: Sandbox, control: ControlClient,
                                                                  answer: str) -> None:
    """HTTP 200, ErrorInternalServerError with an inner ErrorServerBusy (table 4), or ErrorServerBusy without
    BackOffMilliseconds ("may contain a back off hint"): busy, never a mailbox problem; validate waits its own short
    default — and never claims Exchange asked for a wait it did not send (exchangelib fills in 10 s)."""
    with limited(control, 2, answer):
        r, limiter = await _validate(sandbox, "onprem-ok")
        server = control.concurrency()
    assert all(v.status is CheckStatus.OK for v in r.values()), statuses(r)
    assert server["refused"] >= 1 and limiter.busy == server["refused"]
    assert limiter.paused_seconds <= server["refused"] * ews_checks.BUSY_DEFAULT_WAIT

