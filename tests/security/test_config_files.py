"""Hostile and clumsy configuration files: refused with exit 2 and a clear message, never a hang, a traceback,
an oversized echo or a silent coercion (issue 13, "Bounded input")."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from tests.security.guards import bounded

from calwizard import cli
from calwizard.errors import ConfigError
from calwizard.settings import Settings
from calwizard.settings.io import MAX_CONFIG_BYTES, MAX_NESTING, MAX_STRING_LENGTH, load_settings

VALID = """\
schema_version = 1
[pbx]
master_pbx_name = "pbx1"
[exchange]
sync_type = "on_premises"
user = "svc@contoso.com"
password = { env = "CW_PW" }
ews_url = "https://mail.contoso.com/EWS/Exchange.asmx"
timeout_seconds = 5
"""


def with_line(line: str) -> str:
    """:data:`VALID` with ``line`` in its [exchange] section (replacing the lines that set the same keys)."""
    keys = {part.split("=", 1)[0].strip() for part in line.splitlines() if "=" in part}
    kept = [x for x in VALID.splitlines() if x.split("=", 1)[0].strip() not in keys]
    return "\n".join(kept) + "\n" + line + "\n"


def validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    rc = cli.main(["validate", str(path)])
    captured = capsys.readouterr()
    return rc, captured.err + captured.out


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    return subprocess.run([sys.executable, "-m", "calwizard.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, stdin=subprocess.DEVNULL)


# --------------------------------------------------------------------------- special files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("verb", [("validate",), ("engine", "run"), ("import",), ("export",)])
def test_a_fifo_is_refused_at_once_by_every_verb(tmp_path: Path, verb: tuple[str, ...]) -> None:
    """Nobody writes into the FIFO: a reader that opened it blocking would hang until the timeout."""
    fifo = tmp_path / ("config.calwiz" if verb == ("import",) else "config.toml")
    os.mkfifo(fifo)
    extra = ["-o", str(tmp_path / "out.calwiz")] if verb == ("export",) else []
    proc = run_cli(*verb, str(fifo), *extra, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "FIFO" in proc.stderr and "not a regular file" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_unread(special: str, capsys: pytest.CaptureFixture[str]) -> None:
    if not Path(special).exists():
        pytest.skip(f"{special} does not exist here")
    with bounded(seconds=10, mib=20):
        rc, text = validate(Path(special), capsys)
    assert rc == 2 and "character device" in text


def test_a_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, text = validate(tmp_path, capsys)
    assert rc == 2 and "is a directory, not a regular file" in text


def test_an_empty_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for content in (b"", b"  \n\n\t\n"):
        path = tmp_path / "empty.toml"
        path.write_bytes(content)
        rc, text = validate(path, capsys)
        assert rc == 2 and "is empty" in text and "Traceback" not in text


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sparse = tmp_path / "huge.toml"
    with sparse.open("wb") as fh:
        fh.truncate(2 * 1024 * 1024 * 1024)  # 2 GiB without using the disk
    with bounded(seconds=5, mib=20):
        rc, text = validate(sparse, capsys)
    assert rc == 2 and f"larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MiB" in text


def test_a_file_that_grows_past_the_cap_is_refused(tmp_path: Path) -> None:
    """The size cap is enforced on what is read, not only on what ``stat`` says (e.g. /proc files report 0)."""
    path = tmp_path / "big.toml"
    path.write_bytes(b"# " + b"x" * (MAX_CONFIG_BYTES + 10) + b"\n")
    with bounded(seconds=10, mib=3 * MAX_CONFIG_BYTES / (1024 * 1024) + 20), pytest.raises(ConfigError,
                                                                                               match="larger than"):
        load_settings(path)


def test_binary_and_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bin.toml"
    path.write_bytes(b"\xff\xfe[pbx]\nmaster_pbx_name = 'x'\n")
    rc, text = validate(path, capsys)
    assert rc == 2 and "not a UTF-8 text file" in text


# --------------------------------------------------------------------------- structure and types


@pytest.mark.parametrize("doc", [
    "a = " + "[" * 100_000 + "]" * 100_000,
    "a = " + "{ b = " * 5_000 + "1" + " }" * 5_000,
    "[exchange]\nhost_overrides = " + "[" * 20 + "]" * 20,
])
def test_deep_nesting_is_refused_without_a_traceback(tmp_path: Path, doc: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(doc)
    with bounded(seconds=10, mib=200):
        rc, text = validate(path, capsys)
    assert rc == 2 and f"nested more than {MAX_NESTING} levels" in text and "Traceback" not in text


@pytest.mark.parametrize(("line", "field"), [
    ("timeout_seconds = true", "exchange.timeout_seconds"),
    ("max_subscriptions_per_connection = true", "exchange.max_subscriptions_per_connection"),
    ("max_subscriptions_per_connection = 5.0", "exchange.max_subscriptions_per_connection"),
    ("max_subscriptions_per_connection = \"5\"", "exchange.max_subscriptions_per_connection"),
    ("ews_debug_log = 1", "exchange.ews_debug_log"),
    ("ews_debug_log = \"yes\"", "exchange.ews_debug_log"),
    ("timeout_seconds = nan", "exchange.timeout_seconds"),
    ("timeout_seconds = inf", "exchange.timeout_seconds"),
    ("user = 1979-05-27T07:32:00Z", "exchange.user"),
])
def test_strict_types(tmp_path: Path, line: str, field: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "types.toml"
    path.write_text(with_line(line))
    rc, text = validate(path, capsys)
    assert rc == 2 and field in text, text


def test_the_valid_file_is_accepted() -> None:
    s = Settings.model_validate(tomllib.loads(VALID.replace("schema_version = 1\n", "")))
    assert s.exchange.timeout_seconds == 5.0


@pytest.mark.parametrize(("line", "needle"), [
    ('ews_url = "https://mail.contoso.com:0/EWS/Exchange.asmx"', "not a TCP port"),
    ('ews_url = "https://mail.contoso.com:65536/EWS/Exchange.asmx"', "not a TCP port"),
    ('autodiscover_url = "https://autodiscover.contoso.com:99999"', "not a TCP port"),
    ('ews_url = "https://user:pw@mail.contoso.com/EWS/Exchange.asmx"', "user name or password"),
    ('host_overrides = { "mail.contoso.com" = "10.0.0.1:70000" }', "not a TCP port"),
    ('host_overrides = { "mail.contoso.com:0" = "10.0.0.1" }', "not a TCP port"),
    ('cloud = "custom"\ncustom_cloud = { authority_host = "login.x.test:123456", ews_host = "o.x.test", '
     'graph_host = "g.x.test" }', "not a TCP port"),
    ('user = "svc\\u0000@contoso.com"', "control character U+0000"),
    ('logon_name = "CONTOSO\\\\svc\\u0007"', "control character U+0007"),
    ('user = "svc\\u202e@contoso.com"', "control character U+202E"),
    ('redirect_uri = "http://evil.example/callback"', "only for localhost"),
    ('redirect_uri = "https://app.example/cb;x"', "does not accept"),
    ('redirect_uri = "https://app.example/cb#frag"', "does not accept"),
    ('redirect_uri = "javascript://alert(1)"', "Entra"),
    ('redirect_uri = "https://app.example/' + "a" * 300 + '"', "at most 256"),
])
def test_urls_hosts_names_and_redirect_uris(tmp_path: Path, line: str, needle: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "values.toml"
    path.write_text(with_line(line))
    rc, text = validate(path, capsys)
    assert rc == 2 and needle in text, text


def test_control_characters_in_mailbox_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mb.toml"
    path.write_text(VALID + '[[mailboxes]]\npbx_name = "anna\\u001b[31m"\naddresses = ["anna@contoso.com"]\n')
    rc, text = validate(path, capsys)
    assert rc == 2 and "mailboxes.0.pbx_name" in text and "U+001B" in text


def test_redirect_uris_entra_accepts(tmp_path: Path) -> None:
    for uri in ("http://localhost", "http://localhost:8400/callback", "http://127.0.0.1:5000",
                "https://login.microsoftonline.com/common/oauth2/nativeclient", "msal11111111-2222://auth"):
        Settings.model_validate({"exchange": {"redirect_uri": uri}})


def test_an_oversized_value_is_named_and_never_echoed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = "Q7x" * 40_000
    path = tmp_path / "long.toml"
    path.write_text(VALID.replace('user = "svc@contoso.com"', f'user = "{marker}@contoso.com"'))
    rc, text = validate(path, capsys)
    assert rc == 2 and "exchange.user" in text and f"at most {MAX_STRING_LENGTH}" in text
    assert "Q7xQ7xQ7xQ7x" not in text  # not even a piece of it


def test_a_long_invalid_value_is_echoed_at_most_once_and_shortened(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    value = "Z9" * 900 + "@bad"  # under the string limit, but not an address
    path = tmp_path / "bad.toml"
    path.write_text(VALID.replace('user = "svc@contoso.com"', f'user = "{value}"'))
    rc, text = validate(path, capsys)
    assert rc == 2 and "exchange.user" in text
    assert text.count("'Z9Z9") == 1 and len(text) < 1000  # once, cut short
