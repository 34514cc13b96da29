"""The PBX scenarios validated live (``calwizard validate``'s plan): the PBX checks, and the per-mailbox checks fed
with the PBX's users. What a technician sees: which check fails and the fix in the PBX's admin UI."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.integration.checks.test_validate_scenarios import run_scenario, statuses

from calwizard.checks.base import CheckStatus
from calwizard.checks.plan import make_context, validate
from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import Sandbox
from calwizard.sandbox import data as d
from calwizard.sandbox.control import ControlClient
from calwizard.sandbox.scenarios import scenario_settings, write_configs
from calwizard.secretrefs import make_fetcher
from calwizard.settings.model import Mailbox, SyncType, UserSource
from calwizard.settings.shard import propose_shards

pytestmark = pytest.mark.integration


async def test_pbx_ok_checks_the_pbx_and_every_pbx_user(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "pbx-ok")
    assert all(v.passed for v in r.values()), statuses(r)
    for cid in ("pbx.connect", "pbx.name", "pbx.api:PbxApi", "pbx.api:PbxTableUsers", "pbx.users"):
        assert r[cid].status is CheckStatus.OK, (cid, r[cid].summary)
    assert r["pbx.users"].evidence["users"] == 5 and r["pbx.users"].evidence["synced"] == 5
    listed = {m["pbx_name"]: m["addresses"] for m in r["pbx.users"].evidence["mailboxes"]}
    assert listed["ben"] == [d.CONTOSO_BEN] and listed["anna"] == [d.CONTOSO_ANNA_SECONDARY, d.CONTOSO_ANNA]
    assert r["pbx.user:ben"].status is CheckStatus.WARNING
    assert "no e-mail address on the PBX" in r["pbx.user:ben"].summary
    assert r["ews.mailbox:anna"].status is CheckStatus.OK and "found via" in r["ews.mailbox:anna"].summary
    assert r["ews.mailbox:ben"].status is CheckStatus.OK
    assert r["ews.mailbox:ghost"].status is CheckStatus.WARNING and "not synced" in r["ews.mailbox:ghost"].summary
    assert "inputs:mailboxes" not in r, "no list is needed when the users come from the PBX"


async def test_streaming_budget_counts_the_pbx_users(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    """With users from the PBX, ews.streaming counts the users pbx.users replicated (the configured list is empty) and
    proposes shards for them, as it does for a list: at 1 subscription per connection one account follows 10."""
    r = await run_scenario(sandbox, "pbx-ok", exchange__max_subscriptions_per_connection=1)
    seeded = [m["pbx_name"] for m in r["pbx.users"].evidence["mailboxes"] if m["addresses"]]
    assert r["ews.streaming"].status is CheckStatus.OK and r["ews.streaming"].evidence["source"] == "pbx"
    assert r["ews.streaming"].summary.startswith(f"{len(seeded)} users from the PBX need {len(seeded)} of 10")
    control = ControlClient(sandbox_policy)
    added = [f"budget{i:02d}" for i in range(11 - len(seeded))]
    try:
        for name in added:
            await asyncio.to_thread(control.pbx_add_user, name, emails=[f"{name}@{d.CONTOSO_DOMAIN}"])
        r = await run_scenario(sandbox, "pbx-ok", exchange__max_subscriptions_per_connection=1)
    finally:
        for name in added:
            await asyncio.to_thread(control.pbx_remove_user, name)
        control.close()
    got = r["ews.streaming"]
    assert got.status is CheckStatus.FAILED, got.summary
    assert got.evidence["mailboxes"] == 11 and got.evidence["connections_needed"] == 11
    shards = propose_shards([*seeded, *added], 10)
    assert got.evidence["shards"] == shards >= 2 and f"--shard K/{shards}" in got.remedy
    assert got.summary.startswith("11 users from the PBX need 11 streaming connections")
    plain = await run_scenario(sandbox, "pbx-ok", exchange__max_subscriptions_per_connection=1,
                               pbx__user_source=UserSource.LIST)
    ev = plain["ews.streaming"].evidence
    assert (ev["source"], ev["mailboxes"]) == ("list", 0), "user_source = list: only the (empty) list counts"


async def test_user_filter_and_list_overrides(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "pbx-ok", pbx__user_filter="group:rooms")
    assert "1 of them match the filter 'group:rooms'" in r["pbx.users"].summary
    assert {k for k in r if k.startswith("ews.mailbox:")} == {"ews.mailbox:room-1"}


async def test_a_list_entry_overrides_the_pbx_addresses(sandbox: Sandbox) -> None:
    settings = scenario_settings("pbx-ok", sandbox.host_overrides, sandbox.ca_file, sandbox.ca_file.parent)
    settings.mailboxes = [Mailbox(pbx_name="ghost", addresses=[d.CONTOSO_BEN])]
    r = {x.id: x for x in await validate(make_context(settings, make_fetcher(settings)))}
    assert r["ews.mailbox:ghost"].status is CheckStatus.OK, "the list's address for ghost wins"
    settings.pbx.user_source = UserSource.LIST
    r = {x.id: x for x in await validate(make_context(settings, make_fetcher(settings)))}
    assert {k for k in r if k.startswith("ews.mailbox:")} == {"ews.mailbox:ghost"}
    assert "pbx.users" in r, "the PBX is still checked: it receives the presence"


async def test_pbx_without_exchange_sync_still_checks_the_pbx(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "pbx-ok", exchange__sync_type=SyncType.DISABLED)
    assert r["pbx.connect"].status is CheckStatus.OK and r["pbx.users"].passed


async def test_failing_pbx_scenarios_name_the_fix(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "pbx-bad-password")
    assert r["pbx.connect"].status is CheckStatus.FAILED and r["pbx.connect"].evidence["kind"] == "login_rejected"
    assert "PBX > Objects" in r["pbx.connect"].remedy and r["pbx.users"].status is CheckStatus.SKIPPED
    r = await run_scenario(sandbox, "pbx-api-disabled")
    assert r["pbx.api:PbxApi"].status is CheckStatus.FAILED
    assert "tick 'PbxApi'" in r["pbx.api:PbxApi"].remedy and r["pbx.api:PbxTableUsers"].status is CheckStatus.OK
    r = await run_scenario(sandbox, "pbx-wrong-name")
    assert r["pbx.name"].status is CheckStatus.FAILED and "'branch-pbx'" in r["pbx.name"].summary
    assert "PBX Name" in r["pbx.name"].remedy


def test_validate_cli_exit_codes_and_no_secret_in_the_output(sandbox: Sandbox, tmp_path: Path) -> None:
    paths = write_configs(tmp_path, sandbox.host_overrides, sandbox.ca_file)
    for name, code in (("pbx-ok", 0), ("pbx-bad-password", 1), ("pbx-wrong-name", 1)):
        proc = subprocess.run([sys.executable, "-m", "calwizard.cli", "validate", str(paths[name]), "--json"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == code, (name, proc.stderr)
        assert d.credential(d.CRED_PBX_APP_PASSWORD) not in proc.stdout + proc.stderr
        assert d.credential(d.CRED_PBX_WRONG_PASSWORD) not in proc.stdout + proc.stderr
        report = json.loads(proc.stdout)
        assert any(c["id"] == "pbx.connect" for c in report["checks"])
