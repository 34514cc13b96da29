#!/usr/bin/env python3
"""Screenshots of every wizard page, offscreen, against the in-process sandbox tenant.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out docs/screenshots] [--scale 1]

Writes ``<out>/<nn>-<page>.png``. The on-premises pages show the ``onprem-mailbox-problems`` scenario
(so the mailbox table and the validation show failures with their remedies); the Entra page shows
``app-only-ok``; ``*-graph.png`` show the Microsoft Graph type with ``graph-out-of-scope`` (a mailbox outside the
app's RBAC for Applications scope, the PowerShell to fix it); ``05-entra-setup-*.png`` show "Create it for me"
(scenario ``entra-setup``: the empty page, the plan after the administrator's sign-in, the filled-in page);
``*-pbx.png`` the connection to the sandbox PBX (``pbx-ok``: its live check, the users from the PBX with their
mailbox status).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1000, 780)


def wait(app, cond, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError("page did not settle")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def settled(page) -> bool:  # type: ignore[no-untyped-def]
    live = getattr(page, "live", None)
    if live is not None:
        return not live.running and not live.timer.isActive()
    job = getattr(page, "job", None)
    if job is not None:
        return not job.running
    return True


def shoot_create_app(app, sb, services, out: Path, tmp: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """The "Create it for me" flow (scenario ``entra-setup``): the empty Entra page, the dialog with the plan after
    the administrator's sign-in (the sandbox's page played by a scripted browser), and the filled-in page with its
    checks passed. Writes ``05-entra-setup-{empty,plan,done}.png``."""
    from dataclasses import replace

    from calwizard.exchange.http import HttpPolicy
    from calwizard.gui.wizard import create_wizard
    from calwizard.sandbox import data as d
    from calwizard.sandbox.browser import auto_browser
    from calwizard.sandbox.scenarios import scenario_settings
    from calwizard.wizard.flow import StepId, new_state

    settings = scenario_settings("entra-setup", sb.host_overrides, sb.ca_file, sb.data_dir)
    browser = auto_browser(HttpPolicy.from_settings(settings.exchange), d.FABRIKAM_ADMIN,
                           d.credential(d.CRED_FABRIKAM_ADMIN_PASSWORD))
    from calwizard.secrets import open_store

    store = tmp / "shots-secrets.cfg"  # the created secret goes to a throw-away encrypted store, not the user's
    svc = replace(services, open_browser=browser, extra={**services.extra, "entra_setup_interval": 0.3},
                  store_opener=services.store_opener or (lambda: open_store("file", path=store,
                                                                            passphrase="screenshots-only-store",
                                                                            service="calwizard-screenshots")))
    wiz = create_wizard(new_state(settings, profile="fabrikam-setup"), svc)
    wiz.resize(*SIZE)
    wiz.show()
    wait(app, lambda: wiz.isVisible())
    while wiz.step() is not StepId.ENTRA:
        wiz.next()
        app.processEvents()
    page = wiz.currentPage()
    written = [out / "05-entra-setup-empty.png"]
    wiz.grab().save(str(written[-1]))
    page.create_app.click()
    dialog = page._create_dialog
    wait(app, lambda: dialog.isVisible())
    dialog.name.setText("Calendar sync (calwizard)")
    dialog.signin.click()
    wait(app, lambda: dialog.create.isEnabled())
    written.append(out / "05-entra-setup-plan.png")
    dialog.grab().save(str(written[-1]))
    dialog.create.click()
    wait(app, lambda: page._create_dialog is None, timeout=120)
    wait(app, lambda: settled(page))
    written.append(out / "05-entra-setup-done.png")
    wiz.grab().save(str(written[-1]))
    wiz.cancel_all()
    wiz.close()
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "screenshots")
    ap.add_argument("--scale", type=float, default=1.0, help="device pixel ratio (QT_SCALE_FACTOR)")
    args = ap.parse_args(argv)
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from PySide6.QtWidgets import QApplication

    from calwizard.gui.app import _application
    from calwizard.gui.asyncglue import install_loop, uninstall_loop
    from calwizard.gui.controller import Services
    from calwizard.gui.wizard import create_wizard
    from calwizard.sandbox.scenarios import scenario_settings
    from calwizard.sandbox.server import Sandbox
    from calwizard.wizard.flow import StepId, new_state

    app = _application()
    assert isinstance(app, QApplication)
    loop = install_loop(app)
    args.out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="calwizard-shots-") as tmp:
        data = Path(tmp)
        sb = Sandbox(data / "sandbox")
        sb.start()
        try:
            services = Services(config_dir=data / "profiles", debounce_ms=10, extra={"confirm_discard": False})
            runs = [
                ("onprem-mailbox-problems", "customer-a", [s for s in StepId if s is not StepId.ENTRA], ""),
                ("app-only-ok", "fabrikam", [StepId.ENTRA], ""),
                ("graph-out-of-scope", "fabrikam-graph",
                 [StepId.SYNC_TYPE, StepId.ENTRA, StepId.MAILBOXES, StepId.VALIDATE], "-graph"),
                ("pbx-ok", "pbx", [StepId.PBX, StepId.MAILBOXES], "-pbx"),
            ]
            for scenario, profile, steps, suffix in runs:
                settings = scenario_settings(scenario, sb.host_overrides, sb.ca_file, sb.data_dir)
                wiz = create_wizard(new_state(settings, profile=profile), services)
                wiz.resize(*SIZE)
                wiz.show()
                wait(app, lambda w=wiz: w.isVisible())
                while True:
                    step = wiz.step()
                    page = wiz.currentPage()
                    if step in steps:
                        wait(app, lambda p=page: settled(p))
                        if step is StepId.MAILBOXES:
                            page.table.selectRow(1)
                        if step is StepId.MAPPING and page.source.count() > 1:
                            # the preview of a real mailbox's next 48 hours, read through the engine's backend
                            page.source.setCurrentIndex(max(page.source.findData("ben"), 1))
                            page.read_button.click()
                            wait(app, lambda p=page: p.calendar is not None and not p.busy)
                        if step is StepId.VALIDATE:
                            item = page.tree.item_for("graph.mailboxes" if suffix else "ews.mailboxes")
                            if item is not None and item.childCount() > 1:
                                page.tree.setCurrentItem(item.child(1))
                        wait(app, lambda: True)
                        nn = list(StepId).index(step) + 1
                        path = args.out / f"{nn:02d}-{step.value}{suffix}.png"
                        wiz.grab().save(str(path))
                        written.append(path)
                    if step == steps[-1] or wiz.nextId() < 0:
                        break
                    wiz.next()
                    app.processEvents()
                wiz.cancel_all()
                wiz.close()
            written += shoot_create_app(app, sb, services, args.out, data)
        finally:
            uninstall_loop(loop)
            sb.stop()
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
