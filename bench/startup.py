#!/usr/bin/env python3
"""Cold start to the first wizard page shown: calwizard's wizard vs. a bare PySide6 QWizard, same run.

calwizard starts as the ``calwizard`` command does (``calwizard.cli.main`` without arguments); the hook that
reports its first page is ``run_gui(on_first_page=...)``.

    QT_QPA_PLATFORM=offscreen python bench/startup.py [--runs 7]

Each measurement is a new Python process (interpreter start included), timed from spawn until the
child reports that its first page is shown and the event loop has turned once (a zero-timer after
``show()``). The two kinds alternate, and the median of each is reported (``min`` too: the least
disturbed run of each, useful on a busy machine). Prints one JSON line:
``{"bare_s": …, "calwizard_s": …, "ratio": …, "bare_min_s": …, "calwizard_min_s": …, "min_ratio": …,
"runs": N, "bytecode_cache": true, "goal_ratio": 1.3}``. A benchmark, never a test.

Bytecode: both children read compiled bytecode from one private cache (``PYTHONPYCACHEPREFIX`` in a
temporary directory, filled by the warm-up launches, like the OS file cache), as an installed calwizard
(pip, PyInstaller) and PySide6's own ``.pyc`` files in site-packages do. Without it, in an environment
with ``PYTHONDONTWRITEBYTECODE=1``, calwizard's source would be compiled on every launch while the bare
wizard's PySide6 modules still load their installed ``.pyc``. ``--no-bytecode-cache`` measures with the
environment as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard, QWizardPage
app = QApplication(sys.argv[:1])
w = QWizard()
p = QWizardPage()
p.setTitle("Welcome")
w.addPage(p)
w.show()
def shown():
    print("shown", flush=True)
    import os; os._exit(0)
QTimer.singleShot(0, shown)
app.exec()
"""

CALWIZARD = r"""
import os
import calwizard.gui.app as app
def shown():
    print("shown", flush=True)
    os._exit(0)
run_gui = app.run_gui
app.run_gui = lambda args=None, **kw: run_gui(args, on_first_page=shown, **kw)
from calwizard.cli import main
main([])  # what the `calwizard` command runs (console script calwizard.cli:main, no arguments)
"""


def measure(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=30)
    if line.strip() != "shown":
        raise RuntimeError(f"child failed: {line!r} {proc.stderr.read() if proc.stderr else ''}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="keep the environment's bytecode setting (e.g. PYTHONDONTWRITEBYTECODE) for both children")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env["CALWIZARD_CONFIG_DIR"] = os.path.join(tmp, "profiles")  # an empty profile list, as on a new machine
        os.mkdir(env["CALWIZARD_CONFIG_DIR"])
        if not args.no_bytecode_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
        measure(BARE, env)  # warm the OS file cache (and the bytecode cache) for both: the first launch after
        # boot or an install is not what we compare
        measure(CALWIZARD, env)
        bare, cw = [], []
        for _ in range(args.runs):
            bare.append(measure(BARE, env))
            cw.append(measure(CALWIZARD, env))
    b, c = statistics.median(bare), statistics.median(cw)
    print(json.dumps({"bare_s": round(b, 4), "calwizard_s": round(c, 4), "ratio": round(c / b, 3),
                      "bare_min_s": round(min(bare), 4), "calwizard_min_s": round(min(cw), 4),
                      "min_ratio": round(min(cw) / min(bare), 3), "runs": args.runs,
                      "bytecode_cache": not args.no_bytecode_cache, "goal_ratio": 1.3}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
