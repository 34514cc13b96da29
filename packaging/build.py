#!/usr/bin/env python3
"""Build calwizard's executables for the platform this runs on: the one entry point.

    python packaging/build.py                 # one-dir build  -> dist/onedir/
    python packaging/build.py --onefile       # one-file build -> dist/onefile/
    python packaging/build.py --both --archive

``--archive`` also packs what was built into ``dist/calwizard-<version>-<os>-<arch>[-onefile].<ext>``
(Windows: .zip; macOS: .zip made with ``ditto``, and ``--dmg`` runs ``packaging/macos/make_dmg.sh``;
Linux: .tar.gz). Prints one JSON line per variant: build seconds, size, artifact paths.

Prerequisites: ``pip install -e ".[build]"`` (PyInstaller) in the Python that builds; see
docs/building.md. Signing on macOS is driven by environment variables (CALWIZARD_CODESIGN_IDENTITY
etc., see the spec and docs/building.md); without them the build is ad-hoc signed and runs locally.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SPEC = HERE / "calwizard.spec"


def os_tag() -> str:
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")


def arch_tag() -> str:
    target = os.environ.get("CALWIZARD_TARGET_ARCH")
    if target:
        return target
    machine = platform.machine().lower()
    return {"amd64": "x64", "x86_64": "x64", "aarch64": "arm64"}.get(machine, machine)


def package_version() -> str:
    from importlib.metadata import version

    return version("calwizard")


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def products(dist: Path, onefile: bool) -> list[Path]:
    """What a variant produced: the folder/.app (one-dir) or the executables (one-file)."""
    if onefile:
        names = ["calwizard.exe", "calwizard-cli.exe"] if sys.platform == "win32" else ["calwizard"]
    else:
        names = ["calwizard.app"] if sys.platform == "darwin" else ["calwizard"]
    found = [dist / n for n in names if (dist / n).exists()]
    if not found:
        raise SystemExit(f"build.py: PyInstaller produced none of {names} in {dist}")
    return found


def run_pyinstaller(onefile: bool, *, clean: bool, dist: Path, work: Path) -> float:
    env = dict(os.environ)
    env["CALWIZARD_ONEFILE"] = "1" if onefile else "0"
    cmd = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", os.environ.get("PYI_LOG_LEVEL", "WARN"),
        "--distpath", str(dist), "--workpath", str(work), str(SPEC),
    ]  # fmt: skip
    if clean:
        cmd.insert(3, "--clean")
    if dist.exists():
        shutil.rmtree(dist)
    print("build.py:", " ".join(cmd), flush=True)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, env=env, check=True)
    return time.perf_counter() - t0


def archive(paths: list[Path], out_base: Path) -> Path:
    """Pack ``paths`` (siblings) into a .zip (Windows, macOS) or .tar.gz (Linux) named ``out_base``."""
    parent = paths[0].parent
    if sys.platform == "darwin":
        out = out_base.with_name(out_base.name + ".zip")
        out.unlink(missing_ok=True)
        if len(paths) == 1:  # ditto keeps the .app's symlinks and extended attributes
            subprocess.run(["ditto", "-c", "-k", "--keepParent", str(paths[0]), str(out)], check=True)
        else:
            subprocess.run(["zip", "-qry", str(out), *[p.name for p in paths]], cwd=parent, check=True)
        return out
    if sys.platform == "win32":
        import zipfile

        out = out_base.with_name(out_base.name + ".zip")
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for p in paths:
                for f in [p] if p.is_file() else sorted(p.rglob("*")):
                    if f.is_file():
                        zf.write(f, f.relative_to(parent).as_posix())
        return out
    out = out_base.with_name(out_base.name + ".tar.gz")
    with tarfile.open(out, "w:gz", compresslevel=6) as tf:
        for p in paths:
            tf.add(p, arcname=p.name)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build calwizard's executables for this platform (PyInstaller).")
    variant = ap.add_mutually_exclusive_group()
    variant.add_argument("--onefile", action="store_true", help="one-file executable(s) instead of one-dir")
    variant.add_argument("--both", action="store_true", help="one-dir and one-file")
    ap.add_argument("--clean", action="store_true", help="empty PyInstaller's cache and work directory first")
    ap.add_argument("--dist", type=Path, default=REPO / "dist", help="output root (default: %(default)s)")
    ap.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller", help="PyInstaller work directory")
    ap.add_argument("--archive", action="store_true", help="also pack each variant into a .zip/.tar.gz")
    ap.add_argument("--dmg", action="store_true", help="macOS: also make (and sign/notarize, if configured) a .dmg")
    args = ap.parse_args(argv)

    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print('build.py: PyInstaller is missing: pip install -e ".[build]"', file=sys.stderr)
        return 2
    version = package_version()
    variants = [False, True] if args.both else [args.onefile]
    for onefile in variants:
        name = "onefile" if onefile else "onedir"
        dist = args.dist / name
        seconds = run_pyinstaller(onefile, clean=args.clean, dist=dist, work=args.work / name)
        built = products(dist, onefile)
        info: dict[str, object] = {
            "variant": name,
            "version": version,
            "platform": f"{os_tag()}-{arch_tag()}",
            "build_s": round(seconds, 1),
            "size_mib": round(sum(dir_size(p) for p in built) / 2**20, 1),
            "products": [str(p) for p in built],
        }
        base = args.dist / f"calwizard-{version}-{os_tag()}-{arch_tag()}{'-onefile' if onefile else ''}"
        if args.archive:
            out = archive(built, base)
            info["archive"] = str(out)
            info["archive_mib"] = round(out.stat().st_size / 2**20, 1)
        if args.dmg and sys.platform == "darwin" and not onefile:
            dmg = base.with_name(base.name + ".dmg")
            subprocess.run(["bash", str(HERE / "macos" / "make_dmg.sh"), str(built[0]), str(dmg)], check=True)
            info["dmg"] = str(dmg)
        print(json.dumps(info), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
