"""Page 6: Mailboxes — the users to sync, CSV import, live per-mailbox access, filter to problems; for Microsoft
Graph also least privilege: the mailboxes that must stay out of reach and the Exchange Online PowerShell that
scopes the app (RBAC for Applications)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from calwizard.gui.asyncglue import CheckJob
from calwizard.gui.messages import status_text
from calwizard.gui.pages.base import BasePage, form_layout
from calwizard.gui.pages.welcome import csv_unreadable
from calwizard.gui.widgets import (
    Banner,
    ColumnFitter,
    FlowLayout,
    NoteLabel,
    SpinnerClock,
    Stretch,
    chars,
    field_help,
    fixed_font,
    rows_height,
    section,
    spinner_icon,
    status_icon,
)
from calwizard.settings.io import validation_message
from calwizard.settings.model import Mailbox, UserSource
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId

KIND_TEXT = {
    "not_found": QT_TRANSLATE_NOOP("mailboxes", "Not found"),
    "ambiguous": QT_TRANSLATE_NOOP("mailboxes", "Ambiguous name"),
    "impersonation_denied": QT_TRANSLATE_NOOP("mailboxes", "Impersonation denied"),
    "access_denied": QT_TRANSLATE_NOOP("mailboxes", "Access denied"),
    "unauthorized": QT_TRANSLATE_NOOP("mailboxes", "Credentials rejected"),
    "ews_blocked": QT_TRANSLATE_NOOP("mailboxes", "EWS blocked"),
    "network": QT_TRANSLATE_NOOP("mailboxes", "Cannot reach EWS"),
    "tls": QT_TRANSLATE_NOOP("mailboxes", "TLS not trusted"),
    "server_busy": QT_TRANSLATE_NOOP("mailboxes", "Server busy"),
    "concurrency_limit": QT_TRANSLATE_NOOP("mailboxes", "Too many requests at once"),
}
GRAPH_STATUS_TEXT = {
    403: QT_TRANSLATE_NOOP("mailboxes", "Access denied (out of scope)"),
    404: QT_TRANSLATE_NOOP("mailboxes", "Not found"),
    401: QT_TRANSLATE_NOOP("mailboxes", "Token rejected"),
}
"""Microsoft Graph's answers to a mailbox's calendarView (``graph.mailbox:*`` results' ``http_status``)."""
MAILBOX_PREFIXES = ("ews.mailbox:", "graph.mailbox:")
ACCESS_COLUMN = 3
"""The access level column: how the connector reaches each calendar and what that lets it see."""
SCOPE_TEXT = {  # access model -> (section title, how to run the PowerShell)
    "graph": (QT_TRANSLATE_NOOP("MailboxesPage", "Least privilege: Exchange RBAC for Applications"), ""),
    "app_only": (QT_TRANSLATE_NOOP("MailboxesPage", "Least privilege: Exchange RBAC for Applications (EWS)"), ""),
    "impersonation": (
        QT_TRANSLATE_NOOP("MailboxesPage", "Least privilege: impersonation limited to these mailboxes"),
        QT_TRANSLATE_NOOP(
            "MailboxesPage",
            "Run in the Exchange Management Shell (on-premises) as an Exchange administrator: the service account may "
        "then impersonate only the mailboxes listed (or, the commented variant, only room mailboxes). Remove wider "
        "ApplicationImpersonation assignments of the account, which the last line lists."),
    ),
    "delegate": (
        QT_TRANSLATE_NOOP("MailboxesPage", "Delegate access: folder permissions instead of impersonation"),
        QT_TRANSLATE_NOOP(
            "MailboxesPage",
            "For customers who refuse impersonation: run in the Exchange Management Shell (on-premises) — the service "
        "account gets FreeBusyTimeAndSubjectAndLocation on each calendar (FreeBusyTimeOnly when subjects are "
        "hidden), the least that shows the presence text. Validation then reads each calendar's level. Every "
        "request is charged to the service account's own throttling budget."),
    ),
}
SCRIPT_HINT = (
    QT_TRANSLATE_NOOP(
        "MailboxesPage",
        "Run in Exchange Online PowerShell as an Exchange administrator. Replace <Object ID …> with the Object ID "
    "shown in Entra ID > Enterprise applications for this app (not the app registration's). The last lines "
    "test the scope: InScope must be True for the mailboxes to sync and False for those that must be denied.")
)


SCOPE_TEXT["graph"] = (SCOPE_TEXT["graph"][0], SCRIPT_HINT)
SCOPE_TEXT["app_only"] = (SCOPE_TEXT["app_only"][0], SCRIPT_HINT)


class MailboxesPage(BasePage):
    step = StepId.MAILBOXES
    subtitle = QT_TRANSLATE_NOOP(
        "MailboxesPage",
        "The users whose calendars set their presence: PBX name and SMTP address(es).")

    def build(self) -> None:
        self._build_source()
        bar = FlowLayout()
        self.add = QPushButton(self.tr("&Add"), self)
        self.remove = QPushButton(self.tr("&Remove"), self)
        self.import_csv = QPushButton(self.tr("&Import CSV…"), self)
        self.check = QPushButton(self.tr("&Check access"), self)
        self.stop = QPushButton(self.tr("Stop"), self)
        self.only_problems = QCheckBox(self.tr("Show only &problems"), self)
        for b in (self.add, self.remove, self.import_csv, self.check, self.stop):
            b.setAutoDefault(False)
            bar.addWidget(b)
        bar.addWidget(self.only_problems)
        self.body.addLayout(bar)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("mailboxes")
        self.table.setAccessibleName(self.tr("Mailboxes to sync"))
        self.table.setHorizontalHeaderLabels([self.tr("PBX name"), self.tr("SMTP addresses"),
                                              self.tr("Access"), self.tr("Access level")])
        self.table.horizontalHeaderItem(ACCESS_COLUMN).setToolTip(self.tr(
            "How the connector reaches the calendar and what that lets it see: impersonation and app permissions "
            "see every detail; with delegate access, the folder permission (FreeBusyTimeOnly: no subjects)."))
        self.table.horizontalHeaderItem(0).setToolTip(field_help("mailboxes.pbx_name"))
        self.table.horizontalHeaderItem(1).setToolTip(field_help("mailboxes.addresses"))
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(ACCESS_COLUMN, QHeaderView.ResizeMode.Interactive)
        self.columns = ColumnFitter(self.table, 1, {0: 18, 2: 24, ACCESS_COLUMN: 22})
        self.table.setMinimumHeight(rows_height(self.table, 3))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.overrides_note = QLabel(self.tr("Overrides (optional): a row with a PBX user's name replaces the "
                                             "addresses the PBX gives for that user."), self)
        self.overrides_note.setWordWrap(True)
        self.overrides_note.hide()
        self.body.addWidget(self.overrides_note)
        self.body.addWidget(Stretch(self.table, self), 1)
        self.detail = NoteLabel(self)
        self.detail.setObjectName("mailbox-detail")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.detail)
        self.live_banner = Banner(self)
        self.live_banner.setObjectName("mailbox-live")
        self.body.addWidget(self.live_banner)
        self._build_scope()

        self.job = CheckJob(self.ctl.fetcher, self, record=self.ctl.record)
        self._blocker: Any = None
        self._checked_once = False
        self.rerun_timer = QTimer(self)
        self.rerun_timer.setSingleShot(True)
        self.rerun_timer.setInterval(self.ctl.services.debounce_ms)
        self.rerun_timer.timeout.connect(self.run_checks)
        self.clock = SpinnerClock(self)
        self.clock.frame.connect(self._spin)
        self.results: dict[str, Any] = {}
        self.access_results: dict[str, Any] = {}
        """PBX name (lower case) -> its ``ews.access:*`` result (delegate access: the folder permission)."""
        self._filling = False
        self.stop.setEnabled(False)

        self.add.clicked.connect(self.add_row_)
        self.remove.clicked.connect(self.remove_selected)
        self.import_csv.clicked.connect(self._csv_dialog)
        self.check.clicked.connect(self.run_checks)
        self.stop.clicked.connect(self.cancel)
        self.only_problems.toggled.connect(lambda _on: self._apply_filter())
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemSelectionChanged.connect(self._selected)
        self.job.finished.connect(self._finished)
        self.job.started.connect(self._started)
        self.job.done.connect(self._done)
        self.job.error.connect(lambda m: self.live_banner.show_message("failed", m))
        self.job.cancelled.connect(self._cancelled)
        self.job.runningChanged.connect(self._running)

    def focus_field(self, path: str) -> bool:
        """``mailboxes.<row>`` selects that row (1-based) of the list, ``mailboxes`` focuses the list."""
        if path == "mailboxes" or path.startswith("mailboxes."):
            tail = path.partition(".")[2]
            row = int(tail) - 1 if tail.isdigit() else 0
            if 0 <= row < self.table.rowCount():
                self.table.selectRow(row)
                self.scroll.ensureWidgetVisible(self.table)
            self.table.setFocus()
            return True
        return super().focus_field(path)

    def _build_source(self) -> None:
        """With a PBX connection: the users come from the PBX (replicated, with their resolution status) or from
        the list (manual or CSV)."""
        self.source_box = QWidget(self)
        lay = QVBoxLayout(self.source_box)
        lay.setContentsMargins(0, 0, 0, 4)
        form = form_layout()
        self.source = QComboBox(self.source_box)
        self.source.addItem(self.tr("Users from the PBX (replicated; the list below only overrides addresses)"),
                            UserSource.PBX)
        self.source.addItem(self.tr("The list below (manual or CSV import)"), UserSource.LIST)
        self.add_row(form, self.tr("&Users to sync:"), self.source, "pbx.user_source", self.tr("Users to sync"))
        lay.addLayout(form)
        self.pbx_table = QTableWidget(0, 4, self.source_box)
        self.pbx_table.setObjectName("pbx-users")
        self.pbx_table.setAccessibleName(self.tr("Users from the PBX"))
        self.pbx_table.setHorizontalHeaderLabels([self.tr("PBX user"), self.tr("Addresses tried"), self.tr("Mailbox"),
                                                  self.tr("Access level")])
        h = self.pbx_table.horizontalHeader()
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.pbx_table.setColumnWidth(0, chars(self.pbx_table, 18))
        self.pbx_table.setColumnWidth(2, chars(self.pbx_table, 28))
        self.pbx_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pbx_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pbx_table.setTabKeyNavigation(False)
        self.pbx_table.verticalHeader().setVisible(False)
        self.pbx_table.setAlternatingRowColors(True)
        self.pbx_table.setMinimumHeight(rows_height(self.pbx_table, 3))
        lay.addWidget(self.pbx_table, 1)
        self.source_stretch = Stretch(self.source_box, self)
        self.body.addWidget(self.source_stretch, 1)
        self.source_stretch.hide()
        self.pbx_users: list[dict[str, Any]] = []
        self.source.currentIndexChanged.connect(self._source_changed)
        self.pbx_table.itemSelectionChanged.connect(self._pbx_selected)

    def _pbx_mode(self) -> bool:
        st = self.ctl.state
        return st is not None and st.settings.pbx.users_from_pbx

    def _source_changed(self, _index: int) -> None:
        if self._loading:
            return
        self.set_field("pbx.user_source", self.source.currentData())
        self._show_source(self.ctl.state)
        self.results.clear()
        if self.live_ready():
            self.run_checks()

    def _show_source(self, state: flow.WizardState) -> None:
        connected = state.settings.pbx.connected
        pbx_mode = state.settings.pbx.users_from_pbx
        self.source_stretch.setVisible(connected)
        self.pbx_table.setVisible(pbx_mode)
        self.overrides_note.setVisible(pbx_mode)

    def _fill_pbx(self, users: list[dict[str, Any]]) -> None:
        self.pbx_users = users
        self.pbx_table.setRowCount(0)
        for u in users:
            row = self.pbx_table.rowCount()
            self.pbx_table.insertRow(row)
            name = QTableWidgetItem(u["pbx_name"])
            name.setToolTip(u.get("name", ""))
            self.pbx_table.setItem(row, 0, name)
            tried = "; ".join(u.get("addresses") or []) or self.tr("no e-mail address on the PBX")
            self.pbx_table.setItem(row, 1, QTableWidgetItem(tried))
            self.pbx_table.setItem(row, 2, QTableWidgetItem(""))
            self.pbx_table.setItem(row, ACCESS_COLUMN, QTableWidgetItem(""))
            self._show_pbx_status(row)

    def _show_pbx_status(self, row: int, running: bool = False) -> None:
        item, name_item = self.pbx_table.item(row, 2), self.pbx_table.item(row, 0)
        if item is None or name_item is None:
            return
        st, text, res = self._status_for(name_item.text())
        user = self.pbx_users[row] if row < len(self.pbx_users) else {"addresses": [""], "emails": [""]}
        if not user.get("addresses"):
            st, text = "warning", self.tr("No e-mail address")
        elif not user.get("emails") and st not in ("", "ok"):  # username@domain was tried, in vain
            text = self.tr("No e-mail address")
        if running or (self.job.running and not st):
            item.setText(self.tr("Checking…"))
            item.setIcon(spinner_icon(0))
        else:
            item.setText(text)
            item.setIcon(status_icon(st) if st else QIcon())
            item.setToolTip(res.summary if res else "")
        level = self.pbx_table.item(row, ACCESS_COLUMN)
        if level is not None:
            name = name_item.text().strip().lower()
            text, why = flow.access_level(self.ctl.state.settings, self.access_results.get(name) or res)
            level.setText(text)
            level.setToolTip(why)

    def _pbx_selected(self) -> None:
        rows = {i.row() for i in self.pbx_table.selectedIndexes()}
        if not rows:
            return
        row = min(rows)
        _, _, res = self._status_for(self.pbx_table.item(row, 0).text())
        if res is not None:
            self.detail.setText(res.summary + ("\n" + self.tr("How to fix: {remedy}").format(remedy=res.remedy)
                                               if res.remedy else ""))
        elif row < len(self.pbx_users) and not self.pbx_users[row].get("addresses"):
            from calwizard.checks.pbx import NO_EMAIL_REMEDY

            remedy = QCoreApplication.translate("checks", NO_EMAIL_REMEDY)
            self.detail.setText(self.tr("No e-mail address on the PBX: not synced.") + "\n"
                                + self.tr("How to fix: {remedy}").format(remedy=remedy))
        else:
            self.detail.setText("")

    def _build_scope(self) -> None:
        """Least privilege for every access model: on-premises the choice between impersonation (limited by a
        management scope) and delegate access (folder permissions), the mailboxes that must stay out of reach, and
        the PowerShell that grants no more than needed (RBAC for Applications in Exchange Online)."""
        self.scope_box = QWidget(self)
        self.scope_box.setObjectName("least-privilege")
        lay = QVBoxLayout(self.scope_box)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.setSpacing(4)
        self.scope_title = section(self.tr("Least privilege: Exchange RBAC for Applications"), self.scope_box)
        lay.addWidget(self.scope_title)
        form = form_layout()
        model_row = QVBoxLayout()  # the two choices under each other: one beside the other needs a wide window
        self.model_group = QButtonGroup(self.scope_box)
        self.use_impersonation = QRadioButton(self.tr("I&mpersonation (ApplicationImpersonation, limited by a "
                                                      "management scope)"), self.scope_box)
        self.use_delegate = QRadioButton(self.tr("Dele&gate access (a folder permission on each calendar)"),
                                         self.scope_box)
        for i, b in enumerate((self.use_impersonation, self.use_delegate)):
            b.setToolTip(field_help("exchange.access_model"))
            self.model_group.addButton(b, i)
            model_row.addWidget(b)
        self.model_label = QLabel(self.tr("Access to the calendars:"), self.scope_box)
        self.model_label.setToolTip(field_help("exchange.access_model"))
        form.addRow(self.model_label, model_row)
        self.denied = self.add_row(form, self.tr("Must be &denied:"), QLineEdit(self.scope_box),
                                   "exchange.must_be_denied", self.tr("Mailboxes that must be denied"))
        self.denied.setPlaceholderText(self.tr("optional: mailboxes out of the app's reach, e.g. "
                                               "ceo@contoso.com; cfo@contoso.com"))
        lay.addLayout(form)
        self.denied_banner = Banner(self.scope_box)
        self.denied_banner.setObjectName("denied-live")
        lay.addWidget(self.denied_banner)
        self.script_hint = QLabel(self.tr(SCRIPT_HINT), self.scope_box)
        self.script_hint.setWordWrap(True)
        lay.addWidget(self.script_hint)
        row = QHBoxLayout()
        self.script = QPlainTextEdit(self.scope_box)
        self.script.setObjectName("scope-script")
        self.script.setReadOnly(True)
        self.script.setAccessibleName(self.tr("Exchange Online PowerShell that limits the app to these "
                                              "mailboxes"))
        self.script.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.script.setTabChangesFocus(True)
        self.script.setFont(fixed_font())
        lines = 8  # the script without 'must be denied' mailboxes
        self.script.setFixedHeight(self.script.fontMetrics().height() * lines + 2 * self.script.frameWidth()
                                   + 2 * int(self.script.document().documentMargin())
                                   + self.script.horizontalScrollBar().sizeHint().height())
        self.copy_script = QPushButton(self.tr("Cop&y PowerShell"), self.scope_box)
        self.copy_script.setAutoDefault(False)
        self.copy_script.setAccessibleName(self.tr("Copy the Exchange Online PowerShell"))
        row.addWidget(self.script, 1)
        row.addWidget(self.copy_script, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(row)
        self.body.addWidget(self.scope_box)
        self.scope_box.hide()
        self.denied.textChanged.connect(self._denied_edited)
        self.copy_script.clicked.connect(self.copy_powershell)
        self.model_group.idToggled.connect(self._model_chosen)

    def _model_chosen(self, idx: int, on: bool) -> None:
        if on and not self._loading:
            from calwizard.settings.model import AccessModel

            self.set_field("exchange.access_model", AccessModel.DELEGATE if idx == 1 else AccessModel.IMPERSONATION)
            self.results.clear()  # what was read was read under the other model: Check access again
            self.access_results.clear()
            self.live_banner.show_message("warning", self.tr("The access model changed: click 'Check access' to "
                                                             "check every mailbox with it."))
            for r in range(self.table.rowCount()):
                self._show_status(r)

    def _denied_edited(self, text: str) -> None:
        if not self._loading:
            self.set_field("exchange.must_be_denied", text)
            self.denied_banner.show_message(None)  # the last proof was for other mailboxes: Check access again

    def copy_powershell(self) -> str:
        """Put the PowerShell on the clipboard (returns it)."""
        text = self.script.toPlainText()
        QGuiApplication.clipboard().setText(text)
        self.copy_script.setText(self.tr("Copied"))
        QTimer.singleShot(1500, self.copy_script, lambda: self.copy_script.setText(self.tr("Cop&y PowerShell")))
        return text

    def _show_scope(self, state: flow.WizardState) -> None:
        from calwizard.exchange.access import Model, model_for
        from calwizard.settings.model import SyncType

        ex = state.settings.exchange
        shown = ex.sync_type.uses_graph or ex.sync_type.uses_ews
        self.scope_box.setVisible(shown)
        if not shown:
            return
        model = model_for(ex)
        onprem = ex.sync_type == SyncType.ON_PREMISES
        self.model_label.setVisible(onprem)
        for b in (self.use_impersonation, self.use_delegate):
            b.setVisible(onprem)
        button = self.use_delegate if model is Model.DELEGATE else self.use_impersonation
        if onprem and not button.isChecked():
            was, self._loading = self._loading, True
            button.setChecked(True)
            self._loading = was
        title, hint = SCOPE_TEXT[model]
        self.scope_title.setText(self.tr(title))
        self.script_hint.setText(self.tr(hint))
        text = flow.scope_script(state.settings)
        if text != self.script.toPlainText():
            self.script.setPlainText(text)

    # -- table <-> state -----------------------------------------------------------------------------

    def load(self, state: flow.WizardState) -> None:
        self.source.setCurrentIndex(max(0, self.source.findData(state.settings.pbx.user_source)))
        self._show_source(state)
        self._fill(state.settings.mailboxes)
        if "exchange.must_be_denied" not in state.field_errors:
            self.denied.setText("; ".join(state.settings.exchange.must_be_denied))
        self.denied_banner.show_message(None)
        self._show_scope(state)

    def _fill(self, mailboxes: list[Mailbox]) -> None:
        self._filling = True
        self.table.setRowCount(0)
        for mb in mailboxes:
            self._append(mb.pbx_name, "; ".join(mb.addresses))
        self._filling = False
        self._sync()

    def _append(self, name: str, addresses: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(addresses))
        status = QTableWidgetItem("")
        status.setFlags(status.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 2, status)
        level = QTableWidgetItem("")
        level.setFlags(level.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, ACCESS_COLUMN, level)
        self._show_status(row)
        return row

    def rows(self) -> list[tuple[str, str]]:
        out = []
        for r in range(self.table.rowCount()):
            out.append(tuple((self.table.item(r, c).text() if self.table.item(r, c) else "").strip()
                             for c in (0, 1)))  # type: ignore[misc]
        return out

    def _sync(self) -> None:
        """Validate every row with the settings model; valid rows become the settings' mailboxes."""
        state = flow.clear_field_errors(self.ctl.state, "mailboxes")
        good: list[Mailbox] = []
        seen: set[str] = set()
        for i, (name, addresses) in enumerate(self.rows()):
            err = None
            if not name and not addresses:
                err = self.tr("empty row: enter a PBX name and an address, or remove the row")
            else:
                try:
                    mb = Mailbox(pbx_name=name, addresses=addresses)
                except ValidationError as exc:
                    err = validation_message(exc.errors()[0])
                else:
                    if mb.pbx_name.lower() in seen:
                        err = self.tr("the PBX name {name} is listed twice").format(name=repr(mb.pbx_name))
                    else:
                        seen.add(mb.pbx_name.lower())
                        good.append(mb)
            if err:
                state = flow.set_field_error(state, f"mailboxes.{i + 1}", f"row {i + 1}: {err}")
            self._mark_row(i, err)
        state = flow.set_field(state, "mailboxes", good)
        self.ctl.set_state(state)
        self._apply_filter()

    def _mark_row(self, row: int, err: str | None) -> None:
        self._filling, was = True, self._filling
        for c in (0, 1):
            item = self.table.item(row, c)
            if item is not None:
                item.setToolTip(err or field_help("mailboxes.pbx_name" if c == 0 else "mailboxes.addresses"))
                item.setForeground(Qt.GlobalColor.red if err else self.palette().text().color())
        self._filling = was

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() in (0, 1):
            self._sync()

    def add_row_(self) -> None:
        self._filling = True
        row = self._append("", "")
        self._filling = False
        self._sync()
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
        self._sync()

    def import_file(self, path: str | Path) -> bool:
        """Append the users of a CSV file (rows whose PBX name exists are replaced)."""
        from calwizard.errors import UserFacingError
        from calwizard.settings import mailboxes_from_csv

        try:
            new = mailboxes_from_csv(Path(path).read_text(encoding="utf-8-sig"))
        except UserFacingError as exc:
            self.live_banner.show_message("failed", f"{Path(path).name}: {exc}")
            return False
        except (OSError, UnicodeDecodeError) as exc:  # plain words; the system's own in Details
            self.live_banner.show_message("failed", csv_unreadable(path, exc), details=str(exc))
            return False
        names = {m.pbx_name.lower() for m in new}
        keep = [(n, a) for n, a in self.rows() if n.lower() not in names]
        self._filling = True
        self.table.setRowCount(0)
        for n, a in keep:
            self._append(n, a)
        for m in new:
            self._append(m.pbx_name, "; ".join(m.addresses))
        self._filling = False
        self._sync()
        self.live_banner.show_message("ok", self.tr("%n user(s) imported from {name}.", None, len(new)).format(
            name=Path(path).name))
        if self.live_ready():
            self.run_checks()
        return True

    def _csv_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import users"), "",
                                              self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if path:
            self.import_file(path)

    # -- live checks ---------------------------------------------------------------------------------

    def live_ready(self) -> bool:
        st = self.ctl.state
        return (bool(st.settings.mailboxes) or st.settings.pbx.users_from_pbx) and flow.live_ready(st, self.step)

    def initializePage(self) -> None:
        self.results.clear()
        super().initializePage()
        self.check.setEnabled(self.live_ready())
        if self.live_ready():
            self.run_checks()
        else:
            self.live_banner.show_message(None)

    def on_state(self, state: flow.WizardState) -> None:
        self.check.setEnabled(self.live_ready() and not self.job.running)
        self._show_scope(state)
        self._show_source(state)
        if self.job.running:
            return
        # nothing stale: a row whose mailbox or connection changed is outdated, a new row not checked; both are
        # checked again after the typing pause, and the summary line counts what the table shows
        for row in range(self.table.rowCount()):
            self._show_status(row)
        stale = any(self._status_of(r)[0] in ("outdated", "") for r in range(self.table.rowCount())
                    if f"mailboxes.{r + 1}" not in state.field_errors)
        self._summarize()
        if stale and self.live_ready() and (self.results or self._checked_once):
            self.rerun_timer.start()

    def run_checks(self) -> None:
        self.rerun_timer.stop()
        if not self.live_ready():
            return
        self._checked_once = True
        self._blocker = None
        self.results.clear()
        self.access_results.clear()
        state = self.ctl.state
        self.live_banner.show_message("warning", self.tr("Checking access to every mailbox…"))
        self.job.start(state, flow.live_plan(state.settings, self.step))
        for r in range(self.table.rowCount()):
            self._show_status(r, running=True)
        for r in range(self.pbx_table.rowCount()):
            self._show_pbx_status(r, running=True)

    def cancel(self) -> None:
        if self.job.cancel():
            self.live_banner.show_message("warning", self.tr("Mailbox checks stopped."))

    def leave(self) -> None:
        self.rerun_timer.stop()
        self.job.cancel()

    def _running(self, on: bool) -> None:
        self.stop.setEnabled(on)
        self.check.setEnabled(not on and self.live_ready())
        self.set_busy(on)
        if on:
            self.clock.start()
        else:
            self.clock.stop()
            for r in range(self.table.rowCount()):
                self._show_status(r)
            for r in range(self.pbx_table.rowCount()):
                self._show_pbx_status(r)

    def _started(self, spec_id: str) -> None:
        pass

    def _finished(self, spec_id: str, results: tuple[Any, ...]) -> None:
        if spec_id in ("ews.mailboxes", "graph.mailboxes"):
            for r in results:
                if r.id.startswith(MAILBOX_PREFIXES):
                    self.results[r.id.split(":", 1)[1].lower()] = r
            for row in range(self.table.rowCount()):
                self._show_status(row)
            for row in range(self.pbx_table.rowCount()):
                self._show_pbx_status(row)
            self._apply_filter()
        elif spec_id == "ews.access":
            for r in results:
                if r.id.startswith("ews.access:"):
                    self.access_results[r.id.split(":", 1)[1].lower()] = r
            for row in range(self.table.rowCount()):
                self._show_status(row)
            for row in range(self.pbx_table.rowCount()):
                self._show_pbx_status(row)
            self._apply_filter()
        elif spec_id == "pbx.users" and all(r.status.value != "failed" for r in results):
            head = next((r for r in results if r.id == "pbx.users"), None)
            self._fill_pbx(list(head.evidence.get("mailboxes", [])) if head is not None else [])
        elif spec_id in ("graph.denied", "ews.denied"):
            self._show_denied(results)
        elif any(r.status.value == "failed" for r in results):
            r = next(r for r in results if r.status.value == "failed")
            self.live_banner.show_message("failed", r.summary + ("\n" + self.tr("How to fix: {remedy}").format(
                remedy=r.remedy) if r.remedy else ""))

    def _show_denied(self, results: tuple[Any, ...]) -> None:
        head = next((r for r in results if r.id in ("graph.denied", "ews.denied")), None)
        rows = [r for r in results if r.id.startswith(("graph.denied:", "ews.denied:"))]
        if head is None or not rows:
            self.denied_banner.show_message(None)
            return
        text = head.summary + "".join(f"\n{r.summary}" for r in rows)
        bad = next((r for r in rows if r.status.value != "ok"), None)
        if bad is not None and bad.remedy:
            text += "\n" + self.tr("How to fix: {remedy} (the PowerShell is below)").format(
                remedy=bad.remedy.splitlines()[0])
        self.denied_banner.show_message(head.status.value, text)

    def _done(self, results: list[Any]) -> None:
        self._blocker = next((r for r in results if r.status.value == "failed"
                              and not r.id.startswith(MAILBOX_PREFIXES)
                              and r.id not in ("ews.mailboxes", "graph.mailboxes")
                              and not r.id.startswith(("graph.denied", "ews.denied", "ews.access"))), None)
        self._summarize()
        self._selected()

    def _summarize(self) -> None:
        """The banner's summary, from what the table shows now (outdated and unchecked rows counted apart)."""
        blocker = self._blocker
        if blocker is not None and not self.ctl.book.is_fresh(self.ctl.state, blocker.id):
            blocker = None
        shown = [self._status_of(r) for r in range(self.table.rowCount())]
        if self._pbx_mode():
            shown = [self._status_for(u["pbx_name"]) for u in self.pbx_users]
        mb = [res for st, _t, res in shown if res is not None and st != "outdated"]
        waiting = sum(1 for st, _t, _r in shown if st in ("outdated", ""))
        bad = [r for r in mb if r.status.value != "ok"]
        later = self.tr(" %n not checked yet (checked again in a moment).", None, waiting) \
            if waiting and (mb or blocker) else ""
        if blocker is not None:
            text = self.tr("Mailbox access not checked: {summary}").format(summary=blocker.summary)
            if blocker.remedy:
                text += "\n" + self.tr("How to fix: {remedy}").format(remedy=blocker.remedy)
            self.live_banner.show_message("failed", text)
        elif bad:
            self.live_banner.show_message("failed", self.tr(
                "{bad} of %n mailbox(es) have a problem. Select a row for the remedy; you can go on and fix them "
                "later.", None, len(mb)).format(bad=len(bad)) + later)
        elif mb and later:
            self.live_banner.show_message("warning", self.tr("All %n checked mailbox(es) are readable.", None,
                                                             len(mb)) + later)
        elif mb:
            self.live_banner.show_message("ok", self.tr("All %n mailbox(es) are readable.", None, len(mb)))
        elif not self.job.running and waiting and self._checked_once:
            self.live_banner.show_message("warning", self.tr("%n mailbox(es) not checked yet (checked again in a "
                                                             "moment).", None, waiting))
        if self._pbx_mode() and blocker is None and (bad or mb):
            users = len(self.pbx_users)
            synced = sum(1 for r in mb if r.status.value == "ok")
            self.live_banner.show_message("ok" if not [r for r in mb if r.status.value == "failed"] else "failed",
                                          self.tr("{synced} of {users} PBX users have a readable mailbox; the "
                                                  "others are not synced (select a row for why).").format(
                                              synced=synced, users=users))

    def _cancelled(self) -> None:
        for r in range(self.table.rowCount()):
            self._show_status(r)

    def _status_of(self, row: int) -> tuple[str, str, Any]:
        item = self.table.item(row, 0)
        return self._status_for(item.text() if item else "")

    def _status_for(self, name: str) -> tuple[str, str, Any]:
        """(status, text, result) of the mailbox check of PBX user ``name`` ("" when none ran)."""
        res = self.results.get(name.strip().lower())
        if res is None:
            return "", "", None
        if not self.ctl.book.is_fresh(self.ctl.state, res.id):
            return "outdated", self.tr("Outdated — checked again shortly"), res
        st = res.status.value
        kind = res.evidence.get("kind", "")
        text = status_text("ok") if st == "ok" else \
            QCoreApplication.translate("mailboxes", KIND_TEXT[kind]) if kind in KIND_TEXT else status_text(st)
        if st != "ok" and res.id.startswith("graph."):
            status = res.evidence.get("http_status")
            text = QCoreApplication.translate("mailboxes", GRAPH_STATUS_TEXT[status]) if status in GRAPH_STATUS_TEXT \
                else self.tr("Cannot reach Microsoft Graph") if status is None \
                else self.tr("Failed (HTTP {status})").format(status=status)
        return st, text, res

    def _show_status(self, row: int, running: bool = False) -> None:
        item = self.table.item(row, 2)
        if item is None:
            return
        self._filling, was = True, self._filling
        st, text, res = self._status_of(row)
        if running or (self.job.running and not st):
            item.setText(self.tr("Checking…"))
            item.setIcon(spinner_icon(0))
            item.setData(Qt.ItemDataRole.UserRole, "running")
        else:
            unchecked = not st and self._checked_once and f"mailboxes.{row + 1}" not in self.ctl.state.field_errors
            item.setText(self.tr("Not checked yet") if unchecked else text)
            item.setIcon(status_icon(st) if st else status_icon("queued") if unchecked else QIcon())
            item.setData(Qt.ItemDataRole.UserRole, st)
            item.setToolTip(res.summary if res else "")
        self._show_level(row)
        self._filling = was

    def _access_result(self, row: int) -> Any:
        """The result that tells this row's access level: the delegate check of its calendar, else its mailbox
        check (impersonation, app-only and Graph see every detail of a readable calendar)."""
        item = self.table.item(row, 0)
        name = item.text().strip().lower() if item else ""
        return self.access_results.get(name) or self.results.get(name)

    def _show_level(self, row: int) -> None:
        level = self.table.item(row, ACCESS_COLUMN)
        if level is None:
            return
        res = self._access_result(row)
        text, why = flow.access_level(self.ctl.state.settings, res)
        level.setText(text)
        st = res.status.value if res is not None and res.id.startswith("ews.access:") else ""
        level.setIcon(status_icon(st) if st and st != "ok" else QIcon())
        level.setToolTip(why)

    def _spin(self, frame: int) -> None:
        icon = spinner_icon(frame)
        self._filling, was = True, self._filling
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 2)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == "running":
                item.setIcon(icon)
        self._filling = was

    def _apply_filter(self) -> None:
        only = self.only_problems.isChecked()
        for r in range(self.table.rowCount()):
            st, _, _ = self._status_of(r)
            invalid = any(k == f"mailboxes.{r + 1}" for k in self.ctl.state.field_errors)
            hide = only and not invalid and st in ("ok", "")
            self.table.setRowHidden(r, hide)

    def _selected(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if not rows:
            self.detail.setText("")
            return
        row = min(rows)
        err = self.ctl.state.field_errors.get(f"mailboxes.{row + 1}")
        _, _, res = self._status_of(row)
        if err:
            self.detail.setText(err)
        elif res is not None:
            text = res.summary
            remedy = res.remedy
            level = self.access_results.get(res.evidence.get("pbx_name", "").lower()) if res.status.value == "ok" \
                else None
            if level is not None and level.status.value != "ok":  # readable, but the level is not enough
                text, remedy = f"{text}\n{level.summary}", level.remedy
            elif level is not None:
                text += f"\n{level.summary}"
            if "\n" in remedy and self.scope_box.isVisible():  # Graph: the PowerShell is in the box below
                remedy = self.tr("{first_step} — the PowerShell below does it for every mailbox listed.").format(
                    first_step=remedy.split("\n", 1)[0].rstrip(":"))
            if remedy:
                text += "\n" + self.tr("How to fix: {remedy}").format(remedy=remedy)
            self.detail.setText(text)
        else:
            self.detail.setText("")
