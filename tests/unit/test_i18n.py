"""One catalog for the Qt interface and the Qt-free texts: the committed .ts files hold every marked text of the
code (regenerated with scripts/translations.py), every German translation is finished and keeps the placeholders,
mnemonics and plural marker of its English source, the compiled .qm match the .ts, Qt-free code reads the catalog
without Qt, and the language follows CALWIZARD_LANG, the wizard's choice or the system."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from calwizard import i18n

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "resources" / "translations"


def load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("translations_script", REPO / "scripts" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(ctx.findtext("name"), m.findtext("source")): m
            for ctx in root.iter("context") for m in ctx.iter("message")}


def test_the_catalog_holds_every_marked_text_of_the_code(tmp_path: Path) -> None:
    """What ``python scripts/translations.py`` would extract now equals what is committed: a new text without a
    catalog entry (or a stale entry) fails here, with the command that fixes it."""
    script = load_script()
    for lang in script.LANGS:  # start from the committed catalogs, as the script does
        (tmp_path / f"calwizard_{lang}.ts").write_bytes((TRANSLATIONS / f"calwizard_{lang}.ts").read_bytes())
    script.update(tmp_path)
    for lang in script.LANGS:
        fresh, committed = messages(tmp_path / f"calwizard_{lang}.ts"), messages(TRANSLATIONS / f"calwizard_{lang}.ts")
        missing, stale = sorted(set(fresh) - set(committed)), sorted(set(committed) - set(fresh))
        assert not missing and not stale, (f"{lang}: run 'python scripts/translations.py' and translate — new: "
                                           f"{missing[:10]}, gone: {stale[:10]}")


def test_every_german_text_is_translated_and_keeps_placeholders_mnemonics_and_plurals() -> None:
    problems = []
    for (ctx, source), msg in messages(TRANSLATIONS / "calwizard_de.ts").items():
        tr = msg.find("translation")
        forms = [f.text or "" for f in tr.iter("numerusform")] or [tr.text or ""]
        if tr.get("type") in ("unfinished", "obsolete", "vanished") or not all(forms):
            problems.append(f"[{ctx}] not translated: {source[:80]}")
            continue
        placeholders = sorted(re.findall(r"\{[^{}]*\}", source))
        amps = source.replace("&&", "").count("&")
        for form in forms:
            if sorted(re.findall(r"\{[^{}]*\}", form)) != placeholders:
                problems.append(f"[{ctx}] placeholders differ: {source[:60]!r} -> {form[:60]!r}")
            if form.replace("&&", "").count("&") != amps:
                problems.append(f"[{ctx}] mnemonic lost or added: {source[:60]!r} -> {form[:60]!r}")
        if "%n" in source and not any("%n" in f for f in forms):
            problems.append(f"[{ctx}] plural without %n: {source[:60]!r}")
    assert not problems, "\n".join(problems[:30])


def test_compiled_catalogs_match_their_sources(tmp_path: Path) -> None:
    script = load_script()
    for lang in script.LANGS:
        ts = TRANSLATIONS / f"calwizard_{lang}.ts"
        out = tmp_path / f"{lang}.qm"
        subprocess.run([script.tool("lrelease"), "-silent", str(ts), "-qm", str(out)], check=True)
        assert out.read_bytes() == ts.with_suffix(".qm").read_bytes(), "run 'python scripts/translations.py release'"


def test_qt_free_code_reads_the_catalog(german) -> None:  # type: ignore[no-untyped-def]
    assert i18n.translate("StepId", "Summary & save") == "Zusammenfassung & Speichern"
    readable = "All %n mailbox(es) are readable."
    assert i18n.translate("MailboxesPage", readable, None, 3) == "Alle 3 Postfächer sind lesbar."
    assert i18n.translate("MailboxesPage", readable, None, 1) == "Das Postfach ist lesbar."
    assert i18n.translate("nowhere", "A text nobody translated") == "A text nobody translated"
    assert i18n.format_date(date(2027, 4, 1)) == "1. April 2027"
    from calwizard.wizard import flow

    assert flow.step_title(flow.StepId.VALIDATE) == "Validieren"
    assert "1. April 2027" in flow.ews_online_text(date(2026, 11, 21)) and "Tagen" in flow.ews_online_text(
        date(2026, 11, 21))


def test_english_plurals_and_dates() -> None:
    backend = i18n._backend
    i18n.install(None)
    i18n.set_language("en")
    imported = "%n user(s) imported from {name}."
    assert i18n.translate("MailboxesPage", imported, None, 1) == "1 user imported from {name}."
    assert i18n.translate("MailboxesPage", imported, None, 2) == "2 users imported from {name}."
    assert i18n.format_date(date(2027, 4, 1)) == "1 April 2027"
    i18n.install(backend)


@pytest.mark.parametrize(("env", "saved", "system", "expected"), [
    ({"CALWIZARD_LANG": "de"}, "en", "en_US", "de"),
    ({}, "de", "en_US", "de"),
    ({}, None, "de_AT", "de"),
    ({"LANG": "de_DE.UTF-8"}, None, None, "de"),
    ({"LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8"}, None, None, "en"),
    ({"LANG": "fr_FR.UTF-8"}, None, None, "en"),
    ({"CALWIZARD_LANG": "xx", "LANG": "de_DE"}, None, None, "de"),
])
def test_the_language_follows_the_override_the_choice_then_the_system(env, saved, system, expected) -> None:
    assert i18n.choose_language(env=env, saved=saved, system=system) == expected


def test_the_wizards_choice_is_kept(tmp_path: Path) -> None:
    ui = tmp_path / "ui.json"
    assert i18n.saved_language(ui) is None
    i18n.save_language("de", ui)
    assert i18n.saved_language(ui) == "de" and json.loads(ui.read_text()) == {"language": "de"}
    i18n.save_language(None, ui)
    assert i18n.saved_language(ui) is None


def test_headless_validate_speaks_german_without_qt(tmp_path: Path) -> None:
    """``calwizard validate`` in German (CALWIZARD_LANG, or LANG=de_DE): the check summaries come from the same
    catalog, read without PySide6."""
    from calwizard.settings import save_settings
    from calwizard.settings.model import Settings

    config = save_settings(Settings(), tmp_path / "empty.toml")
    code = ("import sys, json; from calwizard.cli import main; rc = main(['validate', sys.argv[1]]); "
            "print(json.dumps({'rc': rc, 'qt': [m for m in sys.modules if m.startswith('PySide6')]}))")
    for env in ({"CALWIZARD_LANG": "de"}, {"LANG": "de_DE.UTF-8", "LC_ALL": ""}):
        full = {k: v for k, v in os.environ.items() if k not in ("CALWIZARD_LANG", "LC_ALL", "LC_MESSAGES")} | env
        out = subprocess.run([sys.executable, "-c", code, str(config)], capture_output=True, text=True, env=full,
                             timeout=120)
        last = json.loads(out.stdout.strip().splitlines()[-1])
        assert last["qt"] == [], last
        assert "Der Name der Master-PBX ist leer" in out.stdout + out.stderr, out.stdout[-2000:]
