"""The Presence mapping page's preview against the sandbox tenant: "Read calendar" fetches a configured
mailbox's real appointments with the engine's backend and the preview renders them; failures show their
remedy; a read that hangs times out, and leaving the page cancels it."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QWizard
from tests.gui.conftest import click_next

from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings.model import FreeBusySource, PresenceTarget
from calwizard.wizard.flow import StepId, new_state

pytestmark = [pytest.mark.gui, pytest.mark.integration]

BERLIN = ZoneInfo("Europe/Berlin")  # the scenarios' presence timezone


def mapping_page(qtbot: Any, make_wizard: Any, sb: Any, scenario: str) -> tuple[Any, Any]:
    wiz = make_wizard(new_state(scenario_settings(scenario, sb.host_overrides, sb.ca_file, sb.data_dir),
                                profile="t"))
    while wiz.step() != StepId.MAPPING:
        click_next(qtbot, wiz)
    return wiz, wiz.currentPage()


def choose(page: Any, pbx_name: str) -> None:
    index = page.source.findData(pbx_name)
    assert index > 0, [page.source.itemText(i) for i in range(page.source.count())]
    page.source.setCurrentIndex(index)


def read(qtbot: Any, page: Any, pbx_name: str) -> None:
    choose(page, pbx_name)
    assert page.read_button.isEnabled()
    qtbot.mouseClick(page.read_button, Qt.MouseButton.LeftButton)
    assert page.busy and page.stop_button.isEnabled()


def table(widget: Any) -> list[list[str]]:
    return [[widget.item(r, c).text() if widget.item(r, c) else "" for c in range(widget.columnCount())]
            for r in range(widget.rowCount())]


@pytest.mark.parametrize(("scenario", "pbx_name", "address"), [
    ("onprem-ok", "anna", d.CONTOSO_ANNA),
    ("app-only-ok", "alice", d.FABRIKAM_ALICE),
    ("graph-ok", "alice", d.FABRIKAM_ALICE),
])
def test_read_calendar_previews_the_mailboxs_real_appointments(qtbot, make_wizard, gui_sandbox, scenario,
                                                               pbx_name, address) -> None:
    _wiz, page = mapping_page(qtbot, make_wizard, gui_sandbox, scenario)
    assert page.source.itemText(0).startswith("Sample appointments")
    ticks: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    timer.start()
    read(qtbot, page, pbx_name)
    qtbot.waitUntil(lambda: page.calendar is not None and not page.busy, timeout=30000)
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise([0, *ticks])]
    assert max(gaps) < 250, gaps  # token, Autodiscover, imports and the read never block the window
    assert not page.read_banner.isVisible(), page.read_banner.text.text()
    assert page.calendar.address == address and f"{address}:" in page.read_status.text()

    now = datetime.now(UTC)
    seeded = [a for a in gui_sandbox.store.list(address, now - timedelta(minutes=5), now + timedelta(hours=48))
              if not a.is_all_day]
    current = next(a for a in seeded if a.start <= now < a.end and a.free_busy == "Busy")
    rows = table(page.sample)
    start_text = current.start.astimezone(BERLIN).strftime("%H:%M")
    end_text = current.end.astimezone(BERLIN).strftime("%H:%M")
    assert [start_text, end_text, current.subject, "Busy"] in [r[:4] for r in rows], rows  # free/busy in words
    assert len(rows) == len(page.calendar.appointments) >= 5

    preview = table(page.preview)
    assert preview[0][:2] == ["Now", "busy"]
    assert preview[0][2].startswith(f"{current.subject} until ")
    assert f"#until:{int(current.end.timestamp())}" in preview[0][2]
    if current.start.astimezone(BERLIN).date() == now.astimezone(BERLIN).date():
        assert [start_text, "busy"] in [r[:2] for r in preview]

    # the mapping applies to the real appointments too; "Back to samples" returns to the sample day
    busy = page.targets[FreeBusySource.BUSY]
    busy.setCurrentIndex(busy.findData(PresenceTarget.DO_NOT_DISTURB))
    assert table(page.preview)[0][:2] == ["Now", "dnd"]
    qtbot.mouseClick(page.reset, Qt.MouseButton.LeftButton)
    assert page.calendar is None and page.source.currentIndex() == 0
    assert "Weekly team meeting" in [r[2] for r in table(page.sample)]


def test_a_denied_mailbox_shows_the_remedy_in_the_banner(qtbot, make_wizard, gui_sandbox) -> None:
    wiz, page = mapping_page(qtbot, make_wizard, gui_sandbox, "onprem-mailbox-problems")
    read(qtbot, page, "legal")
    qtbot.waitUntil(lambda: not page.busy, timeout=30000)
    assert page.calendar is None
    text = page.read_banner.text.text()
    assert page.read_banner.isVisible() and d.CONTOSO_LEGAL in text
    assert "How to fix:" in text and "ApplicationImpersonation" in text
    assert wiz.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_hanging_read_times_out_and_leaving_the_page_cancels_it(qtbot, make_wizard, gui_sandbox) -> None:
    wiz, page = mapping_page(qtbot, make_wizard, gui_sandbox, "onprem-ok")
    with gui_sandbox.ews_paused():
        page.read_timeout = 1.5
        read(qtbot, page, "ben")
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        assert "did not answer in time" in page.read_banner.text.text()
        assert "How to fix:" in page.read_banner.text.text()

        page.read_timeout = 60
        read(qtbot, page, "ben")
        qtbot.waitUntil(lambda: sum(gui_sandbox.ews_in_flight().values()) > 0, timeout=20000)
        assert page.busy
        qtbot.mouseClick(wiz.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
        assert wiz.step() == StepId.MAILBOXES
        assert not page.busy and not page.stop_button.isEnabled()
        assert "stopped" in page.read_status.text()
    assert page.calendar is None
