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
from datetime import UTC, datetime
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


# ------------------------------------------------------------------ an app of the same name exists


def cli_config(sandbox, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    return save_settings(scenario_settings("entra-setup", sandbox.host_overrides, sandbox.ca_file, sandbox.data_dir),
                         tmp_path / "work" / name)


def run_as_admin(sandbox, tmp_path: Path, config: Path, *extra: str, login: str = d.FABRIKAM_ADMIN,  # type: ignore[no-untyped-def]
                 password: str = d.CRED_FABRIKAM_ADMIN_PASSWORD) -> tuple[int, str, str]:
    return run_create_app(config, env_for(tmp_path / "home"), policy_for(sandbox, tmp_path / "ca"), login,
                          d.credential(password), *extra)


def named(sandbox, name: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return [a for a in sandbox.directory.summary() if a["displayName"] == name]


def test_an_app_of_that_name_is_listed_and_nothing_happens_without_a_choice(sandbox, tmp_path: Path) -> None:
    made = sandbox.directory.register_by_hand("CLI sync taken", permissions=((d.GRAPH_APP_ID, "User.Read.All"),),
                                              consent=True, secret_days=60)
    config = cli_config(sandbox, tmp_path, "taken.toml")
    before = config.read_text()
    rc, _out, err = run_as_admin(sandbox, tmp_path, config, "--name", "CLI sync taken")
    assert rc == 2, err
    assert (f"An application 'CLI sync taken' already exists (app ID {made['appId']}, created "
            f"{datetime.now(UTC).date().isoformat()}); its permissions: Microsoft Graph User.Read.All (application, "
            "admin consent granted); client secrets: 1 (the last expires") in err
    assert f"fix: run again with --reuse APP_ID ({made['appId']}) to reuse it" in err
    assert "--new-name to create 'CLI sync taken (2)'" in err and "Traceback" not in err
    assert named(sandbox, "CLI sync taken") == [made] and config.read_text() == before


def test_reuse_adds_what_the_app_lacks_and_the_configuration_validates(sandbox, tmp_path: Path) -> None:
    made = sandbox.directory.register_by_hand("CLI sync reuse", permissions=((d.GRAPH_APP_ID, "User.Read.All"),),
                                              consent=True, secret_days=60)
    config = cli_config(sandbox, tmp_path, "reuse.toml")
    rc, out, err = run_as_admin(sandbox, tmp_path, config, "--name", "CLI sync reuse", "--reuse", made["appId"])
    assert rc == 0, err
    assert "1. Use the existing application 'CLI sync reuse'" in err and "Add the API permission" in err
    for step in ("[ OK ] Use the existing application", "[ OK ] Add the API permission", "[ OK ] Add the client secret",
                 "[SKIP] Create the service principal", "[ OK ] Grant admin consent"):
        assert step in err
    assert "[ OK ] entra.permissions" in out
    (after,) = named(sandbox, "CLI sync reuse")
    assert after["id"] == made["id"] and after["passwords"] == 2  # the same app; its old secret stays
    assert set(made["assignments"]) < set(after["assignments"])
    ex = load_settings(config).exchange
    assert ex.client_id == made["appId"] and ex.app_registration is not None and ex.app_registration.reused
    assert "expires" in err and "renew it before" in err
    proc = subprocess.run([sys.executable, "-c", RUN, "validate", str(config)], env=env_for(tmp_path / "home"),
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_new_name_creates_a_second_app_beside_the_first(sandbox, tmp_path: Path) -> None:
    made = sandbox.directory.register_by_hand("CLI sync new")
    config = cli_config(sandbox, tmp_path, "new.toml")
    rc, _out, err = run_as_admin(sandbox, tmp_path, config, "--name", "CLI sync new", "--new-name")
    assert rc == 0, err
    assert "1. Create the application 'CLI sync new (2)'" in err
    assert named(sandbox, "CLI sync new") == [made]
    (second,) = named(sandbox, "CLI sync new (2)")
    assert load_settings(config).exchange.client_id == second["appId"]


def test_several_apps_of_that_name_are_all_listed(sandbox, tmp_path: Path) -> None:
    one = sandbox.directory.register_by_hand("CLI sync twice")
    two = sandbox.directory.register_by_hand("CLI sync twice")
    config = cli_config(sandbox, tmp_path, "twice.toml")
    rc, _out, err = run_as_admin(sandbox, tmp_path, config, "--name", "CLI sync twice")
    assert rc == 2, err
    assert "2 applications are named 'CLI sync twice'" in err
    assert f"app ID {one['appId']}" in err and f"app ID {two['appId']}" in err
    assert f"--reuse APP_ID ({one['appId']}, {two['appId']})" in err or \
        f"--reuse APP_ID ({two['appId']}, {one['appId']})" in err
    rc, _out, err = run_as_admin(sandbox, tmp_path, config, "--reuse", "0badc0de-0000-4000-8000-000000000000")
    assert rc == 2 and "No app registration with the app ID 0badc0de-0000-4000-8000-000000000000" in err


def test_a_failure_on_a_reused_app_undoes_only_what_this_run_added(sandbox, tmp_path: Path) -> None:
    """An Application Administrator may change the app but not grant Microsoft Graph's Calendars.Read."""
    made = sandbox.directory.register_by_hand("CLI sync undo", permissions=((d.GRAPH_APP_ID, "User.Read.All"),),
                                              consent=True, secret_days=60)
    config = cli_config(sandbox, tmp_path, "undo.toml")
    before = config.read_text()
    rc, _out, err = run_as_admin(sandbox, tmp_path, config, "--reuse", made["appId"], login=d.FABRIKAM_APP_ADMIN,
                                 password=d.CRED_FABRIKAM_APP_ADMIN_PASSWORD)
    assert rc == 1, err
    assert "Grant admin consent failed" in err
    assert "[ OK ] Remove the client secret" in err and "[ OK ] Remove the API permission" in err
    assert "Removed what this run added; the application itself was kept as it was." in err
    assert "Delete the application" not in err
    assert named(sandbox, "CLI sync undo") == [made] and config.read_text() == before


def test_in_a_terminal_the_technician_is_asked_which_app(sandbox, tmp_path: Path) -> None:
    """Without --yes and with a terminal: the apps are listed with a number each, 'n' creates '<name> (2)'."""
    import pty

    made = sandbox.directory.register_by_hand("CLI sync asked")
    config = cli_config(sandbox, tmp_path, "asked.toml")
    policy = policy_for(sandbox, tmp_path / "ca")
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-c", RUN, "entra", "create-app", str(config), "--name",
                                 "CLI sync asked"], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env_for(tmp_path / "home"))
        assert proc.stderr is not None
        for line in proc.stderr:
            m = re.search(r"open the page (\S+) and enter the code (\S+) ", line)
            if m:
                policy.requests_session().post(m.group(1), data={"otc": m.group(2), "login": d.FABRIKAM_ADMIN,
                                                                 "passwd": d.credential(
                                                                     d.CRED_FABRIKAM_ADMIN_PASSWORD)}, timeout=10)
                break
        os.write(master, b"n\ny\n")  # a new app, then: yes, create it
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(master)
        os.close(slave)
    assert proc.returncode == 0, err
    assert f"  1) reuse 'CLI sync asked' (app ID {made['appId']})" in err
    assert "  n) create a new app named 'CLI sync asked (2)'" in err
    assert "Your choice (Enter: cancel):" in out and "Create it? [y/N]" in out
    assert named(sandbox, "CLI sync asked") == [made] and len(named(sandbox, "CLI sync asked (2)")) == 1
