#!/usr/bin/env python3
"""Start-up time of the FROZEN calwizard (one-dir and one-file) beside the source run; one JSON line.

    python bench/frozen_startup.py [--runs 5] [--cold] [--dist dist] [--build]

For each variant found (``dist/onedir``, ``dist/onefile``, and ``source`` = this Python running
``packaging/entry.py``) it measures, wall clock from spawning the process:

* ``version_ms``: ``calwizard --version`` until the process has exited;
* ``first_page_ms``: the wizard (offscreen) until its first page is shown. The frozen entry script
  writes the time of ``on_first_page`` to ``CALWIZARD_SMOKE_REPORT`` (``CALWIZARD_SMOKE_QUIT_MS=0``
  then closes it); a build without the GUI reports null here;
* ``ready_ms``: until every page of the wizard is built and its asyncio loop runs (``on_ready``).

Each metric has ``first`` (the first run: the coldest this machine gives without ``--cold``),
``median`` and ``min`` over ``--runs`` runs. ``--cold`` drops the OS page cache before every run
(Linux, root only: ``/proc/sys/vm/drop_caches``) so every run is a cold start; ``"cold": true`` in
the output says it worked. A one-file build unpacks itself to a temporary directory on every start,
which is what its numbers show. ``--build`` builds the missing variants first (packaging/build.py).
Benchmarks only report; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def find_cli(variant_dir: Path) -> tuple[Path | None, Path | None]:
    """(console executable, GUI executable) of a built variant, or (None, None)."""
    candidates = [
        (variant_dir / "calwizard" / "calwizard-cli.exe", variant_dir / "calwizard" / "calwizard.exe"),
        (variant_dir / "calwizard-cli.exe", variant_dir / "calwizard.exe"),
        (variant_dir / "calwizard.app" / "Contents" / "MacOS" / "calwizard",) * 2,
        (variant_dir / "calwizard" / "calwizard",) * 2,
        (variant_dir / "calwizard",) * 2,
    ]
    for cli, gui in candidates:
        if cli.is_file():
            return cli, gui
    return None, None


def drop_caches() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def base_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp / var.lower())
    env.pop("CALWIZARD_FROZEN_SELFTEST", None)
    return env


def time_version(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([*cmd, "--version"], env=env, capture_output=True, text=True, timeout=120)
    ms = (time.perf_counter() - t0) * 1000
    if proc.returncode != 0 or not proc.stdout.startswith("calwizard "):
        raise RuntimeError(f"{cmd} --version failed: {proc.returncode} {proc.stderr[-500:]}")
    return ms


def time_first_page(cmd: list[str], env: dict[str, str], tmp: Path) -> tuple[float, float | None] | None:
    report = tmp / "first_page.json"
    report.unlink(missing_ok=True)
    env = {**env, "CALWIZARD_SMOKE_QUIT_MS": "0", "CALWIZARD_SMOKE_REPORT": str(report)}
    t_spawn = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    if proc.returncode == 4 and "no GUI" in proc.stderr:
        return None
    if proc.returncode != 0 or not report.exists():
        raise RuntimeError(f"{cmd} (wizard) failed: {proc.returncode} {proc.stderr[-800:]}")
    doc = json.loads(report.read_text())
    ready = (doc["ready_at"] - t_spawn) * 1000 if "ready_at" in doc else None
    return (doc["first_page_at"] - t_spawn) * 1000, ready


def summary(values: list[float | None]) -> dict[str, float] | None:
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    return {"first": round(vals[0], 1), "median": round(statistics.median(vals), 1), "min": round(min(vals), 1)}


def size_mib(path: Path) -> float:
    root = path
    while root.parent.name not in ("onedir", "onefile") and root.parent != root:
        root = root.parent
    if root.is_file():
        return round(root.stat().st_size / 2**20, 1)
    return round(sum(f.stat().st_size for f in root.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cold", action="store_true", help="drop the page cache before every run (Linux, root)")
    ap.add_argument("--dist", type=Path, default=REPO / "dist")
    ap.add_argument("--build", action="store_true", help="build missing variants with packaging/build.py first")
    ap.add_argument("--no-source", action="store_true", help="skip the source run")
    args = ap.parse_args(argv)

    variants: dict[str, tuple[list[str], list[str], Path | None]] = {}
    for name in ("onedir", "onefile"):
        cli, gui = find_cli(args.dist / name)
        if cli is None and args.build:
            flag = ["--onefile"] if name == "onefile" else []
            subprocess.run([sys.executable, str(REPO / "packaging" / "build.py"), *flag], check=True)
            cli, gui = find_cli(args.dist / name)
        if cli is not None and gui is not None:
            variants[name] = ([str(cli)], [str(gui)], cli)
    if not args.no_source:
        src = [sys.executable, str(REPO / "packaging" / "entry.py")]
        variants["source"] = (src, src, None)

    cold_ok = None
    out: dict[str, object] = {
        "bench": "frozen_startup",
        "platform": f"{sys.platform}-{platform.machine()}",
        "runs": args.runs,
    }
    with tempfile.TemporaryDirectory(prefix="calwizard-bench-") as tmpname:
        tmp = Path(tmpname)
        env = base_env(tmp)
        for name, (cli, gui, exe) in variants.items():
            versions: list[float | None] = []
            pages: list[float | None] = []
            readies: list[float | None] = []
            for _ in range(args.runs):
                if args.cold:
                    cold_ok = drop_caches() if cold_ok is not False else False
                versions.append(time_version(cli, env))
                if args.cold and cold_ok:
                    drop_caches()
                page = time_first_page(gui, env, tmp)
                pages.append(page[0] if page else None)
                readies.append(page[1] if page else None)
            entry: dict[str, object] = {
                "version_ms": summary(versions),
                "first_page_ms": summary(pages),
                "ready_ms": summary(readies),
            }
            if exe is not None:
                entry["size_mib"] = size_mib(exe)
            out[name] = entry
    out["cold"] = bool(cold_ok)
    missing = [n for n in ("onedir", "onefile") if n not in variants]
    if missing:
        out["not_built"] = missing
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
