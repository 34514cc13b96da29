"""EWS protocol debugging (``exchange.ews_debug_log``): ``calwizard validate`` and the engine write every EWS,
Autodiscover, Graph and Entra exchange to a rotating debug log in the user log directory, print its path, and mask
every secret, token and NTLM message."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest

from calwizard import cli
from calwizard.exchange.debuglog import redact, redact_header
from calwizard.sandbox import Sandbox
from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.secretrefs import secret_refs
from calwizard.settings import save_settings

pytestmark = pytest.mark.integration


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own: the user log directory (platformdirs) is under it."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for var in ("XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path / "home"


def forms(secret: str) -> list[bytes]:
    raw = secret.encode()
    return [raw, base64.b64encode(raw), raw.hex().encode()]


def assert_masked(text: str, secrets: set[str]) -> None:
    blob = text.encode()
    for secret in secrets:
        for form in forms(secret):
            assert form not in blob, f"a secret ({len(secret)} characters) is in the debug log"
    assert "eyJ" not in text, "an access token (JWT) is in the debug log"
    assert "TlRMTVNTUA" not in text, "an NTLM message is in the debug log"


@pytest.mark.parametrize("scenario", ["onprem-ok", "app-only-ok", "graph-ok"])
def test_validate_writes_the_exchanges_masked_and_prints_the_path(
        sandbox: Sandbox, home: Path, tmp_path: Path, scenario: str, capsys: pytest.CaptureFixture[str]) -> None:
    settings = scenario_settings(scenario, sandbox.host_overrides, sandbox.ca_file, tmp_path)
    settings.exchange.ews_debug_log = True
    config = save_settings(settings, tmp_path / f"{scenario}.toml")
    assert cli.main(["validate", str(config)]) == 0
    err = capsys.readouterr().err
    log = home / ".local" / "state" / "calwizard" / "log" / "ews-debug-validate.log"
    assert f"requests and responses (secrets masked) go to {log}" in err
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    if scenario == "onprem-ok":
        assert "-> POST https://mail.contoso.test/EWS/Exchange.asmx" in text and "<m:FindItem" in text
        assert "Authorization: NTLM [redacted]" in text and "WWW-Authenticate: NTLM [redacted]" in text
        assert "Autodiscover" in text
    elif scenario == "app-only-ok":
        assert "<t:ExchangeImpersonation>" in text and "Authorization: Bearer [redacted]" in text
        assert "/oauth2/v2.0/token" in text and "(body of the OAuth endpoint not written" in text
    else:
        assert "-> GET https://graph.sandbox.test/v1.0/users/alice@fabrikam.test/calendarView" in text
        assert '"value"' in text  # the Graph answers' bodies
    secrets = {d.credential(ref.sandbox) for ref in secret_refs(settings).values() if ref.sandbox}
    assert secrets
    assert_masked(text, secrets)


def test_off_by_default_writes_nothing(sandbox: Sandbox, home: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    settings = scenario_settings("onprem-ok", sandbox.host_overrides, sandbox.ca_file, tmp_path)
    assert cli.main(["validate", str(save_settings(settings, tmp_path / "c.toml"))]) == 0
    assert "debugging" not in capsys.readouterr().err
    assert not (home / ".local" / "state" / "calwizard" / "log").exists()


def test_redaction_of_protocol_messages() -> None:
    assert redact_header("Authorization", "Bearer eyJabc.def.ghi") == "Bearer [redacted]"
    assert redact_header("WWW-Authenticate", "NTLM TlRMTVNTUAACAAAA, Negotiate") == \
        "NTLM [redacted], [redacted]"
    assert redact_header("Set-Cookie", "X-BackEndOverrideCookie=EXCH01~1; path=/") == "[redacted]"
    assert redact_header("Content-Type", "text/xml") == "text/xml"
    form = redact("grant_type=client_credentials&client_secret=s3cr3t%7E&scope=x&client_assertion=abc.def")
    assert form == "grant_type=client_credentials&client_secret=[redacted]&scope=x&client_assertion=[redacted]"
    assert redact('{"token_type": "Bearer", "access_token": "abc\\"def", "expires_in": 3599}') == \
        '{"token_type": "Bearer", "access_token": "[redacted]", "expires_in": 3599}'
    assert redact("<wsse:Password Type=\"x\">hunter2</wsse:Password><t:Subject>Password reset</t:Subject>") == \
        '<wsse:Password Type="x">[redacted]</wsse:Password><t:Subject>Password reset</t:Subject>'
    assert redact("blob TlRMTVNTUAADAAAAGAAYAEgAAAA= end") == "blob [redacted] end"
