"""The wizard window: a native-style QWizard whose navigation follows :mod:`calwizard.wizard.flow`.

Built in two stages so the first page appears before the heavy imports (pydantic, the checks):
:meth:`CalWizard.__init__` adds the Welcome page only; :meth:`CalWizard.finish_setup` adds the rest
(``run_gui`` calls it right after the window is shown; tests call :func:`create_wizard`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget, QWizard

from calwizard.gui.controller import Controller, Services
from calwizard.gui.pages.base import STEP_ORDER, BasePage, page_id
from calwizard.gui.pages.welcome import WelcomePage
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId, WizardState

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent


class StepList(QListWidget):
    """The side list of steps for the current sync type, the current one highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.setAccessibleName("Steps")
        self.setFixedWidth(200)

    def polish(self) -> None:
        """Second start-up stage (the Qt namespace takes 30 ms to load: not before the first page)."""
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self.setStyleSheet("QListWidget { background: transparent; } QListWidget::item { padding: 5px 8px; }")

    def show_steps(self, steps: tuple[StepId, ...], current: StepId) -> None:
        self.clear()
        for i, s in enumerate(steps, 1):
            item = QListWidgetItem(f"{i}. {flow.STEP_TITLES[s]}", self)
            if s == current:
                f = QFont(self.font())
                f.setBold(True)
                item.setFont(f)
                item.setText(f"{i}. {flow.STEP_TITLES[s]}  ›")
            elif steps.index(s) > steps.index(current) if current in steps else False:
                item.setForeground(self.palette().placeholderText())


class CalWizard(QWizard):
    """The calwizard wizard."""

    pagesReady = Signal()

    def title_with_version(self) -> None:
        """Put the version into the window title (importlib.metadata, ~35 ms: after the first page)."""
        import calwizard

        self.setWindowTitle(f"calwizard {calwizard.__version__} — calendar connector setup")

    def __init__(self, ctl: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        from calwizard.resources import app_icon_files

        self.setWindowTitle("calwizard — calendar connector setup")
        icon = QIcon()
        for f in app_icon_files():
            icon.addFile(str(f))
        self.setWindowIcon(icon)
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
        self.steps.show_steps(flow.NAVIGATION["on_premises"], StepId.WELCOME)

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
