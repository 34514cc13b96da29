"""The CLI's headless verbs: exit codes, messages, and no Qt import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from calwizard.cli import ExitCode, main

PROBE = """
import sys
from calwizard.cli import main
try:
    rc = main(sys.argv[1:])
except SystemExit as e:
    rc = e.code
assert "PySide6" not in sys.modules, sorted(m for m in sys.modules if m.startswith("PySide6"))
print("rc", rc)
"""


@pytest.mark.parametrize("argv", [["--version"], ["validate", "/nonexistent/config.toml"], ["validate", "--help"],
                                  ["entra", "create-app", "--help"]])
def test_headless_verbs_never_import_pyside6(argv: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "rc " in proc.stdout


def test_validate_unreadable_config_exits_2_naming_the_problem(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["validate", str(tmp_path / "missing.toml")]) == ExitCode.USAGE
    assert "does not exist" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = 1\n[exchange]\nclient_id = 'nope'\n")
    assert main(["validate", str(bad)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "exchange.client_id" in err and "Traceback" not in err


def test_validate_offline_problems_exit_1_with_json(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        "schema_version = 1\n[exchange]\nsync_type = 'cloud_app_only'\nuser = 'a@b.test'\n"
        "client_secret = { env = 'CALWIZARD_TEST_UNSET_SECRET' }\n"
    )
    assert main(["validate", str(cfg), "--json"]) == ExitCode.CHECK_FAILED
    doc = json.loads(capsys.readouterr().out)
    assert doc["passed"] is False
    by_id = {c["id"]: c for c in doc["checks"]}
    assert by_id["inputs:pbx.master_pbx_name"]["status"] == "failed"
    assert by_id["inputs:exchange.tenant_id"]["remedy"]
    assert "CALWIZARD_TEST_UNSET_SECRET" in by_id["inputs:exchange.client_secret"]["summary"]
    assert by_id["entra.tenant"]["status"] == "skipped"
    assert set(doc["checks"][0]) == {"id", "status", "summary", "detail", "remedy", "evidence"}


def test_no_arguments_open_the_wizard_without_building_every_parser(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import calwizard.cli as cli

    seen = []
    monkeypatch.setattr(cli, "cmd_gui", lambda args: seen.append(args) or 0)
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the parser is built for `calwizard` alone"))
    assert cli.main([]) == 0
    assert len(seen) == 1 and seen[0].config is None and not seen[0].verbose


def test_version_is_looked_up_only_when_asked_for() -> None:
    probe = ("import sys; from calwizard.cli import build_parser; build_parser().parse_args(['gui']); "
             "assert 'importlib.metadata' not in sys.modules; build_parser().parse_args(['--version'])")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("calwizard ") and proc.stdout.strip() != "calwizard"
