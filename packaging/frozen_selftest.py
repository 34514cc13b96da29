"""Checks that a frozen calwizard carries everything it needs; run with ``CALWIZARD_FROZEN_SELFTEST=1``.

Frozen programs fail in ways the test suite cannot see from source: a data file or a module that
is imported by name was not collected, a Qt plugin was pruned, a native library is missing on the
target. Each check below exercises one such dependency the way calwizard uses it and reports
``ok``/``failed`` with a detail; the result is one JSON object on stdout and the exit status is 0
only when every check passed. Works from source too (``python packaging/frozen_selftest.py``).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable

Check = Callable[[], str]


def check_version() -> str:
    from calwizard import __version__

    if __version__.startswith("0.0.0+unknown"):
        raise AssertionError("package metadata missing: copy_metadata('calwizard') not collected")
    return __version__


def check_headless_without_qt() -> str:
    """The CLI's parser (what ``--version``/``validate`` load) must not import PySide6, frozen or not."""
    from calwizard.cli import build_parser

    build_parser()
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "shiboken6"})
    if loaded:
        raise AssertionError(f"headless start-up imported Qt: {loaded[:5]} (a runtime hook or an eager import)")
    return "no PySide6 in a headless start"


def check_resources() -> str:
    from calwizard import resources

    svg = resources.require(resources.APP_ICON_SVG)
    pngs = resources.app_icon_files()
    if len(pngs) < 4 or pngs[0].suffix != ".png":
        raise AssertionError(f"icon PNGs missing under {resources.root()}: {pngs}")
    return f"frozen={resources.is_frozen()} root={resources.root()} svg={svg.name} pngs={len(pngs)}"


def check_tzdata() -> str:
    import zoneinfo
    from importlib.resources import files

    import tzdata  # noqa: F401 - the package must be importable (Windows has no system tz database)

    raw = files("tzdata").joinpath("zoneinfo", "Europe", "Berlin").read_bytes()
    if not raw.startswith(b"TZif"):
        raise AssertionError("tzdata's Europe/Berlin is not a TZif file")
    zone = zoneinfo.ZoneInfo("America/New_York")
    from tzlocal.windows_tz import win_tz

    return f"tzdata ok, {zone.key}, {len(win_tz)} Windows zone names"


def check_babel() -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from babel import Locale
    from babel.dates import format_datetime
    from babel.localedata import locale_identifiers

    n = len(locale_identifiers())
    if n < 500:
        raise AssertionError(f"only {n} babel locales collected")
    when = datetime(2026, 3, 5, 14, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    text = format_datetime(when, "EEEE d. MMMM HH:mm", locale=Locale.parse("de_CH"))
    if "März" not in text:
        raise AssertionError(f"unexpected German date {text!r}")
    return f"{n} locales; {text}"


def check_keyring() -> str:
    import importlib

    modules = {
        "win32": ["keyring.backends.Windows"],
        "darwin": ["keyring.backends.macOS"],
    }.get(sys.platform, ["keyring.backends.SecretService", "keyring.backends.libsecret", "keyring.backends.kwallet"])
    for name in modules:
        importlib.import_module(name)
    from keyrings.cryptfile.cryptfile import CryptFileKeyring

    with tempfile.TemporaryDirectory() as tmp:
        kr = CryptFileKeyring()
        kr.file_path = os.path.join(tmp, "selftest.cfg")
        kr.keyring_key = "frozen-selftest-passphrase"
        kr.set_password("calwizard-selftest", "user", "s3cret")
        if kr.get_password("calwizard-selftest", "user") != "s3cret":
            raise AssertionError("CryptFileKeyring round trip returned something else")
    return f"{', '.join(modules)} import; CryptFileKeyring (argon2 + AES) round trip ok"


def check_network_stack() -> str:
    import aiohttp
    import certifi
    import defusedxml.ElementTree
    import dns.resolver
    import exchangelib
    import jwt
    import lxml.etree
    import msal
    import pydantic
    import requests_ntlm
    import spnego
    from cryptography.hazmat.primitives.asymmetric import ec

    if not os.path.isfile(certifi.where()):
        raise AssertionError(f"certifi's CA bundle is missing: {certifi.where()}")
    ec.generate_private_key(ec.SECP256R1())
    spnego.client("user", "pass", hostname="example.invalid", protocol="ntlm")
    defusedxml.ElementTree.fromstring("<a/>")
    del dns.resolver, jwt, lxml.etree, requests_ntlm, pydantic
    return f"exchangelib {exchangelib.__version__}, msal {msal.__version__}, aiohttp {aiohttp.__version__}"


def check_calwizard_modules() -> str:
    import importlib

    required = ["calwizard.cli", "calwizard.checks.plan", "calwizard.settings.model", "calwizard.secrets"]
    optional = ["calwizard.sandbox.server", "calwizard.gui.app", "calwizard.bundle"]
    for name in required:
        importlib.import_module(name)
    present = []
    for name in optional:
        try:
            importlib.import_module(name)
            present.append(name.rsplit(".", 1)[-1])
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return f"required ok; optional present: {', '.join(present) or 'none'}"


def check_qt() -> str:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize, QTimer, qVersion
    from PySide6.QtGui import QIcon, QImageReader
    from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory

    from calwizard import resources

    app = QApplication.instance() or QApplication([sys.argv[0]])
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"png", "svg", "ico"} - formats
    if missing:
        raise AssertionError(f"Qt image formats missing: {sorted(missing)} (have {sorted(formats)})")
    icon = QIcon()
    for f in resources.app_icon_files():
        icon.addFile(str(f))
    svg_icon = QIcon(str(resources.path(resources.APP_ICON_SVG)))
    if icon.isNull() or svg_icon.pixmap(QSize(64, 64)).isNull():
        raise AssertionError("the application icon did not load (PNG or SVG icon engine)")
    app.setWindowIcon(icon)
    label = QLabel("calwizard frozen self-test: Grüße, ½, €")
    label.show()
    QTimer.singleShot(50, app.quit)
    rc = app.exec()
    label.close()
    if rc != 0:
        raise AssertionError(f"QApplication.exec() returned {rc}")
    return f"Qt {qVersion()} platform={app.platformName()} styles={','.join(QStyleFactory.keys())}"


CHECKS: dict[str, Check] = {
    "version": check_version,
    "headless_without_qt": check_headless_without_qt,  # before "qt", which imports PySide6
    "resources": check_resources,
    "tzdata": check_tzdata,
    "babel": check_babel,
    "keyring": check_keyring,
    "network_stack": check_network_stack,
    "calwizard_modules": check_calwizard_modules,
    "qt": check_qt,
}


def main() -> int:
    only = {c for c in os.environ.get("CALWIZARD_SELFTEST_ONLY", "").split(",") if c}
    results: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        if only and name not in only:
            continue
        t0 = time.perf_counter()
        try:
            results[name] = {"ok": True, "detail": check()}
        except Exception as exc:
            results[name] = {"ok": False, "detail": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
        results[name]["ms"] = round((time.perf_counter() - t0) * 1000)
    passed = all(r["ok"] for r in results.values())
    frozen = bool(getattr(sys, "frozen", False))
    doc = {"selftest": "passed" if passed else "failed", "frozen": frozen, "checks": results}
    print(json.dumps(doc))  # ASCII: a Windows console may not be UTF-8
    sys.stdout.flush()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
