"""Mailbox entries that are no primary SMTP address, in the cloud: ``validate`` resolves them the way the engine
does — ResolveNames for every EWS sync type (app-only included: as the configured user, impersonated), "Get user" /
calendarView for Microsoft Graph — and says what the engine will do (against the sandbox)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_validate_scenarios import run_scenario, statuses

from calwizard.checks.base import CheckStatus
from calwizard.checks.plan import make_context
from calwizard.engine.backend import BackendError
from calwizard.sandbox import Sandbox
from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings, write_configs
from calwizard.secretrefs import make_fetcher

pytestmark = pytest.mark.integration


async def _engine_resolutions(sandbox: Sandbox, scenario: str) -> dict[str, tuple[str, Any]]:
    """What the sync engine's backend makes of each mailbox of ``scenario``: pbx_name -> ("resolved", primary) |
    ("not_found", None) | (error kind, candidates)."""
    from calwizard.engine.ews_backend import EwsBackend
    from calwizard.engine.graph_backend import GraphBackend
    from calwizard.exchange.names import name_candidates

    settings = scenario_settings(scenario, sandbox.host_overrides, sandbox.ca_file, sandbox.ca_file.parent)
    ctx = make_context(settings, make_fetcher(settings.model_copy(deep=True)))
    backend: Any = GraphBackend(ctx) if settings.exchange.sync_type.uses_graph else EwsBackend(ctx)
    out: dict[str, tuple[str, Any]] = {}
    await backend.open()
    try:
        for mb in settings.mailboxes:
            try:
                got = await backend.resolve(name_candidates(mb, settings))
            except BackendError as err:
                out[mb.pbx_name] = (err.kind, sorted(err.candidates))
                continue
            out[mb.pbx_name] = ("resolved", got.primary) if got.primary else ("not_found", None)
    finally:
        await backend.close()
    return out


def _validate_says(r: dict[str, Any], prefix: str, pbx_name: str) -> tuple[str, Any]:
    res = r[f"{prefix}:{pbx_name}"]
    if res.status is CheckStatus.OK:
        return "resolved", res.evidence.get("mailbox") or res.evidence.get("address")
    kind = res.evidence.get("kind") or {404: "not_found"}.get(res.evidence.get("http_status"), "other")
    return kind, sorted(res.evidence.get("candidates", [])) if kind == "ambiguous" else None


async def test_app_only_resolves_names_like_on_premises(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "app-only-names")
    assert r["ews.connect"].status is CheckStatus.OK, statuses(r)
    assert r["ews.mailbox:alice"].status is CheckStatus.OK
    bob = r["ews.mailbox:bob"]  # a secondary SMTP address: ResolveNames finds the primary, which is read
    assert bob.status is CheckStatus.OK, bob
    assert bob.evidence["mailbox"] == d.FABRIKAM_BOB
    assert f"{d.FABRIKAM_BOB}, found via {d.FABRIKAM_BOB_SECONDARY}" in bob.summary
    dana = r["ews.mailbox:dana"]  # a name that two mailboxes match: never the first one silently
    assert dana.status is CheckStatus.FAILED
    assert dana.evidence["kind"] == "ambiguous" and "ambiguous name" in dana.summary
    assert sorted(dana.evidence["candidates"]) == [f"Dana Fischer <{d.FABRIKAM_DANA_FISCHER}>",
                                                   f"Dana Fisher <{d.FABRIKAM_DANA_FISHER}>"]
    assert "primary SMTP address" in dana.remedy
    exact = r["ews.mailbox:dana-fisher"]  # an exact SMTP match wins over the names that start alike
    assert exact.status is CheckStatus.OK and exact.evidence["mailbox"] == d.FABRIKAM_DANA_FISHER
    ghost = r["ews.mailbox:ghost"]
    assert ghost.status is CheckStatus.FAILED and ghost.evidence["kind"] == "not_found"
    assert "mailbox not found" in ghost.summary


@pytest.mark.parametrize(("scenario", "prefix"), [("app-only-names", "ews.mailbox"),
                                                  ("graph-names", "graph.mailbox"),
                                                  ("onprem-ambiguous-name", "ews.mailbox")])
async def test_validate_says_what_the_engine_does(sandbox: Sandbox, scenario: str, prefix: str) -> None:
    """Per mailbox, validate's outcome (resolved to which mailbox / ambiguous with which candidates / not found)
    is the engine backend's own resolution of the same names."""
    r = await run_scenario(sandbox, scenario)
    engine = await _engine_resolutions(sandbox, scenario)
    said = {name: _validate_says(r, prefix, name) for name in engine}
    assert said == engine


async def test_graph_has_no_name_resolution_and_says_so(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "graph-names")
    dana = r["graph.mailbox:dana"]
    assert dana.status is CheckStatus.FAILED and dana.evidence["http_status"] == 404
    assert "Microsoft Graph does not resolve names" in dana.remedy
    bob = r["graph.mailbox:bob"]  # Graph finds a mailbox by its secondary address too; the engine keeps that address
    assert bob.status is CheckStatus.OK and bob.evidence["address"] == d.FABRIKAM_BOB_SECONDARY


def test_json_report_names_the_candidates(sandbox: Sandbox, tmp_path: Path) -> None:
    paths = write_configs(tmp_path, sandbox.host_overrides, sandbox.ca_file)
    proc = subprocess.run([sys.executable, "-m", "calwizard.cli", "validate", str(paths["app-only-names"]), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    checks = {c["id"]: c for c in json.loads(proc.stdout)["checks"]}
    dana = checks["ews.mailbox:dana"]
    assert dana["status"] == "failed" and dana["evidence"]["kind"] == "ambiguous"
    assert len(dana["evidence"]["candidates"]) == 2
    assert checks["ews.mailbox:bob"]["evidence"]["mailbox"] == d.FABRIKAM_BOB
    assert checks["ews.mailbox:ghost"]["evidence"]["kind"] == "not_found"
    # the ambiguity is said once, in the report: not again as a library's log line on stderr
    assert "exchangelib" not in proc.stderr and "Multiple results" not in proc.stderr, proc.stderr
