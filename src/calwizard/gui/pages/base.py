"""The page base class: one state contract per page (DESIGN.md §2.3).

Each page exposes ``valid`` (Next may be pressed), ``busy`` (a live check runs), ``error`` (why Next
is disabled, or None) and one ``changed`` signal; :class:`~calwizard.gui.wizard.CalWizard` turns them
into the Back/Next/Finish buttons. Pages only draw the state and write edits through the flow.

The Welcome page is built before :mod:`calwizard.wizard.flow` is loaded (``bench/startup.py``): this module
needs only the step table (:mod:`calwizard.wizard.steps`) to build a page, and imports the flow where a
state exists.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from calwizard.gui.controller import Controller
from calwizard.gui.messages import Banner, ErrorLabel, with_help
from calwizard.wizard.steps import StepId, step_title

if TYPE_CHECKING:
    from calwizard.wizard import flow

STEP_ORDER = tuple(StepId)


def page_id(step: StepId) -> int:
    return STEP_ORDER.index(step)


class BasePage(QWizardPage):
    """A wizard page bound to one :class:`StepId`."""

    step: StepId = StepId.WELCOME
    subtitle: str = ""
    changed = Signal()

    def __init__(self, ctl: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.setTitle(step_title(self.step))
        if self.subtitle:
            self.setSubTitle(QtCore.QCoreApplication.translate(type(self).__name__, self.subtitle))
        self.setObjectName(f"page-{self.step.value}")
        # every page scrolls when the window is smaller than its content (a laptop at 150-200 % scale): the
        # page's widgets live in ``self.body``, the layout of the scroll area's content widget
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("page-scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.content = QWidget(self.scroll)
        self.content.setObjectName("page-content")
        self.body = QVBoxLayout(self.content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(8)
        self.scroll.setWidget(self.content)
        outer.addWidget(self.scroll)
        self.errors: dict[str, ErrorLabel] = {}
        self.fields: dict[str, QWidget] = {}
        """Field path -> its input widget (for marking it and for "Go to field")."""
        self.field_names: dict[str, str] = {}
        """Field path -> the name its row shows (for "and 2 more: ...")."""
        self.touched: set[str] = set()
        """Fields edited on this page: their problems show beside them (all problems do once the page was left)."""
        self.revisited = False
        self._marks: dict[str, Any] = {}
        self.secret_fields: dict[str, Any] = {}
        self._loading = False
        self._busy = False
        self.problem_banner = Banner(self)
        self.problem_banner.setObjectName("problems")
        self.build()
        self.body.addWidget(self.problem_banner)
        self.changed.connect(self.completeChanged)
        ctl.stateChanged.connect(self._on_state)

    # -- to override -------------------------------------------------------------------------

    def build(self) -> None:
        """Create the widgets (called once)."""

    def load(self, state: flow.WizardState) -> None:
        """Fill the widgets from ``state`` (on entering the page)."""

    def on_state(self, state: flow.WizardState) -> None:
        """The state changed while the page is shown (update derived displays)."""

    def leave(self) -> None:
        """The page is left (Next, Back or close): cancel what runs."""

    def shutdown(self) -> None:
        """The window closes: cancel everything the page runs, also what outlives leaving it."""
        self.leave()

    def polish(self) -> None:
        """Second start-up stage: what the first page defers (see ``bench/startup.py``)."""

    # -- state contract ----------------------------------------------------------------------

    @property
    def valid(self) -> bool:
        if self.ctl.state is None:
            return False
        from calwizard.wizard import flow

        return flow.page_valid(self.ctl.state, self.step)

    @property
    def busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.changed.emit()

    @property
    def error(self) -> str | None:
        if self.ctl.state is None:
            return None
        from calwizard.wizard import flow

        problems = flow.page_problems(self.ctl.state, self.step)
        return problems[0].message if problems else None

    def isComplete(self) -> bool:
        return self.valid

    def nextId(self) -> int:
        if self.ctl.state is None:
            return page_id(StepId.PBX)
        from calwizard.wizard import flow

        nxt = flow.next_step(replace(self.ctl.state, step=self.step))
        return page_id(nxt) if nxt is not None else -1

    def initializePage(self) -> None:
        if self.ctl.state is None:  # the Welcome page before the settings are loaded (first stage)
            return
        self._loading = True
        try:
            self.load(self.ctl.state)
        finally:
            self._loading = False
        self.refresh()

    # -- helpers -----------------------------------------------------------------------------

    def is_current(self) -> bool:
        wiz = self.wizard()
        return wiz is not None and wiz.currentPage() is self

    def _on_state(self, state: flow.WizardState) -> None:
        if self.is_current():
            self.on_state(state)
            self.refresh()

    def refresh(self) -> None:
        """Show field errors, the blocking problems and warnings; re-evaluate Next."""
        state = self.ctl.state
        if state is None:
            return
        from calwizard.wizard import flow

        problems = flow.page_problems(state, self.step)
        # field-tied: each problem beside its field (a rejected value at once; a missing one once the field was
        # edited or the page seen before), the field marked
        at_field: dict[str, str] = {}
        for p in problems:
            if p.field in self.errors and p.field not in at_field and (
                    p.field in state.field_errors or p.field in self.touched or self.revisited):
                at_field[p.field] = p.message
        for path, label in self.errors.items():
            label.show_error(at_field.get(path))
            self._mark(path, at_field.get(path))
        shown = [p for p in problems if p.field not in at_field]
        if shown:
            p = shown[0]
            others = [self.field_names.get(q.field, q.message) for q in problems if q is not p]
            more = (" " + (self.tr("(and 1 more: {names})") if len(others) == 1 else
                           self.tr("(and {count} more: {names})")).format(
                count=len(others), names=", ".join(dict.fromkeys(others)))) if others else ""
            text = self.tr("To continue: {message}{more}.").format(message=p.message, more=more) + (
                f" {p.remedy}" if p.remedy else "")
            self.problem_banner.show_message("failed" if p.field in state.field_errors else "warning", text)
        elif problems:
            names = ", ".join(dict.fromkeys(self.field_names.get(q.field, q.field) for q in problems))
            self.problem_banner.show_message("failed", self.tr("To continue, fix the marked field(s): {names}.",
                                                               None, len(problems)).format(names=names))
        else:
            warnings = flow.warnings_for(state, self.step)
            self.problem_banner.show_message("warning" if warnings else None, "\n".join(warnings))
        self.changed.emit()

    def _mark(self, path: str, message: str | None) -> None:
        """An error sign inside the field's line edit (with the message as its tooltip) while it has a problem."""
        widget = self.fields.get(path)
        edit = getattr(widget, "edit", widget)
        if not isinstance(edit, QLineEdit):
            return
        action = self._marks.get(path)
        if action is None and message:
            from calwizard.gui.widgets import status_icon

            trailing = QLineEdit.ActionPosition.TrailingPosition
            action = self._marks[path] = edit.addAction(status_icon("failed"), trailing)
        if action is not None:
            action.setVisible(bool(message))
            action.setToolTip(message or "")

    # -- secret fields -------------------------------------------------------------------------

    def bind_secret(self, field: Any, name: str) -> None:
        """``field`` (a :class:`~calwizard.gui.widgets.SecretField`) edits secret ``name``: its "Remove…" button
        asks to remove the stored value."""
        self.secret_fields[name] = field
        field.removeRequested.connect(lambda: self.ask_remove_secret(name))

    def edit_secret(self, name: str, text: str) -> None:
        """A secret typed (or cleared) in its field. Clearing it while a stored value exists asks whether to remove
        that value or keep it."""
        from calwizard.secretrefs import field_path
        from calwizard.wizard import flow

        had_text = bool(self.ctl.state.secrets.get(name))
        self.touch(field_path(name))
        self.ctl.update(flow.set_secret, name, text)
        if not text and had_text and flow.stored_secret(self.ctl.state, name) is not None:
            self.ask_remove_secret(name)
        self.show_stored(name)

    def show_stored(self, name: str) -> None:
        """The field's placeholder and "Remove…" button for the value kept outside the wizard, if any."""
        from calwizard.wizard import flow

        field = self.secret_fields.get(name)
        if field is None or self.ctl.state is None:
            return
        stored = flow.stored_secret(self.ctl.state, name)
        typed = name in self.ctl.state.secrets
        field.set_stored(stored is not None and not typed)
        if stored is not None and not typed:
            field.setPlaceholderText(self.tr("kept in {where} — type to replace").format(where=stored.describe()))

    def ask_remove_secret(self, name: str) -> bool:
        """Ask whether to remove the stored value of secret ``name`` or keep it; returns True if removed."""
        from PySide6.QtWidgets import QMessageBox

        from calwizard.secretrefs import field_path
        from calwizard.wizard import flow

        stored = flow.stored_secret(self.ctl.state, name)
        if stored is None:
            return False
        label = self.field_names.get(field_path(name), name.replace("_", " "))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Stored secret"),
                          self.tr("The {field} of this configuration is kept in {where}. Remove it?").format(
                              field=label, where=stored.describe()), parent=self)
        box.setObjectName("remove-secret")
        box.setInformativeText(self.tr("Remove: the configuration no longer uses it, and a secret store entry is "
                                       "deleted when you save. Keep: the stored value stays in use."))
        remove = box.addButton(self.tr("&Remove it"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("&Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is not remove:
            return False
        self.ctl.update(flow.remove_secret, name)
        self.show_stored(name)
        return True

    def touch(self, path: str) -> None:
        """``path`` was edited: its problems now show beside it."""
        self.touched.add(path)

    def focus_field(self, path: str) -> bool:
        """Show and focus the field ``path`` ("Go to field"): scrolled into view, its problem beside it."""
        widget = self.fields.get(path)
        if widget is None:
            return False
        self.touch(path)
        self.refresh()
        self.scroll.ensureWidgetVisible(widget)
        widget.setFocus()
        return True

    def set_field(self, path: str, value: Any) -> None:
        """Write an edit through the flow (ignored while the page loads its widgets)."""
        if not self._loading:
            from calwizard.wizard import flow

            self.touch(path)
            self.ctl.update(flow.set_field, path, value)

    def add_row(self, form: QFormLayout, label: str, widget: QWidget, path: str | None = None,
                name: str | None = None) -> QWidget:
        """A form row: label (with mnemonic, buddy), the widget with help from ``path``'s description,
        and an error line under it."""
        plain = label.replace("&", "")
        first_show = QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow
        if isinstance(widget, QComboBox) and widget.sizeAdjustPolicy() == first_show:
            # the form row gives the combo its width; a long item (a locale's name) must not set the page's minimum
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(12)
        if path:
            with_help(widget, path, name or plain)
        lbl = QLabel(label, self)
        lbl.setBuddy(widget)
        if path and widget.toolTip():
            lbl.setToolTip(widget.toolTip())
        form.addRow(lbl, widget)
        if path:
            err = ErrorLabel(self)
            err.setObjectName(f"error:{path}")
            form.addRow("", err)
            self.errors[path] = err
            self.fields[path] = widget
            self.field_names[path] = (name or plain).rstrip(":").strip()
        return widget


def form_layout(align: bool = True) -> QFormLayout:
    """A form with right-aligned labels (``align=False``: set later with :func:`align_labels`)."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    # a label goes above its field only when the two do not fit side by side (a narrow window at 200 %)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    if align:
        align_labels(form)
    form.setVerticalSpacing(4)
    return form


def align_labels(form: QFormLayout) -> None:
    form.setLabelAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
