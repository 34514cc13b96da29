#!/usr/bin/env python3
"""Screenshots of every wizard page, offscreen, against the in-process sandbox tenant.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out docs/screenshots] [--lang de] [--size 1024x700]
        [--scale 2] [--check]

Writes ``<out>/<set>/<nn>-<page>.png`` for each set: the English 1000x780 window in ``<out>`` itself, the others in
``de``, ``en-1024x700``, ``de-1024x700`` (the smallest supported window), ``en-scale2`` and ``de-scale2``
(QT_SCALE_FACTOR=2, the 1000x780 window at twice the pixels). Every set has each page once; the variants
``*-graph`` and ``*-pbx`` are in the 1000x780 sets at 100 % only, "Create it for me" in every 1000x780 set.
``--check`` reports every layout problem
(``calwizard.gui.layoutcheck``: clipped, overlapping or cut widgets) of the pages shot and exits 1 if any.

The on-premises pages show the ``onprem-mailbox-problems`` scenario
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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1000, 780)
SIZES = ("1000x780", "1024x700")
LANGS = ("en", "de")


def set_name(lang: str, size: str, scale: float) -> str:
    """The directory of one set ("" for the English 1000x780 set)."""
    parts = [lang] + ([size] if size != "1000x780" else []) + (["scale2"] if scale != 1.0 else [])
    return "" if parts == ["en"] else "-".join(parts)


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


def shoot_create_app(app, services, out: Path, tmp: Path,  # type: ignore[no-untyped-def]
                     check: bool = False) -> tuple[list[Path], int]:
    """The "Create it for me" flow (scenario ``entra-setup``): the empty Entra page, the dialog with the plan after
    the administrator's sign-in (the sandbox's page played by a scripted browser), and the filled-in page with its
    checks passed, then the dialog again for a name an app made by hand already has. Writes
    ``05-entra-setup-{empty,plan,done,existing}.png``. A sandbox of its own: the tenant it creates the
    app in must not hold one from a previous set. Returns the files and the number of layout problems found
    (``check``: of the page and the dialog)."""
    from calwizard.sandbox.server import Sandbox

    tmp = Path(tempfile.mkdtemp(prefix="setup-", dir=tmp))
    sb = Sandbox(tmp / "sandbox")
    sb.start()
    try:
        return _shoot_create_app(app, sb, services, out, tmp, check)
    finally:
        sb.stop()


def _shoot_create_app(app, sb, services, out: Path, tmp: Path,  # type: ignore[no-untyped-def]
                      check: bool) -> tuple[list[Path], int]:
    from dataclasses import replace

    from calwizard.exchange.http import HttpPolicy
    from calwizard.gui.layoutcheck import layout_problems
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
    wait(app, lambda: settled(wiz.currentPage()) and not wiz.currentPage().busy)
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
    problems = [f"{written[-1]}: {p}" for p in layout_problems(dialog)] if check else []
    dialog.create.click()
    wait(app, lambda: page._create_dialog is None, timeout=120)
    wait(app, lambda: settled(page))
    written.append(out / "05-entra-setup-done.png")
    wiz.grab().save(str(written[-1]))
    if check:
        problems += [f"{written[-1]}: {p}" for p in layout_problems(wiz)]
    # an app of the chosen name was made by hand in the admin center before: the plan offers to reuse it or to
    # create one under a new name, and nothing happens until the technician chooses
    from datetime import UTC, datetime, timedelta

    sb.directory.register_by_hand("Calendar sync", permissions=((d.GRAPH_APP_ID, "User.Read.All"),), consent=True,
                                  secret_days=300, created=datetime.now(UTC) - timedelta(days=60))
    page.create_app.click()
    wait(app, lambda: page._create_dialog is not None and page._create_dialog.isVisible())
    dialog = page._create_dialog
    dialog.name.setText("Calendar sync")
    dialog.signin.click()
    wait(app, lambda: "Calendar sync (2)" in dialog.plan_label.text() or "(2)" in " ".join(
        b.text() for b in dialog.findChildren(type(dialog.use_secret))), timeout=60)
    app.processEvents()
    written.append(out / "05-entra-setup-existing.png")
    dialog.grab().save(str(written[-1]))
    if check:
        problems += [f"{written[-1]}: {p}" for p in layout_problems(dialog)]
    dialog.reject()
    for line in problems:
        print(line, file=sys.stderr)
    wiz.cancel_all()
    wiz.close()
    return written, len(problems)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "screenshots")
    ap.add_argument("--lang", action="append", choices=LANGS, help="languages (default: both)")
    ap.add_argument("--size", action="append", choices=SIZES, help="window sizes (default: both)")
    ap.add_argument("--scale", action="append", type=float, help="scale factors (default: 1 and 2)")
    ap.add_argument("--check", action="store_true", help="report layout problems of every page shot")
    args = ap.parse_args(argv)
    langs, sizes, scales = args.lang or list(LANGS), args.size or list(SIZES), args.scale or [1.0, 2.0]
    if len(scales) > 1:  # one process per scale factor
        rc = 0
        for scale in scales:
            cmd = [sys.executable, __file__, "--out", str(args.out), "--scale", str(scale)]
            cmd += [x for lang in langs for x in ("--lang", lang)] + [x for size in sizes for x in ("--size", size)]
            rc |= subprocess.run(cmd + (["--check"] if args.check else [])).returncode
        return rc
    scale = scales[0]
    _screen(scale)
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(scale)
        sizes = ["1000x780"]  # the 200 % set: the usual window at twice the pixels
    return shoot(args.out, langs, sizes, scale, args.check)


SCREEN = (1280, 800)
"""The screen the shots are taken on, in logical pixels (a common laptop; at scale 2 it has twice the pixels):
dialogs size themselves by the screen's available area."""


def _screen(scale: float) -> None:
    """Give the offscreen platform a screen of :data:`SCREEN` at ``scale`` (its default is 800x800 pixels, which
    would squeeze a dialog at 200 %)."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return
    import json

    config = Path(tempfile.mkdtemp(prefix="calwizard-shots-screen-")) / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": round(SCREEN[0] * scale),
                                               "height": round(SCREEN[1] * scale), "logicalDpi": 96,
                                               "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def shoot(out: Path, langs: list[str], sizes: list[str], scale: float, check: bool) -> int:
    from PySide6.QtWidgets import QApplication

    from calwizard.gui.app import _application
    from calwizard.gui.asyncglue import install_loop, uninstall_loop
    from calwizard.gui.controller import Services
    from calwizard.gui.i18n import install_translators
    from calwizard.gui.layoutcheck import layout_problems
    from calwizard.gui.wizard import create_wizard
    from calwizard.sandbox.scenarios import scenario_settings
    from calwizard.sandbox.server import Sandbox
    from calwizard.wizard.flow import StepId, new_state

    app = _application()
    assert isinstance(app, QApplication)
    loop = install_loop(app)
    written: list[Path] = []
    problems = 0
    with tempfile.TemporaryDirectory(prefix="calwizard-shots-") as tmp:
        data = Path(tmp)
        sb = Sandbox(data / "sandbox")
        sb.start()
        try:
            services = Services(config_dir=data / "profiles", debounce_ms=10, extra={"confirm_discard": False},
                                store_opener=_file_store(data))
            for lang in langs:
                install_translators(app, lang)
                for size in sizes:
                    target = out / set_name(lang, size, scale)
                    target.mkdir(parents=True, exist_ok=True)
                    width, height = (int(n) for n in size.split("x"))
                    runs = [
                        ("onprem-mailbox-problems", "customer-a", [s for s in StepId if s is not StepId.ENTRA], ""),
                        ("app-only-ok", "fabrikam", [StepId.ENTRA], ""),
                    ]
                    full = size == "1000x780" and scale == 1.0  # the variants once; the other sets: every page
                    if full:
                        runs.append(("graph-out-of-scope", "fabrikam-graph",
                                     [StepId.SYNC_TYPE, StepId.ENTRA, StepId.MAILBOXES, StepId.VALIDATE], "-graph"))
                        runs.append(("pbx-ok", "pbx", [StepId.PBX, StepId.MAILBOXES], "-pbx"))
                    for scenario, profile, steps, suffix in runs:
                        settings = scenario_settings(scenario, sb.host_overrides, sb.ca_file, sb.data_dir)
                        wiz = create_wizard(new_state(settings, profile=profile), services)
                        wiz.resize(width, height)
                        wiz.show()
                        wait(app, lambda w=wiz: w.isVisible())
                        while True:
                            step = wiz.step()
                            page = wiz.currentPage()
                            if step in steps:
                                path = target / f"{list(StepId).index(step) + 1:02d}-{step.value}{suffix}.png"
                                prepare(app, wiz, page, step, suffix)
                                wiz.grab().save(str(path))
                                written.append(path)
                                if check:
                                    for p in layout_problems(wiz):
                                        problems += 1
                                        print(f"{path}: {p}", file=sys.stderr)
                            if step == steps[-1] or wiz.nextId() < 0:
                                break
                            wiz.next()
                            app.processEvents()
                        wiz.cancel_all()
                        wiz.close()
                    if size == "1000x780":
                        files, found = shoot_create_app(app, services, target, data, check)
                        written += files
                        problems += found
        finally:
            install_translators(app, "en")
            uninstall_loop(loop)
            sb.stop()
    for p in written:
        print(p)
    return 1 if problems else 0


def _file_store(data: Path):  # type: ignore[no-untyped-def]
    """The shots' secret store: an encrypted file in the temporary directory (the Welcome page then shows it as
    ready, as on a technician's laptop with a keychain)."""
    from calwizard.secrets import open_store

    return lambda: open_store("file", path=data / "secrets.cfg", passphrase="screenshots", service="calwizard-shots")


def prepare(app, wiz, page, step, suffix: str) -> None:  # type: ignore[no-untyped-def]
    """Let the page settle (its checks done) and show what the picture is about."""
    from calwizard.wizard.flow import StepId

    wait(app, lambda p=page: settled(p) and not p.busy)
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
    wait(app, lambda: not wiz._states_timer.isActive())  # the side list's step states shown


if __name__ == "__main__":
    sys.exit(main())
