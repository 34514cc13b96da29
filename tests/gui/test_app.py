"""The entry points, each in its own process (they run ``QApplication.exec()``, which a test process
sharing one QApplication should not): ``run_demo`` starts the sandbox in-process and opens the wizard
prefilled; ``run_gui`` opens a configuration given on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

CHILD = r"""
import argparse, json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from calwizard.gui.app import run_demo, run_gui
from calwizard.wizard.flow import StepId
seen = {}
def ready(wiz):
    st = wiz.ctl.state
    seen.update(sync_type=st.settings.exchange.sync_type.value, profile=st.profile,
                pbx=st.settings.pbx.master_pbx_name, next=wiz.currentPage().isComplete(),
                demo=wiz.pages[StepId.WELCOME].demo.isVisibleTo(wiz), pages=len(wiz.pageIds()))
    wiz.done(0)
    QApplication.instance().exit(0)
which, arg = sys.argv[1], sys.argv[2]
if which == "demo":
    rc = run_demo(argparse.Namespace(scenario="app-only-ok", data_dir=Path(arg), latency_ms=0), on_ready=ready)
else:
    rc = run_gui(argparse.Namespace(config=Path(arg)), on_ready=ready)
print(json.dumps({"rc": rc, **seen}))
"""


def run_child(which: str, arg: Path, tmp_path: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CALWIZARD_CONFIG_DIR=str(tmp_path / "profiles"))
    out = subprocess.run([sys.executable, "-c", CHILD, which, str(arg)], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_run_demo_opens_the_wizard_prefilled_against_the_sandbox(tmp_path) -> None:
    seen = run_child("demo", tmp_path / "sandbox", tmp_path)
    assert seen == {"rc": 0, "sync_type": "cloud_app_only", "profile": "demo-app-only-ok", "pbx": "sandbox-pbx",
                    "next": True, "demo": True, "pages": 10}


def test_run_gui_opens_a_configuration_given_on_the_command_line(tmp_path) -> None:
    from calwizard.settings import save_settings
    from calwizard.settings.model import Settings

    s = Settings()
    s.pbx.master_pbx_name = "pbx9"
    path = save_settings(s, tmp_path / "cust-z.toml")
    seen = run_child("gui", path, tmp_path)
    assert seen["rc"] == 0 and seen["pbx"] == "pbx9" and seen["profile"] == "cust-z" and not seen["demo"]


FIRST_PAGE_CHILD = r"""
import json, os, sys
from PySide6.QtWidgets import QApplication
from calwizard.gui.app import run_gui
seen = {}
def first_page():
    # calwizard.resources (standard library only) is allowed: the translation is loaded before the first page
    seen["modules"] = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "qasync", "babel", "msal",
                             "exchangelib", "keyring", "importlib") or m.startswith(("calwizard.settings",
                             "calwizard.checks", "calwizard.gui.widgets", "defusedxml",
                             "calwizard.wizard.flow", "PySide6.QtCore.Qt")))
    seen["metadata"] = "importlib.metadata" in sys.modules
def ready(wiz):
    seen.update(title=wiz.windowTitle(), icon=not wiz.windowIcon().isNull(), steps=wiz.steps.texts())
    wiz.done(0)
    QApplication.instance().exit(0)
rc = run_gui(None, on_first_page=first_page, on_ready=ready)
print(json.dumps({"rc": rc, **seen}))
"""


def test_the_first_page_is_shown_before_the_heavy_modules_load(tmp_path) -> None:
    """What ``bench/startup.py`` times: the Welcome page appears before pydantic, the settings, the checks,
    the wizard flow (only its step table), qasync and the version lookup load; the second stage then adds the
    version, the icon and the steps."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CALWIZARD_CONFIG_DIR=str(tmp_path / "profiles"))
    out = subprocess.run([sys.executable, "-c", FIRST_PAGE_CHILD], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    heavy = [m for m in seen["modules"] if not m.startswith("importlib")]
    assert heavy == [] and not seen["metadata"], seen["modules"]
    assert seen["rc"] == 0 and seen["title"].startswith("calwizard ") and seen["icon"]
    assert seen["steps"][0] == "1. Welcome  ›" and len(seen["steps"]) >= 4


LEAK_CHILD = r"""
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Source(QObject):
    changed = Signal(str)
source = Source()
source.changed.connect(lambda text: None)
before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
for _ in range(200):
    source.changed.emit("x")
after = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
print(*(a - b for a, b in zip(after, before)))
"""


def test_signals_do_not_leak_references_of_true_false_or_none(tmp_path: Path) -> None:
    """A wizard session emits tens of thousands of signals (every keystroke, every check's progress): a binding that
    drops a reference of True, False or None per signal aborts the program ("Fatal Python error: bool_dealloc") on a
    Python where they are not immortal (3.11). PySide6-Essentials 6.12.0 does on 3.11; pyproject.toml excludes it
    there — this fails when an environment has it anyway (reinstall: ``pip install -e .[test]``)."""
    import PySide6

    out = subprocess.run([sys.executable, "-c", LEAK_CHILD], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert out.returncode == 0 or "dealloc" in out.stderr, out.stderr[-2000:]
    deltas = [int(n) for n in out.stdout.split()] if out.returncode == 0 else []
    assert deltas and all(d > -100 for d in deltas), (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} loses a reference per signal "
        f"(True, False, None: {deltas or out.stderr[-300:]}): install the version pyproject.toml allows")
