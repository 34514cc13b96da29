"""Helpers for ``calwizard.spec``: version, Windows version resource, macOS Info.plist, Qt pruning.

Plain Python with no PyInstaller import at module level, so it can be unit-tested and run on any
platform (``python packaging/specutils.py`` prints what the spec would use).
"""

from __future__ import annotations

import os
import plistlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

APP_NAME = "calwizard"
DISPLAY_NAME = "calwizard"
DESCRIPTION = "calwizard - calendar-to-presence setup wizard"
COMPANY = "calwizard"
BUNDLE_ID_DEFAULT = "com.calwizard.calwizard"
COPYRIGHT = "Copyright (c) calwizard authors"


def env_flag(name: str) -> bool:
    """True when the environment variable is set to 1/true/yes/on (case-insensitive)."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def package_version() -> str:
    """calwizard's version from the installed package metadata (the one source of the number)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("calwizard")
    except PackageNotFoundError as exc:  # pragma: no cover - the build requires an installed package
        raise SystemExit("calwizard is not installed: run `pip install -e .[build]` before building") from exc


def version_tuple(ver: str) -> tuple[int, int, int, int]:
    """The four 16-bit numbers of a Windows/macOS file version: ``1.2.3rc1+g5`` -> ``(1, 2, 3, 0)``."""
    # only the release part counts: 1.2.3rc1 is 1.2.3.0, not 1.2.3.1
    head = re.match(r"\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", ver)
    nums = [int(g) if g else 0 for g in head.groups()] if head else [0, 0, 0, 0]
    return tuple(min(n, 0xFFFF) for n in nums)  # type: ignore[return-value]


def short_version(ver: str) -> str:
    """``CFBundleShortVersionString``: three dot-separated integers."""
    return ".".join(str(n) for n in version_tuple(ver)[:3])


def windows_version_info(ver: str, *, internal_name: str, original_filename: str, description: str = DESCRIPTION):
    """A PyInstaller ``VSVersionInfo`` (the Windows VERSIONINFO resource) for one executable."""
    from PyInstaller.utils.win32 import versioninfo as vi

    nums = version_tuple(ver)
    strings = [
        vi.StringStruct("CompanyName", COMPANY),
        vi.StringStruct("FileDescription", description),
        vi.StringStruct("FileVersion", ver),
        vi.StringStruct("InternalName", internal_name),
        vi.StringStruct("LegalCopyright", COPYRIGHT),
        vi.StringStruct("OriginalFilename", original_filename),
        vi.StringStruct("ProductName", DISPLAY_NAME),
        vi.StringStruct("ProductVersion", ver),
    ]
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=nums, prodvers=nums, mask=0x3F, flags=0x0, OS=0x40004, fileType=0x1),
        kids=[
            vi.StringFileInfo([vi.StringTable("040904B0", strings)]),  # U.S. English, Unicode
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0409, 1200])]),
        ],
    )


def macos_info_plist(ver: str, *, bundle_id: str, template: Path = HERE / "macos" / "Info.plist") -> dict:
    """The Info.plist keys from the template, ``@VAR@`` placeholders filled in."""
    text = template.read_text(encoding="utf-8")
    subst = {
        "@NAME@": APP_NAME,
        "@DISPLAY_NAME@": DISPLAY_NAME,
        "@BUNDLE_ID@": bundle_id,
        "@VERSION@": ver,
        "@SHORT_VERSION@": short_version(ver),
        "@COPYRIGHT@": COPYRIGHT,
    }
    for key, value in subst.items():
        text = text.replace(key, value)
    left = re.search(r"@[A-Z_]+@", text)
    if left:
        raise ValueError(f"unfilled placeholder {left.group(0)} in {template}")
    return plistlib.loads(text.encode("utf-8"))


def resource_datas(resources: Path = REPO / "resources") -> list[tuple[str, str]]:
    """``(source, dest_dir)`` pairs copying ``resources/`` into the bundle, minus build-only files.

    The .ico/.icns are embedded into the executables by PyInstaller; the 512/1024 px PNGs are
    only sources for them; ``translations/extracted/`` is only lupdate's input (``scripts/translations.py``). The
    translations' ``.qm`` (the GUI) and ``.ts`` (the Qt-free code, :mod:`calwizard.i18n`) both ship.
    """
    skip_suffixes = {".ico", ".icns"}
    skip_names = {"calwizard-512.png", "calwizard-1024.png"}
    out = []
    for f in sorted(resources.rglob("*")):
        if not f.is_file() or f.suffix in skip_suffixes or f.name in skip_names or f.name.startswith("."):
            continue
        if f.relative_to(resources).as_posix().startswith("translations/extracted/"):
            continue
        dest = Path("resources") / f.parent.relative_to(resources)
        out.append((str(f), dest.as_posix()))
    return out


# --- Qt: keep only what the app uses ---------------------------------------------------------------

# PySide6 modules the app never imports (PyInstaller's hooks would otherwise pull some of them in).
QT_EXCLUDES = [
    f"PySide6.{m}"
    for m in (
        "QtNetwork",
        "QtQml",
        "QtQuick",
        "QtQuickWidgets",
        "QtQuickControls2",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtPdf",
        "QtPdfWidgets",
        "QtPrintSupport",
        "QtSql",
        "QtXml",
        "QtConcurrent",
        "QtDesigner",
        "QtHelp",
        "QtUiTools",
        "QtTest",
        "QtDBus",
    )
] + ["PyQt5", "PyQt6", "PySide2", "shiboken2"]

# Python packages that are installed beside calwizard but never used at run time. setuptools and
# pkg_resources (reached through cffi's build helpers) would also add runtime hooks that import them
# on every start (~0.2 s); hypothesis/pytest come from a test environment; trio is dnspython's optional
# backend; tkinter is not our toolkit.
PY_EXCLUDES = [
    "tkinter",
    "_tkinter",
    "setuptools",
    "pkg_resources",
    "distutils",
    "hypothesis",
    "pytest",
    "_pytest",
    "trio",
    "IPython",
    "numpy",
]

# Qt plugins kept, by plugin directory; a directory not listed here is dropped entirely (e.g. eglfs's
# egldeviceintegrations and the evdev "generic" input plugins: calwizard runs on a desktop, not a kiosk).
# None = keep every plugin in that directory.
QT_PLUGINS_KEEP: dict[str, set[str] | None] = {
    # window system integration: the desktop's own, plus offscreen/minimal for headless runs and tests
    "platforms": {"qxcb", "qwayland", "qwayland-generic", "qoffscreen", "qminimal", "qwindows", "qcocoa", "qdirect2d"},
    "wayland-shell-integration": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "xcbglintegrations": None,
    "platforminputcontexts": None,  # compose keys / IMEs: technicians type names with accents
    "platformthemes": {"qxdgdesktopportal"},  # native file dialogs on Linux; the gtk3 theme would bundle GTK
    "styles": None,  # windows11 / windowsvista / macOS styles: the native look
    "iconengines": {"qsvgicon"},
    "imageformats": {"qsvg", "qico", "qjpeg"},
    "accessiblebridge": None,
    "accessible": None,
}


def _qt_plugin_parts(dest: str) -> tuple[str, str] | None:
    """``(plugin_dir, plugin_stem)`` when ``dest`` is a file inside Qt's plugins directory."""
    # PySide6/Qt/plugins/<dir>/<file> on Linux and macOS, PySide6/plugins/<dir>/<file> on Windows
    parts = dest.replace("\\", "/").split("/")
    try:
        i = parts.index("plugins")
    except ValueError:
        return None
    if i == 0 or parts[i - 1] not in {"Qt", "PySide6"} or len(parts) < i + 3:
        return None
    stem = parts[-1].split(".", 1)[0]
    if stem.startswith("lib"):
        stem = stem[3:]
    return parts[i + 1], stem


def keep_toc_entry(dest: str) -> bool:
    """Whether a collected file (its destination path in the bundle) stays in the build."""
    posix = dest.replace("\\", "/")
    plugin = _qt_plugin_parts(posix)
    if plugin is not None:
        directory, stem = plugin
        if directory not in QT_PLUGINS_KEEP:
            return False
        wanted = QT_PLUGINS_KEEP[directory]
        return wanted is None or stem in wanted
    # Qt's translations: keep qtbase_* (standard dialogs and buttons), drop the other modules' (calwizard's own
    # catalogs, resources/translations/calwizard_*.qm, are not Qt's and stay)
    if posix.startswith("PySide6/") and "/translations/" in posix and posix.endswith(".qm"):
        return posix.rsplit("/", 1)[-1].startswith("qtbase_")
    return True


def prune(toc: Iterable[tuple]) -> list[tuple]:
    """A TOC (``(dest, src, typecode)`` tuples) without the entries :func:`keep_toc_entry` drops."""
    return [entry for entry in toc if keep_toc_entry(entry[0])]


def prune_hook_entries(entries: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """A hook's ``(src, dest_dir)`` list without the entries :func:`keep_toc_entry` drops."""
    return [(src, dest) for src, dest in entries if keep_toc_entry(f"{dest}/{os.path.basename(src)}")]


# --- keyring and friends ----------------------------------------------------------------------------


def platform_hiddenimports(platform: str = sys.platform) -> list[str]:
    """Modules PyInstaller cannot see because calwizard or keyring imports them by name."""
    common = [
        "keyrings.cryptfile.cryptfile",
        "keyrings.cryptfile.file",
        "keyrings.cryptfile.file_base",
        "keyrings.cryptfile.escape",
        "argon2",
        "Crypto.Cipher.AES",
        "Crypto.Protocol.KDF",
        "babel.dates",
        "babel.numbers",
        "babel.localedata",
        "babel.plural",
        "tzdata",
        "tzlocal",
        "certifi",
    ]
    if platform.startswith("win"):
        return [*common, "keyring.backends.Windows", "win32ctypes.core", "win32ctypes.pywin32.win32cred"]
    if platform == "darwin":
        return [*common, "keyring.backends.macOS", "keyring.backends.macOS.api"]
    return [
        *common,
        "keyring.backends.SecretService",
        "keyring.backends.libsecret",
        "keyring.backends.kwallet",
        "secretstorage",
        "jeepney",
        "jeepney.io.blocking",
    ]


if __name__ == "__main__":
    v = package_version()
    print("version", v, version_tuple(v), short_version(v))
    print("hidden imports", platform_hiddenimports())
    print("Info.plist", macos_info_plist(v, bundle_id=BUNDLE_ID_DEFAULT))
    print("resources", resource_datas())
