"""The secret store against a REAL Secret Service (gnome-keyring over D-Bus).

Runs only when a Secret Service is reachable and unlocked; otherwise every test is skipped with the reason.
CI (scripts/run-tests.sh) provides one::

    dbus-run-session -- sh -c 'printf pass | gnome-keyring-daemon --unlock --components=secrets; python3 -m pytest'

(Debian packages gnome-keyring, dbus-daemon, dbus-bin.) Every test uses its own keyring service name
(``calwizard-test-<random>``) and deletes what it stored, so running it on a desktop leaves the user's
keyring as it was.
"""

from __future__ import annotations

import argparse
import json
import secrets as _random
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from calwizard import cli_secrets
from calwizard.bundle import encode_bundle
from calwizard.errors import SecretError
from calwizard.secrets import PASSPHRASE_ENV, STORE_KIND_ENV, SecretStore, find_keychain, open_store
from calwizard.settings import Settings


def _secret_service_reason() -> str | None:
    """None if a Secret Service is reachable and its default collection unlocked, else why not."""
    try:
        from keyring.backends import SecretService

        if SecretService.Keyring.priority <= 0:
            return "keyring's SecretService backend is not viable"
        import secretstorage

        with secretstorage.dbus_init() as bus:
            if secretstorage.get_default_collection(bus).is_locked():
                return "the Secret Service's default collection is locked"
    except Exception as exc:  # any failure here only means "no Secret Service": the tests are skipped
        return f"{type(exc).__name__}: {exc}"
    return None


_REASON = _secret_service_reason()

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        _REASON is not None,
        reason=f"no reachable, unlocked Secret Service ({_REASON}); run under "
        "dbus-run-session -- sh -c 'printf pass | gnome-keyring-daemon --unlock --components=secrets; pytest …'",
    ),
]


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private keyring service name; afterwards every item under it is deleted from the Secret Service."""
    for var in (PASSPHRASE_ENV, STORE_KIND_ENV, "CALWIZARD_BUNDLE_PASSPHRASE"):
        monkeypatch.delenv(var, raising=False)
    name = f"calwizard-test-{_random.token_hex(4)}"
    yield name
    for item in _items(name):
        item.delete()


def _items(service: str) -> list:
    import secretstorage

    bus = secretstorage.dbus_init()
    collection = secretstorage.get_default_collection(bus)
    return list(collection.search_items({"service": service}))


def _usernames(service: str) -> set[str]:
    return {item.get_attributes()["username"] for item in _items(service)}


def test_auto_mode_picks_the_secret_service(service: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # a passphrase for the file store is available, yet the keychain wins
    monkeypatch.setenv(PASSPHRASE_ENV, "file store passphrase")
    store = open_store(service=service, path=tmp_path / "secrets.cfg")
    assert store.kind == "keychain"
    assert store.backend_name.startswith("Secret Service")
    assert store.location is None
    assert not (tmp_path / "secrets.cfg").exists()
    assert find_keychain(service).store is not None
    assert open_store("keyring.backends.SecretService.Keyring", service=service).kind == "keychain"


def test_round_trip_index_and_delete_profile(service: str) -> None:
    store = open_store("keychain", service=service)
    store.set("customer-a/exchange.client_secret", "value-a")
    store.set("customer-a/exchange.password", "value-b")
    store.set("customer-b/exchange.password", "value-c")
    # really in the Secret Service, under our service, keyed profile/field (+ the index entries)
    assert _usernames(service) == {
        "customer-a/exchange.client_secret",
        "customer-a/exchange.password",
        "customer-b/exchange.password",
        "customer-a/.index",
        "customer-b/.index",
        ".profiles",
    }
    again = open_store("keychain", service=service)  # a new process would see the same
    assert again.get("customer-a/exchange.client_secret") == "value-a"
    assert again.profiles() == ["customer-a", "customer-b"]
    assert again.fields("customer-a") == ["exchange.client_secret", "exchange.password"]

    assert again.delete_profile("customer-a") == ["exchange.client_secret", "exchange.password"]
    assert _usernames(service) == {"customer-b/exchange.password", "customer-b/.index", ".profiles"}
    assert again.profiles() == ["customer-b"]
    assert again.delete("customer-b/exchange.password") is True
    assert _usernames(service) == set()


def test_delete_profile_without_index(service: str) -> None:
    """A damaged or missing index does not keep the Exchange secrets alive."""
    store = open_store("keychain", service=service)
    store.set("p/exchange.client_secret", "v")
    store._raw_delete("p/.index")
    store._raw_set(".profiles", "not json")
    assert store.delete_profile("p") == ["exchange.client_secret"]
    assert _usernames(service) == set()


def test_set_many_restore_and_values_are_masked(service: str) -> None:
    store = open_store("keychain", service=service)
    previous = store.set_many({"p/exchange.password": "one", "p/exchange.client_secret": "two"})
    assert previous == {"p/exchange.password": None, "p/exchange.client_secret": None}
    assert "one" not in repr(store) and "two" not in repr(store)
    store.restore(previous)
    assert _usernames(service) == set()
    with pytest.raises(SecretError, match="empty value"):
        store.set("p/exchange.password", "")


def test_cli_import_into_the_secret_service(
    service: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``calwizard import`` puts the bundle's secrets into the Secret Service; ``secrets status`` names it."""
    import calwizard.secrets as secrets_mod

    monkeypatch.setattr(cli_secrets, "_is_terminal", lambda: False)
    real_open = secrets_mod.open_store
    monkeypatch.setattr(secrets_mod, "open_store", lambda *a, **kw: real_open(*a, **{**kw, "service": service}))
    settings = Settings.model_validate(
        {"exchange": {"sync_type": "cloud_app_only", "client_secret": {"env": "SOMEWHERE"}}}
    )
    bundle = tmp_path / "site.calwiz"
    bundle.write_bytes(
        encode_bundle(settings, {"client_secret": "sealed-value-42"}, "bundle passphrase", scrypt_n=2**10)
    )
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", "bundle passphrase")
    parser = argparse.ArgumentParser(prog="calwizard")
    cli_secrets.register(parser.add_subparsers())
    config = tmp_path / "site.toml"

    def run(*argv: str) -> int:
        args = parser.parse_args(list(argv))
        return args.func(args)

    assert run("import", str(bundle), "--config-out", str(config)) == 0
    assert "into Secret Service" in capsys.readouterr().err
    assert tomllib.loads(config.read_text())["exchange"]["client_secret"] == {"store": "site/exchange.client_secret"}
    store: SecretStore = open_store("keychain", service=service)
    assert store.get("site/exchange.client_secret") == "sealed-value-42"

    settings_loaded, fetch = cli_secrets.load_for_validate(config)
    assert fetch(settings_loaded.exchange.client_secret) == "sealed-value-42"

    assert run("secrets", "status") == 0
    out = capsys.readouterr().out
    assert out.startswith("secret store: Secret Service") and "profile site: exchange.client_secret" in out
    assert "sealed-value-42" not in out

    assert run("secrets", "delete-profile", "site") == 0
    assert _usernames(service) == set()
    assert json.dumps(sorted(_usernames(service))) == "[]"
