"""The entry points: ``run_demo`` starts the sandbox in-process and opens the wizard prefilled; ``run_gui``."""

from __future__ import annotations

import argparse
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from calwizard.settings.model import SyncType
from calwizard.wizard.flow import StepId

pytestmark = pytest.mark.gui


def test_run_demo_opens_the_wizard_prefilled_against_the_sandbox(qapp, tmp_path) -> None:
    from calwizard.gui.app import run_demo

    seen: dict[str, Any] = {}

    def ready(wiz: Any) -> None:
        seen["sync_type"] = wiz.ctl.state.settings.exchange.sync_type
        seen["profile"] = wiz.ctl.state.profile
        seen["demo"] = wiz.pages[StepId.WELCOME].demo.isVisible()
        seen["next"] = wiz.currentPage().isComplete()
        wiz.done(0)
        QApplication.instance().exit(0)

    rc = run_demo(argparse.Namespace(scenario="app-only-ok", data_dir=tmp_path, latency_ms=0), on_ready=ready)
    assert rc == 0
    assert seen == {"sync_type": SyncType.CLOUD_APP_ONLY, "profile": "demo-app-only-ok", "demo": True, "next": True}


def test_run_gui_opens_a_configuration_given_on_the_command_line(qapp, tmp_path, monkeypatch) -> None:
    from calwizard.gui.app import run_gui
    from calwizard.settings import save_settings
    from calwizard.settings.model import Settings

    monkeypatch.setenv("CALWIZARD_CONFIG_DIR", str(tmp_path / "profiles"))
    s = Settings()
    s.pbx.master_pbx_name = "pbx9"
    path = save_settings(s, tmp_path / "cust-z.toml")
    seen: dict[str, Any] = {}

    def ready(wiz: Any) -> None:
        seen["pbx"] = wiz.ctl.state.settings.pbx.master_pbx_name
        seen["profile"] = wiz.ctl.state.profile
        wiz.done(0)
        QApplication.instance().exit(0)

    assert run_gui(argparse.Namespace(config=path), on_ready=ready) == 0
    assert seen == {"pbx": "pbx9", "profile": "cust-z"}
