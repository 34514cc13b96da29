"""The engine says exactly what Exchange says: an ambiguous name is a per-user status naming the candidates
(never the first candidate silently), shown by ``engine status``."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_helpers import RecordingSink, running_engine, until

from calwizard.engine.cli import status_report
from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.scenarios import scenario_settings

pytestmark = pytest.mark.integration


async def test_ambiguous_name_is_a_user_status_with_the_candidates(engine_sandbox: Sandbox, sandbox_data_dir: Path,
                                                                   tmp_path: Path) -> None:
    settings = scenario_settings("onprem-ambiguous-name", engine_sandbox.host_overrides, engine_sandbox.ca_file,
                                 sandbox_data_dir)
    sink = RecordingSink()
    async with running_engine(settings, tmp_path / "state", sink) as engine:
        await until(lambda: {r["pbx_name"] for r in sink.records} >= {"anna", "chris-meyer"}, what="presence")
        chris = engine.users["chris"]
        assert chris.status == "ambiguous"
        assert chris.primary is None, "no candidate is taken"
        assert data.CONTOSO_CHRIS_MEYER in chris.detail and data.CONTOSO_CHRIS_MAYER in chris.detail
        assert engine.users["chris-meyer"].primary == data.CONTOSO_CHRIS_MEYER  # an exact SMTP match wins
        assert "chris" not in {r["pbx_name"] for r in sink.records}
    report = {u["pbx_name"]: u for u in status_report(tmp_path / "state")["users"]}
    assert report["chris"]["status"] == "ambiguous"
    assert "resolves to 2 mailboxes" in report["chris"]["detail"]


async def test_engine_refuses_exchange_2010(engine_sandbox: Sandbox, sandbox_data_dir: Path) -> None:
    from calwizard.checks.plan import make_context
    from calwizard.engine.ews_backend import EwsBackend
    from calwizard.errors import UserFacingError
    from calwizard.secretrefs import make_fetcher

    settings = scenario_settings("onprem-exchange-2010", engine_sandbox.host_overrides, engine_sandbox.ca_file,
                                 sandbox_data_dir)
    backend = EwsBackend(make_context(settings, make_fetcher(settings.model_copy(deep=True))))
    with pytest.raises(UserFacingError) as e:
        await backend.open()
    await backend.close()
    assert "Exchange 2010 SP3" in e.value.message and "2013 or newer" in e.value.message
    assert e.value.remedy and "upgrade" in e.value.remedy


async def test_engine_refuses_exchange_2010_with_an_explicit_ews_url(engine_sandbox: Sandbox,
                                                                    sandbox_data_dir: Path) -> None:
    """No Autodiscover, so no version from it: EWS's ServerVersionInfo decides before anything is synced."""
    from calwizard.checks.plan import make_context
    from calwizard.engine.ews_backend import EwsBackend
    from calwizard.errors import UserFacingError
    from calwizard.secretrefs import make_fetcher

    settings = scenario_settings("onprem-exchange-2010", engine_sandbox.host_overrides, engine_sandbox.ca_file,
                                 sandbox_data_dir)
    settings.exchange.ews_url = f"https://{data.LITWARE_MAIL_HOST}/EWS/Exchange.asmx"
    backend = EwsBackend(make_context(settings, make_fetcher(settings.model_copy(deep=True))))
    with pytest.raises(UserFacingError) as e:
        await backend.open()
    await backend.close()
    assert "ServerVersionInfo" in e.value.message and "Exchange 2010 SP3" in e.value.message
