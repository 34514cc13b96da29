"""PBX connection settings: validators naming the field, TOML round trip, and the App object password as a
secret field everywhere secrets go (store keys, bundles, the checks' resolver)."""

from __future__ import annotations

from pathlib import Path

import pytest

from calwizard.bundle import collect_secrets, read_bundle, write_bundle
from calwizard.checks.context import resolve_secrets
from calwizard.errors import ConfigError, SecretError
from calwizard.secretrefs import field_path, secret_fields, secret_refs, store_key, with_refs
from calwizard.settings import PbxSettings, SecretRef, Settings, UserSource, load_settings, save_settings
from calwizard.settings.io import settings_from_dict


def pbx_settings(**pbx: object) -> Settings:
    return Settings.model_validate({"pbx": {"master_pbx_name": "master", "address": "pbx.example.com",
                                            "app_password": {"store": "p/pbx.app_password"}, **pbx}})


def test_defaults_mean_no_pbx_connection() -> None:
    p = PbxSettings()
    assert not p.connected and not p.users_from_pbx and p.app_name == "calwizard"


def test_connected_settings_take_users_from_the_pbx_unless_told_otherwise() -> None:
    s = pbx_settings()
    assert s.pbx.connected and s.pbx.users_from_pbx
    assert not pbx_settings(user_source="list").pbx.users_from_pbx
    assert pbx_settings(user_source="list").pbx.user_source is UserSource.LIST


@pytest.mark.parametrize(("field", "value", "words"), [
    ("address", "http://pbx.example.com", "not encrypted"),
    ("address", "pbx example", "not a PBX address"),
    ("domain", "not a domain", "not a mail domain"),
    ("user_filter", "sales", "group:NAME"),
    ("app_name", "cal:wizard", "not an App object name"),
])
def test_bad_values_name_the_field(field: str, value: str, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        settings_from_dict({"pbx": {field: value}})
    assert err.value.field == f"pbx.{field}"
    assert words in str(err.value)


def test_values_are_normalized() -> None:
    s = pbx_settings(domain="@Contoso.COM ", user_filter=" group:a ,config:B ")
    assert s.pbx.domain == "contoso.com"
    assert s.pbx.user_filter == "group:a, config:B"


def test_toml_round_trip_keeps_the_connection_and_only_a_reference(tmp_path: Path) -> None:
    s = pbx_settings(domain="contoso.com", user_filter="group:calendar")
    path = save_settings(s, tmp_path / "c.toml")
    text = path.read_text()
    assert "[pbx.app_password]" in text and 'store = "p/pbx.app_password"' in text
    assert load_settings(path) == s


def test_pbx_password_is_a_secret_field() -> None:
    assert "pbx.app_password" in secret_fields()
    assert field_path("pbx.app_password") == "pbx.app_password" and field_path("password") == "exchange.password"
    assert store_key("customer-a", "pbx.app_password") == "customer-a/pbx.app_password"
    s = pbx_settings()
    assert secret_refs(s) == {"pbx.app_password": SecretRef(store="p/pbx.app_password")}
    moved = with_refs(s, {"pbx.app_password": SecretRef(env="PBX_PW")})
    assert moved.pbx.app_password == SecretRef(env="PBX_PW") and moved.pbx.address == s.pbx.address


def test_checks_resolve_the_pbx_password_and_name_the_field_when_they_cannot() -> None:
    s = pbx_settings()
    ok = resolve_secrets(s, lambda ref: "App-Object-Secret-1")
    assert ok.get("pbx.app_password") == "App-Object-Secret-1"
    assert "App-Object-Secret-1" not in repr(ok)

    def missing(ref: SecretRef) -> str:
        raise SecretError("no such entry")

    bad = resolve_secrets(s, missing)
    assert bad.errors["pbx.app_password"].field == "pbx.app_password"


def test_bundle_seals_and_answers_the_pbx_password(tmp_path: Path) -> None:
    s = pbx_settings()
    secrets = collect_secrets(s, lambda ref: "App-Object-Secret-1")
    assert secrets == {"pbx.app_password": "App-Object-Secret-1"}
    path = write_bundle(tmp_path / "b.calwiz", s, secrets, "correct horse battery staple", None)
    assert b"App-Object-Secret-1" not in path.read_bytes()
    b = read_bundle(path, "correct horse battery staple")
    assert b.fetcher()(s.pbx.app_password) == "App-Object-Secret-1"  # type: ignore[arg-type]
