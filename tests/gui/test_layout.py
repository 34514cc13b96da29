"""Layout on a technician's real laptop: every page at 1024x700, and in a real window (Xvfb) at 200 % on a
1600x1000 screen, 150 % on 1366x768 and 200 % on 1280x800 — no widget cut off, squeezed or on top of another
(:mod:`calwizard.gui.layoutcheck` walks every visible widget, so widgets added later are checked too), the window
inside the screen, Back/Next/Cancel reachable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard
from tests.gui.conftest import XVFB_SCREENS, wait_checks

from calwizard.gui.layoutcheck import layout_problems
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.wizard.flow import StepId, new_state

pytestmark = [pytest.mark.gui, pytest.mark.integration]

SCENARIOS = ("onprem-mailbox-problems", "graph-out-of-scope", "delegated")
"""Between them every page and every optional row: on-premises (mailbox failures), Microsoft Graph (permission,
least privilege box, consent warning), delegated (sign-in and scopes)."""


def settle(qtbot: Any, page: Any) -> None:
    if getattr(page, "job", None) is not None or getattr(page, "live", None) is not None:
        wait_checks(qtbot, page)
    qtbot.waitUntil(lambda: not page.busy, timeout=30000)  # e.g. the Welcome page's secret store check
    qtbot.wait(50)  # the last results' relayout


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_page_fits_1024x700(qtbot, make_wizard, gui_sandbox, scenario) -> None:
    settings = scenario_settings(scenario, gui_sandbox.host_overrides, gui_sandbox.ca_file, gui_sandbox.data_dir)
    wiz = make_wizard(new_state(settings, profile="layout"))
    wiz.resize(1024, 700)
    found: dict[str, list[str]] = {}
    seen = []
    while True:
        page = wiz.currentPage()
        settle(qtbot, page)
        seen.append(wiz.step())
        if problems := layout_problems(wiz):
            found[wiz.step().value] = [str(p) for p in problems]
        if wiz.step() is StepId.MAPPING:  # usable without scrolling: both tables and the mapping in view
            assert page.scroll.verticalScrollBar().maximum() == 0
            assert page.sample.viewport().height() >= 2 * page.sample.verticalHeader().defaultSectionSize()
        if wiz.nextId() < 0:
            break
        wiz.next()
    assert len(seen) >= 9
    assert not found, json.dumps(found, indent=1)


def test_the_checker_finds_a_squeezed_and_an_overlapping_widget(qtbot) -> None:
    """The checker is not blind: a button narrower than its text and two labels on top of each other."""
    from PySide6.QtWidgets import QLabel, QPushButton, QWidget

    w = QWidget()
    qtbot.addWidget(w)
    w.resize(300, 100)
    button = QPushButton("A button with a long text", w)
    button.setGeometry(0, 0, 40, 30)
    a, b = QLabel("first", w), QLabel("second", w)
    a.setGeometry(100, 0, 80, 20)
    b.setGeometry(120, 5, 80, 20)
    outside = QLabel("cut off", w)
    outside.setGeometry(280, 80, 80, 20)
    w.show()
    qtbot.waitExposed(w)
    kinds = {(p.kind, p.widget.split()[0]) for p in layout_problems(w)}
    assert ("overlap", "QLabel") in kinds and ("clipped", "QLabel") in kinds
    # a widget placed by hand is not layout-managed, so only a layout squeezing it counts: put it in one
    from PySide6.QtWidgets import QHBoxLayout

    outer = QWidget()
    qtbot.addWidget(outer)
    outer.resize(200, 100)
    box = QWidget(outer)
    QHBoxLayout(box).addWidget(QPushButton("A button with a long text", box))
    box.setGeometry(0, 0, 30, 30)
    outer.show()
    qtbot.waitExposed(outer)
    assert any(p.kind == "squeezed" for p in layout_problems(outer))


def test_the_checker_finds_cut_column_titles_and_content_cut_off_without_a_scroll_bar(qtbot) -> None:
    """A column narrower than its title, and a page whose content is wider than its scroll area while the
    horizontal scroll bar is switched off (the text beyond the edge is simply not drawn)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QHeaderView, QRadioButton, QScrollArea, QTableWidget, QVBoxLayout, QWidget

    from calwizard.gui.widgets import ColumnFitter

    table = QTableWidget(1, 2)
    qtbot.addWidget(table)
    table.setHorizontalHeaderLabels(["A rather long column title", "B"])
    table.setColumnWidth(0, 30)
    table.resize(300, 120)
    table.show()
    qtbot.waitExposed(table)
    assert any(p.kind == "header-cut" for p in layout_problems(table))
    # the fitter keeps the fixed columns' titles and leaves the stretching column room for its own
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.setHorizontalHeaderLabels(["PBX", "A rather long column title"])
    ColumnFitter(table, 1, {0: 60})
    qtbot.wait(10)
    assert not [p for p in layout_problems(table) if p.kind == "header-cut"]

    scroll = QScrollArea()
    qtbot.addWidget(scroll)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    content = QWidget()
    QVBoxLayout(content).addWidget(QRadioButton("A radio button whose title cannot wrap to the next line at all"))
    scroll.setWidget(content)
    scroll.resize(150, 100)
    scroll.show()
    qtbot.waitExposed(scroll)
    assert any(p.kind == "h-scroll" and "cut off" in p.detail for p in layout_problems(scroll))


SCREEN_CHILD = r"""
import argparse, json, sys, time
from pathlib import Path
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard
from calwizard.gui.app import run_demo
from calwizard.gui.layoutcheck import layout_problems, offscreen_problems
allow_hscroll = sys.argv[2] == "1"
report = {"pages": {}}
def spin(seconds):
    QTest.qWait(int(seconds * 1000))  # Qt's own wait: events keep being processed
def settled(page):
    job = getattr(page, "job", None) or getattr(getattr(page, "live", None), "job", None)
    timer = getattr(getattr(page, "live", None), "timer", None)
    return not (job is not None and job.running) and not (timer is not None and timer.isActive()) and not page.busy
def walk(wiz):
    screen = wiz.screen()
    report.update(screen=list(screen.availableGeometry().getRect()), dpr=screen.devicePixelRatio(),
                  window=list(wiz.frameGeometry().getRect()))
    buttons = [wiz.button(b) for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                                       QWizard.WizardButton.CancelButton, QWizard.WizardButton.FinishButton)]
    while True:
        page = wiz.currentPage()
        end = time.monotonic() + 30
        while not settled(page) and time.monotonic() < end:
            spin(0.05)
        spin(0.1)
        problems = layout_problems(wiz, allow_hscroll=allow_hscroll) + offscreen_problems(wiz, buttons)
        report["pages"][wiz.step().value] = [str(p) for p in problems]
        if wiz.nextId() < 0:
            break
        wiz.next()
    wiz.ctl.services.extra["confirm_discard"] = False
    wiz.done(0)
    QApplication.instance().exit(0)
rc = run_demo(argparse.Namespace(scenario=sys.argv[1], data_dir=None, latency_ms=0), on_ready=walk)
print(json.dumps(report))
"""


@pytest.mark.parametrize(("screen", "scale", "scenario"), [
    (0, "2", "graph-out-of-scope"),
    (1, "1.5", "onprem-mailbox-problems"),
    (2, "2", "graph-out-of-scope"),
])
def test_real_window_fits_the_screen_at_high_scale(xvfb, tmp_path, screen, scale, scenario) -> None:
    """The program as started (``calwizard demo``), in a real X11 window with Qt's scale factor: the window opens
    inside the screen, and on every page Back/Next/Cancel are on screen and nothing overlaps or is cut off."""
    width, height = XVFB_SCREENS[screen]
    logical_width = width / float(scale)
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=f"{xvfb}.{screen}", QT_SCALE_FACTOR=scale,
               CALWIZARD_CONFIG_DIR=str(tmp_path / "profiles"))
    env.pop("WAYLAND_DISPLAY", None)
    # at 640 logical pixels the widest rows (a radio button's title, a check box's label) may scroll sideways
    hscroll = "1" if logical_width < 700 else "0"
    out = subprocess.run([sys.executable, "-c", SCREEN_CHILD, scenario, hscroll], capture_output=True, text=True,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    sx, sy, sw, sh = report["screen"]
    assert (sw, sh) == (round(width / float(scale)), round(height / float(scale)))
    wx, wy, ww, wh = report["window"]
    assert sx <= wx and sy <= wy and wx + ww <= sx + sw and wy + wh <= sy + sh, report
    assert len(report["pages"]) >= 9, report["pages"].keys()
    bad = {page: problems for page, problems in report["pages"].items() if problems}
    assert not bad, json.dumps(bad, indent=1)


def test_the_smallest_window_keeps_every_control_usable(qtbot, make_wizard) -> None:
    """At the smallest size the wizard allows, nothing overlaps and Next/Cancel are inside the window."""
    from PySide6.QtCore import QPoint, QRect

    wiz = make_wizard()
    wiz.resize(wiz.minimumSize())
    qtbot.wait(20)
    assert not layout_problems(wiz, allow_hscroll=True)
    for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CancelButton):
        button = wiz.button(which)
        assert button.isVisible()
        assert wiz.rect().contains(QRect(button.mapTo(wiz, QPoint(0, 0)), button.size()))
