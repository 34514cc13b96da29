"""The sealed ``*.calwiz`` bundle: round trips, every distinct error, and property-based tamper tests."""

from __future__ import annotations

import hashlib
import json
import re
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calwizard import bundle as bundle_mod
from calwizard.bundle import (
    BUNDLE_VERSION,
    MaskedSecrets,
    encode_bundle,
    parse_bundle,
    passphrase_strength,
    read_bundle,
    write_bundle,
)
from calwizard.errors import (
    BundleError,
    BundleFormatError,
    BundlePassphraseError,
    BundleTamperedError,
    BundleTruncatedError,
    BundleVersionError,
    ConfigError,
    SecretError,
)
from calwizard.settings import SCHEMA_VERSION, SecretRef, Settings
from calwizard.settings.io import settings_to_dict

PASS = "correct horse battery staple"
FAST_N = 2**10  # scrypt cost for tests that derive keys many times; the default is 2**17
SECRETS = {"client_secret": "cs-Zq8~t!/+=&é-secret", "password": "pw-Ä/Ö+x=y&z 42"}
REPORT = [
    {"id": "entra.token", "status": "ok", "summary": "token issued", "detail": "", "remedy": "", "evidence": {}},
    {"id": "ews.mailbox:anna@contoso.com", "status": "failed", "summary": "403", "detail": "d", "remedy": "r",
     "evidence": {"url": "https://outlook.office365.com/EWS/Exchange.asmx"}},
]


def make_settings() -> Settings:
    return Settings.model_validate(
        {
            "pbx": {"master_pbx_name": "pbx1", "presence_timezone": "Europe/Berlin"},
            "exchange": {
                "sync_type": "cloud_app_only",
                "user": "svc@contoso.com",
                "client_id": "11111111-2222-3333-4444-555555555555",
                "tenant_id": "contoso.com",
                "client_secret": {"store": "laptop/exchange.client_secret"},
                "password": {"env": "CW_TEST_PASSWORD"},
            },
            "mailboxes": [
                {"pbx_name": "anna", "addresses": "anna@contoso.com"},
                {"pbx_name": "jörg", "addresses": "joerg@contoso.com;j@contoso.com"},
            ],
        }
    )


@pytest.fixture(scope="module")
def sealed() -> bytes:
    return encode_bundle(make_settings(), SECRETS, PASS, REPORT, scrypt_n=FAST_N)


@pytest.fixture(scope="module")
def unsealed() -> bytes:
    return encode_bundle(make_settings(), None, None, REPORT)


def reframe(data: bytes) -> bytes:
    """Recompute the header (length, SHA-256, check) for a modified body/seal: what a deliberate forger does.

    Only the AES-GCM tag (over the associated data) can then tell that something changed.
    """
    newline = data.index(b"\n")
    head, rest = data[:newline], data[newline + 1 :]
    m = re.match(rb"CALWIZARD-BUNDLE version=(\d+) writer=(\S+) ", head)
    assert m
    version, writer = int(m.group(1)), m.group(2).decode()
    digest = hashlib.sha256(rest).hexdigest()
    length = 0
    while True:
        header = bundle_mod._header(version, writer, length, digest) + b"\n"
        if len(header) + len(rest) == length:
            return header + rest
        length = len(header) + len(rest)


# --------------------------------------------------------------------------- round trips


def test_sealed_round_trip(tmp_path: Path) -> None:
    s = make_settings()
    created = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    path = write_bundle(tmp_path / "a.calwiz", s, SECRETS, PASS, REPORT, report_created_at=created, scrypt_n=FAST_N)
    b = read_bundle(path, PASS)
    assert b.settings == s
    assert dict(b.secrets) == SECRETS
    assert b.report == REPORT
    assert b.report_created_at == created
    assert b.has_secrets is True
    assert b.bundle_version == BUNDLE_VERSION
    assert b.created_at.tzinfo is not None and abs((datetime.now(UTC) - b.created_at).total_seconds()) < 60
    assert b.notices == ()
    assert [m.pbx_name for m in b.settings.mailboxes] == ["anna", "jörg"]
    # masked everywhere
    for text in (repr(b), str(b), repr(b.secrets), str(b.secrets)):
        for value in SECRETS.values():
            assert value not in text
    assert "client_secret" in repr(b.secrets)


def test_default_kdf_round_trip(tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "d.calwiz", make_settings(), SECRETS, PASS)
    seal = json.loads(path.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[1])
    assert seal["kdf"]["name"] == "scrypt" and seal["kdf"]["n"] == 2**17 and seal["cipher"] == "AES-256-GCM"
    assert dict(read_bundle(path, PASS).secrets) == SECRETS


def test_unsealed_round_trip(tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "u.calwiz", make_settings(), None, None)
    b = read_bundle(path, None)
    assert b.has_secrets is False and dict(b.secrets) == {} and b.report is None
    assert read_bundle(path, "any passphrase at all").settings == make_settings()


def test_file_is_private_and_secrets_not_in_clear(tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "p.calwiz", make_settings(), SECRETS, PASS, scrypt_n=FAST_N)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = path.read_bytes()
    for value in SECRETS.values():
        assert value.encode() not in data
    # the settings are readable (the body is JSON), the secret fields' names are listed, not their values
    body = json.loads(data.split(b"\n", 1)[1].rsplit(b"\n", 2)[0])
    assert body["settings"] == settings_to_dict(make_settings())
    assert body["secret_fields"] == ["client_secret", "password"]
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_ciphertext_length_hides_secret_length() -> None:
    def seal_size(value: str) -> int:
        data = encode_bundle(make_settings(), {"client_secret": value}, PASS, scrypt_n=FAST_N)
        return len(json.loads(data.rstrip(b"\n").rsplit(b"\n", 1)[1])["ciphertext"])

    assert seal_size("a") == seal_size("a" * 60)


def test_masked_secrets_repr() -> None:
    m = MaskedSecrets({"password": "hunter2"})
    assert "hunter2" not in repr(m) and "hunter2" not in f"{m}" and m["password"] == "hunter2"


# --------------------------------------------------------------------------- distinct errors


def test_wrong_passphrase(sealed: bytes) -> None:
    with pytest.raises(BundlePassphraseError, match="passphrase does not open"):
        parse_bundle(sealed, "wrong horse battery staple")


def test_missing_passphrase_for_sealed_bundle(sealed: bytes) -> None:
    with pytest.raises(BundlePassphraseError, match="needs its passphrase") as info:
        parse_bundle(sealed, None)
    assert "CALWIZARD_BUNDLE_PASSPHRASE" in str(info.value)


def test_every_error_is_a_config_error() -> None:
    for cls in (BundleFormatError, BundlePassphraseError, BundleTamperedError, BundleTruncatedError,
                BundleVersionError):
        assert issubclass(cls, BundleError) and issubclass(cls, ConfigError)


def test_truncated_at_every_length(sealed: bytes, unsealed: bytes) -> None:
    for data in (sealed, unsealed):
        for n in range(len(data)):
            with pytest.raises(BundleTruncatedError):
                parse_bundle(data[:n], PASS)


def test_truncation_message_names_sizes(sealed: bytes) -> None:
    with pytest.raises(BundleTruncatedError, match=rf"truncated: 500 of {len(sealed)} bytes"):
        parse_bundle(sealed[:500], PASS)


def test_appended_bytes_are_tampering(sealed: bytes) -> None:
    with pytest.raises(BundleTamperedError, match="appended"):
        parse_bundle(sealed + b"\n", PASS)


def test_not_a_bundle(tmp_path: Path) -> None:
    for content in (b"[pbx]\nmaster_pbx_name = 'x'\n", b"\x00\x01binary", b"PK\x03\x04zipfile"):
        with pytest.raises(BundleFormatError, match="not a calwizard bundle"):
            parse_bundle(content, PASS)
    with pytest.raises(BundleError, match="does not exist"):
        read_bundle(tmp_path / "missing.calwiz", PASS)


def test_newer_bundle_version_names_what_is_needed() -> None:
    body = {"bundle_version": 7, "created_at": "2030-01-01T00:00:00Z", "new_layout": True}
    data = encode_bundle(make_settings(), None, None, _body=body, _version=7)
    with pytest.raises(BundleVersionError) as info:
        parse_bundle(data, None)
    text = str(info.value)
    assert "bundle version 7" in text and f"versions 1 to {BUNDLE_VERSION}" in text
    assert "Update calwizard to" in text  # and names the writer's release


def test_newer_settings_schema_in_bundle() -> None:
    doc = settings_to_dict(make_settings())
    doc["schema_version"] = 99
    body = {"bundle_version": 1, "created_at": "2030-01-01T00:00:00Z", "settings": doc, "report": None,
            "secret_fields": []}
    with pytest.raises(BundleVersionError, match="schema version 99"):
        parse_bundle(encode_bundle(make_settings(), None, None, _body=body), None)


def test_older_settings_schema_is_migrated() -> None:
    doc = settings_to_dict(make_settings())
    del doc["schema_version"]  # schema version 0: pre-release files without the field
    body = {"bundle_version": 1, "created_at": "2026-01-01T00:00:00Z", "settings": doc, "report": None,
            "secret_fields": []}
    b = parse_bundle(encode_bundle(make_settings(), None, None, _body=body), None)
    assert b.settings == make_settings()
    assert b.notices == (f"settings schema version 0 was migrated to {SCHEMA_VERSION}",)


def test_older_bundle_version_is_migrated(monkeypatch: pytest.MonkeyPatch, sealed: bytes) -> None:
    # Pretend this calwizard writes bundle version 2 and migrates version 1 (renaming a body key).
    def v1_to_v2(doc: dict) -> dict:
        doc["bundle_version"] = 2
        return doc

    monkeypatch.setattr(bundle_mod, "BUNDLE_VERSION", 2)
    monkeypatch.setattr(bundle_mod, "BUNDLE_MIGRATIONS", {1: v1_to_v2})
    b = parse_bundle(sealed, PASS)
    assert b.bundle_version == 1 and dict(b.secrets) == SECRETS
    assert b.notices == ("bundle version 1 was migrated to 2",)


def test_too_old_bundle_version(monkeypatch: pytest.MonkeyPatch, sealed: bytes) -> None:
    monkeypatch.setattr(bundle_mod, "OLDEST_BUNDLE_VERSION", 2)
    monkeypatch.setattr(bundle_mod, "BUNDLE_VERSION", 2)
    with pytest.raises(BundleVersionError, match="older than this calwizard can read"):
        parse_bundle(sealed, PASS)


def test_short_passphrase_refused(tmp_path: Path) -> None:
    with pytest.raises(BundlePassphraseError, match="at least 10 characters"):
        write_bundle(tmp_path / "x.calwiz", make_settings(), SECRETS, "short")
    with pytest.raises(BundlePassphraseError):
        write_bundle(tmp_path / "x.calwiz", make_settings(), SECRETS, None)
    assert list(tmp_path.iterdir()) == []


def test_programming_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown secret fields"):
        encode_bundle(make_settings(), {"exchange.client_secret": "x"}, PASS)
    with pytest.raises(ValueError, match="passphrase without secrets"):
        encode_bundle(make_settings(), None, PASS)


def test_failed_write_leaves_old_file_intact(tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "b.calwiz", make_settings(), None, None)
    before = path.read_bytes()
    with pytest.raises(BundlePassphraseError):
        write_bundle(path, make_settings(), SECRETS, "short")
    assert path.read_bytes() == before
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BundleError, match="cannot write"):
        write_bundle(blocker / "sub" / "c.calwiz", make_settings(), None, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.calwiz", "file"]


# --------------------------------------------------------------------------- property-based tamper tests


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_bit_flip_is_detected(sealed: bytes, unsealed: bytes, data: st.DataObject) -> None:
    original = data.draw(st.sampled_from([sealed, unsealed]))
    bit = data.draw(st.integers(0, len(original) * 8 - 1))
    flipped = bytearray(original)
    flipped[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(BundleTamperedError):
        parse_bundle(bytes(flipped), PASS)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_truncation_is_detected(sealed: bytes, unsealed: bytes, data: st.DataObject) -> None:
    original = data.draw(st.sampled_from([sealed, unsealed]))
    n = data.draw(st.integers(0, len(original) - 1))
    with pytest.raises(BundleTruncatedError):
        parse_bundle(original[:n], PASS)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_forged_changes_never_yield_plaintext(sealed: bytes, data: st.DataObject) -> None:
    """A forger who changes bytes after the header and recomputes the header's digests is still caught.

    Changes in the body (the settings, mailboxes, report) are caught by the AES-GCM tag over the associated data;
    changes in the seal break its canonical form, its parameters, the passphrase verifier or the tag.
    No change ever yields a bundle.
    """
    start = sealed.index(b"\n") + 1
    pos = data.draw(st.integers(start, len(sealed) - 1))
    mode = data.draw(st.sampled_from(["flip", "delete", "insert"]))
    buf = bytearray(sealed)
    if mode == "flip":
        buf[pos] ^= 1 << data.draw(st.integers(0, 7))
    elif mode == "delete":
        del buf[pos]
    else:
        buf.insert(pos, data.draw(st.integers(0, 255)))
    forged = reframe(bytes(buf))
    body_end = sealed.rstrip(b"\n").rindex(b"\n")
    with pytest.raises(BundleError) as info:
        parse_bundle(forged, PASS)
    if pos < body_end and mode == "flip":
        assert isinstance(info.value, BundleTamperedError)
    assert not isinstance(info.value, BundleTruncatedError)


def test_forged_settings_change_is_tampering(sealed: bytes) -> None:
    forged = reframe(sealed.replace(b"anna@contoso.com", b"anna@evil00.com"))
    assert forged != sealed
    with pytest.raises(BundleTamperedError, match="authentication tag"):
        parse_bundle(forged, PASS)


def test_stripping_the_seal_is_not_silent(sealed: bytes) -> None:
    """Replacing the seal line by an unsealed one leaves a bundle without secrets: the reader says so."""
    head, _ = sealed.rstrip(b"\n").rsplit(b"\n", 1)
    stripped = reframe(head + b'\n{"sealed":false}\n')
    b = parse_bundle(stripped, PASS)
    assert b.has_secrets is False and dict(b.secrets) == {}


# --------------------------------------------------------------------------- the secret mapping


def test_fetcher_maps_refs_to_fields(sealed: bytes) -> None:
    b = parse_bundle(sealed, PASS)
    fetch = b.fetcher()
    assert fetch(SecretRef(store="laptop/exchange.client_secret")) == SECRETS["client_secret"]
    assert fetch(SecretRef(env="CW_TEST_PASSWORD")) == SECRETS["password"]
    with pytest.raises(SecretError, match="holds no secret"):
        fetch(SecretRef(env="SOMETHING_ELSE"))
    assert b.fetcher(fallback=lambda ref: "from-fallback")(SecretRef(env="SOMETHING_ELSE")) == "from-fallback"


def test_fetcher_without_secrets_uses_fallback(unsealed: bytes) -> None:
    b = parse_bundle(unsealed, None)
    seen = []
    fetch = b.fetcher(fallback=lambda ref: seen.append(ref) or "local")
    assert fetch(SecretRef(store="laptop/exchange.client_secret")) == "local"
    assert seen == [SecretRef(store="laptop/exchange.client_secret")]
    with pytest.raises(SecretError, match=r"exchange\.client_secret"):
        b.fetcher()(SecretRef(store="laptop/exchange.client_secret"))


def test_passphrase_strength_is_monotonic() -> None:
    scores = [passphrase_strength(p)[0] for p in ("abc", "abcdefghij", "Tr0ub4dor&3x!", PASS + " orbit mango")]
    assert scores[0] == 0 and scores == sorted(scores) and scores[-1] >= 3
    assert passphrase_strength("aaaaaaaaaaaaaaaaaaaa")[0] <= 1
