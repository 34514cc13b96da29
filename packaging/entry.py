"""The frozen program's entry script: the same ``calwizard.cli:main`` as the console script.

PyInstaller freezes this file for every executable (``calwizard``, and on Windows also
``calwizard-cli``). It only adds what a frozen program needs before the CLI runs:

* a windowed Windows executable has no console, so ``sys.stdout``/``sys.stderr`` are None: they
  are pointed at ``os.devnull`` so that logging and ``print`` cannot crash (use ``calwizard-cli``
  for the headless verbs there);
* ``CALWIZARD_FROZEN_SELFTEST=1`` runs :mod:`frozen_selftest` instead (checks the bundle's
  contents: Qt plugins, keyring backends, babel data, tzdata, resources);
* ``CALWIZARD_SMOKE_QUIT_MS=N`` (no arguments given) opens the wizard as usual and quits it N ms
  after it is ready (every page built; after its first page with a GUI that has no ``on_ready``
  hook); the exit status is the wizard's. With ``CALWIZARD_SMOKE_REPORT=FILE``
  it also writes ``{"first_page_at": <time.time()>, "ready_at": ..., "entry_to_first_page_ms": ...}`` to FILE (the
  frozen start-up benchmark reads it; a windowed executable has no stdout to print to).

The smoke and self-test paths are the packaging's own test hooks: they use only the GUI's public
``run_gui(args, on_first_page=...)`` and change nothing for a normal start.
"""

import json
import os
import sys
import time
from typing import Any

_T_ENTRY = time.perf_counter()


def _ensure_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _smoke_gui(quit_ms: int) -> int:
    """Open the wizard, note when the first page shows, quit ``quit_ms`` later; return its exit code."""
    import inspect

    try:
        from calwizard.gui.app import run_gui
    except ModuleNotFoundError as exc:
        print(f"calwizard-smoke: no GUI in this build ({exc})", file=sys.stderr)
        return 4

    report = os.environ.get("CALWIZARD_SMOKE_REPORT")
    state: dict[str, Any] = {}
    params = inspect.signature(run_gui).parameters

    def write_report() -> None:
        if report:
            doc = {"first_page_at": state["at"], "entry_to_first_page_ms": round(state["ms"], 1)}
            if "ready_ms" in state:
                doc["ready_at"] = state["ready_at"]
                doc["entry_to_ready_ms"] = round(state["ready_ms"], 1)
            if "title" in state:
                doc["first_page_title"] = state["title"]  # in the interface language (the smoke test checks German)
            with open(report, "w", encoding="utf-8") as fh:
                json.dump(doc, fh)

    def quit_later() -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        QTimer.singleShot(quit_ms, QApplication.quit)

    def first_page() -> None:
        state["at"] = time.time()
        state["ms"] = (time.perf_counter() - _T_ENTRY) * 1000
        print(f"calwizard-smoke: first page shown after {state['ms']:.0f} ms (entry script)", file=sys.stderr)
        write_report()
        if "on_ready" not in params:
            quit_later()

    def ready(wizard: object) -> None:  # every page built, the asyncio loop installed
        page = getattr(wizard, "currentPage", lambda: None)()
        if page is not None:
            state["title"] = page.title()
        state["ready_at"] = time.time()
        state["ready_ms"] = (time.perf_counter() - _T_ENTRY) * 1000
        print(f"calwizard-smoke: wizard ready after {state['ready_ms']:.0f} ms", file=sys.stderr)
        if "at" in state:
            write_report()
        quit_later()

    if "on_first_page" in params:
        kwargs = {"on_first_page": first_page}
        if "on_ready" in params:
            kwargs["on_ready"] = ready
        rc = run_gui(None, **kwargs)
    else:  # an older/newer GUI without the hooks: watch for its first visible window instead
        rc = _smoke_gui_polling(run_gui, first_page)
    if "at" not in state:
        print("calwizard-smoke: the wizard closed before its first page was shown", file=sys.stderr)
        return rc or 1
    print(f"calwizard-smoke: wizard closed, exit status {rc}", file=sys.stderr)
    return int(rc)


def _smoke_gui_polling(run_gui, first_page) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    seen = {"done": False}

    def poll() -> None:
        if not seen["done"] and any(w.isVisible() for w in app.topLevelWidgets()):
            seen["done"] = True
            timer.stop()
            first_page()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(poll)
    timer.start()
    return run_gui(None)


def _run() -> int:
    _ensure_streams()
    if _flag("CALWIZARD_FROZEN_SELFTEST"):
        import frozen_selftest

        return frozen_selftest.main()
    quit_ms = os.environ.get("CALWIZARD_SMOKE_QUIT_MS", "").strip()
    if quit_ms and len(sys.argv) == 1:
        return _smoke_gui(int(quit_ms))
    from calwizard.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(_run())
