"""The secret store with a real keyring backend (the encrypted file store in a temporary directory),
the refusal of plaintext backends, and secret references (env, store, sandbox).

No keyring mocks: every store here is ``keyrings.cryptfile``'s real ``CryptFileKeyring`` (each operation
derives an Argon2id key, about half a second, so the tests share stores where they can).
"""

from __future__ import annotations

import base64
import json
import logging
import stat
from pathlib import Path

import pytest
import requests
from keyring.backends import chainer, fail, null
from keyrings.cryptfile.file import EncryptedKeyring, PlaintextKeyring

from calwizard.errors import SecretBackendRefusedError, SecretError, SecretStorePassphraseError
from calwizard.secretrefs import make_fetcher, secret_fields, secret_refs, store_key
from calwizard.secrets import (
    PASSPHRASE_ENV,
    STORE_KIND_ENV,
    SecretStore,
    open_store,
    refusal_reason,
    split_key,
)
from calwizard.settings import SecretRef, Settings

PASSPHRASE = "store passphrase for tests"
VALUE_A = "Sek/ret+A=&%ü-0xDEADBEEF"
VALUE_B = "another s3cret value!"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No keychain (no D-Bus session), private XDG dirs, no calwizard variables."""
    for var in ("DBUS_SESSION_BUS_ADDRESS", PASSPHRASE_ENV, STORE_KIND_ENV, "CALWIZARD_BUNDLE_PASSPHRASE"):
        monkeypatch.delenv(var, raising=False)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / "xdg" / var.lower()))
    return tmp_path


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> SecretStore:
    path = tmp_path_factory.mktemp("store") / "secrets.cfg"
    return open_store("file", path=path, passphrase=PASSPHRASE, service="calwizard-test")


# --------------------------------------------------------------------------- the encrypted file store


def test_file_store_round_trip_and_profiles(tmp_path: Path) -> None:
    path = tmp_path / "s" / "secrets.cfg"
    store = open_store("file", path=path, passphrase=PASSPHRASE)
    assert store.kind == "file" and store.location == path
    assert store.backend_name == f"encrypted file {path}"
    store.set("customer-a/exchange.client_secret", VALUE_A)
    store.set("customer-a/exchange.password", VALUE_B)
    store.set("customer-b/exchange.password", VALUE_B)
    assert store.get("customer-a/exchange.client_secret") == VALUE_A
    assert store.profiles() == ["customer-a", "customer-b"]
    assert store.fields("customer-a") == ["exchange.client_secret", "exchange.password"]

    # another process (a new store object) with the same passphrase sees the same entries
    again = open_store("file", path=path, passphrase=PASSPHRASE)
    assert again.get("customer-a/exchange.password") == VALUE_B

    assert again.delete_profile("customer-a") == ["exchange.client_secret", "exchange.password"]
    assert store.get("customer-a/exchange.client_secret") is None
    assert store.profiles() == ["customer-b"]
    assert store.get("customer-b/exchange.password") == VALUE_B
    assert store.delete_profile("customer-a") == []

    # the file is private, written atomically (no temp files) and holds no value in clear or base64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in path.parent.iterdir()) == ["secrets.cfg"]
    raw = path.read_bytes()
    for value in (VALUE_A, VALUE_B):
        assert value.encode() not in raw
        assert base64.b64encode(value.encode()) not in raw


def test_set_delete_and_index(shared_store: SecretStore) -> None:
    shared_store.set("p1/exchange.password", VALUE_A)
    shared_store.set("p1/exchange.password", VALUE_B)  # replace
    assert shared_store.get("p1/exchange.password") == VALUE_B
    assert shared_store.delete("p1/exchange.password") is True
    assert shared_store.delete("p1/exchange.password") is False
    assert shared_store.get("p1/exchange.password") is None
    assert "p1" not in shared_store.profiles()


def test_set_many_and_restore(shared_store: SecretStore) -> None:
    shared_store.set("p2/exchange.password", "old value", bound_to={"ews mail.contoso.com"})
    previous = shared_store.set_many({"p2/exchange.password": VALUE_A, "p2/exchange.client_secret": VALUE_B})
    assert {k: v.value if v else None for k, v in previous.items()} == {
        "p2/exchange.password": "old value", "p2/exchange.client_secret": None}
    assert "old value" not in repr(previous)
    shared_store.restore(previous)
    assert shared_store.get("p2/exchange.password") == "old value"
    entry = shared_store.get_entry("p2/exchange.password")
    assert entry is not None and entry.bound_to == {"ews mail.contoso.com"}  # the binding came back too
    assert shared_store.get("p2/exchange.client_secret") is None
    with pytest.raises(SecretError, match="not a secret store key"):
        shared_store.set_many({"p2/exchange.password": "x", "bad key": "y"})
    assert shared_store.get("p2/exchange.password") == "old value"  # validated before anything was written


@pytest.mark.parametrize("key", ["nokey", "/field", "profile/", "p/.index", ".profiles", "a/b/c d", "-x/y"])
def test_malformed_keys(shared_store: SecretStore, key: str) -> None:
    with pytest.raises(SecretError, match="not a secret store key"):
        shared_store.get(key)


def test_split_key() -> None:
    assert split_key("customer-a/exchange.client_secret") == ("customer-a", "exchange.client_secret")


def test_names_are_case_insensitive(shared_store: SecretStore) -> None:
    """The encrypted file keeps names as INI options (lower-cased), so every store treats names alike."""
    assert split_key("Customer-A/Exchange.Password") == ("customer-a", "exchange.password")
    shared_store.set("Case-Test/exchange.password", VALUE_A)
    assert shared_store.get("case-test/exchange.password") == VALUE_A
    assert "case-test" in shared_store.profiles()
    assert shared_store.fields("CASE-TEST") == ["exchange.password"]
    assert shared_store.delete_profile("Case-Test") == ["exchange.password"]


def test_empty_value_refused(shared_store: SecretStore) -> None:
    with pytest.raises(SecretError, match="empty value"):
        shared_store.set("p3/exchange.password", "")


def test_wrong_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "secrets.cfg"
    open_store("file", path=path, passphrase=PASSPHRASE).set("x/exchange.password", VALUE_A)
    with pytest.raises(SecretStorePassphraseError) as info:
        open_store("file", path=path, passphrase="not the passphrase")
    assert "does not unlock" in str(info.value) and PASSPHRASE_ENV in str(info.value)
    assert "not the passphrase" not in str(info.value)


def test_empty_passphrase_refused(tmp_path: Path) -> None:
    with pytest.raises(SecretStorePassphraseError, match="empty"):
        open_store("file", path=tmp_path / "s.cfg", passphrase="  ")


def test_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "secrets.cfg"
    path.write_text("[keyring_2Dsetting]\npassword_20reference = \n\tbm90IGpzb24=\nscheme = [Argon2] AES128.GCM\n"
                    "version = 1.3.9\n")
    with pytest.raises(SecretError, match="is damaged or not a calwizard store"):
        open_store("file", path=path, passphrase=PASSPHRASE)


def test_passphrase_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    store = open_store("file", path=tmp_path / "s.cfg")
    store.set("e/exchange.password", VALUE_A)
    assert open_store("file", path=tmp_path / "s.cfg", passphrase=PASSPHRASE).get("e/exchange.password") == VALUE_A


def test_file_kind_without_passphrase(tmp_path: Path) -> None:
    with pytest.raises(SecretStorePassphraseError, match=PASSPHRASE_ENV):
        open_store("file", path=tmp_path / "s.cfg")


def test_default_path_is_user_data_dir(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    store = open_store("file", passphrase=PASSPHRASE)
    assert store.location == isolated / "xdg" / "xdg_data_home" / "calwizard" / "secrets.cfg"
    assert store.location.exists()


# --------------------------------------------------------------------------- choosing a backend


def test_auto_without_keychain_or_passphrase_names_both_remedies(tmp_path: Path) -> None:
    with pytest.raises(SecretError) as info:
        open_store(path=tmp_path / "s.cfg")
    text = str(info.value)
    assert "no usable OS keychain" in text and "Secret Service" in text
    assert PASSPHRASE_ENV in text and "keychain" in text
    assert not (tmp_path / "s.cfg").exists()  # nothing created


def test_auto_uses_file_store_only_with_a_passphrase(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    with caplog.at_level(logging.INFO, logger="calwizard.secrets"):
        store = open_store(path=tmp_path / "s.cfg")
    assert store.kind == "file"
    assert "using the encrypted file store" in caplog.text  # not silent


def test_keychain_kind_without_keychain(tmp_path: Path) -> None:
    with pytest.raises(SecretError, match="no usable OS keychain"):
        open_store("keychain", path=tmp_path / "s.cfg", passphrase=PASSPHRASE)


def test_kind_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(STORE_KIND_ENV, "keychain")
    with pytest.raises(SecretError, match="no usable OS keychain"):
        open_store(path=tmp_path / "s.cfg", passphrase=PASSPHRASE)
    monkeypatch.setenv(STORE_KIND_ENV, "bogus")
    with pytest.raises(SecretError, match="unknown secret store kind"):
        open_store(path=tmp_path / "s.cfg", passphrase=PASSPHRASE)


@pytest.mark.parametrize(
    ("dotted", "reason"),
    [
        ("keyrings.cryptfile.file.PlaintextKeyring", "plain text"),
        ("keyring.backends.fail.Keyring", "'fail' backend"),
        ("keyring.backends.null.Keyring", "stores nothing"),
        ("keyring.backends.chainer.ChainerBackend", "automatic backend chain"),
        ("keyrings.cryptfile.file.EncryptedKeyring", "unauthenticated"),
    ],
)
def test_plaintext_and_placeholder_backends_are_refused(dotted: str, reason: str, tmp_path: Path) -> None:
    with pytest.raises(SecretBackendRefusedError, match=reason) as info:
        open_store(dotted, path=tmp_path / "s.cfg", passphrase=PASSPHRASE)
    assert "refuses" in str(info.value) and "encrypted file store" in str(info.value)


def test_refused_backend_instances(tmp_path: Path) -> None:
    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "plain.cfg")
    for backend in (plain, fail.Keyring(), null.Keyring(), chainer.ChainerBackend()):
        with pytest.raises(SecretBackendRefusedError):
            SecretStore(backend, kind="keychain", backend_name="x")
    assert not (tmp_path / "plain.cfg").exists()


def test_unknown_backends_are_refused() -> None:
    class HomeMadeKeyring(null.Keyring.__mro__[1]):  # a KeyringBackend subclass nobody vetted
        priority = 1

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            raise NotImplementedError

        def delete_password(self, service: str, username: str) -> None:
            raise NotImplementedError

    assert refusal_reason(HomeMadeKeyring) == "a backend calwizard does not know to be a keychain or an encrypted store"
    assert refusal_reason(EncryptedKeyring) is not None
    from keyring.backends import SecretService

    assert refusal_reason(SecretService.Keyring) is None


def test_repr_and_logs_never_show_values(
    shared_store: SecretStore, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        shared_store.set("p4/exchange.password", VALUE_A)
        assert shared_store.get("p4/exchange.password") == VALUE_A
        shared_store.delete_profile("p4")
    assert VALUE_A not in caplog.text
    assert VALUE_A not in repr(shared_store)


# --------------------------------------------------------------------------- secret references


def settings_with(**refs: dict) -> Settings:
    return Settings.model_validate({"exchange": {"sync_type": "on_premises", "user": "svc@contoso.com", **refs}})


def test_secret_fields_from_the_model() -> None:
    from calwizard.checks.context import SECRET_FIELDS

    assert secret_fields()[:3] == ("password", "client_secret", "client_certificate_password")
    assert set(secret_fields()) == set(SECRET_FIELDS)  # the model and the checks agree
    s = settings_with(password={"env": "X"})
    assert secret_refs(s) == {"password": SecretRef(env="X")}
    assert store_key("customer-a", "client_secret") == "customer-a/exchange.client_secret"


def test_env_refs(monkeypatch: pytest.MonkeyPatch) -> None:
    fetch = make_fetcher(settings_with(), store_opener=lambda: pytest.fail("store opened"))
    monkeypatch.setenv("CW_UNIT_SECRET", VALUE_A)
    assert fetch(SecretRef(env="CW_UNIT_SECRET")) == VALUE_A
    monkeypatch.delenv("CW_UNIT_SECRET")
    with pytest.raises(SecretError, match="CW_UNIT_SECRET is not set") as info:
        fetch(SecretRef(env="CW_UNIT_SECRET"))
    assert "Set CW_UNIT_SECRET" in str(info.value)
    monkeypatch.setenv("CW_UNIT_SECRET", "")
    with pytest.raises(SecretError, match="is empty"):
        fetch(SecretRef(env="CW_UNIT_SECRET"))


def test_store_refs_open_the_store_once(shared_store: SecretStore) -> None:
    shared_store.set("p5/exchange.client_secret", VALUE_B)
    opened = []

    def opener() -> SecretStore:
        opened.append(1)
        return shared_store

    fetch = make_fetcher(settings_with(), store_opener=opener)
    assert opened == []  # lazily
    assert fetch(SecretRef(store="p5/exchange.client_secret")) == VALUE_B
    with pytest.raises(SecretError, match=r"has no entry 'p5/exchange\.password'") as info:
        fetch(SecretRef(store="p5/exchange.password"))
    assert "calwizard secrets set p5 exchange.password" in str(info.value)
    assert opened == [1]
    shared_store.delete_profile("p5")


def test_store_open_failure_is_remembered() -> None:
    calls = []

    def opener() -> SecretStore:
        calls.append(1)
        raise SecretError("no secret store is available")

    fetch = make_fetcher(settings_with(), store_opener=opener)
    for _ in range(2):
        with pytest.raises(SecretError, match="no secret store"):
            fetch(SecretRef(store="a/exchange.password"))
    assert calls == [1]  # one prompt at most, not one per field


def test_default_store_opener_is_open_store(monkeypatch: pytest.MonkeyPatch) -> None:
    fetch = make_fetcher(settings_with())
    with pytest.raises(SecretError, match="no secret store is available"):
        fetch(SecretRef(store="a/exchange.password"))


class _CannedAdapter(requests.adapters.BaseAdapter):
    """A requests transport that answers from a table (no network); records the URLs asked for."""

    def __init__(self, answers: dict[str, tuple[int, bytes]]) -> None:
        super().__init__()
        self.answers = answers
        self.seen: list[str] = []

    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        self.seen.append(request.url or "")
        if request.url not in self.answers:
            raise requests.ConnectionError("connection refused")
        status, body = self.answers[request.url]
        resp = requests.Response()
        resp.status_code, resp._content, resp.url, resp.request = status, body, request.url, request
        return resp

    def close(self) -> None:
        pass


def test_sandbox_refs() -> None:
    base = "https://login.sandbox.test/_sandbox/credentials/"
    adapter = _CannedAdapter(
        {
            base + "app-secret": (200, json.dumps({"value": VALUE_A}).encode()),
            base + "gone": (404, b'{"error": "not found"}'),
            base + "garbled": (200, b"<html>" + VALUE_B.encode()),
            base + "svc%2Fpw": (200, json.dumps({"value": VALUE_B}).encode()),
        }
    )
    session = requests.Session()
    session.mount("https://", adapter)
    fetch = make_fetcher(settings_with(), http=session)
    assert fetch(SecretRef(sandbox="app-secret")) == VALUE_A
    assert fetch(SecretRef(sandbox="svc/pw")) == VALUE_B  # quoted into one path segment
    with pytest.raises(SecretError, match="HTTP 404") as info:
        fetch(SecretRef(sandbox="gone"))
    assert "calwizard sandbox" in str(info.value)
    with pytest.raises(SecretError, match="holds no value") as info:
        fetch(SecretRef(sandbox="garbled"))
    assert VALUE_B not in str(info.value)
    with pytest.raises(SecretError, match="cannot fetch sandbox credential 'other'"):
        fetch(SecretRef(sandbox="other"))


def test_sandbox_host_follows_custom_cloud() -> None:
    adapter = _CannedAdapter(
        {"https://login.lab.test:8443/_sandbox/credentials/x": (200, b'{"value": "v"}')}
    )
    session = requests.Session()
    session.mount("https://", adapter)
    s = Settings.model_validate(
        {"exchange": {"cloud": "custom", "custom_cloud": {"authority_host": "login.lab.test:8443",
                                                          "ews_host": "outlook.lab.test",
                                                          "graph_host": "graph.lab.test"}}}
    )
    assert make_fetcher(s, http=session)(SecretRef(sandbox="x")) == "v"


@pytest.mark.integration
def test_sandbox_refs_against_the_real_sandbox(tmp_path: Path) -> None:
    """The sandbox tenant serves its public demo credentials; fetched over HTTPS with the settings' HTTP policy."""
    from calwizard.sandbox import data
    from calwizard.sandbox.server import Sandbox

    with Sandbox(tmp_path / "sandbox") as sandbox:
        s = Settings.model_validate(
            {"exchange": {"ca_file": str(sandbox.ca_file), "host_overrides": sandbox.host_overrides}}
        )
        fetch = make_fetcher(s)
        assert fetch(SecretRef(sandbox=data.CRED_APP_OK_SECRET)) == data.credential(data.CRED_APP_OK_SECRET)
        with pytest.raises(SecretError, match="HTTP 404"):
            fetch(SecretRef(sandbox="no-such-credential"))
        # without the sandbox CA, TLS verification fails with a remedy naming the setting
        plain = Settings.model_validate({"exchange": {"host_overrides": sandbox.host_overrides}})
        with pytest.raises(SecretError, match="TLS verification failed") as info:
            make_fetcher(plain)(SecretRef(sandbox=data.CRED_APP_OK_SECRET))
        assert "exchange.ca_file" in str(info.value)
