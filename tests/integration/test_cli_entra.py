"""``calwizard entra create-app`` as a technician runs it over SSH: a separate process, the device code printed, the
administrator entering it on "another device" (here: the test, through the sandbox's code page), the app created in
the sandbox tenant, the secret in the file secret store only, the configuration completed — and ``calwizard
validate`` of that configuration passing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.integration.conftest import policy_for

from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings import load_settings, save_settings

pytestmark = pytest.mark.integration

RUN = """
import sys
from calwizard.cli import main
rc = main(sys.argv[1:])
assert "PySide6" not in sys.modules
sys.exit(rc)
"""
STORE_PASS = "cli-entra-test-store-passphrase"


def env_for(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        env[var] = str(home / sub)
    env |= {"HOME": str(home), "CALWIZARD_SECRET_STORE": "file", "CALWIZARD_STORE_PASSPHRASE": STORE_PASS}
    return env


def run_create_app(config: Path, env: dict[str, str], policy, login: str, password: str,  # type: ignore[no-untyped-def]
                   *extra: str) -> tuple[int, str, str]:
    proc = subprocess.Popen([sys.executable, "-c", RUN, "entra", "create-app", str(config), "--yes", *extra],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stderr is not None and proc.stdout is not None
    err_lines: list[str] = []
    for line in proc.stderr:
        err_lines.append(line)
        m = re.search(r"open the page (\S+) and enter the code (\S+) ", line)
        if m:
            url, code = m.groups()
            page = policy.requests_session().post(url, data={"otc": code, "login": login, "passwd": password},
                                                  timeout=10)
            assert "You have signed in" in page.text, page.text
            break
    rest: list[str] = []
    reader = threading.Thread(target=lambda: rest.extend(proc.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    out = proc.stdout.read()
    rc = proc.wait(timeout=120)
    reader.join(timeout=10)
    return rc, out, "".join(err_lines + rest)


def test_create_app_over_ssh_completes_the_configuration(sandbox, tmp_path: Path) -> None:
    policy = policy_for(sandbox, tmp_path / "ca")
    config = save_settings(scenario_settings("entra-setup", sandbox.host_overrides, sandbox.ca_file,
                                             sandbox.data_dir), tmp_path / "work" / "customer-a.toml")
    env = env_for(tmp_path / "home")
    rc, out, err = run_create_app(config, env, policy, d.FABRIKAM_ADMIN, d.credential(d.CRED_FABRIKAM_ADMIN_PASSWORD),
                                  "--name", "Calendar sync CLI", "--months", "6")
    assert rc == 0, err
    assert "Signed in as admin@fabrikam.test (Global Administrator)" in err
    assert "1. Create the application 'Calendar sync CLI' (single tenant) requesting Microsoft Graph" in err
    for step in ("[ OK ] Create the application", "[ OK ] Add the client secret", "[ OK ] Create the service "
                 "principal", "[ OK ] Grant admin consent", "[ OK ] Wait until Entra ID hands out the permission"):
        assert step in err
    assert "[ OK ] entra.permissions: Admin consent granted: Calendars.Read" in out

    settings = load_settings(config)
    ex = settings.exchange
    created = {a["appId"]: a for a in sandbox.directory.summary()}[ex.client_id]
    assert created["displayName"] == "Calendar sync CLI"
    assert ex.tenant_id == d.FABRIKAM_TENANT_ID
    assert ex.client_secret is not None and ex.client_secret.store == "customer-a/exchange.client_secret"
    assert ex.app_registration is not None and ex.app_registration.consent == "tenant_wide"
    assert ex.app_registration.created_by == d.FABRIKAM_ADMIN
    # the secret: in the encrypted store, nowhere in clear
    secret = sandbox.directory.registration(ex.client_id).secrets[0].value  # type: ignore[union-attr]
    assert secret and secret not in config.read_text() and secret not in out and secret not in err
    for f in (tmp_path / "home").rglob("*"):
        if f.is_file():
            assert secret.encode() not in f.read_bytes(), f
    # the completed configuration validates like any other
    proc = subprocess.run([sys.executable, "-c", RUN, "validate", str(config)], env=env, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASSED" in proc.stdout


def test_create_app_as_a_non_admin_fails_names_the_step_and_deletes_what_it_created(sandbox, tmp_path: Path) -> None:
    policy = policy_for(sandbox, tmp_path / "ca")
    config = save_settings(scenario_settings("entra-setup", sandbox.host_overrides, sandbox.ca_file,
                                             sandbox.data_dir), tmp_path / "work" / "b.toml")
    before = config.read_text()
    rc, _out, err = run_create_app(config, env_for(tmp_path / "home"), policy, d.FABRIKAM_ALICE,
                                   d.credential(d.CRED_FABRIKAM_ALICE_PASSWORD), "--name", "Calendar sync by alice")
    assert rc == 1, err
    assert "Grant admin consent failed" in err and "Authorization_RequestDenied" in err
    assert "Deleted what was created." in err
    assert not [a for a in sandbox.directory.summary() if a["displayName"] == "Calendar sync by alice"]
    assert config.read_text() == before


def test_create_app_for_a_type_without_app_registration_is_a_usage_error(tmp_path: Path) -> None:
    from calwizard.settings.model import Settings

    config = save_settings(Settings(), tmp_path / "disabled.toml")
    proc = subprocess.run([sys.executable, "-c", RUN, "entra", "create-app", str(config), "--yes"],
                          env=env_for(tmp_path / "home"), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "app-only sync types only" in proc.stderr and "Traceback" not in proc.stderr
