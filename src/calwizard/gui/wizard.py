"""The wizard window: a native-style QWizard whose navigation follows :mod:`calwizard.wizard.flow`.

Built in two stages so the first page appears before the heavy imports (pydantic, the checks):
:meth:`CalWizard.__init__` adds the Welcome page only; :meth:`CalWizard.finish_setup` adds the rest
(``run_gui`` calls it right after the window is shown; tests call :func:`create_wizard`). The first stage
needs only the step table (:mod:`calwizard.wizard.steps`); the flow is imported by the second.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard

from calwizard.gui.controller import Controller, Services
from calwizard.gui.pages.base import STEP_ORDER, BasePage, page_id
from calwizard.gui.pages.welcome import WelcomePage
from calwizard.wizard.steps import NAVIGATION, STEP_TITLES, StepId

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from calwizard.wizard.flow import WizardState


def escape(text: str) -> str:
    """``&``, ``<``, ``>`` as entities (the ``html`` module loads its entity table: not before the first page)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Step:
    """One row of :class:`StepList` (answers ``text()`` as a list widget item does)."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        self._text = text

    def text(self) -> str:
        return self._text


class StepList(QWidget):
    """The side list of steps for the current sync type, the current one in bold.

    A label of rich text rather than a list widget: it is never selected or focused, and a label keeps
    the item, font and icon types out of the first page's start-up (``bench/startup.py``).
    """

    MUTED = "#80868b"
    """Colour of the steps still ahead until :meth:`polish` takes the palette's placeholder colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(200)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setAccessibleName("Steps")
        lay.addWidget(self.label)
        lay.addStretch(1)  # top-aligned without the Qt namespace (30 ms to load: not before the first page)
        self._muted = self.MUTED
        self._texts: list[str] = []
        self._shown: tuple[tuple[StepId, ...], StepId] | None = None

    def polish(self) -> None:
        """Second start-up stage: the palette's colour for the steps ahead."""
        c = self.palette().placeholderText().color()
        self._muted = f"rgba({c.red()}, {c.green()}, {c.blue()}, {c.alpha()})"
        if self._shown is not None:
            self.show_steps(*self._shown)

    def texts(self) -> list[str]:
        """The steps as shown (``"3. Sync type"``; the current one ends with ``›``)."""
        return list(self._texts)

    def count(self) -> int:
        return len(self._texts)

    def item(self, row: int) -> _Step:
        """Row ``row`` (``item(row).text()``, as a list widget's items answer)."""
        return _Step(self._texts[row])

    def show_steps(self, steps: tuple[StepId, ...], current: StepId) -> None:
        self._shown = (steps, current)
        ahead = False
        rows, texts = [], []
        for i, s in enumerate(steps, 1):
            text = f"{i}. {STEP_TITLES[s]}"
            if s == current:
                text += "  ›"
                cell = f"<b>{escape(text)}</b>"
                ahead = True
            elif ahead:
                cell = f"<span style='color:{self._muted}'>{escape(text)}</span>"
            else:
                cell = escape(text)
            texts.append(text)
            rows.append(f"<tr><td style='padding: 5px 8px'>{cell.replace('  ›', '&nbsp;&nbsp;›')}</td></tr>")
        self._texts = texts
        self.label.setText(f"<table cellspacing='0' width='100%'>{''.join(rows)}</table>")


class CalWizard(QWizard):
    """The calwizard wizard."""

    pagesReady = Signal()

    def set_icon(self) -> None:
        """The window icon (second stage: loading the icon type takes ~3 ms, which the first page does not need)."""
        from PySide6.QtGui import QIcon

        from calwizard.resources import app_icon_files

        icon = QIcon()
        for f in app_icon_files():
            icon.addFile(str(f))
        self.setWindowIcon(icon)

    def title_with_version(self) -> None:
        """Put the version into the window title (importlib.metadata, ~35 ms: after the first page)."""
        import calwizard

        self.setWindowTitle(f"calwizard {calwizard.__version__} — calendar connector setup")

    def __init__(self, ctl: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.setWindowTitle("calwizard — calendar connector setup")
        self.setObjectName("calwizard")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.setMinimumSize(QSize(940, 700))
        self.steps = StepList(self)
        self.setSideWidget(self.steps)
        self.pages: dict[StepId, BasePage] = {}
        self.ready = False
        self._current: StepId = StepId.WELCOME
        self._add(WelcomePage(ctl, self))
        self.currentIdChanged.connect(self._current_changed)
        ctl.stateChanged.connect(self._state_changed)
        self.steps.show_steps(NAVIGATION["on_premises"], StepId.WELCOME)

    def _add(self, page: BasePage) -> None:
        self.pages[page.step] = page
        self.setPage(page_id(page.step), page)
        page.changed.connect(self.update_buttons)

    def finish_setup(self, state: WizardState | None = None) -> None:
        """Add the remaining pages (imports the settings model and the checks)."""
        from calwizard.gui.pages.advanced import AdvancedPage
        from calwizard.gui.pages.connection import ConnectionPage
        from calwizard.gui.pages.entra import EntraPage
        from calwizard.gui.pages.mailboxes import MailboxesPage
        from calwizard.gui.pages.mapping import MappingPage
        from calwizard.gui.pages.pbx import PbxPage
        from calwizard.gui.pages.summary import SummaryPage
        from calwizard.gui.pages.synctype import SyncTypePage
        from calwizard.gui.pages.validate import ValidatePage
        from calwizard.wizard import flow

        if self.ready:
            return
        import calwizard.checks.inputs  # noqa: F401 - page validity uses it: load it now, not on the first Next
        if self.ctl.state is None:
            welcome = self.pages[StepId.WELCOME]
            profile = welcome.profile.text().strip() or "default"  # type: ignore[attr-defined]
            self.ctl.set_state(state or flow.new_state(profile=profile, today=self.ctl.services.today()))
        for cls in (PbxPage, SyncTypePage, ConnectionPage, EntraPage, MailboxesPage, MappingPage, AdvancedPage,
                    ValidatePage, SummaryPage):
            self._add(cls(self.ctl, self))
        self.ready = True
        self.title_with_version()
        self.set_icon()
        self.steps.polish()
        for page in self.pages.values():
            page.polish()
        self.pages[StepId.WELCOME].initializePage()
        self.update_buttons()
        self.pagesReady.emit()

    # -- navigation ----------------------------------------------------------------------------------

    def step(self) -> StepId:
        cid = self.currentId()
        return STEP_ORDER[cid] if cid >= 0 else StepId.WELCOME

    def _current_changed(self, cid: int) -> None:
        if cid < 0 or self.ctl.state is None:
            return
        from calwizard.wizard import flow

        new = STEP_ORDER[cid]
        old = self._current
        old_page = self.pages.get(old)
        if old_page is not None and old != new:
            old_page.leave()
        st = self.ctl.state
        if st.history and st.history[-1].step == new:
            st, _ = flow.go_back(st)
        elif new != st.step:
            try:
                st = flow.go_next(st)
            except flow.NavigationError:  # QWizard let it through: follow it, but say so in the log
                import logging

                logging.getLogger(__name__).warning("navigation to %s while the flow disagrees", new)
            st = replace(st, step=new) if st.step != new else st
        self._current = new
        self.ctl.set_state(st)
        self.update_buttons()

    def _state_changed(self, state: WizardState) -> None:
        self.steps.show_steps(state.steps, self.step())
        self.update_buttons()

    def update_buttons(self) -> None:
        """The one place that sets Back/Next/Finish from the current page's contract."""
        page = self.currentPage()
        if not isinstance(page, BasePage):
            return
        next_button = self.button(QWizard.WizardButton.NextButton)
        finish = self.button(QWizard.WizardButton.FinishButton)
        tip = "" if page.valid else (page.error or "")
        next_button.setToolTip(tip)
        finish.setToolTip(tip)
        if page.busy:
            next_button.setToolTip("Checks are still running: Next cancels them and goes on.")
        self.button(QWizard.WizardButton.BackButton).setToolTip("Back cancels the running checks." if page.busy
                                                                else "")

    # -- closing -------------------------------------------------------------------------------------

    def cancel_all(self) -> None:
        for page in self.pages.values():
            page.leave()

    def done(self, result: int) -> None:
        if result == QWizard.DialogCode.Rejected and not self._confirm_discard():
            return
        self.cancel_all()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_discard():
            event.ignore()
            return
        self.cancel_all()
        super().closeEvent(event)

    def _confirm_discard(self) -> bool:
        st = self.ctl.state
        if not self.ctl.services.extra.get("confirm_discard", True) or st is None or not st.history or not st.dirty:
            return True
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, "Discard changes?",
                                      "The configuration has unsaved changes. Close the wizard anyway?",
                                      QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard


def create_wizard(state: WizardState | None = None, services: Services | None = None,
                  parent: QWidget | None = None) -> CalWizard:
    """A fully built wizard (both stages) for ``state`` (default: a new configuration)."""
    services = services or Services()
    ctl = Controller(state, services)  # type: ignore[arg-type]
    wiz = CalWizard(ctl, parent)
    wiz.finish_setup(state)
    return wiz


__all__ = ["CalWizard", "create_wizard"]
