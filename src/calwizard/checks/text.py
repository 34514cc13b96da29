"""Check results as terminal text, shared by ``calwizard validate`` and ``calwizard entra create-app``."""

from __future__ import annotations

import sys
from typing import Any, TextIO

STATUS_LABEL = {"ok": "[ OK ]", "warning": "[WARN]", "failed": "[FAIL]", "skipped": "[SKIP]"}
"""The fixed-width label printed before each check result."""


def print_result(r: dict[str, Any], out: TextIO | None = None) -> None:
    """Print one check result (``CheckResult.to_json()``: ``status``, ``id``, ``summary``, ``remedy``) as one line,
    plus a ``fix:`` line with the remedy for a failure or a warning, to ``out`` (default: the current stdout)."""
    out = out or sys.stdout  # looked up now: sys.stdout may have been replaced since import
    print(f"{STATUS_LABEL.get(r['status'], r['status'])} {r['id']}: {r['summary']}", file=out)
    if r["status"] in ("failed", "warning") and r.get("remedy"):
        from calwizard.i18n import translate

        print(translate("cli", "       fix: {remedy}").format(remedy=r["remedy"]), file=out)
