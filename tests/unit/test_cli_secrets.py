"""``calwizard export`` / ``import`` / ``secrets`` and ``load_for_validate``, end to end with the real
encrypted file store, plus the leak scan: known secrets go through every CLI path, then every file written
and everything printed or logged is searched for them in plain, base64, URL-encoded, hex and JSON forms.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import io
import json
import logging
import tomllib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from calwizard import cli_secrets
from calwizard.bundle import BUNDLE_VERSION, encode_bundle, read_bundle
from calwizard.checks.context import resolve_secrets
from calwizard.cli_secrets import load_for_validate, profile_from_filename, register
from calwizard.errors import BundlePassphraseError, SecretError
from calwizard.secrets import open_store
from calwizard.settings import SecretRef, Settings
from calwizard.settings.io import save_settings

CLIENT_SECRET = "cs~Kx8/Q+v=z&y%41é#Zk_9tB.sample-value"
SVC_PASSWORD = "P@ss w/ord+é=1&2?svc#x"
CERT_PASSWORD = "cert-Pässwörd/+=-x9"
ALL_SECRETS = (CLIENT_SECRET, SVC_PASSWORD, CERT_PASSWORD)
BUNDLE_PASS = "bundle passphrase horse staple"
LAPTOP_STORE_PASS = "laptop store passphrase"
SERVER_STORE_PASS = "server store passphrase"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A machine with no keychain (no D-Bus), the encrypted file store, private XDG dirs, no terminal."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    for var in ("CALWIZARD_STORE_PASSPHRASE", "CALWIZARD_BUNDLE_PASSPHRASE", "CALWIZARD_SECRET_STORE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(cli_secrets, "_is_terminal", lambda: False)
    use_machine(monkeypatch, tmp_path, "laptop", LAPTOP_STORE_PASS)
    return tmp_path


def use_machine(monkeypatch: pytest.MonkeyPatch, root: Path, name: str, store_pass: str) -> Path:
    home = root / name
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CALWIZARD_STORE_PASSPHRASE", store_pass)
    return home


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="calwizard")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return args.func(args)


def laptop_config(path: Path) -> Path:
    settings = Settings.model_validate(
        {
            "pbx": {"master_pbx_name": "pbx1"},
            "exchange": {
                "sync_type": "on_premises",
                "user": "svc@contoso.com",
                "password": {"env": "CW_SVC_PASSWORD"},
                "client_secret": {"store": "laptop/exchange.client_secret"},
                "client_certificate_password": {"store": "laptop/exchange.client_certificate_password"},
            },
            "mailboxes": [{"pbx_name": "anna", "addresses": "anna@contoso.com"}],
        }
    )
    return save_settings(settings, path)


def set_secret(monkeypatch: pytest.MonkeyPatch, profile: str, field: str, value: str,
               for_config: Path | None = None) -> int:
    """``calwizard secrets set`` with the value on stdin; ``for_config``: bind it to that configuration."""
    monkeypatch.setattr("sys.stdin", io.StringIO(value + "\n"))
    return run("secrets", "set", profile, field, *(["--for", str(for_config)] if for_config else []))


def stderr_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


# --------------------------------------------------------------------------- the happy path


def test_export_import_validate_round_trip(
    machine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = laptop_config(machine / "laptop" / "work" / "customer.toml")
    assert set_secret(monkeypatch, "laptop", "exchange.client_secret", CLIENT_SECRET, config) == 0
    assert set_secret(monkeypatch, "laptop", "client_certificate_password", CERT_PASSWORD, config) == 0
    monkeypatch.setenv("CW_SVC_PASSWORD", SVC_PASSWORD)
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", BUNDLE_PASS)
    report = machine / "laptop" / "work" / "report.json"
    report.write_text(json.dumps([{"id": "inputs", "status": "ok", "summary": "fine", "detail": "", "remedy": "",
                                   "evidence": {}}]))
    out = machine / "transfer" / "Customer A.calwiz"
    capsys.readouterr()
    assert run("export", str(config), "-o", str(out), "--report", str(report)) == 0
    assert "secrets sealed: client_certificate_password, client_secret, password" in capsys.readouterr().err

    # validate works on the bundle directly
    settings, fetch = load_for_validate(out)
    resolved = resolve_secrets(settings, fetch)
    assert resolved.errors == {}
    assert resolved.get("client_secret") == CLIENT_SECRET and resolved.get("password") == SVC_PASSWORD

    # the server: another machine, another store
    use_machine(monkeypatch, machine, "server", SERVER_STORE_PASS)
    monkeypatch.delenv("CW_SVC_PASSWORD")
    assert run("import", str(out)) == 0
    err = capsys.readouterr().err
    assert "profile customer-a" in err and "stored 3 secrets into encrypted file" in err
    written = machine / "server" / "config" / "calwizard" / "customer-a.toml"
    doc = tomllib.loads(written.read_text())
    assert doc["exchange"]["password"] == {"store": "customer-a/exchange.password"}
    assert doc["exchange"]["client_secret"] == {"store": "customer-a/exchange.client_secret"}

    settings, fetch = load_for_validate(written)
    resolved = resolve_secrets(settings, fetch)
    assert resolved.errors == {}
    assert [resolved.get(f) for f in ("client_secret", "password", "client_certificate_password")] == [
        CLIENT_SECRET, SVC_PASSWORD, CERT_PASSWORD]

    assert run("secrets", "status") == 0
    out_text = capsys.readouterr().out
    assert "secret store: encrypted file" in out_text
    assert ("profile customer-a: exchange.client_certificate_password, exchange.client_secret, exchange.password"
            in out_text)

    assert run("secrets", "delete-profile", "customer-a") == 0
    assert "deleted 3 entries of profile customer-a" in capsys.readouterr().err
    store = open_store()
    assert store.profiles() == [] and store.get("customer-a/exchange.password") is None


def test_no_secrets_export_and_import(
    machine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = laptop_config(machine / "c.toml")
    out = machine / "plain.calwiz"
    assert run("export", str(config), "-o", str(out), "--no-secrets") == 0
    b = read_bundle(out, None)
    assert b.has_secrets is False
    target = machine / "server.toml"
    capsys.readouterr()
    assert run("import", str(out), "--profile", "site1", "--config-out", str(target)) == 0
    err = capsys.readouterr().err
    assert "not authenticated" in err
    assert "calwizard secrets set site1 exchange.client_secret" in err
    doc = tomllib.loads(target.read_text())
    assert doc["exchange"]["client_secret"] == {"store": "site1/exchange.client_secret"}
    assert doc["exchange"]["password"] == {"env": "CW_SVC_PASSWORD"}  # env references are kept

    # validate on a bundle without secrets falls back to the local references
    monkeypatch.setenv("CW_SVC_PASSWORD", SVC_PASSWORD)
    settings, fetch = load_for_validate(out)
    assert fetch(settings.exchange.password) == SVC_PASSWORD
    with pytest.raises(SecretError, match=r"has no entry 'laptop/exchange\.client_secret'"):
        fetch(settings.exchange.client_secret)


def test_prompts_on_a_terminal(
    machine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli_secrets, "_is_terminal", lambda: True)
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", "ignored on a terminal")
    answers = iter(["short", BUNDLE_PASS, BUNDLE_PASS])
    monkeypatch.setattr(cli_secrets.getpass, "getpass", lambda prompt="": next(answers))
    monkeypatch.setenv("CW_SVC_PASSWORD", SVC_PASSWORD)
    config = machine / "c.toml"
    save_settings(Settings.model_validate({"exchange": {"password": {"env": "CW_SVC_PASSWORD"}}}), config)
    out = machine / "t.calwiz"
    assert run("export", str(config), "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert "Strength: too short" in err and "Strength: " in err.split("too short", 1)[1]
    assert dict(read_bundle(out, BUNDLE_PASS).secrets) == {"password": SVC_PASSWORD}

    answers = iter([BUNDLE_PASS, "a different one!"])
    assert run("export", str(config), "-o", str(machine / "u.calwiz")) == 2
    assert "the two passphrases differ" in capsys.readouterr().err
    assert not (machine / "u.calwiz").exists()

    answers = iter([BUNDLE_PASS])
    assert run("import", str(out), "--config-out", str(machine / "imported.toml")) == 0


# --------------------------------------------------------------------------- errors: exit 2, one line


@pytest.fixture
def bundle_file(machine: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    settings = Settings.model_validate({"exchange": {"client_secret": {"env": "X_CS"}}})
    path = machine / "b.calwiz"
    path.write_bytes(encode_bundle(settings, {"client_secret": CLIENT_SECRET}, BUNDLE_PASS, scrypt_n=2**10))
    return path


def _assert_one_line_error(capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("calwizard ") and "error:" in lines[0]
    assert "Traceback" not in captured.err and captured.out == ""
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("damage", "needle"),
    [
        ("wrong-passphrase", "passphrase does not open"),
        ("no-passphrase", "CALWIZARD_BUNDLE_PASSPHRASE"),
        ("truncated", "is truncated"),
        ("tampered", "changed or damaged"),
        ("newer", "bundle version 9"),
        ("not-a-bundle", "not a calwizard bundle"),
        ("missing", "does not exist"),
    ],
)
def test_import_errors_exit_2(
    bundle_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], damage: str,
    needle: str
) -> None:
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", BUNDLE_PASS)
    data = bundle_file.read_bytes()
    if damage == "wrong-passphrase":
        monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", "not the right passphrase")
    elif damage == "no-passphrase":
        monkeypatch.delenv("CALWIZARD_BUNDLE_PASSPHRASE")
    elif damage == "truncated":
        bundle_file.write_bytes(data[: len(data) // 2])
    elif damage == "tampered":
        bundle_file.write_bytes(data.replace(b'"sync_type": "disabled"', b'"sync_type": "disabled" '))
    elif damage == "newer":
        bundle_file.write_bytes(encode_bundle(Settings(), None, None, _version=9,
                                              _body={"bundle_version": 9, "created_at": "2031-01-01T00:00:00Z"}))
    elif damage == "not-a-bundle":
        bundle_file.write_text("[pbx]\n")
    elif damage == "missing":
        bundle_file.unlink()
    target = bundle_file.parent / "out.toml"
    assert run("import", str(bundle_file), "--config-out", str(target)) == 2
    line = _assert_one_line_error(capsys, needle)
    assert " — " in line  # the remedy follows
    assert not target.exists()
    # validate uses the same loader: the same errors reach it as ConfigError (exit 2 in cli.py)
    from calwizard.errors import ConfigError

    with pytest.raises(ConfigError):
        load_for_validate(bundle_file)


def test_newer_version_message_names_the_version_needed(
    bundle_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle_file.write_bytes(encode_bundle(Settings(), None, None, _version=BUNDLE_VERSION + 1,
                                          _body={"bundle_version": BUNDLE_VERSION + 1, "created_at": "x"}))
    assert run("import", str(bundle_file)) == 2
    line = _assert_one_line_error(capsys)
    assert f"bundle version {BUNDLE_VERSION + 1}" in line and "Update calwizard to" in line


def test_import_refuses_to_overwrite_without_force(
    bundle_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", BUNDLE_PASS)
    target = bundle_file.parent / "existing.toml"
    target.write_text("# mine\n")
    assert run("import", str(bundle_file), "--profile", "p", "--config-out", str(target)) == 2
    _assert_one_line_error(capsys, "already exists", "--force")
    assert target.read_text() == "# mine\n"
    assert open_store().profiles() == []  # nothing stored either
    assert run("import", str(bundle_file), "--profile", "p", "--config-out", str(target), "--force") == 0
    assert open_store().get("p/exchange.client_secret") == CLIENT_SECRET


def test_export_errors_exit_2(machine: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    config = laptop_config(machine / "c.toml")
    out = machine / "x.calwiz"
    # the env reference is unset: the error names the variable and the field
    assert run("export", str(config), "-o", str(out)) == 2
    _assert_one_line_error(capsys, "CW_SVC_PASSWORD is not set", "exchange.password")
    monkeypatch.setenv("CW_SVC_PASSWORD", SVC_PASSWORD)
    # the store has no entry
    assert run("export", str(config), "-o", str(out)) == 2
    _assert_one_line_error(capsys, "has no entry 'laptop/exchange.client_secret'")
    # no passphrase and no terminal
    set_secret(monkeypatch, "laptop", "exchange.client_secret", CLIENT_SECRET, config)
    set_secret(monkeypatch, "laptop", "exchange.client_certificate_password", CERT_PASSWORD, config)
    capsys.readouterr()
    assert run("export", str(config), "-o", str(out)) == 2
    _assert_one_line_error(capsys, "no terminal", "CALWIZARD_BUNDLE_PASSPHRASE")
    # a passphrase too short
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", "short")
    assert run("export", str(config), "-o", str(out)) == 2
    _assert_one_line_error(capsys, "at least 10 characters")
    # the wrong store passphrase
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", BUNDLE_PASS)
    monkeypatch.setenv("CALWIZARD_STORE_PASSPHRASE", "not the store passphrase")
    assert run("export", str(config), "-o", str(out)) == 2
    _assert_one_line_error(capsys, "does not unlock the encrypted secret store")
    # a missing configuration
    assert run("export", str(machine / "nope.toml"), "-o", str(out)) == 2
    _assert_one_line_error(capsys, "does not exist")
    assert not out.exists()


def test_secrets_commands_errors(machine: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert run("secrets", "set", "p", "exchange.user") == 2
    _assert_one_line_error(capsys, "not a secret field")
    assert run("secrets", "delete-profile", "Bad Name") == 2
    _assert_one_line_error(capsys, "not a valid profile name")
    monkeypatch.delenv("CALWIZARD_STORE_PASSPHRASE")
    assert run("secrets", "status") == 2
    _assert_one_line_error(capsys, "no secret store is available", "CALWIZARD_STORE_PASSPHRASE", "keychain")
    assert run("secrets") == 2
    assert "choose one of" in capsys.readouterr().err


def test_profile_from_filename() -> None:
    assert profile_from_filename(Path("/x/Customer A (2).calwiz")) == "customer-a-2"
    assert profile_from_filename(Path("---.calwiz")) == "default"


def test_passphrase_never_from_an_argument() -> None:
    parser = argparse.ArgumentParser(prog="calwizard")
    register(parser.add_subparsers(dest="command"))
    for argv in (["export", "c.toml", "-o", "x.calwiz", "--passphrase", "p"], ["import", "x.calwiz", "-p", "p"]):
        with pytest.raises(SystemExit):
            parser.parse_args(argv)


def test_bundle_passphrase_without_terminal(monkeypatch: pytest.MonkeyPatch, machine: Path) -> None:
    with pytest.raises(BundlePassphraseError, match="no terminal"):
        cli_secrets.bundle_passphrase(confirm=False)
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", BUNDLE_PASS)
    assert cli_secrets.bundle_passphrase(confirm=True) == BUNDLE_PASS


# --------------------------------------------------------------------------- the leak scan


def encoded_forms(secret: str) -> Iterator[tuple[str, bytes]]:
    """The forms a secret could leak in: plain (UTF-8 and Latin-1), URL-encoded, JSON-escaped, hex, and
    base64 (standard and URL-safe) at each of the three byte alignments."""
    raw = secret.encode("utf-8")
    yield "plain", raw
    yield "latin-1", secret.encode("latin-1", "ignore")
    yield "url", quote(secret, safe="").encode()
    yield "url-plus", quote_plus(secret).encode()
    yield "url-lower", quote(secret, safe="").lower().encode()
    yield "json", json.dumps(secret).encode()[1:-1]
    yield "hex", binascii.hexlify(raw)
    for pad in range(3):
        for name, enc in (("base64", base64.b64encode), ("base64url", base64.urlsafe_b64encode)):
            text = enc(b"\0" * pad + raw)
            start = -(-8 * pad // 6)  # first character made only of secret bits
            end = (8 * (pad + len(raw))) // 6
            yield f"{name}+{pad}", text[start:end]


def scan_for_secrets(blobs: dict[str, bytes]) -> list[str]:
    hits = []
    for secret in ALL_SECRETS:
        for form, needle in encoded_forms(secret):
            assert len(needle) >= 12
            for where, blob in blobs.items():
                if needle in blob:
                    hits.append(f"{form} form of a secret in {where}")
    return hits


def test_no_secret_leaks_through_any_cli_path(
    machine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    printed: list[str] = []

    def collect() -> None:
        captured = capsys.readouterr()
        printed.extend([captured.out, captured.err])

    config = laptop_config(machine / "laptop" / "work" / "customer.toml")
    set_secret(monkeypatch, "laptop", "exchange.client_secret", CLIENT_SECRET, config)
    set_secret(monkeypatch, "laptop", "exchange.client_certificate_password", CERT_PASSWORD, config)
    monkeypatch.setenv("CW_SVC_PASSWORD", SVC_PASSWORD)
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", BUNDLE_PASS)
    sealed = machine / "transfer" / "customer.calwiz"
    plain = machine / "transfer" / "customer-nosecrets.calwiz"
    assert run("export", str(config), "-o", str(sealed)) == 0
    assert run("export", str(config), "-o", str(plain), "--no-secrets") == 0
    assert run("secrets", "status") == 0
    collect()

    # validate on the bundle and the config, then print what validate would show (repr of everything)
    for source in (sealed, config):
        settings, fetch = load_for_validate(source)
        resolved = resolve_secrets(settings, fetch)
        print(repr(settings), repr(resolved), resolved)
        print(repr(read_bundle(sealed, BUNDLE_PASS)))
    collect()

    # the server side, including every error path
    use_machine(monkeypatch, machine, "server", SERVER_STORE_PASS)
    monkeypatch.delenv("CW_SVC_PASSWORD")
    assert run("import", str(sealed)) == 0
    assert run("import", str(sealed)) == 2  # exists already
    assert run("import", str(plain), "--profile", "other") == 0
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", "wrong passphrase here")
    assert run("import", str(sealed), "--force") == 2
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", BUNDLE_PASS)
    tampered = machine / "transfer" / "tampered.calwiz"
    tampered.write_bytes(sealed.read_bytes()[:-40] + b"A" * 39 + b"\n")
    assert run("import", str(tampered), "--profile", "t") == 2
    assert run("secrets", "status") == 0
    imported = machine / "server" / "config" / "calwizard" / "customer.toml"
    settings, fetch = load_for_validate(imported)
    resolved = resolve_secrets(settings, fetch)
    assert resolved.get("client_secret") == CLIENT_SECRET  # the secrets did arrive
    print(repr(resolved), resolved, repr(open_store()))
    assert run("secrets", "delete-profile", "customer") == 0
    collect()

    blobs = {str(p.relative_to(machine)): p.read_bytes() for p in machine.rglob("*") if p.is_file()}
    assert any(name.endswith("secrets.cfg") for name in blobs)  # the stores were scanned too
    assert any(name.endswith(".calwiz") for name in blobs) and any(name.endswith(".toml") for name in blobs)
    blobs["stdout+stderr"] = "\n".join(printed).encode("utf-8")
    blobs["log records"] = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records
    ).encode("utf-8")
    assert scan_for_secrets(blobs) == []


def test_leak_scan_finds_planted_secrets() -> None:
    """The scanner itself works: each form of each secret is found when planted."""
    for secret in ALL_SECRETS:
        for form, needle in encoded_forms(secret):
            blob = b"prefix " + needle + b" suffix"
            assert scan_for_secrets({"planted": blob}), form
    planted = base64.b64encode(b"xy" + CLIENT_SECRET.encode())
    assert scan_for_secrets({"b64": planted})


def test_secret_ref_repr_is_safe() -> None:
    assert "store" in repr(SecretRef(store="a/exchange.password"))


@pytest.mark.integration
def test_no_secret_leaks_through_validate_against_the_sandbox(
    machine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture
) -> None:
    """Real credentials (the sandbox's) go laptop -> sealed bundle -> server store -> ``calwizard validate``
    (config and bundle, text and JSON, EWS debug log on, passing and failing checks); nothing the program wrote,
    printed or logged contains them in any form."""
    from calwizard import cli
    from calwizard.sandbox import Sandbox
    from calwizard.sandbox import data as sandbox_data
    from calwizard.sandbox.scenarios import scenario_settings
    from calwizard.secretrefs import secret_refs

    caplog.set_level(logging.DEBUG)
    printed: list[str] = []
    secrets: set[str] = set()
    sandbox_dir = machine / "sandbox"
    scenarios = ("app-only-ok", "app-only-bad-secret", "app-only-certificate", "onprem-ok", "onprem-bad-password")
    with Sandbox(sandbox_dir) as sb:
        for i, name in enumerate(scenarios):
            use_machine(monkeypatch, machine, "laptop", LAPTOP_STORE_PASS)
            settings = scenario_settings(name, sb.host_overrides, sb.ca_file, sandbox_dir)
            settings.exchange.ews_debug_log = True
            secrets |= {sandbox_data.credential(ref.sandbox) for ref in secret_refs(settings).values() if ref.sandbox}
            config = save_settings(settings, machine / "laptop" / "work" / f"{name}.toml")
            bundle = machine / "transfer" / f"{name}.calwiz"
            monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", BUNDLE_PASS)
            assert run("export", str(config), "-o", str(bundle)) == 0, capsys.readouterr().err
            expected = 0 if name.endswith("-ok") or name.endswith("certificate") else 1
            assert cli.main(["validate", str(bundle)]) == expected
            use_machine(monkeypatch, machine, "server", SERVER_STORE_PASS)
            assert run("import", str(bundle), "--profile", f"site{i}") == 0
            imported = machine / "server" / "config" / "calwizard" / f"site{i}.toml"
            assert cli.main(["validate", str(imported)]) == expected
            assert cli.main(["validate", "--json", str(imported)]) == expected
            captured = capsys.readouterr()
            printed += [captured.out, captured.err]
    assert len(secrets) >= 4
    blobs = {str(p.relative_to(machine)): p.read_bytes() for p in machine.rglob("*")
             if p.is_file() and sandbox_dir not in p.parents}  # the sandbox's own files hold its credentials
    blobs["stdout+stderr"] = "\n".join(printed).encode("utf-8")
    blobs["log records"] = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records).encode()
    hits = []
    for secret in sorted(secrets):
        for form, needle in encoded_forms(secret):
            hits += [f"{form} form of a sandbox credential in {where}" for where, blob in blobs.items()
                     if needle in blob]
    assert hits == []
