"""``calwizard validate`` in German against the sandbox's failing scenarios: every failed check and every warning
says what is wrong and what to do in German — the remedies of the PBX, Entra ID, EWS access and Microsoft Graph,
the network and certificate failures (the library's English words only in the details), a bad configuration
file — while the commands, portal paths and names in the remedies stay as they are."""

from __future__ import annotations

import json
import re
import socket
import ssl
from pathlib import Path
from typing import Any

import pytest

from calwizard import i18n
from calwizard.cli import main
from calwizard.exchange.neterrors import translate_network_error
from calwizard.sandbox import Sandbox
from calwizard.sandbox.scenarios import write_configs

ENGLISH = re.compile(r"\b(the|is|are|cannot|does|not|and|with|from|has|have|this|that|enter|use|of|to|should|"
                     r"must|check|either|or|open|tick|click)\b", re.IGNORECASE)
"""Words no German sentence contains; quoted names, paths and URLs are removed before looking."""
KNOWN_ENGLISH = ("In the PBX's admin UI", "rejected the login", "does not enable", "Tenant '", "the folder may be",
                 "cannot reach", "is not trusted", "Object ID in Entra ID", "no secret store", "Either raise",
                 "unknown setting", "Input should be")
"""Sentences the previous round left in English."""
FAILING = ["pbx-bad-password", "pbx-api-disabled", "pbx-wrong-name", "app-only-unknown-tenant", "app-only-bad-secret",
           "app-only-no-consent", "app-only-impersonation-denied", "onprem-delegate-missing",
           "onprem-delegate-freebusy-only", "onprem-mailbox-problems", "graph-out-of-scope", "graph-no-consent",
           "autodiscover-error", "onprem-bad-password", "onprem-exchange-2010", "pbx-ok"]


def english_in(text: str) -> list[str]:
    """English words and known English sentences in ``text`` (quoted values, URLs, paths and addresses aside)."""
    plain = re.sub(r"'[^']*'|\"[^\"]*\"|\S*[/@\\]\S*", " ", text)
    return ENGLISH.findall(plain) + [s for s in KNOWN_ENGLISH if s in text]


@pytest.fixture
def german(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``CALWIZARD_LANG=de`` for the CLI run in this process (its catalog reader, never Qt)."""
    before, backend = i18n.language(), i18n._backend
    i18n.install(None)
    monkeypatch.setenv("CALWIZARD_LANG", "de")
    yield
    i18n.set_language(before)
    i18n.install(backend)


def validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, dict[str, Any]], str]:
    rc = main(["validate", str(path), "--json"])
    out = capsys.readouterr()
    checks = {c["id"]: c for c in json.loads(out.out)["checks"]} if out.out.strip() else {}
    return rc, checks, out.err


@pytest.fixture(scope="module")
def configs(sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_configs(tmp_path_factory.mktemp("de-configs"), sandbox.host_overrides, sandbox.ca_file)


def test_failing_scenarios_explain_themselves_in_german(german, configs, capsys) -> None:  # type: ignore[no-untyped-def]
    problems = []
    seen = 0
    for name in FAILING:
        rc, checks, _ = validate(configs[name], capsys)
        assert rc in (0, 1), name
        for c in checks.values():
            if c["status"] not in ("failed", "warning"):
                continue
            seen += 1
            for key in ("summary", "remedy"):
                for line in c[key].splitlines():
                    if line.lstrip().startswith("#") and key == "remedy" and "Kalender" not in line:
                        continue  # a PowerShell comment line of a generated script is judged below
                    if found := english_in(line):
                        problems.append(f"{name} {c['id']} {key}: {found} in {line[:160]!r}")
    assert seen >= 20
    assert not problems, "\n".join(problems[:20])


def test_pbx_remedies_keep_the_pbx_ui_names(german, configs, capsys) -> None:  # type: ignore[no-untyped-def]
    _, checks, _ = validate(configs["pbx-bad-password"], capsys)
    c = checks["pbx.connect"]
    assert "hat die Anmeldung als App-Objekt 'calwizard' abgelehnt" in c["summary"]
    assert "PBX > Objekte" in c["remedy"] and "'calwizard secrets set'" in c["remedy"]
    _, checks, _ = validate(configs["pbx-api-disabled"], capsys)
    assert "setzen Sie das Häkchen bei 'PbxApi'" in checks["pbx.api:PbxApi"]["remedy"]
    assert main(["validate", str(configs["pbx-bad-password"])]) == 1  # the text output: its labels too
    out = capsys.readouterr().out
    assert "       Abhilfe: Öffnen Sie" in out and "fix:" not in out
    assert re.search(r"(?m)^FEHLGESCHLAGEN: \d+ Prüfungen, 1 fehlgeschlagen, 0 Warnungen$", out), out[-300:]


def test_powershell_stays_powershell_in_german(german, configs, capsys) -> None:  # type: ignore[no-untyped-def]
    _, checks, _ = validate(configs["onprem-delegate-missing"], capsys)
    remedy = checks["ews.mailbox:legal"]["remedy"]
    assert 'Add-MailboxFolderPermission -Identity "legal@contoso.test:\\Calendar"' in remedy
    assert "# der Kalenderordner kann einen übersetzten Namen haben (z. B. Kalender)" in remedy
    _, checks, _ = validate(configs["graph-out-of-scope"], capsys)
    remedy = checks["graph.mailbox:ceo"]["remedy"]
    assert '-ObjectId "<Objekt-ID unter Entra ID > Unternehmensanwendungen>"' in remedy
    assert 'New-DistributionGroup -Name "Calendar sync mailboxes" -Type Security' in remedy


def with_ews_url(config: Path, url: str, extra_override: str = "") -> str:
    text = config.read_text()
    text = re.sub(r'(?m)^ews_url = ""', f'ews_url = "{url}"', text)
    return text.replace("[exchange.host_overrides]\n", "[exchange.host_overrides]\n" + extra_override, 1)


def test_network_failures_are_german_sentences_with_the_raw_text_in_the_details(  # type: ignore[no-untyped-def]
        german, configs, sandbox: Sandbox, tmp_path: Path, capsys) -> None:
    port = sandbox.host_overrides["mail.contoso.test:443"]
    cases = {
        "dns": (with_ews_url(configs["onprem-ok"], "https://nosuch.test/EWS/Exchange.asmx"),
                "der Hostname nosuch.test kann nicht aufgelöst werden (DNS)"),
        "refused": (with_ews_url(configs["onprem-ok"], "https://mail.contoso.test:1/EWS/Exchange.asmx",
                                 '"mail.contoso.test:1" = "127.0.0.1:1"\n'),
                    "mail.contoso.test hat die Verbindung abgelehnt"),
        "mismatch": (with_ews_url(configs["onprem-ok"], "https://wrong.test/EWS/Exchange.asmx",
                                  f'"wrong.test:443" = "{port}"\n'),
                     "dem TLS-Zertifikat von wrong.test wird nicht vertraut: Es ist für einen anderen Hostnamen "
                     "ausgestellt"),
    }
    for name, (text, sentence) in cases.items():
        path = tmp_path / f"{name}.toml"
        path.write_text(text)
        rc, checks, _ = validate(path, capsys)
        c = checks["ews.connect"]
        assert rc == 1 and c["status"] == "failed", (name, c)
        assert sentence in c["summary"], (name, c["summary"])
        assert not english_in(c["summary"]) and not english_in(c["remedy"]), (name, c)
        raw = c["detail"].split("\n", 1)[1:]  # after the sentence: the library's own words, in the details only
        assert raw and re.search(r"[Ee]rror|doesn't match|refused", raw[0]), (name, c["detail"])
    assert "wrong.test" in c["remedy"] and "Hostnamen" in c["remedy"]  # the mismatch remedy, not the CA file's


def tls_failure(sandbox: Sandbox, cafile: Path | None, server_hostname: str) -> ssl.SSLCertVerificationError:
    """A real failed certificate verification against the sandbox's HTTPS port."""
    host, _, port = sandbox.host_overrides["login.sandbox.test:443"].rpartition(":")
    context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        try:
            with context.wrap_socket(raw, server_hostname=server_hostname):
                pass
        except ssl.SSLCertVerificationError as exc:
            return exc
    raise AssertionError("the handshake succeeded")


def test_certificate_failures_are_german(german, sandbox: Sandbox) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("de")
    untrusted = translate_network_error(tls_failure(sandbox, None, "login.sandbox.test"),
                                        "https://login.sandbox.test/")
    assert untrusted.message == ("dem TLS-Zertifikat von login.sandbox.test wird nicht vertraut: Es stammt von einer "
                                 "Zertifizierungsstelle, der dieser Computer nicht vertraut (selbstsigniert oder eine "
                                 "Firmen-CA)")
    assert "Zusätzliche CA-Datei" in (untrusted.remedy or "") and "certificate" in untrusted.detail
    mismatch = translate_network_error(tls_failure(sandbox, sandbox.ca_file, "wrong.test"), "https://wrong.test/")
    assert mismatch.message.endswith("Es ist für einen anderen Hostnamen ausgestellt"), mismatch.message
    assert "wrong.test" in mismatch.detail


def test_certificate_failures_stay_english_in_english(sandbox: Sandbox) -> None:
    before, backend = i18n.language(), i18n._backend
    i18n.install(None)
    i18n.set_language("en")
    try:
        err = translate_network_error(tls_failure(sandbox, None, "login.sandbox.test"), "https://login.sandbox.test/")
        assert err.message.startswith("the TLS certificate of login.sandbox.test is not trusted (")
        assert "Extra CA file" in (err.remedy or "")
    finally:
        i18n.set_language(before)
        i18n.install(backend)


def test_a_bad_configuration_file_is_refused_in_german(german, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "kunde.toml"
    bad.write_text('schema_version = 2\nfoo = 1\n[exchange]\nuser = "svc"\ntimeout_seconds = "x"\n')
    rc, _, err = validate(bad, capsys)
    assert rc == 2
    assert "unbekannte Einstellung" in err and "ist keine SMTP-Adresse" in err and "Erwartet wird eine Zahl" in err
    assert not english_in(err.replace(str(bad), "")), err
