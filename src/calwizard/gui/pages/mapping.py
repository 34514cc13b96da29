"""Page 7: Presence mapping, with a live preview drawn by the engine's presence renderer.

The preview runs :func:`calwizard.engine.presence.compute_presence` with the configured language,
timezone, priority words and mapping over a day of sample appointments (editable), or over one
configured mailbox's real calendar ("Read calendar": the next 48 hours, read with the engine's own
backend, see :mod:`calwizard.wizard.preview`): the presence string the engine would send now and at
each change today, and at a time the technician picks. The read runs on the qasync loop with a timeout
and is cancelled when the page is left; its failures are shown in the preview's banner with the remedy.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from calwizard.gui.asyncglue import TaskHolder
from calwizard.gui.pages.base import BasePage, form_layout
from calwizard.gui.widgets import Banner, FlowLayout, NoteLabel, Stretch, chars, rows_height, section
from calwizard.settings.model import FreeBusySource, PresenceTarget
from calwizard.wizard import flow
from calwizard.wizard import preview as pv
from calwizard.wizard.flow import StepId

log = logging.getLogger(__name__)

SOURCE_LABELS = {
    FreeBusySource.BUSY: QT_TRANSLATE_NOOP("mapping", "Busy"),
    FreeBusySource.TENTATIVE: QT_TRANSLATE_NOOP("mapping", "Tentative"),
    FreeBusySource.TENTATIVE_EXCEPTION: QT_TRANSLATE_NOOP("mapping", "Tentative (exception organizer)"),
    FreeBusySource.OUT_OF_OFFICE: QT_TRANSLATE_NOOP("mapping", "Out of office"),
    FreeBusySource.WORKING_ELSEWHERE: QT_TRANSLATE_NOOP("mapping", "Working elsewhere"),
    FreeBusySource.NO_DATA: QT_TRANSLATE_NOOP("mapping", "No data"),
}
TARGET_LABELS = {
    PresenceTarget.AVAILABLE: QT_TRANSLATE_NOOP("mapping", "Available"),
    PresenceTarget.BUSY: QT_TRANSLATE_NOOP("mapping", "Busy"),
    PresenceTarget.AWAY: QT_TRANSLATE_NOOP("mapping", "Away"),
    PresenceTarget.DO_NOT_DISTURB: QT_TRANSLATE_NOOP("mapping", "Do not disturb"),
    PresenceTarget.IGNORE: QT_TRANSLATE_NOOP("mapping", "Ignore"),
}
FREE_BUSY = ("busy", "tentative", "oof", "working_elsewhere", "free", "no_data")
SAMPLE = (
    ("08:00", "09:00", QT_TRANSLATE_NOOP("mapping", "Home office"), "working_elsewhere", ""),
    ("09:30", "10:30", QT_TRANSLATE_NOOP("mapping", "Weekly team meeting"), "busy", ""),
    ("10:00", "11:00", QT_TRANSLATE_NOOP("mapping", "Customer call"), "tentative", ""),
    ("13:00", "17:00", QT_TRANSLATE_NOOP("mapping", "Sick leave"), "tentative", "hr@contoso.com"),
    ("14:00", "15:00", QT_TRANSLATE_NOOP("mapping", "Vacation planning"), "busy", ""),
)


class MappingPage(BasePage):
    step = StepId.MAPPING
    subtitle = QT_TRANSLATE_NOOP(
        "MappingPage",
        "How appointments' free/busy status becomes PBX presence; the preview shows the "
        "result.")

    def build(self) -> None:
        # the six free/busy sources in two columns that wrap under each other on a narrow window
        columns = FlowLayout()
        forms = []
        for _ in range(2):
            box = QWidget(self)
            form = form_layout()
            form.setContentsMargins(0, 0, 0, 0)
            box.setLayout(form)
            columns.addWidget(box)
            forms.append(form)
        self.targets: dict[FreeBusySource, QComboBox] = {}
        for i, (src, label) in enumerate(SOURCE_LABELS.items()):
            combo = QComboBox(self)
            for t, tl in TARGET_LABELS.items():
                combo.addItem(QCoreApplication.translate("mapping", tl), t)
            label = QCoreApplication.translate("mapping", label)
            self.add_row(forms[i // 3], self.tr("{label}:").format(label=label), combo, f"mapping.{src.value}",
                         self.tr("{label} maps to").format(label=label))
            combo.currentIndexChanged.connect(lambda _i, s=src, c=combo: self.set_field(f"mapping.{s.value}",
                                                                                         c.currentData()))
            self.targets[src] = combo
        # one label width for both columns: stacked on a narrow window they read as one form
        labels = [forms[i // 3].labelForField(c) for i, c in enumerate(self.targets.values())]
        widest = max(lbl.sizeHint().width() for lbl in labels if lbl is not None)
        for lbl in labels:
            if lbl is not None:
                lbl.setMinimumWidth(widest)
                lbl.setAlignment(forms[0].labelAlignment() | Qt.AlignmentFlag.AlignVCenter)
        self.body.addLayout(columns)
        form = form_layout()
        self.organizers = self.add_row(form, self.tr("Tentative exception &organizers:"), QLineEdit(self),
                                       "mapping.tentative_exception_organizers",
                                           self.tr("Tentative exception organizers"))
        self.organizers.setPlaceholderText(self.tr("e.g. hr@contoso.com; office@contoso.com"))
        self.organizers.textChanged.connect(lambda t: self.set_field("mapping.tentative_exception_organizers", t))
        self.body.addLayout(form)

        self.body.addWidget(section(self.tr("Preview"), self))
        src = FlowLayout()
        self.source = QComboBox(self)
        self.source.setObjectName("preview-source")
        self.source.setAccessibleName(self.tr("Preview the appointments of"))
        self.source.setToolTip(self.tr("Sample appointments you can edit, or a configured mailbox whose "
                                       "real calendar (the next 48 hours) Read calendar fetches, as the "
                                       "engine would."))
        self.source.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        src_label = QLabel(self.tr("Appointments o&f:"), self)
        src_label.setBuddy(self.source)
        self.read_button = QPushButton(self.tr("&Read calendar"), self)
        self.read_button.setAutoDefault(False)
        self.read_button.setToolTip(self.tr("Read this mailbox's appointments of the next 48 hours with "
                                            "the engine's connection (token, Autodiscover, EWS or "
                                            "Microsoft Graph)."))
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setAutoDefault(False)
        self.stop_button.setAccessibleName(self.tr("Stop reading the calendar"))
        self.read_status = NoteLabel(self)
        self.read_status.setObjectName("preview-status")
        src.addWidget(src_label)
        src.addWidget(self.source)
        src.addWidget(self.read_button)
        src.addWidget(self.stop_button)
        self.body.addLayout(src)
        self.body.addWidget(self.read_status)
        self.read_banner = Banner(self)
        self.read_banner.setObjectName("preview-banner")
        self.body.addWidget(self.read_banner)
        self.read_timeout = pv.DEFAULT_TIMEOUT
        self.calendar: pv.CalendarRead | None = None
        self._reading = TaskHolder(self)
        self._reading.runningChanged.connect(self._running)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.read_button.clicked.connect(self.read_calendar)
        self.stop_button.clicked.connect(self.stop_reading)

        self.sample = QTableWidget(0, 5, self)
        self.sample.setObjectName("preview-appointments")
        self.sample.setAccessibleName(self.tr("Sample appointments"))
        self.sample.setHorizontalHeaderLabels([self.tr("Start"), self.tr("End"), self.tr("Subject"),
                                               self.tr("Free/busy"), self.tr("Organizer")])
        self.sample.verticalHeader().setVisible(False)
        self.sample.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, n in ((0, 8), (1, 8), (3, 20), (4, 20)):
            self.sample.setColumnWidth(col, chars(self.sample, n))
        self.sample.setTabKeyNavigation(False)
        self._sample_triggers = self.sample.editTriggers()
        for row in SAMPLE:
            self._add_sample(*row)
        self.sample.setColumnWidth(3, max(self.sample.cellWidget(r, 3).sizeHint().width()
                                          for r in range(self.sample.rowCount())))
        self.sample.setMinimumHeight(rows_height(self.sample, 2))
        # the appointments and the presence they give share the height: the splitter lets the technician choose
        self.tables = QSplitter(Qt.Orientation.Vertical, self)
        self.tables.setObjectName("preview-split")
        self.tables.setChildrenCollapsible(False)
        self.tables.addWidget(self.sample)
        lower = QWidget(self.tables)
        lower_lay = QVBoxLayout(lower)
        lower_lay.setContentsMargins(0, 0, 0, 0)
        self.sample.itemChanged.connect(lambda _i: self.update_preview())

        at = QHBoxLayout()
        self.at = QTimeEdit(self)
        self.at.setDisplayFormat("HH:mm")
        self.at.setTime(QTime(10, 15))
        self.at.setAccessibleName(self.tr("Preview time"))
        lbl = QLabel(self.tr("Presence &at:"), self)
        lbl.setBuddy(self.at)
        self.at_text = QLineEdit(self)
        self.at_text.setReadOnly(True)
        self.at_text.setAccessibleName(self.tr("Presence at the chosen time"))
        self.at_text.setObjectName("preview-at")
        self.reset = QPushButton(self.tr("Reset samples"), self)
        self.reset.setAutoDefault(False)
        at.addWidget(lbl)
        at.addWidget(self.at)
        at.addWidget(self.at_text, 1)
        at.addWidget(self.reset)
        lower_lay.addLayout(at)
        self.preview = QTableWidget(0, 3, self)
        self.preview.setObjectName("preview")
        self.preview.setAccessibleName(self.tr("Presence preview"))
        self.preview.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Activity"),
                                                self.tr("Presence text (as sent to the PBX)")])
        self.preview.verticalHeader().setVisible(False)
        self.preview.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setTabKeyNavigation(False)
        self.preview.setMinimumHeight(rows_height(self.preview, 2))
        lower_lay.addWidget(self.preview, 1)
        self.tables.addWidget(lower)
        self.tables.setStretchFactor(0, 2)
        self.tables.setStretchFactor(1, 3)
        self.body.addWidget(Stretch(self.tables, self), 1)
        self.at.timeChanged.connect(lambda _t: self.update_preview())
        self.reset.clicked.connect(self._reset)
        self._running(False)

    def _add_sample(self, start: str, end: str, subject: str, fb: str, organizer: str) -> None:
        r = self.sample.rowCount()
        self.sample.insertRow(r)
        subject = QCoreApplication.translate("mapping", subject)  # a sample's subject, in the user's language
        for c, v in ((0, start), (1, end), (2, subject), (4, organizer)):
            self.sample.setItem(r, c, QTableWidgetItem(v))
        combo = QComboBox(self.sample)
        for value in FREE_BUSY:  # shown in words, the value (Exchange's) kept as the item's data
            combo.addItem(QCoreApplication.translate("preview", pv.FREE_BUSY_LABELS[value]), value)
        combo.setCurrentIndex(max(0, combo.findData(fb)))
        combo.setAccessibleName(self.tr("Free/busy of sample {row}").format(row=r + 1))
        combo.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.sample.setCellWidget(r, 3, combo)

    def _reset(self) -> None:
        """Back to the (original) sample appointments."""
        self.stop_reading()
        self.source.blockSignals(True)
        self.source.setCurrentIndex(0)
        self.source.blockSignals(False)
        self.read_banner.show_message(None)
        self.read_status.setText("")
        self._show_samples()
        self._running(self._reading.running)

    def _show_samples(self) -> None:
        self.calendar = None
        self.sample.blockSignals(True)
        self.sample.setRowCount(0)
        self.sample.setEditTriggers(self._sample_triggers)
        self.sample.setAccessibleName(self.tr("Sample appointments"))
        for row in SAMPLE:
            self._add_sample(*row)
        self.sample.blockSignals(False)
        self.reset.setText(self.tr("Reset samples"))
        self.update_preview()

    def load(self, state: flow.WizardState) -> None:
        m = state.settings.mapping
        for src, combo in self.targets.items():
            combo.setCurrentIndex(max(0, combo.findData(m.target_for(src))))
        self.organizers.setText("; ".join(m.tentative_exception_organizers))
        self._fill_sources(state)

    def on_state(self, state: flow.WizardState) -> None:
        self._fill_sources(state)
        self.update_preview()

    def leave(self) -> None:
        self.stop_reading()

    # -- reading a mailbox's calendar ------------------------------------------------------------

    def _fill_sources(self, state: flow.WizardState) -> None:
        """The source list: the samples, then the configured mailboxes (the selection is kept by PBX name)."""
        choices = [(pv.SAMPLE_SOURCE, self.tr("Sample appointments (edit them to try)"))]
        choices += pv.mailbox_choices(state.settings)
        current = [(self.source.itemData(i), self.source.itemText(i)) for i in range(self.source.count())]
        if current == choices:
            return
        keep = self.source.currentData() or pv.SAMPLE_SOURCE
        self.source.blockSignals(True)
        self.source.clear()
        for key, label in choices:
            self.source.addItem(label, key)
        self.source.setCurrentIndex(max(0, self.source.findData(keep)))
        self.source.blockSignals(False)
        self._source_changed()

    def _source_changed(self, _index: int = 0) -> None:
        key = self.source.currentData() or pv.SAMPLE_SOURCE
        if self._reading.running:
            self.stop_reading()
        self.read_banner.show_message(None)
        if key == pv.SAMPLE_SOURCE:
            self.read_status.setText("")
            if self.calendar is not None:
                self._show_samples()
        elif self.calendar is None or self.calendar.pbx_name != key:
            self.read_status.setText(self.tr("Showing {shown}: Read calendar shows this mailbox's real "
                                             "appointments of the next 48 hours.").format(shown=self._shown()))
        self._running(self._reading.running)

    def _shown(self) -> str:
        return self.tr("the sample appointments") if self.calendar is None else self.tr(
            "the calendar of {name}").format(name=self.calendar.pbx_name)

    def read_calendar(self) -> None:
        """Read the chosen mailbox's calendar (the next 48 hours) in the background; the preview then uses it."""
        key = self.source.currentData()
        state = self.ctl.state
        if not key or state is None:
            return
        self.read_banner.show_message(None)
        self.read_status.setText(self.tr("Reading the calendar of {mailbox}…").format(
            mailbox=self.source.currentText()))
        self._reading.start(self._read(state, key))

    def stop_reading(self) -> None:
        if self._reading.cancel():
            self.read_status.setText(self.tr("Reading the calendar was stopped."))

    async def _read(self, state: flow.WizardState, key: str) -> None:
        try:
            got = await pv.read_calendar(state.settings, self.ctl.fetcher(state), key, timeout=self.read_timeout)
        except pv.PreviewError as exc:
            self.read_status.setText(self.tr("The calendar could not be read; the preview still shows "
                                             "{shown}.").format(shown=self._shown()))
            self.read_banner.show_message("failed", exc.message + ("\n" + self.tr("How to fix: {remedy}").format(
                remedy=exc.remedy) if exc.remedy else ""))
            return
        except asyncio.CancelledError:
            self.read_status.setText(self.tr("Reading the calendar was stopped."))
            raise
        except Exception:  # a bug, not a calendar problem: logged with its traceback, shown as such
            log.exception("internal error while reading a calendar for the preview")
            self.read_status.setText(self.tr("The calendar could not be read; the preview still shows "
                                             "{shown}.").format(shown=self._shown()))
            self.read_banner.show_message("failed", self.tr("Internal error while reading the calendar "
                                                            "(details in the log)."))
            return
        self.show_calendar(got)

    def show_calendar(self, got: pv.CalendarRead) -> None:
        """Put a mailbox's appointments into the table (read-only) and preview them."""
        state = self.ctl.state
        tz = ZoneInfo(state.settings.pbx.presence_timezone) if state is not None else ZoneInfo("UTC")
        self.calendar = got
        self.sample.blockSignals(True)
        self.sample.setRowCount(0)
        self.sample.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.sample.setAccessibleName(self.tr("Appointments of {pbx_name}").format(pbx_name=got.pbx_name))
        now = datetime.now(UTC)
        for appt in got.appointments:
            r = self.sample.rowCount()
            self.sample.insertRow(r)
            for c, v in enumerate(pv.appointment_cells(appt, now, tz)):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                self.sample.setItem(r, c, item)
        self.sample.blockSignals(False)
        self.reset.setText(self.tr("Back to samples"))
        n = len(got.appointments)
        self.read_status.setText(
            self.tr("{address}: %n appointment(s) in the next 48 hours (read at {time}).", None, n).format(
                address=got.address, time=QLocale().toString(QTime(got.start.astimezone(tz).hour,
                                                                   got.start.astimezone(tz).minute),
                                                             QLocale.FormatType.ShortFormat)))
        self.update_preview()

    def _running(self, running: bool) -> None:
        key = self.source.currentData()
        self.read_button.setEnabled(bool(key) and not running)
        self.stop_button.setEnabled(running)
        self.set_busy(running)

    def initializePage(self) -> None:
        super().initializePage()
        self.update_preview()

    # -- preview -------------------------------------------------------------------------------------

    def appointments(self, day: datetime, tz: ZoneInfo) -> list[Any]:
        from calwizard.engine.model import Appointment

        out = []
        for r in range(self.sample.rowCount()):
            cells = [(self.sample.item(r, c).text().strip() if self.sample.item(r, c) else "") for c in range(5)]
            combo = self.sample.cellWidget(r, 3)
            try:
                start = _at(day, cells[0], tz)
                end = _at(day, cells[1], tz)
                out.append(Appointment(start=start, end=end, subject=cells[2], free_busy=combo.currentData(),
                                       organizer=cells[4]))
            except ValueError:
                continue
        return out

    def update_preview(self) -> None:
        state = self.ctl.state
        if state is None:
            return
        s = state.settings
        tz = ZoneInfo(s.pbx.presence_timezone)
        now = datetime.now(UTC)
        appts = list(self.calendar.appointments) if self.calendar is not None else \
            self.appointments(pv.local_day(now, tz), tz)
        self.preview.setRowCount(0)
        for row in pv.presence_rows(appts, now, s.pbx, s.mapping):
            r = self.preview.rowCount()
            self.preview.insertRow(r)
            for c, v in enumerate((row.label, row.activity, row.text)):
                item = QTableWidgetItem(v)
                item.setToolTip(row.text if c == 2 else v)
                self.preview.setItem(r, c, item)
        qt = self.at.time()
        p = pv.presence_at(appts, now, qt.hour(), qt.minute(), s.pbx, s.mapping)
        self.at_text.setText(f"{p.activity}: {p.text}")
        self.at_text.setCursorPosition(0)
        self.preview.resizeColumnToContents(0)
        self.preview.resizeColumnToContents(1)


def _at(day: datetime, hhmm: str, tz: ZoneInfo) -> datetime:
    h, _, m = hhmm.partition(":")
    t = datetime.combine(day.date(), time(int(h), int(m or 0)), tzinfo=tz)
    return t if int(h) < 24 else t + timedelta(days=1)


__all__ = ["MappingPage", "Qt"]
