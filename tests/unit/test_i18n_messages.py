"""German for the texts below the checks: the settings' field errors (under the wizard's fields and in
``calwizard validate`` on a bad file), the configuration file errors, the secret store's errors and the network
errors — in German a sentence in German, the library's own English text only in the error's details; in English
the very texts they always were."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from calwizard import i18n
from calwizard.errors import ConfigError, SecretError
from calwizard.exchange.neterrors import translate_network_error
from calwizard.secrets import PASSPHRASE_ENV, STORE_KIND_ENV, open_store, split_key
from calwizard.settings.io import load_settings, settings_from_bytes
from calwizard.wizard import flow

ENGLISH = re.compile(r"\b(the|is|are|cannot|does|not|and|with|from|has|have|this|that|enter|use|no|of|to|"
                     r"should|must|field|required|unknown|setting)\b", re.IGNORECASE)
"""Words no German sentence here contains (hosts, paths and commands in the tests have none of them)."""


def english_words(text: str) -> list[str]:
    """English words of ``text`` outside quoted values (a message quotes what the technician typed) and paths."""
    return ENGLISH.findall(re.sub(r"'[^']*'|/\S+", "", text))


@pytest.fixture
def english():  # type: ignore[no-untyped-def]
    before, backend = i18n.language(), i18n._backend
    i18n.install(None)
    i18n.set_language("en")
    yield
    i18n.set_language(before)
    i18n.install(backend)


FIELD_VALUES = [
    ("exchange.user", "not an address", "ist keine SMTP-Adresse"),
    ("exchange.client_id", "12345", "ist keine GUID"),
    ("exchange.tenant_id", "common", "ist kein Mandant"),
    ("exchange.autodiscover_url", "autodiscover contoso", "ist keine URL"),
    ("exchange.timeout_seconds", 900, "außerhalb des Bereichs"),
    ("exchange.max_subscriptions_per_connection", 0, "außerhalb des Bereichs"),
    ("exchange.redirect_uri", "http://example.com/x", "nur für localhost"),
    ("exchange.client_secret_expires", "next year", "ist kein Datum"),
    ("pbx.address", "http://pbx.example.com", "nicht verschlüsselt"),
    ("pbx.master_pbx_name", "pbx.example.com", "DNS-Name"),
    ("pbx.user_filter", "sales", "kein Filterbegriff"),
    ("pbx.presence_timezone", "Mars/Olympus", "keine bekannte Zeitzone"),
    ("pbx.domain", "not a domain", "keine Mail-Domäne"),
    ("exchange.timeout_seconds", "ten", "Erwartet wird eine Zahl"),
]


@pytest.mark.parametrize(("path", "value", "german_text"), FIELD_VALUES)
def test_a_field_error_in_the_wizard_is_german(german, path, value, german_text) -> None:  # type: ignore[no-untyped-def]
    state = flow.set_field(flow.new_state(), path, value)
    message = state.field_errors[path]
    assert german_text in message, message
    assert not english_words(message), message


def test_field_errors_stay_english_in_english(english) -> None:  # type: ignore[no-untyped-def]
    state = flow.set_field(flow.new_state(), "exchange.user", "not an address")
    assert state.field_errors["exchange.user"] == ("'not an address' is not an SMTP address: enter the full address, "
                                                  "e.g. svc@contoso.com")
    state = flow.set_field(state, "exchange.timeout_seconds", "ten")
    assert state.field_errors["exchange.timeout_seconds"] == ("Input should be a valid number, unable to parse "
                                                               "string as a number")


BAD_FILES = [
    (b"schema_version = 2\nfoo = 1\n", "unbekannte Einstellung"),
    (b"schema_version = 2\n[exchange]\ntimeout_seconds = \"x\"\n", "Erwartet wird eine Zahl"),
    (b"schema_version = 2\n[exchange]\nsync_type = \"cloud\"\n", "Erlaubt ist 'disabled', 'on_premises'"),
    (b"schema_version = 2\n[exchange]\nuser = \"svc\"\n", "ist keine SMTP-Adresse"),
    (b"schema_version = 2\n[[mailboxes]]\npbx_name = \"anna\"\naddresses = [\"x\"]\n", "ist keine SMTP-Adresse"),
    (b"schema_version = 99\n", "neueren calwizard"),
    (b"schema_version = 2\n[exchange\n", "keine gültige TOML-Datei"),
    (b"   \n", "ist leer"),
    (b"\xff\xfe", "keine UTF-8-Textdatei"),
]


@pytest.mark.parametrize(("raw", "german_text"), BAD_FILES)
def test_a_bad_configuration_file_is_explained_in_german(german, raw, german_text) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as info:
        settings_from_bytes(raw, source="kunde.toml")
    err = info.value
    assert german_text in err.message, err.message
    # the message quotes what the file holds (a TOML parser's words stay the parser's): judge the sentences
    sentence = err.message.split(": ", 1)[0] if "TOML" in german_text else err.message
    assert not english_words(sentence) and not english_words(err.remedy or ""), str(err)


def test_a_missing_configuration_file_is_explained_in_german(german, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "fehlt.toml")
    assert str(info.value) == f"Konfigurationsdatei {tmp_path / 'fehlt.toml'} existiert nicht — Prüfen Sie den Pfad."


def test_configuration_file_errors_stay_english_in_english(english) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as info:
        settings_from_bytes(b"schema_version = 2\nfoo = 1\n[exchange]\ntimeout_seconds = \"x\"\n", source="c.toml")
    assert info.value.message == ("c.toml is invalid: foo: unknown setting (misspelled? remove it or check the "
                                  "documentation); exchange.timeout_seconds: Input should be a valid number")
    assert info.value.remedy == "Correct the value named above and try again."


# --------------------------------------------------------------------------- the secret store


@pytest.fixture
def no_keychain(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No keychain (no D-Bus session), private XDG dirs, no calwizard variables (as tests/unit/test_secrets.py)."""
    for var in ("DBUS_SESSION_BUS_ADDRESS", PASSPHRASE_ENV, STORE_KIND_ENV):
        monkeypatch.delenv(var, raising=False)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / "xdg" / var.lower()))
    return tmp_path


def test_secret_store_errors_are_german(german, no_keychain: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SecretError) as info:
        split_key("kein-schluessel")
    assert "ist kein Schlüssel des Geheimnisspeichers" in info.value.message
    assert not english_words(info.value.message + " " + (info.value.remedy or ""))
    with pytest.raises(SecretError) as info:
        open_store("file", path=no_keychain / "s.cfg", passphrase="  ")
    assert info.value.message == "die Passphrase des verschlüsselten Geheimnisspeichers ist leer"
    with pytest.raises(SecretError) as info:
        open_store(path=no_keychain / "s.cfg")
    err = info.value
    assert err.message.startswith("kein Geheimnisspeicher verfügbar: kein nutzbarer Schlüsselbund des "
                                  "Betriebssystems und keine Passphrase"), err.message
    assert not english_words(err.message + " " + (err.remedy or "")), str(err)
    assert "Secret Service" in err.detail  # the backends' own (English) reasons: in the details only


def test_wrong_store_passphrase_is_german(german, no_keychain: Path) -> None:  # type: ignore[no-untyped-def]
    path = no_keychain / "s.cfg"
    open_store("file", path=path, passphrase="die richtige Passphrase").set("kunde/exchange.password", "geheim")
    with pytest.raises(SecretError) as info:
        open_store("file", path=path, passphrase="eine falsche Passphrase")
    assert info.value.message == f"die Passphrase entsperrt den verschlüsselten Geheimnisspeicher {path} nicht"
    assert "geheim" not in str(info.value)


def test_secret_store_errors_stay_english_in_english(english, no_keychain: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SecretError) as info:
        open_store(path=no_keychain / "s.cfg")
    assert info.value.message.startswith("no secret store is available: no usable OS keychain (")
    assert "Secret Service" in info.value.message  # English keeps the reasons inline, as before


# --------------------------------------------------------------------------- network errors


def refused_error() -> OSError:
    """A real refused connection: a port on 127.0.0.1 that was just free."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except OSError as exc:
        return exc
    pytest.skip("something listens on the port that was just free")


def test_network_errors_are_german_with_the_raw_text_in_the_details(german) -> None:  # type: ignore[no-untyped-def]
    refused = translate_network_error(refused_error(), "https://mail.contoso.test/EWS/Exchange.asmx")
    assert refused.message == "mail.contoso.test hat die Verbindung abgelehnt" and refused.reason == "refused"
    assert "Connection refused" in refused.detail or "refused" in refused.detail.lower()
    dns = translate_network_error(socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
                                  "https://nosuch.contoso.test/autodiscover/autodiscover.xml")
    assert dns.message == "der Hostname nosuch.contoso.test kann nicht aufgelöst werden (DNS)"
    assert "Name or service not known" in dns.detail
    timeout = translate_network_error(TimeoutError("timed out"), "https://mail.contoso.test/EWS/Exchange.asmx")
    assert timeout.message == "mail.contoso.test hat nicht rechtzeitig geantwortet", timeout.message
    other = translate_network_error(ValueError("some library's own words"), "https://mail.contoso.test/x")
    assert other.message == "mail.contoso.test ist nicht erreichbar"
    assert other.detail == "ValueError: some library's own words"
    for err in (refused, dns, timeout, other):
        assert not english_words(err.message + " " + (err.remedy or "")), str(err)


def test_network_errors_stay_english_in_english(english) -> None:  # type: ignore[no-untyped-def]
    other = translate_network_error(ValueError("some library's own words"), "https://mail.contoso.test/x")
    assert other.message == "cannot reach mail.contoso.test: ValueError: some library's own words"
    refused = translate_network_error(refused_error(), "https://mail.contoso.test/x")
    assert refused.message == "mail.contoso.test refused the connection"


# --------------------------------------------------------------------------- bundles


def test_bundle_errors_are_german(german) -> None:  # type: ignore[no-untyped-def]
    from calwizard.bundle import encode_bundle, parse_bundle
    from calwizard.errors import BundlePassphraseError, BundleTamperedError
    from calwizard.settings import Settings

    data = encode_bundle(Settings(), {"password": "geheim-123"}, "vier zufällige Wörter hier", None, scrypt_n=2**10)
    with pytest.raises(BundlePassphraseError) as info:
        parse_bundle(data, "eine ganz andere Passphrase", source="kunde.calwiz")
    assert info.value.message == "die Passphrase öffnet kunde.calwiz nicht"
    assert not english_words(info.value.message + " " + (info.value.remedy or ""))
    damaged = data[:-40] + bytes(b ^ 1 for b in data[-40:-30]) + data[-30:]
    with pytest.raises(BundleTamperedError) as tampered:
        parse_bundle(damaged, "vier zufällige Wörter hier", source="kunde.calwiz")
    assert tampered.value.message == "kunde.calwiz wurde nach dem Schreiben verändert oder beschädigt"
    assert tampered.value.detail  # which part failed, in the details


def test_secrets_commands_speak_german(german, no_keychain: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from calwizard.cli import main

    monkeypatch.setenv("CALWIZARD_LANG", "de")
    assert main(["secrets", "status"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("calwizard secrets status: Fehler: kein Geheimnisspeicher verfügbar"), err
    assert "RuntimeError" not in err and "Linux" not in err  # the backends' reasons are details, not the sentence
    monkeypatch.setenv(PASSPHRASE_ENV, "eine Passphrase für Tests")
    assert main(["secrets", "status"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Geheimnisspeicher: verschlüsselte Datei ") and "Profile: keine" in out, out
    assert main(["secrets", "set", "kunde", "no.such_field"]) == 2
    assert "ist kein Geheimnisfeld" in capsys.readouterr().err
