"""German for the engine's own words: why ``calwizard engine run`` refuses to start (configuration, state
directory, health address, sinks, log level, shard, service name), the text of ``engine status`` /
``service-status`` (health, PBX, a user's status) and what ``engine install-service`` reports — in German a
sentence in German, in English the very texts they always were. The engine's log lines are not translated."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from calwizard import i18n
from calwizard.cli import main
from calwizard.engine import logs
from calwizard.engine.health import parse_address
from calwizard.engine.healthtext import pbx_line, print_health
from calwizard.engine.runner import build_engine
from calwizard.engine.service import check_name, service_sinks
from calwizard.engine.store import Store
from calwizard.errors import ConfigError
from calwizard.settings.model import Mailbox, Settings
from calwizard.settings.shard import Shard

ENGLISH = re.compile(r"\b(the|is|are|cannot|does|not|and|with|from|has|have|this|that|enter|use|no|of|to|"
                     r"should|must|give|choose|run|needs|another|running|none|owns|connected|failed|last|never)\b",
                     re.IGNORECASE)
"""Words no German sentence here contains (paths, options and commands are removed before looking)."""


def english_words(text: str) -> list[str]:
    """English words of ``text`` outside quoted values, paths, options (``--state-dir``) and commands."""
    plain = re.sub(r"'[^']*'|\S*/\S*|--[\w-]+|calwizard (engine|validate|secrets)[\w -]*?(?=[:;,.]|$)", " ", text)
    return ENGLISH.findall(plain)


def _language(lang: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``lang`` through the Qt-free catalog reader (as the headless ``calwizard engine`` verbs use it); a verb run
    with :func:`calwizard.cli.main` chooses it from ``CALWIZARD_LANG``."""
    before, backend = i18n.language(), i18n._backend
    i18n.install(None)
    i18n.set_language(lang)
    monkeypatch.setenv("CALWIZARD_LANG", lang)
    yield
    i18n.set_language(before)
    i18n.install(backend)


@pytest.fixture
def german(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    yield from _language("de", monkeypatch)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    yield from _language("en", monkeypatch)


def _settings(**exchange: Any) -> Settings:
    ex = {"sync_type": "on_premises", "user": "svc@contoso.com", **exchange}
    return Settings.model_validate({"exchange": ex,
                                    "mailboxes": [{"pbx_name": "anna", "addresses": ["anna@contoso.com"]}]})


def _nothing(_ref: Any) -> None:
    return None


REFUSALS: list[tuple[str, Callable[[Path], object], str]] = [
    ("disabled", lambda d: build_engine(_settings(sync_type="disabled"), _nothing, state_dir=d),
     "die Synchronisierungsart ist 'disabled'"),
    ("no mailboxes", lambda d: build_engine(Settings.model_validate(
        {"exchange": {"sync_type": "on_premises"}}), _nothing, state_dir=d),
     "keine Postfächer"),
    ("pbx sink", lambda d: build_engine(_settings(), _nothing, sink="pbx", state_dir=d),
     "--sink pbx braucht eine PBX-Verbindung"),
    ("password", lambda d: build_engine(_settings(), _nothing, sink="stdout", state_dir=d),
     "exchange.password ist nicht eingerichtet"),
    ("no state", lambda d: Store(d / "nowhere", read_only=True), "kein Engine-Zustand"),
    ("health", lambda d: parse_address("localhost:http"), "der Port muss eine Zahl"),
    ("health form", lambda d: parse_address("a:b:c"), "hat nicht die Form HOST:PORT"),
    ("log level", lambda d: logs.setup(level="loud", verbose=False, log_file=None,
                                                      redactor=logs.Redactor()), "ist keiner von"),
    ("shard", lambda d: Shard.parse("3/2"), "K muss zwischen 0 und N-1"),
    ("shard form", lambda d: Shard.parse("half"), "hat nicht die Form K/N"),
    ("service name", lambda d: check_name("Calwizard Engine"), "kein brauchbarer Dienstname"),
    ("service pbx", lambda d: service_sinks(["pbx"], state_dir=PurePosixPath("/var/lib/x"), pbx_configured=False,
                                            stdout_logged=True), "keine PBX-Verbindung"),
    ("service stdout", lambda d: service_sinks(["stdout"], state_dir=PurePosixPath("/var/lib/x"),
                                               pbx_configured=True, stdout_logged=False),
     "wird nirgends aufbewahrt"),
    ("webhook", lambda d: service_sinks(["http://hook.example.com/p"], state_dir=PurePosixPath("/var/lib/x"),
                                        pbx_configured=True, stdout_logged=True), "muss eine https://-URL sein"),
]


@pytest.mark.parametrize(("case", "act", "german_text"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_refused_start_is_explained_in_german(german, tmp_path: Path, case: str, act: Callable[[Path], object],
                                                german_text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as info:
        act(tmp_path)
    err = info.value
    assert german_text in err.message, err.message
    assert not english_words(err.message) and not english_words(err.remedy or ""), str(err)


def test_refusals_stay_english_in_english(english, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as info:
        build_engine(_settings(sync_type="disabled"), _nothing, state_dir=tmp_path)
    assert str(info.value) == ("exchange.sync_type: the sync type is 'disabled': there is nothing to sync — Choose a "
                               "sync type in the wizard and validate the configuration.")
    with pytest.raises(ConfigError) as info:
        build_engine(_settings(), _nothing, sink="pbx", state_dir=tmp_path)
    assert str(info.value) == ("pbx.address: --sink pbx needs a PBX connection, and the configuration has none — "
                               "Enter the PBX address, App object name and password (wizard: PBX & presence), or "
                               "choose another sink.")
    with pytest.raises(ConfigError) as info:
        Store(tmp_path / "nowhere", read_only=True)
    assert str(info.value) == (f"--state-dir: no engine state in {tmp_path / 'nowhere'} — Give the --state-dir the "
                               "engine runs with.")
    with pytest.raises(ConfigError) as info:
        Shard.parse("3/2")
    assert str(info.value) == ("--shard: --shard 3/2: K must be 0 to N-1 and N 1 to 1000 — Run N instances with "
                               "--shard 0/N … --shard 1/N.")


def test_a_second_engine_on_the_same_state_is_refused_in_german(german, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = Store(tmp_path)
    try:
        with pytest.raises(ConfigError) as info:
            Store(tmp_path)
    finally:
        first.close()
    assert info.value.message == f"eine andere Engine läuft bereits mit dem Zustandsverzeichnis {tmp_path}"
    assert info.value.remedy == "Beenden Sie die andere Engine, oder geben Sie dieser ein eigenes --state-dir."


HEALTH: dict[str, Any] = {
    "http_status": 503, "status": "unhealthy", "shard": "0/2", "failing": ["pbx"], "degraded": ["credentials"],
    "components": {
        "exchange": {"ok": True, "connected": True, "backend": "ews",
                     "last_failure": {"kind": "server_busy", "at": "2026-12-05T19:00:00+00:00"}},
        "streams": {"ok": True, "connections_open": 1, "groups": 1, "subscriptions": 3, "drops": 0, "renewals": 2},
        "users": {"ok": 2, "required": False, "total": 4, "access_denied": 1, "not_found": 1},
        "sync": {"ok": True, "last_full_sync": None, "last_change": None},
        "pbx": {"ok": False, "connected": False, "pbx": "sandbox-pbx", "seconds_disconnected": 75,
                "users_replicated": 3, "users_on_pbx": 4, "presence_sets": 5, "presence_set_failures": 1,
                "last_set_presence": None, "reconnects": 2, "failed_attempts": 3, "last_error": "connection refused"},
        "credentials": {"ok": False},
    },
}


def test_the_health_text_is_german(german, capsys) -> None:  # type: ignore[no-untyped-def]
    print_health(HEALTH)
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("Zustand: gestört (HTTP 503, Shard 0/2); gestört: pbx; braucht Aufmerksamkeit: "
                                   "credentials")
    assert "  Exchange: verbunden (ews); letzter Fehler server_busy um 2026-12-05T19:00:00+00:00" in out
    assert "  Benutzer: 4 (2 in Ordnung, kein Zugriff 1, nicht gefunden 1)" in out
    assert "  letzter vollständiger Abgleich nie; letzte Änderung keine" in out
    assert "  PBX sandbox-pbx: NICHT verbunden seit 75 s (länger als die Kulanzzeit); 3 Benutzer repliziert" in out
    assert "  credentials: NICHT in Ordnung" in out
    for line in out.splitlines():
        # the endpoint's own values (component names, an error kind, the library's error text) stay as they are
        words = re.sub(r"server_busy|connection refused|credentials|SetPresence|ews|pbx", " ", line)
        assert not english_words(words), line


def test_the_health_text_stays_english_in_english(english, capsys) -> None:  # type: ignore[no-untyped-def]
    print_health(HEALTH)
    assert capsys.readouterr().out == (
        "health: unhealthy (HTTP 503, shard 0/2); failing: pbx; needs attention: credentials\n"
        "  exchange: connected (ews); last failure server_busy at 2026-12-05T19:00:00+00:00\n"
        "  streams: 1/1 connection(s) open, 3 subscription(s); 0 drop(s), 2 renewal(s)\n"
        "  users: 4 (2 ok, access denied 1, not found 1)\n"
        "  last full sync never; last change none\n"
        "  PBX sandbox-pbx: NOT connected for 75 s (beyond the grace period); 3 user(s) replicated (4 on the PBX); "
        "5 SetPresence sent, 1 failed, last never; 2 reconnect(s); 3 failed attempt(s); last error: connection "
        "refused\n"
        "  credentials: NOT ok\n")
    assert pbx_line({"ok": True, "connected": True, "reconnects": 0}) == "PBX: connected; 0 reconnect(s)"


def test_install_service_reports_in_german(german, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "engine.toml"
    config.write_text('schema_version = 2\n[exchange]\nsync_type = "disabled"\n', encoding="utf-8")
    rc = main(["engine", "install-service", str(config), "--root", str(tmp_path / "root"), "--name", "cw-test",
               "--sink", "out.jsonl", "--state-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert "das Zustandsverzeichnis gehört dem Dienst" in err
    assert f"calwizard engine install-service: cw-test eingerichtet unterhalb von {tmp_path / 'root'} (linux)" in err
    assert "  Präsenz -> /var/lib/calwizard/cw-test/out.jsonl" in err
    assert "(nicht gestartet)" in err
    rc = main(["engine", "uninstall-service", "--name", "cw-test", "--root", str(tmp_path / "root"), "--purge"])
    err = capsys.readouterr().err
    assert rc == 0 and "calwizard engine uninstall-service: cw-test entfernt (" in err, err
    rc = main(["engine", "install-service", str(config), "--root", str(tmp_path / "root"), "--name", "Bad Name"])
    err = capsys.readouterr().err
    assert rc == 2 and "'Bad Name' ist kein brauchbarer Dienstname" in err, err


def test_install_service_reports_in_english(english, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "engine.toml"
    config.write_text('schema_version = 2\n[exchange]\nsync_type = "disabled"\n', encoding="utf-8")
    rc = main(["engine", "install-service", str(config), "--root", str(tmp_path / "root"), "--name", "cw-test"])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert err.startswith(f"calwizard engine install-service: cw-test installed below {tmp_path / 'root'} (linux): ")
    assert "\n  presence -> stdout (the configuration's default)\n" in err
    assert err.endswith("  health: http://127.0.0.1:9464/healthz; status: calwizard engine service-status --name "
                        "cw-test (not started)\n")


def test_log_lines_stay_english(german, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    """The running engine's log is for operators who grep it: English in every interface language."""
    from calwizard.engine.runner import shard_settings

    settings = Settings.model_validate({"exchange": {"sync_type": "on_premises"}, "mailboxes": [
        Mailbox(pbx_name=n, addresses=[f"{n}@contoso.com"]).model_dump() for n in ("anna", "ben", "carl", "dora")]})
    with caplog.at_level(logging.INFO, logger="calwizard.engine"):
        shard_settings(settings, Shard(0, 2))
    assert re.search(r"shard 0/2: \d of 4 user\(s\)", caplog.text), caplog.text


def _state_with_an_expiring_secret(state_dir: Path) -> None:
    """A stopped engine's state: one user, and a client secret that expires in five days."""
    import json
    from datetime import UTC, datetime, timedelta

    store = Store(state_dir)
    try:
        now = datetime.now(UTC)
        store.ensure_user("anna", ["anna@contoso.com"], now)
        store.set_status("anna", "access_denied", "access_denied: ErrorAccessDenied", now)
        store.set_meta("credential_expiry", json.dumps([{"what": "client secret", "field": "exchange.client_secret",
                                                         "expires": (now + timedelta(days=5)).isoformat()}]))
    finally:
        store.close()


def test_engine_status_text_is_german_and_its_json_english(german, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    _state_with_an_expiring_secret(tmp_path)
    assert main(["engine", "status", "--state-dir", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert f"Engine-Zustand {tmp_path} (läuft nicht); letzter vollständiger Abgleich nie" in text
    assert "Rückstau der Ziele: 0 wartende Änderung(en), 0 unzustellbare Änderung(en)" in text
    warning = next(line for line in text.splitlines() if line.startswith("WARNUNG: "))
    assert warning.startswith("WARNUNG: der geheime Clientschlüssel läuft in "), warning
    assert "Tagen ab (am " in warning and "Fügen Sie im Entra Admin Center" in warning, warning  # the remedy too
    assert re.search(r"^  anna  kein Zugriff +anna@contoso.com  \(access_denied: ErrorAccessDenied\)$", text,
                     re.MULTILINE), text
    assert main(["engine", "status", "--state-dir", str(tmp_path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["users"][0]["status"] == "access_denied"
    assert doc["credential_expiry"][0]["warning"].startswith("the client secret expires in "), doc
    assert doc["credential_expiry"][0]["remedy"].startswith("In the Entra admin center"), doc


def test_engine_status_text_stays_english_in_english(english, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _state_with_an_expiring_secret(tmp_path)
    assert main(["engine", "status", "--state-dir", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"engine state {tmp_path} (not running); last full sync never\n"
                           "sink backlog: 0 change(s) waiting, 0 dead letter(s)\n"
                           "WARNING: the client secret expires in ")
    assert "\n  anna  access_denied anna@contoso.com  (access_denied: ErrorAccessDenied)\n" in text
