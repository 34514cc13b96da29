"""Find calwizard's resource files (icons, translations, example configs) from source and frozen.

The files live in the repository's top-level ``resources/`` directory (DESIGN.md §1). Where that
directory is depends on how calwizard runs:

* **Frozen** (PyInstaller one-dir, one-file or macOS ``.app``): the spec copies ``resources/`` to
  ``<sys._MEIPASS>/resources`` (for a one-file build ``sys._MEIPASS`` is the temporary directory
  the bootloader unpacks into; in a ``.app`` it is ``Contents/Frameworks``, which links to
  ``Contents/Resources``).
* **From source** (a checkout, ``pip install -e .``): ``<repo>/resources`` beside ``src/``.
* ``CALWIZARD_RESOURCES`` (a directory) overrides both, e.g. for tests or a distribution package
  that installs the files elsewhere.

This module imports nothing heavy (no Qt): the headless verbs may use it too.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePosixPath

ENV_VAR = "CALWIZARD_RESOURCES"
"""An explicit resources directory; wins over every other location."""

APP_ICON_SVG = "icons/calwizard.svg"
"""The one vector source of the application icon (PNG/ICO/ICNS are generated from it)."""


def is_frozen() -> bool:
    """True inside a PyInstaller build (one-dir, one-file or ``.app``)."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def root() -> Path:
    """The resources directory for this way of running (see the module docstring)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    if is_frozen():
        return Path(sys._MEIPASS) / "resources"  # type: ignore[attr-defined]  # set by PyInstaller
    # src/calwizard/resources.py -> parents[0] = calwizard, [1] = src, [2] = the checkout
    return Path(__file__).resolve().parents[2] / "resources"


def path(relative: str | os.PathLike[str]) -> Path:
    """The path of the resource ``relative`` (forward slashes, e.g. ``"icons/calwizard.svg"``).

    The path is returned whether or not the file exists (like :class:`pathlib.Path`); use
    :func:`require` when the file must be there. ``relative`` must stay inside the resources
    directory: absolute paths and ``..`` are rejected with :class:`ValueError`.
    """
    rel = PurePosixPath(os.fspath(relative).replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or rel.parts[0].endswith(":"):
        raise ValueError(f"resource paths are relative to the resources directory: {relative!r}")
    return root().joinpath(*rel.parts)


def require(relative: str | os.PathLike[str]) -> Path:
    """Like :func:`path`, but raise :class:`FileNotFoundError` naming where it looked."""
    p = path(relative)
    if not p.exists():
        raise FileNotFoundError(f"calwizard resource {os.fspath(relative)!r} not found at {p}")
    return p


def app_icon_files() -> list[Path]:
    """The application icon as the PNG sizes that exist, smallest first, else the SVG source.

    A Qt caller builds its ``QIcon`` by ``addFile()``-ing each of them; the PNGs avoid needing
    the SVG image plugin at run time.
    """
    icons = path("icons")
    pngs = sorted(icons.glob("calwizard-*.png"), key=lambda p: _size_of(p.stem))
    if pngs:
        return pngs
    svg = path(APP_ICON_SVG)
    return [svg] if svg.exists() else []


def _size_of(stem: str) -> int:
    tail = stem.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0
