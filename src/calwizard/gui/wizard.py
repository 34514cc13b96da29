"""The wizard window: a native-style QWizard whose navigation follows :mod:`calwizard.wizard.flow`.

Built in two stages so the first page appears before the heavy imports (pydantic, the checks):
:meth:`CalWizard.__init__` adds the Welcome page only; :meth:`CalWizard.finish_setup` adds the rest
(``run_gui`` calls it right after the window is shown; tests call :func:`create_wizard`). The first stage
needs only the step table (:mod:`calwizard.wizard.steps`); the flow is imported by the second.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizard

from calwizard.gui.controller import Controller, Services
from calwizard.gui.pages.base import STEP_ORDER, BasePage, page_id
from calwizard.gui.pages.welcome import WelcomePage
from calwizard.wizard.steps import NAVIGATION, StepId, step_title

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QShowEvent

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


class StepList(QScrollArea):
    """The side list of steps for the current sync type: the current one in bold, each with its state (ok,
    warning, failed, not checked) once the pages are built, and the pages that can be reached as links (a click
    opens the page); it scrolls when the window is short (a laptop at 200 %).

    A label of rich text rather than a list widget: it is never selected, and a label keeps the item, font and
    icon types out of the first page's start-up (``bench/startup.py``). Keyboard users reach the links with Tab.
    """

    MUTED = "#80868b"
    """Colour of the steps still ahead until :meth:`polish` takes the palette's placeholder colour."""
    SYMBOLS: ClassVar[dict[str, tuple[str, str]]] = {
        "ok": ("✓", "#1e8e3e"), "warning": ("!", "#c77700"), "failed": ("✗", "#c5221f"), "unchecked": ("○", MUTED)}
    """Each state's sign and colour (text, so it scales with the font and reads in any theme)."""
    STATE_WORDS: ClassVar[dict[str, str]] = {
        "ok": QT_TRANSLATE_NOOP("StepList", "OK"), "warning": QT_TRANSLATE_NOOP("StepList", "warning"),
        "failed": QT_TRANSLATE_NOOP("StepList", "failed"), "unchecked": QT_TRANSLATE_NOOP("StepList", "not checked")}

    stepClicked = Signal(str)
    """A reachable step was clicked (its :class:`StepId` value)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget(self)
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(inner)
        self.label.setAccessibleName(self.tr("Steps"))
        lay.addWidget(self.label)
        lay.addStretch(1)  # top-aligned without the Qt namespace (30 ms to load: not before the first page)
        self.setWidget(inner)
        self.label.linkActivated.connect(self._clicked)
        self._muted = self.MUTED
        self._link = ""
        self._texts: list[str] = []
        self._states: dict[str, str] = {}
        self._shown: tuple[tuple[StepId, ...], StepId, Any, Any] | None = None

    def polish(self) -> None:
        """Second start-up stage: the palette's colours, links reachable by keyboard."""
        from PySide6.QtCore import Qt

        c = self.palette().placeholderText().color()
        self._muted = f"rgba({c.red()}, {c.green()}, {c.blue()}, {c.alpha()})"
        self._link = self.palette().text().color().name()
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if self._shown is not None:
            self.show_steps(*self._shown)

    def texts(self) -> list[str]:
        """The steps as shown (``"3. Sync type"``; the current one ends with ``›``)."""
        return list(self._texts)

    def states(self) -> dict[str, str]:
        """Each step's state (``StepId`` value -> ok, warning, failed, unchecked) as shown."""
        return dict(self._states)

    def count(self) -> int:
        return len(self._texts)

    def item(self, row: int) -> _Step:
        """Row ``row`` (``item(row).text()``, as a list widget's items answer)."""
        return _Step(self._texts[row])

    def _clicked(self, href: str) -> None:
        if href.startswith("step:"):
            self.stepClicked.emit(href.removeprefix("step:"))

    def show_steps(self, steps: tuple[StepId, ...], current: StepId, states: Any = None,
                   reachable: Any = None) -> None:
        """Show ``steps`` with ``current`` in bold; ``states``: StepId -> state (None: no signs yet);
        ``reachable``: the steps that are links (None: none)."""
        self._shown = (steps, current, states, reachable)
        ahead = False
        rows, texts, said = [], [], []
        self._states = {s.value: str(states[s]) for s in steps if s in states} if states else {}
        for i, s in enumerate(steps, 1):
            text = f"{i}. {step_title(s)}"
            sign = ""
            if states and s in states:
                state = str(states[s])
                symbol, colour = self.SYMBOLS.get(state, self.SYMBOLS["unchecked"])
                colour = self._muted if state == "unchecked" else colour
                sign = f"<span style='color:{colour}'>{symbol}</span>&nbsp;"
                said.append(f"{text}: {self.tr(self.STATE_WORDS.get(state, state))}")
            if s == current:
                texts.append(text + "  ›")
                cell = f"<b>{escape(text)}</b>&nbsp;&nbsp;›"
                ahead = True
            elif reachable and s in reachable:
                texts.append(text)
                cell = (f"<a href='step:{s.value}' style='color:{self._link or 'palette(text)'}; "
                        f"text-decoration:none'>{escape(text)}</a>")
            elif ahead:
                texts.append(text)
                cell = f"<span style='color:{self._muted}'>{escape(text)}</span>"
            else:
                texts.append(text)
                cell = escape(text)
            rows.append(f"<tr><td width='1%' style='padding: 5px 2px 5px 8px'>{sign}</td>"
                        f"<td style='padding: 5px 8px 5px 0'>{cell}</td></tr>" if states else
                        f"<tr><td style='padding: 5px 8px'>{cell}</td></tr>")
        self._texts = texts
        self.label.setText(f"<table cellspacing='0' width='100%'>{''.join(rows)}</table>")
        if said:
            self.label.setAccessibleDescription("; ".join(said))
        self._fit_width()

    def _fit_width(self) -> None:
        """As wide as the longest step title of any sync type in bold, with its state's sign and the cells'
        padding, plus room for a vertical scroll bar: in any font and language, and the same for every sync type
        (QWizard does not follow a side widget that grows later)."""
        from PySide6.QtGui import QFont, QFontMetrics

        bold = QFont(self.label.font())
        bold.setBold(True)
        fm = QFontMetrics(bold)
        widest = max(fm.horizontalAdvance(f"{len(StepId)}. {step_title(s)}  ›") for s in StepId)
        padding = 26 + 2 * self.label.margin()  # the table cells' padding (sign: 8 + 2, text: 8; CSS pixels)
        width = widest + fm.horizontalAdvance("✓ ") + padding + self.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(max(width, self.label.sizeHint().width()))


class CalWizard(QWizard):
    """The calwizard wizard."""

    pagesReady = Signal()
    replaced = Signal(object)
    """The window was rebuilt in another language (:meth:`change_language`): the new window."""

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

        self.setWindowTitle(self.tr("calwizard {version} — calendar connector setup").format(
            version=calwizard.__version__))

    def __init__(self, ctl: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.setWindowTitle(self.tr("calwizard — calendar connector setup"))
        self.setObjectName("calwizard")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        # an explicit minimum (fitted to the screen on show): QWizard otherwise re-sets its minimum from the page
        # on every page change, which the offscreen platform warns about
        line = self.fontMetrics().height()
        self.setMinimumSize(QSize(round(line * self.MINIMUM_LINES[0]), round(line * self.MINIMUM_LINES[1])))
        self.steps = StepList(self)
        self.setSideWidget(self.steps)
        self.pages: dict[StepId, BasePage] = {}
        self.ready = False
        self._fitted = self._fitting = self._explicit = False
        self._closing = False
        self._answered = False
        self._current: StepId = StepId.WELCOME
        self._add(WelcomePage(ctl, self))
        self.currentIdChanged.connect(self._current_changed)
        ctl.stateChanged.connect(self._state_changed)
        self.steps.show_steps(NAVIGATION["on_premises"], StepId.WELCOME)

    # -- size ----------------------------------------------------------------------------------------

    PREFERRED_LINES = (58, 45)
    """Preferred window size in text lines (font height): about 1000x780 at a 17 px line, more with larger fonts."""
    MINIMUM_LINES = (38, 26)
    """Smallest size worth offering (about 650x440 at a 17 px line), unless the screen is smaller still."""

    def fit_to_screen(self) -> None:
        """Size the window for its screen: the preferred size, but never larger than the screen's available area
        (minus the window frame), and a minimum that fits the screen too. Every page scrolls, so a small screen at a
        large scale factor (1280x800 at 200 % is 640x400 logical pixels) still shows every control."""
        screen = self.screen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        line = self.fontMetrics().height()
        frame = self.frameGeometry().size() - self.geometry().size() if self.isVisible() else QSize(0, 0)
        room = QSize(max(1, avail.width() - frame.width()), max(1, avail.height() - frame.height()))
        layout_min = self.minimumSizeHint().expandedTo(self.layout().minimumSize() if self.layout() else QSize())
        floor = QSize(round(line * self.MINIMUM_LINES[0]), round(line * self.MINIMUM_LINES[1]))
        self.setMinimumSize(floor.expandedTo(layout_min).boundedTo(room))
        want = QSize(round(line * self.PREFERRED_LINES[0]), round(line * self.PREFERRED_LINES[1]))
        size = want.boundedTo(room).expandedTo(self.minimumSize())
        self._fitting = True
        try:
            self.resize(size)
        finally:
            self._fitting = False
        x = avail.x() + max(0, (avail.width() - size.width() - frame.width()) // 2)
        y = avail.y() + max(0, (avail.height() - size.height() - frame.height()) // 2)
        self.move(x, y)

    def resize(self, *args: object) -> None:  # type: ignore[override]
        """An explicit size (tests, screenshots) is kept: the window is then not fitted (again) to the screen."""
        if not self._fitting:
            self._fitted = self._explicit = True
        super().resize(*args)  # type: ignore[arg-type]

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self.fit_to_screen()
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self, self._fit_frame)  # the window manager's frame is known once it is mapped
        super().showEvent(event)

    def _fit_frame(self) -> None:
        screen = self.screen()
        if not self._explicit and screen is not None and not screen.availableGeometry().contains(self.frameGeometry()):
            self.fit_to_screen()

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
        self.pages[StepId.SUMMARY].saveFailed.connect(self._save_failed)  # type: ignore[attr-defined]
        from PySide6.QtCore import QTimer

        self._states_timer = QTimer(self)
        self._states_timer.setSingleShot(True)
        self._states_timer.setInterval(40)
        self._states_timer.timeout.connect(self.refresh_step_states)
        self.ctl.resultsChanged.connect(self.schedule_step_states)
        self.steps.stepClicked.connect(self._step_clicked)
        self.ready = True
        self.title_with_version()
        self.set_icon()
        self.steps.polish()
        self.refresh_step_states()
        for page in self.pages.values():
            page.polish()
        self.pages[StepId.WELCOME].initializePage()
        self.update_buttons()
        self.pagesReady.emit()

    # -- navigation ----------------------------------------------------------------------------------

    def step(self) -> StepId:
        cid = self.currentId()
        return STEP_ORDER[cid] if cid >= 0 else StepId.WELCOME

    def change_language(self, lang: str) -> CalWizard:
        """Show the wizard in ``lang``: Qt's translators are replaced and the window is rebuilt (every page is
        built in the language it shows), with the same state, size and position. Returns the new window."""
        from PySide6.QtWidgets import QApplication

        from calwizard.gui.i18n import install_translators

        install_translators(QApplication.instance(), lang)
        self.cancel_all()
        st = self.ctl.state
        if st is not None and st.step == StepId.WELCOME and st.history:
            self.ctl.set_state(replace(st, history=()))  # the new window starts on the Welcome page, as the flow
        new = CalWizard(self.ctl, self.parentWidget())
        new.setGeometry(self.geometry())
        new._fitted = new._explicit = True
        new.finish_setup(self.ctl.state)
        new.show()
        self._answered = True  # closing the old window asks nothing: the new one holds the same state
        self.hide()
        self.deleteLater()
        self.replaced.emit(new)
        return new

    def go_to(self, target: StepId, field: str = "") -> bool:
        """Open page ``target`` if it is reachable (:func:`calwizard.wizard.flow.route`): Back over pages already
        walked, Next over pages that have no blocking problem; then focus ``field`` there ("Go to field").
        Returns whether ``target`` is shown."""
        from calwizard.wizard import flow

        try:
            moves = flow.route(self.ctl.state, target)
        except flow.NavigationError:
            return False
        for move in moves:
            before = self.currentId()
            self.back() if move == "back" else self.next()
            if self.currentId() == before:  # a page refused (validatePage)
                break
        if self.step() != target:
            return False
        if field:
            self.pages[target].focus_field(field)
        return True

    def _current_changed(self, cid: int) -> None:
        if cid < 0 or self.ctl.state is None:
            return
        from calwizard.wizard import flow

        new = STEP_ORDER[cid]
        old = self._current
        old_page = self.pages.get(old)
        if old_page is not None and old != new:
            old_page.leave()
            old_page.revisited = True  # coming back, every problem of the page shows beside its field
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
        self.schedule_step_states()

    def schedule_step_states(self) -> None:
        """Refresh the steps' states soon (coalesces a burst of keystrokes and results into one refresh)."""
        if self.ready:
            self._states_timer.start()

    def refresh_step_states(self) -> None:
        """Each step's state and the reachable steps, from the flow (:func:`calwizard.wizard.flow.step_states`)."""
        from calwizard.wizard import flow

        st = self.ctl.state
        if st is None:
            return
        extra = {StepId.WELCOME: self.ctl.store_status} if self.ctl.store_status else None
        states = flow.step_states(st, self.ctl.book.fresh(st), extra=extra)
        self.steps.show_steps(st.steps, self.step(), states, set(flow.reachable_steps(st)))

    def _step_clicked(self, value: str) -> None:
        self.go_to(StepId(value))

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
            next_button.setToolTip(self.tr("Checks are still running: Next cancels them and goes on."))
        self.button(QWizard.WizardButton.BackButton).setToolTip(self.tr("Back cancels the running checks.") if page.busy
                                                                else "")

    # -- closing -------------------------------------------------------------------------------------

    def cancel_all(self) -> None:
        for page in self.pages.values():
            page.shutdown()

    def done(self, result: int) -> None:
        if result == QWizard.DialogCode.Rejected and not self._answered and not self._confirm_close():
            return
        self.cancel_all()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_close():
            event.ignore()
            return
        self.cancel_all()
        self._answered = True  # QDialog's closeEvent rejects, which must not ask a second time
        try:
            super().closeEvent(event)
        finally:
            self._answered = False

    def _confirm_close(self) -> bool:
        """Closing with unsaved changes asks: Save (then close once saved), Discard, or Keep editing.

        Returns:
            True to close now (nothing unsaved, or Discard).
        """
        st = self.ctl.state
        if not self.ctl.services.extra.get("confirm_discard", True) or st is None or not st.history or not st.dirty:
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            self.save_and_close()
        return answer == "discard"

    def ask_unsaved(self) -> str:
        """The close dialog (sized by its text): ``save``, ``discard`` or ``keep``."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved changes"),
                          self.tr("The configuration has unsaved changes."), parent=self)
        box.setObjectName("unsaved-changes")
        box.setInformativeText(self.tr("Save them before closing the wizard?"))
        save = box.addButton(QMessageBox.StandardButton.Save)
        discard = box.addButton(QMessageBox.StandardButton.Discard)
        keep = box.addButton(self.tr("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(keep)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "keep"

    def save_and_close(self) -> None:
        """Save as the Summary page does (secrets to the secret store, the file atomically) and close once it is
        saved; if saving fails, the Summary page shows the reason and the window stays open."""
        self._closing = True
        self.pages[StepId.SUMMARY].save(finish=True)  # type: ignore[attr-defined]

    def _save_failed(self, message: str) -> None:
        if not self._closing:
            return
        self._closing = False
        if self.step() != StepId.SUMMARY and not self.go_to(StepId.SUMMARY):
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, self.tr("Not saved"), message)


def create_wizard(state: WizardState | None = None, services: Services | None = None,
                  parent: QWidget | None = None) -> CalWizard:
    """A fully built wizard (both stages) for ``state`` (default: a new configuration)."""
    services = services or Services()
    ctl = Controller(state, services)  # type: ignore[arg-type]
    wiz = CalWizard(ctl, parent)
    wiz.finish_setup(state)
    return wiz


__all__ = ["CalWizard", "create_wizard"]
