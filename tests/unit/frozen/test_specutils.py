"""packaging/specutils.py: what the PyInstaller spec computes (version, Info.plist, Qt pruning, hidden imports).

The spec helpers are plain Python, so they are tested here on any platform; the frozen program itself
is tested by packaging/smoke_test.sh (scripts/ci-package.sh).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _load(name: str, path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


su = _load("calwizard_specutils", REPO / "packaging" / "specutils.py")


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("1.2.3rc1", (1, 2, 3, 0)),
        ("2.0.1.dev4+g1234abc", (2, 0, 1, 0)),
        ("70000.1", (0xFFFF, 1, 0, 0)),
        ("unknown", (0, 0, 0, 0)),
    ],
)
def test_version_tuple(version: str, expected: tuple[int, int, int, int]) -> None:
    assert su.version_tuple(version) == expected


def test_short_version_is_three_integers() -> None:
    assert su.short_version("1.4rc2") == "1.4.0"


def test_package_version_is_the_installed_metadata() -> None:
    from calwizard import __version__

    assert su.package_version() == __version__


def test_info_plist_from_the_template() -> None:
    plist = su.macos_info_plist("1.2.3rc1", bundle_id="com.example.calwizard")
    assert plist["CFBundleIdentifier"] == "com.example.calwizard"
    assert plist["CFBundleShortVersionString"] == "1.2.3"
    assert plist["CFBundleVersion"] == "1.2.3rc1"
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleName"] == "calwizard"
    assert plist["LSMinimumSystemVersion"]


def test_info_plist_refuses_unfilled_placeholders(tmp_path: Path) -> None:
    template = tmp_path / "Info.plist"
    template.write_text('<plist version="1.0"><dict><key>X</key><string>@NOPE@</string></dict></plist>')
    with pytest.raises(ValueError, match="@NOPE@"):
        su.macos_info_plist("1.0", bundle_id="x", template=template)


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so", False),
        ("PySide6/Qt/plugins/styles/libqmacstyle.dylib", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),  # Windows layout: no Qt/ level
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6\\plugins\\networkinformation\\qnetworklistmanager.dll", False),
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/translations/qtdeclarative_de.qm", False),
        ("PySide6\\translations\\qtbase_de.qm", True),
        ("resources/translations/calwizard_de.qm", True),  # calwizard's own catalog, not Qt's
        ("resources\\translations\\calwizard_en.qm", True),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("some/other/plugins/x/y.so", True),
        ("babel/locale-data/de.dat", True),
    ],
)
def test_qt_pruning(dest: str, kept: bool) -> None:
    assert su.keep_toc_entry(dest) is kept


def test_prune_toc_and_hook_entries() -> None:
    toc = [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/x/libqgtk3.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x/libqxcb.so", "BINARY"),
    ]
    assert [d for d, _, _ in su.prune(toc)] == ["PySide6/Qt/plugins/platforms/libqxcb.so"]
    hook = [("/x/libqgtk3.so", "PySide6/Qt/plugins/platformthemes"), ("/x/libqxcb.so", "PySide6/Qt/plugins/platforms")]
    assert su.prune_hook_entries(hook) == [("/x/libqxcb.so", "PySide6/Qt/plugins/platforms")]


@pytest.mark.parametrize(
    ("platform", "backend"),
    [
        ("win32", "keyring.backends.Windows"),
        ("darwin", "keyring.backends.macOS"),
        ("linux", "keyring.backends.SecretService"),
    ],
)
def test_hidden_imports_name_the_platforms_keychain(platform: str, backend: str) -> None:
    names = su.platform_hiddenimports(platform)
    assert backend in names and "keyrings.cryptfile.cryptfile" in names


def test_hidden_imports_cover_the_secret_stores_keychains() -> None:
    """Every keychain class calwizard.secrets may pick is in the spec's hidden imports for its platform."""
    from calwizard import secrets

    family = {"win32": "win32", "darwin": "darwin", "linux": "linux"}
    for plat, keychains in secrets._KEYCHAINS.items():
        names = su.platform_hiddenimports(family[plat])
        for kc in keychains:
            assert kc.module in names, (plat, kc.module)


def test_resource_datas_skip_build_only_icons() -> None:
    datas = su.resource_datas(REPO / "resources")
    names = {Path(src).name for src, _ in datas}
    assert "calwizard.svg" in names and "calwizard-256.png" in names
    assert not names & {"calwizard.ico", "calwizard.icns", "calwizard-1024.png"}
    assert all(dest.startswith("resources") and "\\" not in dest for _, dest in datas)


def test_resource_datas_ship_the_translations_and_not_lupdates_input() -> None:
    datas = su.resource_datas(REPO / "resources")
    shipped = {f"{dest}/{Path(src).name}" for src, dest in datas}
    for lang in ("de", "en"):
        assert {f"resources/translations/calwizard_{lang}.qm", f"resources/translations/calwizard_{lang}.ts"} <= shipped
        assert su.keep_toc_entry(f"resources/translations/calwizard_{lang}.qm")
    assert not [name for name in shipped if "/extracted/" in name]


def test_the_spec_and_hooks_are_valid_python() -> None:
    for path in [REPO / "packaging" / "calwizard.spec", *sorted((REPO / "packaging" / "hooks").rglob("*.py"))]:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    rthooks = (REPO / "packaging" / "hooks" / "rthooks.dat").read_text()
    import ast

    for files in ast.literal_eval(rthooks).values():
        for name in files:
            assert (REPO / "packaging" / "hooks" / "rthooks" / name).is_file()
