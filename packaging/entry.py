"""The frozen program's entry script: the same ``calwizard.cli:main`` as the console script.

PyInstaller freezes this file for every executable (``calwizard``, and on Windows also
``calwizard-cli``). It only adds what a frozen program needs before the CLI runs:

* a windowed Windows executable has no console, so ``sys.stdout``/``sys.stderr`` are None: they
  are pointed at ``os.devnull`` so that logging and ``print`` cannot crash (use ``calwizard-cli``
  for the headless verbs there);
* ``CALWIZARD_FROZEN_SELFTEST=1`` runs :mod:`frozen_selftest` instead (checks the bundle's
  contents: Qt plugins, keyring backends, babel data, tzdata, resources) - used by the smoke test.
"""

import os
import sys


def _ensure_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process


def _run() -> int:
    _ensure_streams()
    if os.environ.get("CALWIZARD_FROZEN_SELFTEST", "").strip() in {"1", "true", "yes"}:
        import frozen_selftest

        return frozen_selftest.main()
    from calwizard.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(_run())
