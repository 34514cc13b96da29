"""``calwizard sandbox --shard-accounts N``: N more on-premises service accounts, one per engine shard, each with an
EWS throttling budget of its own — a configuration with one of them validates like the default service account's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from calwizard.sandbox import data
from calwizard.settings import load_settings, save_settings
from calwizard.settings.model import SecretRef

pytestmark = pytest.mark.integration


def _validate(config: Path) -> tuple[int, dict[str, dict]]:  # type: ignore[type-arg]
    proc = subprocess.run([sys.executable, "-m", "calwizard.cli", "validate", str(config), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, {c["id"]: c for c in json.loads(proc.stdout)["checks"]}


def test_shard_service_accounts_validate(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "calwizard.cli", "sandbox", "--port", "0", "--data-dir",
                             str(tmp_path / "sb"), "--shard-accounts", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("ready https://127.0.0.1:"), proc.stderr.read() if proc.stderr else line
        base = load_settings(tmp_path / "sb/configs/onprem-ok.toml")
        for k, code in ((1, 0), (2, 1)):  # svc-shard2 does not exist: two accounts were asked for
            upn, cred = data.shard_account(k)
            settings = base.model_copy(update={"exchange": base.exchange.model_copy(update={
                "user": upn, "password": SecretRef(sandbox=cred if k < 2 else data.shard_account(1)[1])})})
            got, checks = _validate(save_settings(settings, tmp_path / f"shard{k}.toml"))
            assert got == code, {i: (c["status"], c["summary"]) for i, c in checks.items()}
            if code == 0:
                assert checks["ews.connect"]["status"] == "ok"
                assert checks["ews.mailbox:anna"]["status"] == "ok", "impersonation, like svc-calendar"
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=30)
    assert "service accounts for shards: svc-shard0@contoso.test … svc-shard1" in err
