"""GUI entry points: :func:`run_gui` (``calwizard`` without a command) and :func:`run_demo` (``calwizard demo``).

Start-up order, for a first page as fast as a bare QWizard's (``bench/startup.py``): QApplication, the
wizard with its Welcome page only, ``show()``; then, from the running event loop, the qasync loop is
installed and the other pages are built (they import pydantic and the checks).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

DEMO_SCENARIOS = ("pbx-ok", "onprem-ok", "app-only-ok", "entra-setup")


def _preload_plain_modules() -> None:
    """Import the Qt-free modules the first page needs *before* PySide6: once PySide6 is loaded, its
    import hook (``shibokensupport.feature``) puts every later import through Python code, which makes
    them several times slower. The first page needs the step table only (the controller imports dataclasses
    and datetime before its PySide6 import); :mod:`calwizard.wizard.flow` loads with the other pages."""
    import calwizard.wizard.steps  # noqa: F401 (and enum)


def _application() -> Any:
    _preload_plain_modules()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        # high DPI: Qt 6 scales by default with the PassThrough rounding policy (fractional factors such as
        # 125 % stay exact); icons are drawn at the screen's pixel ratio (widgets.status_icon)
        app = QApplication(sys.argv[:1])
        app.setApplicationName("calwizard")
        app.setOrganizationName("calwizard")
        app.setApplicationDisplayName("calwizard")
        from calwizard.gui.i18n import install_translators

        install_translators(app)  # before the first page is built: it is drawn in the chosen language
    return app


def _run(state_factory: Callable[[], Any] | None, services: Any, *,
         on_first_page: Callable[[], None] | None = None, open_path: str | None = None,
         on_ready: Callable[[Any], None] | None = None) -> int:
    from PySide6.QtCore import QTimer

    from calwizard.gui.controller import Controller
    from calwizard.gui.wizard import CalWizard

    app = _application()
    ctl = Controller(None, services)  # type: ignore[arg-type]
    wiz = CalWizard(ctl)
    wiz.show()
    holder: dict[str, Any] = {}

    def stage_two() -> None:
        from calwizard.gui.asyncglue import install_loop

        holder["loop"] = install_loop(app)
        wiz.finish_setup(state_factory() if state_factory else None)
        if open_path:
            wiz.pages[wiz.step()].open_path(open_path)  # type: ignore[attr-defined]
        if on_ready is not None:
            on_ready(wiz)

    def first_shown() -> None:
        if on_first_page is not None:
            on_first_page()
        QTimer.singleShot(0, stage_two)

    QTimer.singleShot(0, first_shown)
    rc = app.exec()
    loop = holder.get("loop")
    if loop is not None:
        from calwizard.gui.asyncglue import uninstall_loop

        uninstall_loop(loop)
    return int(rc)


def run_gui(args: argparse.Namespace | None = None, *, on_first_page: Callable[[], None] | None = None,
            on_ready: Callable[[Any], None] | None = None) -> int:
    """Open the wizard (blocks until it is closed). ``args.config`` (optional) opens that configuration.

    ``on_first_page`` is called once the Welcome page is shown (``bench/startup.py``); ``on_ready`` with the
    wizard once every page is built (tests).

    Returns:
        The process exit code (0).
    """
    _preload_plain_modules()  # before the first PySide6 import (the controller's)
    from calwizard.gui.controller import Services

    config = getattr(args, "config", None) if args is not None else None
    return _run(None, Services(), on_first_page=on_first_page, open_path=str(config) if config else None,
                on_ready=on_ready)


def run_demo(args: argparse.Namespace | None = None, *, on_ready: Callable[[Any], None] | None = None) -> int:
    """Start the sandbox tenant in-process and open the wizard prefilled for a scenario.

    ``args.scenario``: ``pbx-ok`` (default: on-premises Exchange and the sandbox PBX — the PBX page checks the
    connection, the Mailboxes page lists the PBX's users, Validate includes the PBX checks and the Summary page's
    "Try the whole chain now" runs the engine and reads the presence back from the PBX), ``onprem-ok``,
    ``app-only-ok`` (any sandbox scenario works);
    ``args.data_dir``: where the sandbox keeps its CA and files (default: a temporary directory);
    ``args.latency_ms``: delay every sandbox answer (to watch the spinners).
    """
    import tempfile

    from calwizard.gui.controller import Services
    from calwizard.sandbox.scenarios import scenario_settings
    from calwizard.sandbox.server import Sandbox
    from calwizard.wizard.flow import new_state

    scenario = getattr(args, "scenario", None) or DEMO_SCENARIOS[0]
    data_dir = getattr(args, "data_dir", None)
    tmp = None
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="calwizard-demo-")
        data_dir = tmp.name
    data = Path(data_dir)
    sandbox = Sandbox(data, latency_ms=int(getattr(args, "latency_ms", 0) or 0))
    sandbox.start()
    try:
        settings = scenario_settings(scenario, sandbox.host_overrides, sandbox.ca_file, data)
        browser = _demo_browser(scenario, settings)

        def demo() -> str:  # in the language the Welcome page shows (it can be switched there)
            from calwizard.i18n import translate

            text = translate("demo", "Demo: the sandbox tenant runs on this computer and the wizard is prefilled "
                                     "with the '{scenario}' scenario. Click Next through the pages: every check runs "
                                     "live against it.").format(scenario=scenario)
            if settings.pbx.connected:
                text += " " + translate("demo", "On the last page, 'Try the whole chain now' runs the sync engine "
                                                "into the sandbox PBX.")
            if browser is not None:
                text += " " + translate("demo", "Sign-ins go to the sandbox's page (no real browser reaches it) and "
                                                "are completed automatically as {user}.").format(user=browser[1])
            return text
        services = Services(config_dir=data / "profiles", demo=demo,
                            open_browser=browser[0] if browser is not None else None)
        return _run(lambda: new_state(settings, profile=f"demo-{scenario}"), services, on_ready=on_ready)
    finally:
        sandbox.stop()
        if tmp is not None:
            tmp.cleanup()


def _demo_browser(scenario: str, settings: Any) -> tuple[Callable[[str], None], str] | None:
    """For the scenarios that sign in (``entra-setup``: an administrator; ``delegated``: the service account): a
    scripted browser that plays the sandbox's sign-in page with the public demo credentials."""
    from calwizard.exchange.http import HttpPolicy
    from calwizard.sandbox import data as d
    from calwizard.sandbox.browser import auto_browser

    account = {"entra-setup": (d.FABRIKAM_ADMIN, d.CRED_FABRIKAM_ADMIN_PASSWORD),
               "delegated": (d.FABRIKAM_SVC, d.CRED_FABRIKAM_SVC_PASSWORD)}.get(scenario)
    if account is None:
        return None
    return auto_browser(HttpPolicy.from_settings(settings.exchange), account[0], d.credential(account[1])), account[0]


def demo_parser(sub: Any) -> Any:
    """Add the ``demo`` verb to a subparsers object (for cli.py): ``calwizard demo [SCENARIO]``."""
    p = sub.add_parser("demo", help="start the sandbox tenant and open the wizard prefilled for it")
    p.add_argument("scenario", nargs="?", default=DEMO_SCENARIOS[0],
                   help=f"sandbox scenario (default {DEMO_SCENARIOS[0]}; e.g. {', '.join(DEMO_SCENARIOS)})")
    p.add_argument("--data-dir", type=Path, default=None, help="sandbox files (default: a temporary directory)")
    p.add_argument("--latency-ms", type=int, default=0, help="delay every sandbox answer (ms)")
    p.set_defaults(func=run_demo)
    return p


__all__ = ["DEMO_SCENARIOS", "demo_parser", "run_demo", "run_gui"]
