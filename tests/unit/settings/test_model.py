"""Settings validators: each bad value is refused with a message naming the field and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from calwizard.errors import ConfigError
from calwizard.settings import (
    ExchangeSettings,
    Mailbox,
    PbxSettings,
    PresenceMappingSettings,
    PresenceTarget,
    SecretRef,
    Settings,
    SyncType,
    dumps_settings,
    load_settings,
    mailboxes_from_csv,
    save_settings,
)
from calwizard.settings.io import settings_from_dict


def _err(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(exc.value)


def test_defaults_follow_the_pbx_manager_plugin() -> None:
    s = Settings()
    assert s.exchange.sync_type is SyncType.DISABLED
    assert s.exchange.max_subscriptions_per_connection == 200
    assert s.exchange.exchange_server.value == "external"
    # seed: tentative appointments are ignored unless organized by a tentative exception organizer
    assert s.mapping.tentative is PresenceTarget.IGNORE
    assert s.mapping.tentative_exception is not PresenceTarget.IGNORE
    assert s.mapping.busy is PresenceTarget.BUSY


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("client_id", "not-a-guid", "Application (client) ID"),
        ("tenant_id", "common", "client credentials do not work with /common"),
        ("tenant_id", "no spaces allowed", "neither a GUID nor a domain"),
        ("user", "svc", "full address"),
        ("autodiscover_url", "autodiscover.contoso.com", "https://"),
        ("max_subscriptions_per_connection", 201, "1 to 200"),
        ("max_subscriptions_per_connection", 0, "1 to 200"),
        ("timeout_seconds", 0.1, "1 to 300"),
        ("host_overrides", {"bad host!": "127.0.0.1"}, "name:port"),
    ],
)
def test_exchange_field_errors_name_the_fix(field: str, value: object, fragment: str) -> None:
    with pytest.raises(ValidationError) as exc:
        ExchangeSettings(**{field: value})
    assert field in _err(exc)
    assert fragment in _err(exc)


def test_guid_and_domain_tenants_are_normalized() -> None:
    ex = ExchangeSettings(client_id="6731DE76-14A6-49AE-97BC-6EBA6914391E", tenant_id="Contoso.ONMicrosoft.com")
    assert ex.client_id == "6731de76-14a6-49ae-97bc-6eba6914391e"
    assert ex.tenant_id == "contoso.onmicrosoft.com"


def test_windows_timezone_names_are_mapped_to_iana() -> None:
    assert PbxSettings(presence_timezone="W. Europe Standard Time").presence_timezone == "Europe/Berlin"
    assert PbxSettings(presence_timezone="Europe/Vienna").presence_timezone == "Europe/Vienna"
    with pytest.raises(ValidationError) as exc:
        PbxSettings(presence_timezone="Mars/Olympus")
    assert "presence_timezone" in _err(exc) and "IANA" in _err(exc)


def test_pbx_name_must_not_be_a_dns_name() -> None:
    with pytest.raises(ValidationError) as exc:
        PbxSettings(master_pbx_name="pbx.contoso.com")
    assert "not its full DNS name" in _err(exc)


def test_language_and_word_lists() -> None:
    p = PbxSettings(presence_language="de-DE", prioritized_words="Urlaub, vacation ,,")
    assert p.presence_language == "de_DE"
    assert p.prioritized_words == ["Urlaub", "vacation"]
    with pytest.raises(ValidationError) as exc:
        PbxSettings(presence_language="xx-nope")
    assert "presence_language" in _err(exc)


def test_secret_reference_names_exactly_one_source() -> None:
    assert SecretRef(env="CW_SECRET").describe() == "environment variable CW_SECRET"
    with pytest.raises(ValidationError):
        SecretRef()
    with pytest.raises(ValidationError):
        SecretRef(env="A", store="b")
    with pytest.raises(ValidationError):
        SecretRef(env="1-not-a-var")


def test_mailbox_addresses_split_on_semicolon() -> None:
    m = Mailbox(pbx_name="anna", addresses="anna@contoso.test; anna.schmidt@contoso.test")
    assert m.addresses == ["anna@contoso.test", "anna.schmidt@contoso.test"]
    with pytest.raises(ValidationError) as exc:
        Mailbox(pbx_name="x", addresses="nobody")
    assert "not an SMTP address" in _err(exc)
    with pytest.raises(ValidationError):
        Settings(mailboxes=[Mailbox(pbx_name="a", addresses="a@x.test"), Mailbox(pbx_name="A", addresses="b@x.test")])


def test_tentative_exception_organizers() -> None:
    m = PresenceMappingSettings(tentative_exception_organizers="HR@contoso.test; hr2@contoso.test")
    assert m.tentative_exception_organizers == ["hr@contoso.test", "hr2@contoso.test"]


def test_round_trip_never_writes_secret_values(tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = Settings(
        pbx=PbxSettings(master_pbx_name="master"),
        exchange=ExchangeSettings(sync_type="on_premises", user="svc@contoso.test", password=SecretRef(env="PW")),
        mailboxes=[Mailbox(pbx_name="anna", addresses="anna@contoso.test")],
    )
    path = save_settings(s, tmp_path / "c.toml")
    text = path.read_text()
    assert "schema_version = 2" in text
    assert 'env = "PW"' in text
    assert load_settings(path) == s
    assert path.stat().st_mode & 0o077 == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_newer_schema_is_refused_and_older_migrated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    newer = tmp_path / "new.toml"
    newer.write_text("schema_version = 99\n")
    with pytest.raises(ConfigError) as exc:
        load_settings(newer)
    assert "newer calwizard" in str(exc.value) and "99" in str(exc.value)
    older = tmp_path / "old.toml"
    older.write_text('[pbx]\nmaster_pbx_name = "m"\n')
    assert load_settings(older).pbx.master_pbx_name == "m"


def test_invalid_file_names_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    bad.write_text('schema_version = 1\n[exchange]\nmax_subscriptions_per_connection = 500\n')
    with pytest.raises(ConfigError) as exc:
        load_settings(bad)
    assert exc.value.field == "exchange.max_subscriptions_per_connection"
    broken = tmp_path / "broken.toml"
    broken.write_text("[exchange\n")
    with pytest.raises(ConfigError, match="not a valid TOML"):
        load_settings(broken)
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="unknown setting"):
        settings_from_dict({"exchange": {"pasword": "x"}})


def test_csv_import_handles_headers_semicolons_and_errors() -> None:
    text = "pbx_name,addresses\nanna,anna@contoso.test;anna.schmidt@contoso.test\n\nben,ben@contoso.test\n"
    boxes = mailboxes_from_csv(text)
    assert [b.pbx_name for b in boxes] == ["anna", "ben"]
    assert boxes[0].addresses == ["anna@contoso.test", "anna.schmidt@contoso.test"]
    excel_de = "Name;E-Mail\nanna;anna@contoso.test\n"
    assert mailboxes_from_csv(excel_de)[0].addresses == ["anna@contoso.test"]
    headerless_semicolons = "anna;anna@contoso.test;anna.schmidt@contoso.test\nben;ben@contoso.test\n"
    boxes = mailboxes_from_csv(headerless_semicolons)
    assert [len(b.addresses) for b in boxes] == [2, 1]
    with pytest.raises(ConfigError, match="line 2"):
        mailboxes_from_csv("name,addresses\nanna,not-an-address\n")


def test_dump_is_toml_with_schema_version() -> None:
    assert dumps_settings(Settings()).startswith("schema_version = 2")


def test_a_version_1_file_reads_unchanged(tmp_path: Path) -> None:
    """Files of the previous layout (schema version 1, before the PBX connection) load and are written as 2."""
    old = tmp_path / "old.toml"
    old.write_text("schema_version = 1\n[pbx]\nmaster_pbx_name = 'pbx1'\n[exchange]\nsync_type = 'on_premises'\n"
                   "user = 'svc@contoso.com'\n")
    s = load_settings(old)
    assert s.pbx.master_pbx_name == "pbx1" and s.exchange.user == "svc@contoso.com"
    assert dumps_settings(s).startswith("schema_version = 2")
