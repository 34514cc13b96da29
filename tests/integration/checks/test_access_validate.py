"""Validation against the sandbox for the settings of issue 12 and the access models: secret expiry, the
streaming connection limit, name resolving, access levels per mailbox, delegate access and least privilege.

Each test asserts what a technician sees in ``calwizard validate``: the status, the summary and a remedy that fits
the configured access model.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from test_validate_scenarios import run_scenario, statuses

from calwizard.checks.base import CheckStatus
from calwizard.sandbox import Sandbox

pytestmark = pytest.mark.integration


async def test_client_secret_expiring_soon_is_a_warning_with_the_days_and_the_fix(sandbox: Sandbox) -> None:
    soon = (datetime.now(UTC) + timedelta(days=10)).date()
    r = await run_scenario(sandbox, "app-only-ok", exchange__client_secret_expires=soon)
    token = r["entra.token"]
    assert token.status is CheckStatus.WARNING, statuses(r)
    assert token.summary.startswith("Token issued, but the client secret expires in")
    assert f"(on {soon.isoformat()})" in token.summary
    assert "Certificates & secrets" in token.remedy and token.evidence["field"] == "exchange.client_secret_expires"
    assert r["ews.connect"].status is CheckStatus.OK  # a warning does not stop the rest
    later = await run_scenario(sandbox, "app-only-ok",
                               exchange__client_secret_expires=(datetime.now(UTC) + timedelta(days=90)).date())
    assert later["entra.token"].status is CheckStatus.OK
    unknown = await run_scenario(sandbox, "app-only-ok")
    assert "expiry date" in unknown["entra.token"].detail
