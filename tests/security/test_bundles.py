"""Crafted bundles: authenticated or refused; fixed format bounds before any expensive work; one loader and one
passphrase policy for every verb (issue 13)."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from tests.security.guards import bounded
from tests.unit.test_bundle import reframe

from calwizard import bundle as bundle_mod
from calwizard import cli, cli_secrets
from calwizard.bundle import BUNDLE_VERSION, encode_bundle, parse_bundle, passphrase_strength
from calwizard.errors import BundlePassphraseError, BundleTamperedError, BundleVersionError, ConfigError
from calwizard.secrets import open_store
from calwizard.settings import Settings
from calwizard.settings.io import save_settings

PASS = "correct horse battery staple"
SECRET = "cs~Hostile-Suite-Secret-4711"
TENANT = "5b0f4c8e-2a61-4d3b-9e7f-1c2d3e4f5a6b"


def app_only(authority: str = "login.sandbox.test", overrides: dict[str, str] | None = None,
             ca_file: str = "") -> Settings:
    return Settings.model_validate({
        "pbx": {"master_pbx_name": "pbx1"},
        "exchange": {
            "sync_type": "cloud_graph", "cloud": "custom", "user": "svc@contoso.test",
            "custom_cloud": {"authority_host": authority, "ews_host": "outlook.sandbox.test",
                             "graph_host": "graph.sandbox.test"},
            "client_id": "11111111-2222-3333-4444-555555555555", "tenant_id": TENANT,
            "client_secret": {"store": "site/exchange.client_secret"},
            "host_overrides": overrides or {}, "ca_file": ca_file, "timeout_seconds": 5,
        },
        "mailboxes": [{"pbx_name": "anna", "addresses": "anna@contoso.test"}],
    })


def strip_and_edit(sealed: bytes, settings: Settings) -> bytes:
    """Drop the seal, put other settings in the body, recompute the header."""
    newline = sealed.index(b"\n")
    body_end = sealed.rstrip(b"\n").rindex(b"\n")
    body = json.loads(sealed[newline + 1: body_end + 1])
    from calwizard.settings.io import settings_to_dict

    body["settings"] = settings_to_dict(settings)
    body["secret_fields"] = []
    text = json.dumps(body, indent=1).encode() + b"\n"
    return reframe(sealed[: newline + 1] + text + b'{"sealed":false}\n')


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="calwizard")
    cli_secrets.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return args.func(args)


# --------------------------------------------------------------------------- stripped bundles


def test_a_stripped_bundle_cannot_send_the_stored_secret_elsewhere(
    machine: Path, hostile: object, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The technician imports a sealed bundle: the secret is stored, bound to its Entra authority. An attacker strips
    the seal of a copy, points the authority at their own server (header recomputed: no passphrase needed) and gets
    the file run. validate, engine run and import read it like any configuration file: the stored secret is refused
    for the new destination, naming both, and never reaches the attacker's server."""
    good = app_only(overrides={"login.sandbox.test": "127.0.0.1:1"})
    sealed = encode_bundle(good, {"client_secret": SECRET}, PASS, scrypt_n=2**10)
    (machine / "site.calwiz").write_bytes(sealed)
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", PASS)
    assert run("import", str(machine / "site.calwiz"), "--profile", "site") == 0
    entry = open_store().get_entry("site/exchange.client_secret")
    assert entry is not None and entry.value == SECRET
    assert entry.bound_to == {f"entra login.sandbox.test/{TENANT} via 127.0.0.1", "graph graph.sandbox.test"}

    evil = app_only("autodiscover.fabrikam.test", {"autodiscover.fabrikam.test": f"127.0.0.1:{hostile.port}"},
                    str(hostile.ca_file))
    forged = machine / "forged.calwiz"
    forged.write_bytes(strip_and_edit(sealed, evil))
    hostile.mode = "html"
    hostile.seen.clear()
    capfd.readouterr()

    assert cli.main(["validate", str(forged)]) == 1
    out = capfd.readouterr()
    assert "not authenticated" in out.err
    assert "was saved for" in out.out and "login.sandbox.test" in out.out and "autodiscover.fabrikam.test" in out.out

    from calwizard.engine import cli as engine_cli

    parser = argparse.ArgumentParser(prog="calwizard")
    engine_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["engine", "run", str(forged), "--state-dir", str(machine / "state"),
                              "--sink", str(machine / "presence.jsonl")])
    args.verbose = False
    assert args.func(args) == 2
    err = capfd.readouterr().err
    assert "was saved for" in err and "autodiscover.fabrikam.test" in err

    assert all(SECRET.encode() not in request for request in hostile.seen)
    assert open_store().get_entry("site/exchange.client_secret").bound_to == entry.bound_to  # nothing re-bound


def test_import_and_validate_accept_exactly_the_same_files(machine: Path, monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    """One loader: a file import refuses, validate refuses too, and the other way round."""
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", PASS)
    good = app_only()
    sealed = encode_bundle(good, {"client_secret": SECRET}, PASS, scrypt_n=2**10)
    unsealed = encode_bundle(good, None, None)
    files = {
        "sealed.calwiz": sealed,
        "unsealed.calwiz": unsealed,
        "stripped.calwiz": strip_and_edit(sealed, good),
        "tampered.calwiz": sealed[:-30] + b"A" * 29 + b"\n",
        "truncated.calwiz": sealed[: len(sealed) // 2],
        "absurd-kdf.calwiz": reframe(sealed.replace(b'"n":1024', b'"n":1048576')),
        "newer.calwiz": encode_bundle(good, None, None, _version=BUNDLE_VERSION + 1,
                                      _body={"bundle_version": BUNDLE_VERSION + 1, "created_at": "x"}),
        "plain.toml": save_settings(good, tmp_path / "x.toml").read_bytes(),
        "bad.toml": b"[exchange]\ntimeout_seconds = true\n",
        "bundle-named.toml": sealed,
        "empty.calwiz": b"",
    }
    for i, (name, data) in enumerate(files.items()):
        path = tmp_path / name
        path.write_bytes(data)
        try:
            cli_secrets.load_configuration(path)
            accepted = True
        except ConfigError:
            accepted = False
        rc = run("import", str(path), "--profile", f"p{i}", "--config-out", str(tmp_path / f"out{i}.toml"))
        assert (rc == 0) == accepted, name
        assert (cli.main(["validate", str(path)]) != 2) == accepted, name
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", "a wrong passphrase here")
    assert run("import", str(tmp_path / "sealed.calwiz"), "--profile", "w", "--config-out",
               str(tmp_path / "w.toml")) == 2
    assert cli.main(["validate", str(tmp_path / "sealed.calwiz")]) == 2


# --------------------------------------------------------------------------- format bounds before the work


@pytest.mark.parametrize(("old", "new"), [
    (b'"n":1024', b'"n":1048576'),  # 2**20: 1 GiB of scrypt memory
    (b'"n":1024', b'"n":4194304'),  # 2**22
    (b'"r":8', b'"r":32'),          # 4x the memory
    (b'"p":1', b'"p":16'),          # 16x the time
    (b'"n":1024', b'"n":1000'),     # not a power of two
    (b'"n":1024', b'"n":true'),
])
def test_absurd_kdf_parameters_are_refused_before_any_key_derivation(old: bytes, new: bytes) -> None:
    sealed = encode_bundle(app_only(), {"client_secret": SECRET}, PASS, scrypt_n=2**10)
    forged = reframe(sealed.replace(old, new))
    assert forged != sealed
    with bounded(seconds=2, mib=20), pytest.raises(BundleTamperedError, match="outside the bounds"):
        parse_bundle(forged, PASS)


def test_a_huge_ciphertext_and_a_deep_body_are_refused_cheaply() -> None:
    sealed = encode_bundle(app_only(), {"client_secret": SECRET}, PASS, scrypt_n=2**10)
    seal = json.loads(sealed.rstrip(b"\n").rsplit(b"\n", 1)[1])
    seal["ciphertext"] = "A" * (8 * 1024 * 1024)
    forged = reframe(sealed.rstrip(b"\n").rsplit(b"\n", 1)[0] + b"\n" +
                     json.dumps(seal, sort_keys=True, separators=(",", ":")).encode() + b"\n")
    with bounded(seconds=3, mib=120), pytest.raises(BundleTamperedError, match="outside the bounds"):
        parse_bundle(forged, PASS)
    deep = encode_bundle(app_only(), None, None, _body={"bundle_version": 1, "created_at": "2030-01-01T00:00:00Z",
                                                          "settings": {}, "report": None, "secret_fields": []})
    deep = deep.replace(b'"report": null', b'"report": ' + b"[" * 200_000 + b"]" * 200_000)
    with bounded(seconds=5, mib=150), pytest.raises(BundleTamperedError):
        parse_bundle(reframe(deep), None)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_named_like_a_bundle_is_refused(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "x.calwiz"
    os.mkfifo(fifo)
    with bounded(seconds=5, mib=20), pytest.raises(ConfigError, match="FIFO"):
        cli_secrets.load_configuration(fifo)


# --------------------------------------------------------------------------- versions and passphrases


def test_the_newer_version_message_names_a_release_that_reads_the_file() -> None:
    from calwizard import __version__

    def message(writer: str) -> str:
        data = encode_bundle(app_only(), None, None, _version=BUNDLE_VERSION + 1,
                             _body={"bundle_version": BUNDLE_VERSION + 1, "created_at": "x"})
        data = reframe(data.replace(f"writer={bundle_mod._writer_version()}".encode(), f"writer={writer}".encode(), 1))
        with pytest.raises(BundleVersionError) as info:
            parse_bundle(data, None)
        return str(info.value)

    assert "Update calwizard to 99.1.0 or later" in message("99.1.0")  # a newer release: it reads it
    for odd in ("0.0.1", "garbage", "0.1.0"):  # older than or equal to this one, or no release at all
        text = message(odd)
        assert f"Update calwizard to {odd} " not in text
        assert f"newer than {__version__}" in text and f"bundle version {BUNDLE_VERSION + 1}" in text


@pytest.mark.parametrize("weak", ["short", "aaaaaaaaaaaaaaaa", "          ", "1111111111"])
def test_the_same_passphrase_policy_with_and_without_a_terminal(
    weak: str, machine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert passphrase_strength(weak)[0] == 0  # the wizard's dialog keeps OK disabled
    with pytest.raises(BundlePassphraseError):
        bundle_mod.check_passphrase(weak)
    # non-interactive export
    monkeypatch.setenv("CW_TEST_SECRET", SECRET)
    config = save_settings(app_only().model_copy(update={"exchange": app_only().exchange.model_copy(
        update={"client_secret": __import__("calwizard.settings", fromlist=["SecretRef"]).SecretRef(
            env="CW_TEST_SECRET")})}), machine / "c.toml")
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", weak)
    assert run("export", str(config), "-o", str(machine / "c.calwiz")) == 2
    assert not (machine / "c.calwiz").exists()
    # the prompt asks again for the same passphrase, then gives up
    monkeypatch.setattr(cli_secrets, "_is_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": weak)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(BundlePassphraseError):
        cli_secrets.bundle_passphrase(confirm=True)
