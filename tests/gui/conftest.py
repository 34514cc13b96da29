"""GUI test fixtures: a qasync loop over pytest-qt's QApplication, a sandbox tenant, a file secret store,
and helpers that drive the wizard like a technician (type, click Next, wait for checks)."""

from __future__ import annotations

import asyncio
import os
import select
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from calwizard.wizard.flow import StepId


@pytest.fixture(autouse=True, scope="session")
def translators(qapp: Any) -> None:
    """The translators the program installs before its first page (English: its catalog holds the plural forms),
    as :func:`calwizard.gui.app._application` does."""
    from calwizard.gui.i18n import install_translators

    install_translators(qapp, "en")


@pytest.fixture
def qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """The asyncio loop the GUI uses, running on top of Qt's (driven by qtbot's waits)."""
    from calwizard.gui.asyncglue import install_loop, uninstall_loop

    loop = install_loop(qapp)
    try:
        yield loop
    finally:
        uninstall_loop(loop)


@pytest.fixture(scope="session")
def gui_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from calwizard.sandbox.server import Sandbox

    sb = Sandbox(tmp_path_factory.mktemp("gui-sandbox"))
    sb.start()
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture
def store_opener(tmp_path: Path) -> Any:
    from calwizard.secrets import open_store

    path = tmp_path / "secrets.cfg"
    return lambda: open_store("file", path=path, passphrase="gui-test-passphrase", service="calwizard-guitest")


@pytest.fixture
def services(tmp_path: Path, store_opener: Any) -> Any:
    from calwizard.gui.controller import Services

    return Services(store_opener=store_opener, config_dir=tmp_path / "profiles", debounce_ms=30,
                    extra={"confirm_discard": False})


@pytest.fixture
def make_wizard(qtbot: Any, qloop: Any, services: Any) -> Any:
    from calwizard.gui.wizard import create_wizard

    made: list[Any] = []

    def make(state: Any = None, svc: Any = None) -> Any:
        wiz = create_wizard(state, svc or services)
        qtbot.addWidget(wiz)
        wiz.show()
        qtbot.waitExposed(wiz)
        made.append(wiz)
        return wiz

    yield make
    for w in made:
        w.cancel_all()


def click_next(qtbot: Any, wiz: Any, expect: StepId | None = None) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWizard

    button = wiz.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), f"Next is disabled on {wiz.step()}: {wiz.currentPage().error}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    if expect is not None:
        assert wiz.step() == expect
        assert wiz.ctl.state.step == expect


def click_radio(qtbot: Any, radio: Any) -> None:
    """Click a radio button on its indicator (its click area is the indicator and label, not the full width)."""
    from PySide6.QtCore import QPoint, Qt

    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def type_into(qtbot: Any, widget: Any, text: str) -> None:
    edit = getattr(widget, "edit", widget)
    edit.clear()
    qtbot.keyClicks(edit, text)


def wait_checks(qtbot: Any, page: Any, timeout: int = 30000) -> None:
    """Wait until the page's checks are done (live panel, mailbox job or validate job)."""
    def done() -> None:
        job = getattr(page, "job", None) or page.live.job
        timer = getattr(getattr(page, "live", None), "timer", None)
        assert not job.running and not (timer is not None and timer.isActive())

    qtbot.waitUntil(done, timeout=timeout)


XVFB_SCREENS = ((1600, 1000), (1366, 768), (1280, 800))
"""The screens of the test X server (``DISPLAY=:N.0``, ``:N.1``, ``:N.2``): a laptop at 200 % on 1600x1000, the
common 1366x768, and 1280x800."""


@pytest.fixture(scope="session")
def xvfb() -> Iterator[str]:
    """A private X server (Xvfb) with :data:`XVFB_SCREENS`, on a display number it picks itself (``-displayfd``:
    never one another process uses). Yields ``":N"``; skips when Xvfb is not installed (Debian: ``xvfb``)."""
    exe = shutil.which("Xvfb")
    if exe is None:
        pytest.skip("Xvfb is not installed (Debian: apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    screens = [arg for i, (w, h) in enumerate(XVFB_SCREENS) for arg in ("-screen", str(i), f"{w}x{h}x24")]
    proc = subprocess.Popen([exe, "-displayfd", str(write_fd), "-nolisten", "tcp", *screens],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], 20)
        number = os.read(read_fd, 32).decode().strip() if ready else ""
        if not number.isdigit():
            proc.kill()
            pytest.fail(f"Xvfb did not start: {proc.communicate(timeout=5)[1].decode(errors='replace')[-500:]}")
        yield f":{number}"
    finally:
        os.close(read_fd)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
