"""The cloud_graph sync type validated live against the sandbox's Entra and Microsoft Graph (real msal, HTTPS)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from calwizard.checks.base import CheckResult, CheckStatus
from calwizard.checks.plan import build_plan, make_context, validate
from calwizard.sandbox import Sandbox
from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings, write_configs
from calwizard.secretrefs import make_fetcher

pytestmark = pytest.mark.integration


async def run_scenario(sandbox: Sandbox, name: str, **changes: object) -> dict[str, CheckResult]:
    settings = scenario_settings(name, sandbox.host_overrides, sandbox.ca_file, sandbox.ca_file.parent)
    fetch = make_fetcher(settings.model_copy(deep=True))
    for key, value in changes.items():
        section, field = key.split("__")
        setattr(getattr(settings, section), field, value)
    results = await validate(make_context(settings, fetch))
    return {r.id: r for r in results}


def statuses(results: dict[str, CheckResult]) -> dict[str, str]:
    return {k: v.status.value for k, v in results.items()}


def test_plan_has_no_ews_steps(sandbox: Sandbox) -> None:
    settings = scenario_settings("graph-ok", sandbox.host_overrides, sandbox.ca_file, sandbox.ca_file.parent)
    assert [s.id for s in build_plan(settings)] == [
        "inputs", "entra.tenant", "entra.token", "entra.permissions", "graph.mailboxes", "graph.denied",
    ]


async def test_graph_ok_passes(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "graph-ok")
    assert all(v.status is CheckStatus.OK for v in r.values()), statuses(r)
    assert r["entra.token"].evidence["audience"] == d.GRAPH_RESOURCE
    assert "Calendars.Read" in r["entra.permissions"].summary
    assert "every mailbox of the tenant" in r["entra.permissions"].detail  # the tenant-wide caveat
    alice = r["graph.mailbox:alice"].summary
    assert alice.startswith(f"{d.FABRIKAM_ALICE}: readable, ") and "events in the next 48 h" in alice
    assert r["graph.mailbox:alice"].evidence["events"] >= 4
    assert r["graph.mailboxes"].summary == "4 of 4 mailboxes readable through Microsoft Graph"


async def test_graph_no_consent_is_explained(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "graph-no-consent")
    perm = r["entra.permissions"]
    assert perm.status is CheckStatus.WARNING and "admin consent is missing" in perm.summary
    assert "Microsoft Graph > Application permissions > Calendars.Read" in perm.remedy
    assert "Grant admin consent" in perm.remedy
    head = r["graph.mailboxes"]
    assert head.status is CheckStatus.FAILED
    alice = r["graph.mailbox:alice"]
    assert alice.status is CheckStatus.FAILED and "access denied (403 ErrorAccessDenied)" in alice.summary
    # every mailbox is denied: the consent hint and the PowerShell are said once, on the summary
    assert "grant admin consent for Microsoft Graph > Application permissions > Calendars.Read" in head.remedy
    assert head.remedy.count("New-ManagementRoleAssignment") == 1
    assert '-Role "Application Calendars.Read"' in head.remedy
    assert "New-ManagementRoleAssignment" not in alice.remedy and "graph.mailboxes" in alice.remedy


async def test_graph_out_of_scope_is_explained_per_mailbox(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "graph-out-of-scope")
    assert r["entra.permissions"].status is CheckStatus.OK
    assert r["graph.mailbox:alice"].status is CheckStatus.OK
    assert r["graph.mailbox:bob"].status is CheckStatus.OK
    ceo = r["graph.mailbox:ceo"]
    assert ceo.status is CheckStatus.FAILED
    assert ceo.summary.startswith(f"{d.FABRIKAM_CEO}: access denied (403")
    for cmdlet in ("New-ServicePrincipal", "New-ManagementScope", "New-ManagementRoleAssignment",
                   'Role "Application Calendars.Read"', "Test-ServicePrincipalAuthorization"):
        assert cmdlet in ceo.remedy
    assert d.APP_SCOPED_CLIENT_ID in ceo.remedy and d.FABRIKAM_ALICE in ceo.remedy
    assert r["graph.mailboxes"].summary == "2 of 3 mailboxes readable through Microsoft Graph"


async def test_must_be_denied_is_proven(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "graph-scoped")
    assert all(v.status is CheckStatus.OK for v in r.values()), statuses(r)
    assert r[f"graph.denied:{d.FABRIKAM_CEO}"].summary.startswith(f"{d.FABRIKAM_CEO}: denied, as required")
    # the unscoped app can read the CEO: the scope is too wide
    r = await run_scenario(sandbox, "graph-ok", exchange__must_be_denied=[d.FABRIKAM_CEO])
    wide = r[f"graph.denied:{d.FABRIKAM_CEO}"]
    assert wide.status is CheckStatus.FAILED and "READABLE" in wide.summary
    assert "remove the tenant-wide admin consent" in wide.remedy
    assert r["graph.denied"].status is CheckStatus.FAILED


async def test_unknown_mailbox_falls_back_to_next_address(sandbox: Sandbox) -> None:
    from calwizard.settings.model import Mailbox

    settings = scenario_settings("graph-ok", sandbox.host_overrides, sandbox.ca_file, sandbox.ca_file.parent)
    fetch = make_fetcher(settings.model_copy(deep=True))
    settings.mailboxes = [
        Mailbox(pbx_name="alice", addresses=[d.FABRIKAM_UNKNOWN, d.FABRIKAM_ALICE]),
        Mailbox(pbx_name="ghost", addresses=[d.FABRIKAM_UNKNOWN]),
    ]
    r = {x.id: x for x in await validate(make_context(settings, fetch))}
    assert r["graph.mailbox:alice"].status is CheckStatus.OK
    assert r["graph.mailbox:alice"].evidence["tried"] == [d.FABRIKAM_UNKNOWN, d.FABRIKAM_ALICE]
    ghost = r["graph.mailbox:ghost"]
    assert ghost.status is CheckStatus.FAILED and "404 ErrorInvalidUser" in ghost.summary


def test_cli_validate_graph_ok_exits_0(sandbox: Sandbox, tmp_path: Path) -> None:
    paths = write_configs(tmp_path, sandbox.host_overrides, sandbox.ca_file)
    ok = subprocess.run(
        [sys.executable, "-m", "calwizard.cli", "validate", str(paths["graph-ok"]), "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    doc = json.loads(ok.stdout)
    assert doc["passed"] is True
    assert {c["id"] for c in doc["checks"]} >= {"entra.permissions", "graph.mailboxes", "graph.mailbox:alice"}
    bad = subprocess.run(
        [sys.executable, "-m", "calwizard.cli", "validate", str(paths["graph-out-of-scope"])],
        capture_output=True, text=True, timeout=120,
    )
    assert bad.returncode == 1
    assert "graph.mailbox:ceo" in bad.stdout and "New-ManagementRoleAssignment" in bad.stdout


async def test_throttled_mailbox_is_retried_after_retry_after(sandbox: Sandbox) -> None:
    from calwizard.sandbox import graph

    graph.service(sandbox).throttle_next(d.FABRIKAM_BOB, 2)
    r = await run_scenario(sandbox, "graph-ok")
    bob = r["graph.mailbox:bob"]
    assert bob.status is CheckStatus.OK, bob
    assert bob.evidence["retries"] == 2
    assert r["graph.mailbox:alice"].evidence["retries"] == 0
