"""The wizard in German: every page walked against the sandbox shows no English text (neither an English source
of the catalog left untranslated nor an English sentence the catalog never saw), keyboard mnemonics stay unique,
the Welcome page switches the language of the running wizard, and CALWIZARD_LANG chooses it at start. A static
check finds texts written into widgets without a translation marker."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QTextBrowser,
    QTreeWidget,
)
from tests.gui.conftest import wait_checks
from tests.gui.test_mnemonics import mnemonics

from calwizard.sandbox.scenarios import scenario_settings
from calwizard.wizard.flow import new_state

pytestmark = [pytest.mark.gui, pytest.mark.integration]

REPO = Path(__file__).resolve().parents[2]
ENGLISH_WORDS = re.compile(r"\b(the|and|with|is|are|not|from|this|your|to|of|for|cannot|must|be|it|was|has|how|"
                           r"fix|kept|type|replace|none|listed|only|which|would|should|could|there|their|been|have|"
                           r"will|into|without|when|then|than|that|what|where|were|by|at|or|if|but|no|yet|found|"
                           r"via|run|checked|outdated|running|passed|failed|denied|recommended|disabled)\b")
"""Words a German sentence does not contain; two of them in one text mark an English sentence."""
STRONG_ENGLISH = re.compile(r"\b(the|and|with|how to|recommended|denied|kept in|would|should|which|found via|none "
                            r"listed|not checked|not run)\b", re.IGNORECASE)
"""Words (lower case) that alone mark English in a German text: no German word, product or command name has them."""


def english_sources() -> set[str]:
    """English texts of the catalog whose German differs (shown as they are: an untranslated leak)."""
    root = ET.parse(REPO / "resources" / "translations" / "calwizard_de.ts").getroot()
    out = set()
    for msg in root.iter("message"):
        source, tr = msg.findtext("source") or "", msg.find("translation")
        german = tr.text or next((f.text for f in tr.iter("numerusform")), "") or ""
        if german != source and "{" not in source and "%n" not in source:
            out.add(source.replace("&", "").strip())
    return out


@pytest.fixture
def in_german(qapp: Any) -> Any:
    from calwizard.gui.i18n import install_translators

    install_translators(qapp, "de")
    yield
    install_translators(qapp, "en")


def visible_texts(wiz: Any) -> list[tuple[str, str]]:
    """(where, text) of every text a technician reads on the current page and the window's chrome."""
    out: list[tuple[str, str]] = [("title", wiz.currentPage().title()), ("subtitle", wiz.currentPage().subTitle())]
    for w in wiz.findChildren(QLabel):
        if w.isVisible() and w.text():
            out.append((f"label {w.objectName()}", re.sub(r"<[^>]+>", " ", w.text())))
    for w in wiz.findChildren(QAbstractButton):
        if w.isVisible() and w.text():
            out.append(("button", w.text()))
    for w in wiz.findChildren(QComboBox):
        if w.isVisible():
            out += [("combo item", w.itemText(i)) for i in range(w.count())]
    for w in wiz.findChildren(QLineEdit):
        if w.isVisible() and w.placeholderText():
            out.append(("placeholder", w.placeholderText()))
    for w in wiz.findChildren(QTableWidget):
        if w.isVisible():
            out += [("table header", w.horizontalHeaderItem(c).text()) for c in range(w.columnCount())
                    if w.horizontalHeaderItem(c) is not None]
    for w in wiz.findChildren(QTreeWidget):
        if w.isVisible():
            stack = [w.invisibleRootItem()]
            while stack:
                item = stack.pop()
                for i in range(item.childCount()):
                    child = item.child(i)
                    stack.append(child)
                    out += [("check", child.text(1)), ("check", child.text(2))]
    for w in wiz.findChildren(QListWidget):
        if w.isVisible():
            out += [("list item", w.item(i).text()) for i in range(w.count())]
    for w in wiz.findChildren(QTextBrowser):
        if w.isVisible():
            out.append(("details", w.toPlainText()))
    return out


def untranslated(texts: list[tuple[str, str]], sources: set[str]) -> list[str]:
    bad = []
    for where, text in texts:
        if where == "details":  # what the server said (below "Details:") is the server's own words
            text = text.split("\nDetails:\n", 1)[0]
        for line in text.replace("&", "").splitlines():
            line = " ".join(line.split())
            if line in sources or ("PowerShell" not in where and (len(ENGLISH_WORDS.findall(line)) >= 2
                                                                 or STRONG_ENGLISH.search(line))):
                bad.append(f"{where}: {line[:140]}")
    return bad


@pytest.mark.parametrize("scenario", ["onprem-mailbox-problems", "graph-out-of-scope", "delegated", "pbx-bad-password",
                                      "app-only-no-consent", "entra-setup"])
def test_every_page_is_german(qtbot, make_wizard, gui_sandbox, in_german, scenario) -> None:
    settings = scenario_settings(scenario, gui_sandbox.host_overrides, gui_sandbox.ca_file, gui_sandbox.data_dir)
    wiz = make_wizard(new_state(settings, profile="deutsch"))
    wiz.resize(1000, 780)
    sources = english_sources()
    found: dict[str, list[str]] = {}
    clashes: dict[str, Any] = {}
    pages = 0
    while True:
        page = wiz.currentPage()
        if getattr(page, "job", None) is not None or getattr(page, "live", None) is not None:
            wait_checks(qtbot, page)
        qtbot.waitUntil(lambda p=page: not p.busy, timeout=30000)
        pages += 1
        if bad := untranslated(visible_texts(wiz), sources):
            found[wiz.step().value] = sorted(set(bad))
        if page_clashes := {k: v for k, v in mnemonics(wiz).items() if len(v) > 1}:
            clashes[wiz.step().value] = page_clashes
        if wiz.nextId() < 0:
            break
        wiz.next()
    assert pages >= 9
    assert wiz.button(wiz.WizardButton.FinishButton).text().replace("&", "") == "Abschließen"  # Qt's own, German
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)
    assert not clashes, json.dumps(clashes, indent=1, ensure_ascii=False)


def test_field_errors_are_german(qtbot, make_wizard, in_german) -> None:
    """A bad value under a field (the settings model's message) and in a mailbox row, in German."""
    from tests.gui.conftest import click_next
    from tests.gui.test_pages import onprem_state

    from calwizard.wizard import flow
    from calwizard.wizard.flow import StepId

    wiz = make_wizard(onprem_state())
    sources = english_sources()
    while wiz.step() != StepId.CONNECTION:
        click_next(qtbot, wiz)
    page = wiz.currentPage()
    page.user.setText("kein-smtp")  # typed, as a technician would
    page.autodiscover.setText("autodiscover contoso")
    shown = {path: page.errors[path].text() for path in ("exchange.user", "exchange.autodiscover_url")}
    assert all(page.errors[path].isVisible() for path in shown), shown
    assert "ist keine SMTP-Adresse" in shown["exchange.user"] and "ist keine URL" in shown["exchange.autodiscover_url"]
    assert not untranslated([("field", re.sub(r"<[^>]+>", " ", t)) for t in shown.values()], sources), shown
    page.user.setText("svc@contoso.test")
    page.autodiscover.setText("")
    wiz.ctl.update(flow.set_secret, "password", "x")
    while wiz.step() != StepId.MAILBOXES:
        click_next(qtbot, wiz)
    mailboxes = wiz.pages[StepId.MAILBOXES]
    mailboxes.add_row_()
    mailboxes.table.item(0, 0).setText("anna")
    mailboxes.table.item(0, 1).setText("keine-adresse")
    banner = mailboxes.problem_banner.text.text()
    assert "ist keine SMTP-Adresse" in banner, banner
    assert not untranslated([("banner", re.sub(r"<[^>]+>", " ", banner))], sources), banner


def test_the_welcome_page_switches_the_language_and_keeps_the_inputs(qtbot, make_wizard, services, qapp,
                                                                     monkeypatch) -> None:
    from calwizard.gui.i18n import install_translators

    wiz = make_wizard()
    welcome = wiz.currentPage()
    welcome.profile.setText("kunde-x")
    replaced: list[Any] = []
    wiz.replaced.connect(replaced.append)
    try:
        welcome.language.setCurrentIndex(welcome.language.findData("de"))
        assert replaced, "the window was not rebuilt"
        new = replaced[0]
        qtbot.addWidget(new)
        assert new.currentPage().title() == "Willkommen" and new.ctl.state.profile == "kunde-x"
        assert new.currentPage().profile.text() == "kunde-x" and new.isVisible() and not wiz.isVisible()
        assert "2. PBX & Präsenz" in new.steps.texts()
        assert json.loads((services.config_dir.parent / "ui.json").read_text()) == {"language": "de"}
        new.replaced.connect(replaced.append)
        # back to the system's language: English here (CALWIZARD_LANG=en in the tests)
        new.currentPage().language.setCurrentIndex(0)
        assert len(replaced) == 2 and replaced[-1].currentPage().title() == "Welcome"
        assert json.loads((services.config_dir.parent / "ui.json").read_text()) == {"language": None}
    finally:
        for w in replaced:
            w.cancel_all()
        install_translators(qapp, "en")


def test_calwizard_lang_chooses_german_at_start(tmp_path: Path) -> None:
    code = ("import json, os\n"
            "from PySide6.QtWidgets import QApplication\n"
            "from calwizard.gui.app import run_gui\n"
            "seen = {}\n"
            "def ready(wiz):\n"
            "    seen.update(title=wiz.currentPage().title(), next=wiz.button(wiz.WizardButton.NextButton).text(),\n"
            "                steps=wiz.steps.texts()[:2])\n"
            "    wiz.done(0)\n"
            "    QApplication.instance().exit(0)\n"
            "rc = run_gui(None, on_ready=ready)\n"
            "print(json.dumps(seen))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CALWIZARD_LANG="de",
               CALWIZARD_CONFIG_DIR=str(tmp_path / "profiles"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["title"] == "Willkommen" and "Weiter" in seen["next"] and seen["steps"][1] == "2. PBX & Präsenz"


TEXT_CALLS = {"setText": 0, "setToolTip": 0, "setPlaceholderText": 0, "setTitle": 0, "setSubTitle": 0,
              "setWindowTitle": 0, "setAccessibleName": 0, "setInformativeText": 0, "addItem": 0, "QLabel": 0,
              "QPushButton": 0, "QCheckBox": 0, "QRadioButton": 0, "show_message": 1, "add_row": 1, "section": 0,
              "QListWidgetItem": 0, "QTreeWidgetItem": 0, "QTableWidgetItem": 0, "QGroupBox": 0, "QAction": 0,
              "addAction": 0, "setStatusTip": 0, "setWhatsThis": 0, "information": 2, "warning": 2, "question": 2,
              "critical": 2, "setDetailedText": 0, "addButton": 0, "setLabelText": 0}
"""Widget calls whose text argument (by position) a technician reads."""


def test_no_widget_text_is_written_without_a_translation_marker() -> None:
    """Static: in the GUI modules, a literal sentence given to a text call must go through tr()/translate()."""
    found = []
    for path in sorted((REPO / "src" / "calwizard" / "gui").rglob("*.py")):
        if path.name == "layoutcheck.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            pos = TEXT_CALLS.get(name)
            if pos is None or pos >= len(node.args):
                continue
            arg = node.args[pos]
            texts = [arg] if not isinstance(arg, ast.IfExp) else [arg.body, arg.orelse]
            for t in texts:
                value = t.value if isinstance(t, ast.Constant) else "".join(
                    v.value for v in t.values if isinstance(v, ast.Constant)) if isinstance(t, ast.JoinedStr) else None
                prose = isinstance(value, str) and re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{2,}", value)
                if prose and not value.startswith("<"):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}: {value[:60]!r}")
    assert not found, "\n".join(found)
