"""Stored secrets go only where they were saved for (issue 13, "Secrets go only where they were meant to go")."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import Any

import pytest

from calwizard import cli, cli_secrets
from calwizard.bundle import encode_bundle
from calwizard.errors import SecretBindingError, SecretError
from calwizard.paths import imported_config_path, wizard_profiles_dir
from calwizard.secretbinding import field_destinations, sandbox_only
from calwizard.secretrefs import make_fetcher
from calwizard.secrets import open_store
from calwizard.settings import SecretRef, Settings
from calwizard.settings.io import save_settings

PASSWORD = "Svc-Password-for-binding-91"
PASS = "correct horse battery staple"


def onprem(ews: str = "https://mail.contoso.com/EWS/Exchange.asmx", *, ref: str = "site/exchange.password",
           overrides: dict[str, str] | None = None) -> Settings:
    return Settings.model_validate({"pbx": {"master_pbx_name": "pbx1"}, "exchange": {
        "sync_type": "on_premises", "user": "svc@contoso.com", "password": {"store": ref}, "ews_url": ews,
        "host_overrides": overrides or {}}})


def fetch_password(settings: Settings, **kw: Any) -> str:
    assert settings.exchange.password is not None
    return make_fetcher(settings, **kw)(settings.exchange.password)


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="calwizard")
    cli_secrets.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return args.func(args)


def test_a_bound_secret_goes_only_to_its_destination(machine: Path) -> None:
    open_store().set("site/exchange.password", PASSWORD, bound_to=field_destinations(onprem(), "exchange.password"))
    assert fetch_password(onprem()) == PASSWORD
    with pytest.raises(SecretBindingError) as info:
        fetch_password(onprem("https://mail.attacker.example/EWS/Exchange.asmx"))
    text = str(info.value)
    assert "'site/exchange.password' was saved for EWS mail.contoso.com" in text
    assert "would send it to EWS mail.attacker.example" in text and "--rebind-secrets" in text
    assert PASSWORD not in text
    # routing the same name elsewhere is another destination too
    with pytest.raises(SecretBindingError, match=r"via 203\.0\.113\.9"):
        fetch_password(onprem(overrides={"mail.contoso.com": "203.0.113.9"}))
    # a port the name did not have
    with pytest.raises(SecretBindingError, match=r"mail\.contoso\.com:8443"):
        fetch_password(onprem("https://mail.contoso.com:8443/EWS/Exchange.asmx"))


def test_rebinding_is_explicit_and_said(machine: Path) -> None:
    store = open_store()
    store.set("site/exchange.password", PASSWORD, bound_to={"ews mail.contoso.com"})
    moved = onprem("https://mail2.contoso.com/EWS/Exchange.asmx")
    notices: list[str] = []
    assert fetch_password(moved, rebind=True, notice=notices.append) == PASSWORD
    assert notices and "re-bound from EWS mail.contoso.com to EWS mail2.contoso.com" in notices[0]
    assert open_store().get_entry("site/exchange.password").bound_to == {"ews mail2.contoso.com"}
    with pytest.raises(SecretBindingError):  # the old destination is no longer bound
        fetch_password(onprem())


def test_fewer_destinations_are_fine(machine: Path) -> None:
    open_store().set("site/exchange.password", PASSWORD,
                     bound_to={"ews mail.contoso.com", "autodiscover autodiscover.contoso.com"})
    assert fetch_password(onprem()) == PASSWORD
    disabled = Settings.model_validate({"exchange": {"password": {"store": "site/exchange.password"}}})
    assert fetch_password(disabled) == PASSWORD  # sync type disabled: it goes nowhere


def test_entries_without_a_binding_bind_only_for_the_profiles_own_file(machine: Path) -> None:
    """Decided migration: an entry an older calwizard wrote (the bare value) is bound on first use by the
    configuration calwizard wrote for that profile (import's or the wizard's file), refused for any other file."""
    store = open_store()
    store._raw_set("site/exchange.password", PASSWORD)  # what calwizard before bindings stored
    store._index_add("site", "exchange.password")
    assert store.get_entry("site/exchange.password").bound_to is None

    elsewhere = save_settings(onprem(), machine / "downloads" / "site.toml")
    with pytest.raises(SecretBindingError, match="saved before calwizard recorded"):
        cli_secrets.load_configuration(elsewhere).fetcher()(onprem().exchange.password)
    assert open_store().get_entry("site/exchange.password").bound_to is None

    own = save_settings(onprem(), imported_config_path("site"))
    notices: list[str] = []
    fetch = cli_secrets.load_configuration(own).fetcher(notice=notices.append)
    assert fetch(onprem().exchange.password) == PASSWORD
    assert "now bound to EWS mail.contoso.com" in notices[0]
    assert open_store().get_entry("site/exchange.password").bound_to == {"ews mail.contoso.com"}
    assert wizard_profiles_dir() / "site.toml" != own  # the wizard's file counts too (paths.own_configuration_files)


def test_validate_needs_the_explicit_flag(machine: Path, capfd: pytest.CaptureFixture[str]) -> None:
    open_store().set("site/exchange.password", PASSWORD, bound_to={"ews mail.contoso.com"})
    config = save_settings(onprem("https://mail.other.test/EWS/Exchange.asmx"), machine / "other.toml")
    assert cli.main(["validate", str(config)]) == 1  # the secret is refused: a failed check naming both
    out = capfd.readouterr().out
    assert "was saved for EWS mail.contoso.com" in out and "mail.other.test" in out
    assert cli.main(["validate", "--rebind-secrets", str(config)]) in (0, 1)  # resolves; the server is fictional
    err = capfd.readouterr().err
    assert "re-bound from EWS mail.contoso.com to EWS mail.other.test" in err
    assert open_store().get_entry("site/exchange.password").bound_to == {"ews mail.other.test"}


def test_sandbox_credentials_go_only_to_the_sandbox() -> None:
    class NoNetwork:
        def get(self, *a: Any, **k: Any) -> Any:
            raise AssertionError("a sandbox credential was requested for a configuration that is not the sandbox")

    s = Settings.model_validate({"exchange": {
        "sync_type": "on_premises", "user": "svc@contoso.test", "password": {"sandbox": "contoso-svc"},
        "ews_url": "https://mail.attacker.example/EWS/Exchange.asmx"}})
    with pytest.raises(SecretBindingError, match=r"goes only to the sandbox tenant.*mail\.attacker\.example"):
        make_fetcher(s, http=NoNetwork())(SecretRef(sandbox="contoso-svc"))
    routed = s.model_copy(deep=True)
    routed.exchange.ews_url = "https://mail.contoso.test/EWS/Exchange.asmx"
    routed.exchange.host_overrides = {"mail.contoso.test": "198.51.100.7:443"}  # a .test name sent off the machine
    with pytest.raises(SecretBindingError, match=r"via 198\.51\.100\.7"):
        make_fetcher(routed, http=NoNetwork())(SecretRef(sandbox="contoso-svc"))
    assert sandbox_only({"ews mail.contoso.test via 127.0.0.1", "entra login.sandbox.test/t via 127.0.0.1"}) == []


def test_environment_references_are_not_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CW_PW", PASSWORD)
    s = onprem("https://mail.anywhere.example/EWS/Exchange.asmx")
    s.exchange.password = SecretRef(env="CW_PW")
    assert make_fetcher(s)(SecretRef(env="CW_PW")) == PASSWORD


def test_import_binds_sealed_secrets_to_the_bundles_settings(machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = onprem()
    s.pbx.address = "pbx.contoso.com"
    s.pbx.app_name = "calendar"
    s.pbx.app_password = SecretRef(store="laptop/pbx.app_password")
    path = machine / "site.calwiz"
    path.write_bytes(encode_bundle(s, {"password": PASSWORD, "pbx.app_password": "Pbx-App-Secret-12"}, PASS,
                                   scrypt_n=2**10))
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", PASS)
    assert run("import", str(path), "--profile", "site") == 0
    store = open_store()
    assert store.get_entry("site/exchange.password").bound_to == {"ews mail.contoso.com"}
    pbx = store.get_entry("site/pbx.app_password")
    assert pbx.value == "Pbx-App-Secret-12" and pbx.bound_to == {"pbx pbx.contoso.com"}
    moved = Settings.model_validate({**s.model_dump(mode="json", exclude_none=True),
                                     "pbx": {**s.pbx.model_dump(mode="json", exclude_none=True),
                                             "address": "pbx.attacker.example",
                                             "app_password": {"store": "site/pbx.app_password"}}})
    with pytest.raises(SecretBindingError, match=r"the PBX pbx\.contoso\.com.*pbx\.attacker\.example"):
        make_fetcher(moved)(SecretRef(store="site/pbx.app_password"))


def test_secrets_set_binds_with_for(machine: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    config = save_settings(onprem(), machine / "c.toml")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert run("secrets", "set", "site", "exchange.password", "--for", str(config)) == 0
    assert "bound to EWS mail.contoso.com" in capsys.readouterr().err
    assert open_store().get_entry("site/exchange.password").bound_to == {"ews mail.contoso.com"}
    assert run("secrets", "status", "--bindings") == 0
    out = capsys.readouterr().out
    assert "exchange.password: bound to EWS mail.contoso.com" in out and PASSWORD not in out
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert run("secrets", "set", "site", "exchange.password") == 0
    assert "unbound" in capsys.readouterr().err


def test_a_damaged_entry_is_an_error_not_a_crash(machine: Path) -> None:
    store = open_store()
    store._raw_set("site/exchange.password", "calwizard-secret/1 {not json")
    with pytest.raises(SecretError, match="damaged"):
        store.get_entry("site/exchange.password")


@pytest.mark.parametrize(("exchange", "expected"), [
    ({"sync_type": "on_premises", "user": "svc@contoso.com"}, {"domain contoso.com"}),
    ({"sync_type": "on_premises", "user": "svc@contoso.com", "autodiscover_url": "https://ad.contoso.com"},
     {"autodiscover ad.contoso.com"}),
    ({"sync_type": "cloud_app_only", "user": "svc@contoso.com", "tenant_id": "contoso.com"},
     {"entra login.microsoftonline.com/contoso.com", "ews outlook.office365.com"}),
    ({"sync_type": "cloud_graph", "tenant_id": "contoso.com", "cloud": "usgov_gcc_high"},
     {"entra login.microsoftonline.us/contoso.com", "graph graph.microsoft.us"}),
    ({"sync_type": "cloud_delegated", "user": "svc@contoso.com", "ews_url": "https://ews.contoso.com:8443/EWS/x",
      "host_overrides": {"ews.contoso.com:8443": "10.1.2.3:8443"}},
     {"entra login.microsoftonline.com/organizations", "ews ews.contoso.com:8443 via 10.1.2.3"}),
    ({"sync_type": "disabled"}, set()),
])
def test_destinations_per_sync_type(exchange: dict[str, Any], expected: set[str]) -> None:
    s = Settings.model_validate({"exchange": {**exchange, "client_secret": {"store": "p/exchange.client_secret"}}})
    assert field_destinations(s, "exchange.client_secret") == expected
