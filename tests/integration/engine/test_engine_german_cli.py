"""``calwizard engine run`` / ``engine status`` in German against the sandbox, as processes: the start and stop
lines, a refused start (sync type disabled, ``--sink pbx`` without a PBX, a rejected password, a PBX that rejects
the App object) and the status of a state directory say it in German; the engine's log lines stay English; in
English every text is the one it always was."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from engine_helpers import wait_for

from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings import save_settings
from calwizard.settings.model import Settings, SyncType

pytestmark = pytest.mark.integration

ENGINE = [sys.executable, "-m", "calwizard.engine"]
ENGLISH = re.compile(r"\b(the|is|are|cannot|does|not|and|with|from|has|have|this|that|enter|use|of|to|should|"
                     r"must|give|choose|needs|none|never|running|recent|events|state|syncing|stopped)\b",
                     re.IGNORECASE)
"""Words no German sentence contains; quoted values, paths, options and addresses are removed before looking."""
GERMAN = re.compile(r"[äöüßÄÖÜ]|\b(der|die|das|ist|nicht|wurde|keinen|Konto|Postfach|Zugriff|verweigert)\b")
"""German in a line of the engine's log (which stays English in every interface language)."""


def english_in(text: str) -> list[str]:
    plain = re.sub(r"'[^']*'|\S*[/@\\]\S*|--[\w-]+|calwizard (engine|validate|secrets)[\w -]*?(?=[:;,.]|$)", " ",
                   text)
    return ENGLISH.findall(plain)


def _env(lang: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE",
                                                             "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["CALWIZARD_LANG"] = lang
    return env


def _run(args: list[str], lang: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ENGINE, *args], capture_output=True, text=True, env=_env(lang), timeout=timeout)


def _presence_lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


def test_run_and_status_speak_german(onprem: Settings, tmp_path: Path) -> None:
    config = save_settings(onprem, tmp_path / "engine.toml")
    state, out = tmp_path / "state", tmp_path / "presence.jsonl"
    proc = subprocess.Popen([*ENGINE, "-v", "run", str(config), "--sink", str(out), "--state-dir", str(state)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env("de"))
    try:
        wait_for(lambda: _presence_lines(out) >= 3 or proc.poll() is not None, 60, "three presence lines")
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        running = _run(["status", "--state-dir", str(state)], "de")
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    mine = [line for line in stderr.splitlines() if line.startswith("calwizard engine:")]
    assert mine[0] == (f"calwizard engine: synchronisiert {len(onprem.mailboxes)} Benutzer; Präsenz -> {out}; "
                       f"Zustand in {state}"), mine
    assert mine[-1] == "calwizard engine: beendet"
    # the log (-v) stays English: operators grep it
    logged = [line for line in stderr.splitlines() if not line.startswith("calwizard engine:")]
    assert logged and any(re.search(r"\b(EWS at|resolved|subscribed|streaming)\b", line) for line in logged), stderr
    # from the moment it runs (after the backend opened: "EWS at …") the engine logs English; the Autodiscover trail
    # of the start-up before it is the interface's (the sentences validate shows)
    opened = next(i for i, line in enumerate(logged) if "EWS at " in line)
    german_in_log = [line for line in logged[opened:] if GERMAN.search(line)]
    assert not german_in_log, german_in_log
    assert any("access_denied" in line or "access denied" in line for line in logged[opened:]), logged

    assert running.returncode == 0, running.stderr
    assert f"Engine-Zustand {state} (läuft); letzter vollständiger Abgleich " in running.stdout, running.stdout

    stopped = _run(["status", "--state-dir", str(state)], "de")
    assert stopped.returncode == 0, stopped.stderr
    text = stopped.stdout
    assert f"Engine-Zustand {state} (läuft nicht)" in text
    assert re.search(r"^Rückstau der Ziele: \d+ wartende Änderung\(en\), \d+ unzustellbare Änderung\(en\)$", text,
                     re.MULTILINE), text
    assert "letzte Ereignisse:" in text
    rows = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ") and line.split()}
    # a user's detail is what the running engine logged about it: English
    assert "(access_denied: " in rows["exec"] and not GERMAN.search(rows["exec"].split("(", 1)[1]), rows["exec"]
    assert "aufgelöst" in rows["anna"] and "kein Zugriff" in rows["legal"] and "nicht gefunden" in rows["ghost"], text
    assert any(line.strip().startswith("Präsenz: ") for line in text.splitlines()), text
    for line in text.splitlines():
        if line.startswith("  ") and "(" in line:
            line = line.split("(")[0]  # a user's detail is the engine's own text (English, as in its log)
        if line.startswith("  20"):
            continue  # an event: time, user, kind — the kind in German, its detail the engine's
        assert not english_in(line), line

    english = _run(["status", "--state-dir", str(state)], "en")
    assert f"engine state {state} (not running); last full sync " in english.stdout
    assert "recent events:" in english.stdout
    for name, expected in (("legal", "access_denied"), ("ghost", "not_found"), ("anna", "resolved")):
        assert any(line.split()[:2] == [name, expected] for line in english.stdout.splitlines()), english.stdout
    assert english.stdout.count("\n") == text.count("\n"), "the same report, line for line"


def test_a_refused_start_speaks_german(onprem: Settings, engine_sandbox: Sandbox, sandbox_data_dir: Path,
                                       tmp_path: Path) -> None:
    disabled = save_settings(onprem.model_copy(update={"exchange": onprem.exchange.model_copy(
        update={"sync_type": SyncType.DISABLED})}), tmp_path / "disabled.toml")
    de = _run(["run", str(disabled), "--state-dir", str(tmp_path / "s1")], "de")
    assert de.returncode == 2, de.stderr
    assert de.stderr.splitlines()[-1] == (
        "calwizard engine: exchange.sync_type: die Synchronisierungsart ist 'disabled': es gibt nichts zu "
        "synchronisieren — Wählen Sie im Assistenten eine Synchronisierungsart und prüfen Sie die Konfiguration.")
    en = _run(["run", str(disabled), "--state-dir", str(tmp_path / "s1")], "en")
    assert en.returncode == 2 and en.stderr.splitlines()[-1] == (
        "calwizard engine: exchange.sync_type: the sync type is 'disabled': there is nothing to sync — Choose a sync "
        "type in the wizard and validate the configuration."), en.stderr

    config = save_settings(onprem, tmp_path / "engine.toml")
    nopbx = _run(["run", str(config), "--sink", "pbx", "--state-dir", str(tmp_path / "s2")], "de")
    assert nopbx.returncode == 2, nopbx.stderr
    assert "--sink pbx braucht eine PBX-Verbindung, und die Konfiguration hat keine" in nopbx.stderr
    assert not english_in(nopbx.stderr.splitlines()[-1]), nopbx.stderr

    bad = onprem.model_copy(deep=True)
    bad.exchange.password = type(bad.exchange.password)(sandbox=data.CRED_CONTOSO_ANNA_PASSWORD)  # type: ignore[misc]
    rejected = _run(["run", str(save_settings(bad, tmp_path / "bad.toml")), "--state-dir", str(tmp_path / "s3")],
                    "de", timeout=90)
    assert rejected.returncode == 1, rejected.stderr
    last = rejected.stderr.splitlines()[-1]
    assert last.startswith("calwizard engine: Start nicht möglich: "), rejected.stderr
    assert data.credential(data.CRED_CONTOSO_ANNA_PASSWORD) not in rejected.stderr

    pbx = save_settings(scenario_settings("pbx-bad-password", engine_sandbox.host_overrides, engine_sandbox.ca_file,
                                          sandbox_data_dir), tmp_path / "pbx.toml")
    refused = _run(["run", str(pbx), "--state-dir", str(tmp_path / "s4")], "de", timeout=90)
    assert refused.returncode == 1, refused.stderr
    last = refused.stderr.splitlines()[-1]
    assert last.startswith("calwizard engine: Start nicht möglich: "), refused.stderr
    assert not english_in(last), last
    assert "Traceback" not in refused.stderr
