"""Page 7: Presence mapping, with a live preview drawn by the engine's presence renderer.

The preview runs :func:`calwizard.engine.presence.compute_presence` over a day of sample appointments
(editable) with the configured language, timezone, priority words and mapping: the presence string
the engine would send now and at each change today, and at a time the technician picks.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
)

from calwizard.gui.pages.base import BasePage, form_layout
from calwizard.gui.widgets import section
from calwizard.settings.model import FreeBusySource, PresenceTarget
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId

SOURCE_LABELS = {
    FreeBusySource.BUSY: "Busy",
    FreeBusySource.TENTATIVE: "Tentative",
    FreeBusySource.TENTATIVE_EXCEPTION: "Tentative (exception organizer)",
    FreeBusySource.OUT_OF_OFFICE: "Out of office",
    FreeBusySource.WORKING_ELSEWHERE: "Working elsewhere",
    FreeBusySource.NO_DATA: "No data",
}
TARGET_LABELS = {
    PresenceTarget.AVAILABLE: "Available",
    PresenceTarget.BUSY: "Busy",
    PresenceTarget.AWAY: "Away",
    PresenceTarget.DO_NOT_DISTURB: "Do not disturb",
    PresenceTarget.IGNORE: "Ignore",
}
FREE_BUSY = ("busy", "tentative", "oof", "working_elsewhere", "free", "no_data")
SAMPLE = (
    ("08:00", "09:00", "Home office", "working_elsewhere", ""),
    ("09:30", "10:30", "Weekly team meeting", "busy", ""),
    ("10:00", "11:00", "Customer call", "tentative", ""),
    ("13:00", "17:00", "Sick leave", "tentative", "hr@contoso.com"),
    ("14:00", "15:00", "Vacation planning", "busy", ""),
)


class MappingPage(BasePage):
    step = StepId.MAPPING
    subtitle = "How appointments' free/busy status becomes PBX presence; the preview shows the result."

    def build(self) -> None:
        top = QHBoxLayout()
        form = form_layout()
        self.targets: dict[FreeBusySource, QComboBox] = {}
        for src, label in SOURCE_LABELS.items():
            combo = QComboBox(self)
            combo.setMaximumWidth(260)
            for t, tl in TARGET_LABELS.items():
                combo.addItem(tl, t)
            self.add_row(form, f"{label}:", combo, f"mapping.{src.value}", f"{label} maps to")
            combo.currentIndexChanged.connect(lambda _i, s=src, c=combo: self.set_field(f"mapping.{s.value}",
                                                                                         c.currentData()))
            self.targets[src] = combo
        self.organizers = self.add_row(form, "Tentative exception &organizers:", QLineEdit(self),
                                       "mapping.tentative_exception_organizers", "Tentative exception organizers")
        self.organizers.setPlaceholderText("e.g. hr@contoso.com; office@contoso.com")
        self.organizers.setMinimumWidth(420)
        self.organizers.textChanged.connect(lambda t: self.set_field("mapping.tentative_exception_organizers", t))
        top.addLayout(form)
        top.addStretch(1)
        self.body.addLayout(top)

        self.body.addWidget(section("Preview — today's sample appointments (edit them to try)", self))
        self.sample = QTableWidget(0, 5, self)
        self.sample.setObjectName("preview-appointments")
        self.sample.setAccessibleName("Sample appointments")
        self.sample.setHorizontalHeaderLabels(["Start", "End", "Subject", "Free/busy", "Organizer"])
        self.sample.verticalHeader().setVisible(False)
        self.sample.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 64), (1, 64), (3, 170), (4, 170)):
            self.sample.setColumnWidth(col, width)
        self.sample.setTabKeyNavigation(False)
        for row in SAMPLE:
            self._add_sample(*row)
        self.sample.setMinimumHeight(120)
        self.body.addWidget(self.sample, 1)
        self.sample.itemChanged.connect(lambda _i: self.update_preview())

        at = QHBoxLayout()
        self.at = QTimeEdit(self)
        self.at.setDisplayFormat("HH:mm")
        self.at.setTime(QTime(10, 15))
        self.at.setAccessibleName("Preview time")
        lbl = QLabel("Presence &at:", self)
        lbl.setBuddy(self.at)
        self.at_text = QLineEdit(self)
        self.at_text.setReadOnly(True)
        self.at_text.setAccessibleName("Presence at the chosen time")
        self.at_text.setObjectName("preview-at")
        self.reset = QPushButton("Reset samples", self)
        self.reset.setAutoDefault(False)
        at.addWidget(lbl)
        at.addWidget(self.at)
        at.addWidget(self.at_text, 1)
        at.addWidget(self.reset)
        self.body.addLayout(at)
        self.preview = QTableWidget(0, 3, self)
        self.preview.setObjectName("preview")
        self.preview.setAccessibleName("Presence preview")
        self.preview.setHorizontalHeaderLabels(["Time", "Activity", "Presence text (as sent to the PBX)"])
        self.preview.verticalHeader().setVisible(False)
        self.preview.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setTabKeyNavigation(False)
        self.preview.setMinimumHeight(150)
        self.body.addWidget(self.preview, 1)
        self.at.timeChanged.connect(lambda _t: self.update_preview())
        self.reset.clicked.connect(self._reset)

    def _add_sample(self, start: str, end: str, subject: str, fb: str, organizer: str) -> None:
        r = self.sample.rowCount()
        self.sample.insertRow(r)
        for c, v in ((0, start), (1, end), (2, subject), (4, organizer)):
            self.sample.setItem(r, c, QTableWidgetItem(v))
        combo = QComboBox(self.sample)
        combo.addItems(FREE_BUSY)
        combo.setCurrentText(fb)
        combo.setAccessibleName(f"Free/busy of sample {r + 1}")
        combo.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.sample.setCellWidget(r, 3, combo)

    def _reset(self) -> None:
        self.sample.blockSignals(True)
        self.sample.setRowCount(0)
        for row in SAMPLE:
            self._add_sample(*row)
        self.sample.blockSignals(False)
        self.update_preview()

    def load(self, state: flow.WizardState) -> None:
        m = state.settings.mapping
        for src, combo in self.targets.items():
            combo.setCurrentIndex(max(0, combo.findData(m.target_for(src))))
        self.organizers.setText("; ".join(m.tentative_exception_organizers))

    def on_state(self, state: flow.WizardState) -> None:
        self.update_preview()

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
                out.append(Appointment(start=start, end=end, subject=cells[2], free_busy=combo.currentText(),
                                       organizer=cells[4]))
            except ValueError:
                continue
        return out

    def update_preview(self) -> None:
        from calwizard.engine.presence import compute_presence

        state = self.ctl.state
        if state is None:
            return
        s = state.settings
        tz = ZoneInfo(s.pbx.presence_timezone)
        now = datetime.now(UTC)
        day = now.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
        appts = self.appointments(day, tz)
        times = sorted({a.start for a in appts} | {a.end for a in appts})
        rows: list[tuple[str, datetime]] = [("Now", now)]
        rows += [(t.astimezone(tz).strftime("%H:%M"), t) for t in times if t.astimezone(tz).date() == day.date()]
        self.preview.setRowCount(0)
        for label, t in rows:
            p = compute_presence(t, appts, s.pbx, s.mapping)
            r = self.preview.rowCount()
            self.preview.insertRow(r)
            for c, v in enumerate((label, str(p.activity.value), p.text)):
                item = QTableWidgetItem(v)
                item.setToolTip(p.text if c == 2 else v)
                self.preview.setItem(r, c, item)
        qt = self.at.time()
        at = datetime.combine(day.date(), time(qt.hour(), qt.minute()), tzinfo=tz)
        p = compute_presence(at, appts, s.pbx, s.mapping)
        self.at_text.setText(f"{p.activity.value}: {p.text}")
        self.at_text.setCursorPosition(0)
        self.preview.resizeColumnToContents(0)
        self.preview.resizeColumnToContents(1)


def _at(day: datetime, hhmm: str, tz: ZoneInfo) -> datetime:
    h, _, m = hhmm.partition(":")
    t = datetime.combine(day.date(), time(int(h), int(m or 0)), tzinfo=tz)
    return t if int(h) < 24 else t + timedelta(days=1)


__all__ = ["MappingPage", "Qt"]
