"""Reusable widgets: status icons and spinner, secret field with show/hide, file field, copyable value,
field help drawn from the settings' descriptions, a message banner, and the check results tree."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QRectF, QSize, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from calwizard.gui.messages import STATUS_COLORS, STATUS_TEXT, Banner, ErrorLabel, field_help, with_help

# --------------------------------------------------------------------------- icons

def _dpr() -> float:
    app = QGuiApplication.instance()
    screen = QGuiApplication.primaryScreen() if app is not None else None
    return max(2.0, screen.devicePixelRatio() if screen is not None else 1.0)


def status_icon(status: str, size: int = 16) -> QIcon:
    """A round status icon (check, exclamation, cross, dash), drawn crisp at the screen's pixel ratio."""
    dpr = _dpr()
    pm = QPixmap(int(size * dpr), int(size * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(QtCore.Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(STATUS_COLORS.get(status, "#80868b"))
    r = QRectF(1, 1, size - 2, size - 2)
    if status == "queued":
        p.setPen(QPen(color, 1.5))
        p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        p.drawEllipse(r.adjusted(1, 1, -1, -1))
        p.end()
        return QIcon(pm)
    p.setPen(QtCore.Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawEllipse(r)
    qt = QtCore.Qt
    pen = QPen(QColor("white"), size / 8, qt.PenStyle.SolidLine, qt.PenCapStyle.RoundCap, qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    s = size
    if status == "ok":
        path = QPainterPath()
        path.moveTo(s * 0.28, s * 0.52)
        path.lineTo(s * 0.44, s * 0.68)
        path.lineTo(s * 0.72, s * 0.36)
        p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    elif status == "warning":
        p.drawLine(int(s * 0.5), int(s * 0.27), int(s * 0.5), int(s * 0.56))
        p.drawPoint(int(s * 0.5), int(s * 0.73))
    elif status == "failed":
        p.drawLine(int(s * 0.33), int(s * 0.33), int(s * 0.67), int(s * 0.67))
        p.drawLine(int(s * 0.67), int(s * 0.33), int(s * 0.33), int(s * 0.67))
    else:
        p.drawLine(int(s * 0.3), int(s * 0.5), int(s * 0.7), int(s * 0.5))
    p.end()
    return QIcon(pm)


def spinner_icon(frame: int, size: int = 16, color: QColor | None = None) -> QIcon:
    """Frame ``frame`` (0-11) of a spinner: an arc turning 30° per frame."""
    dpr = _dpr()
    pm = QPixmap(int(size * dpr), int(size * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(QtCore.Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    c = color or QApplication.palette().color(QPalette.ColorRole.Highlight)
    p.setPen(QPen(c, size / 7, QtCore.Qt.PenStyle.SolidLine, QtCore.Qt.PenCapStyle.RoundCap))
    r = QRectF(2, 2, size - 4, size - 4)
    p.drawArc(r, -frame * 30 * 16, 270 * 16)
    p.end()
    return QIcon(pm)


class SpinnerClock(QTimer):
    """One timer that advances every spinner of a widget (80 ms per frame)."""

    frame = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._n = 0
        self.setInterval(80)
        self.timeout.connect(self._tick)

    def _tick(self) -> None:
        self._n = (self._n + 1) % 12
        self.frame.emit(self._n)


# --------------------------------------------------------------------------- inputs


class SecretField(QWidget):
    """A masked line edit with a show/hide toggle (keyboard: the toggle is a tool button after the field).

    ``placeholder`` tells where a value already configured is kept; the field never shows it.
    """

    textChanged = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(name)
        self.edit.setClearButtonEnabled(False)
        self.toggle = QToolButton(self)
        self.toggle.setText("Show")
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(f"Show {name.lower()}")
        self.toggle.setToolTip("Show or hide the value (Alt+S)")
        self.toggle.toggled.connect(self._toggled)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.toggle)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self.textChanged)

    def _toggled(self, on: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.toggle.setText("Hide" if on else "Show")

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def setPlaceholderText(self, text: str) -> None:
        self.edit.setPlaceholderText(text)

    def setToolTip(self, text: str) -> None:
        super().setToolTip(text)
        self.edit.setToolTip(text)


class FileField(QWidget):
    """A path line edit with a Browse… button."""

    textChanged = Signal(str)

    def __init__(self, name: str, caption: str, filters: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(name)
        self.button = QPushButton("Browse…", self)
        self.button.setAccessibleName(f"Browse for {name.lower()}")
        self.button.setAutoDefault(False)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.button)
        self._caption, self._filters = caption, filters
        self.button.clicked.connect(self._browse)
        self.edit.textChanged.connect(self.textChanged)
        self.setFocusProxy(self.edit)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self._caption, self.edit.text(), self._filters)
        if path:
            self.edit.setText(path)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def setToolTip(self, text: str) -> None:
        super().setToolTip(text)
        self.edit.setToolTip(text)


class CopyField(QWidget):
    """A read-only value with a Copy button (values the technician pastes into the Entra admin center)."""

    def __init__(self, name: str, value: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.edit = QLineEdit(value, self)
        self.edit.setReadOnly(True)
        self.edit.setAccessibleName(name)
        self.edit.setCursorPosition(0)
        self.button = QPushButton("Copy", self)
        self.button.setAccessibleName(f"Copy {name}")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.copy)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.button)

    def setValue(self, value: str) -> None:
        self.edit.setText(value)
        self.edit.setCursorPosition(0)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.edit.text())
        self.button.setText("Copied")
        QTimer.singleShot(1500, self.button, lambda: self.button.setText("Copy"))  # context: no call after deletion


def section(title: str, parent: QWidget | None = None) -> QLabel:
    lbl = QLabel(f"<b>{title}</b>", parent)
    lbl.setTextFormat(QtCore.Qt.TextFormat.RichText)
    return lbl


# --------------------------------------------------------------------------- check results


class CheckTree(QTreeWidget):
    """Check results: one row per check (icon, title, summary); rows with several results (mailboxes)
    get children. Running checks spin. Selecting a row shows its detail and remedy (see :meth:`details`)."""

    STATUS_ROLE = 0x0100 + 1  # Qt.ItemDataRole.UserRole + 1 (a literal: no Qt namespace at import time)
    RESULT_ROLE = 0x0100 + 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels(["Check", "Status", "Result"])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setAccessibleName("Check results")
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.setIconSize(QSize(16, 16))
        self._items: dict[str, QTreeWidgetItem] = {}
        self._clock = SpinnerClock(self)
        self._clock.frame.connect(self._spin)
        self._titles: dict[str, str] = {}

    def reset_checks(self, specs: Iterable[Any]) -> None:
        self.clear()
        self._items.clear()
        for spec in specs:
            item = QTreeWidgetItem(self, [spec.title, "", ""])
            item.setData(0, QtCore.Qt.ItemDataRole.UserRole, spec.id)
            self._items[spec.id] = item
            self._titles[spec.id] = spec.title
            self._set_status(item, "queued", "")
        self._update_clock()

    def item_for(self, spec_id: str) -> QTreeWidgetItem | None:
        return self._items.get(spec_id)

    def _set_status(self, item: QTreeWidgetItem, status: str, summary: str) -> None:
        item.setData(0, self.STATUS_ROLE, status)
        item.setText(1, STATUS_TEXT.get(status, status))
        item.setText(2, summary)
        item.setToolTip(2, summary)
        if status == "running":
            item.setIcon(0, spinner_icon(0))
        else:
            item.setIcon(0, status_icon(status))

    def follow(self, job: Any) -> None:
        """Show the progress of ``job`` (a :class:`calwizard.gui.asyncglue.CheckJob`): queued and running checks
        are marked, finished ones get their results."""
        job.queued.connect(lambda i: self.mark(i, "queued"))
        job.started.connect(lambda i: self.mark(i, "running"))
        job.finished.connect(self.set_results)

    def mark(self, spec_id: str, status: str, summary: str = "") -> None:
        item = self._items.get(spec_id)
        if item is None:
            return
        if status == "running":
            item.takeChildren()
        self._set_status(item, status, summary or ("Checking…" if status == "running" else ""))
        self._update_clock()

    def set_results(self, spec_id: str, results: Iterable[Any]) -> None:
        item = self._items.get(spec_id)
        if item is None:
            return
        results = list(results)
        item.takeChildren()
        worst = _worst([r.status.value for r in results]) if results else "ok"
        if len(results) == 1 and results[0].id == spec_id:
            self._set_status(item, worst, results[0].summary)
            item.setData(0, self.RESULT_ROLE, results[0])
        else:
            counts = _count(results)
            self._set_status(item, worst, counts)
            item.setData(0, self.RESULT_ROLE, None)
            for r in results:
                child = QTreeWidgetItem(item, [_short_id(r.id), "", ""])
                child.setData(0, QtCore.Qt.ItemDataRole.UserRole, spec_id)
                child.setData(0, self.RESULT_ROLE, r)
                self._set_status(child, r.status.value, r.summary)
            if worst in ("failed", "warning"):
                item.setExpanded(True)
        self._update_clock()

    def _update_clock(self) -> None:
        running = any(it.data(0, self.STATUS_ROLE) == "running" for it in self._items.values())
        if running and not self._clock.isActive():
            self._clock.start()
        elif not running:
            self._clock.stop()

    def _spin(self, frame: int) -> None:
        icon = spinner_icon(frame)
        for it in self._items.values():
            if it.data(0, self.STATUS_ROLE) == "running":
                it.setIcon(0, icon)

    def stop(self, status: str = "skipped", summary: str = "Cancelled") -> None:
        """Mark every unfinished check (cancel)."""
        for it in self._items.values():
            if it.data(0, self.STATUS_ROLE) in ("running", "queued"):
                self._set_status(it, status, summary)
        self._update_clock()

    def fit_height(self, minimum_rows: int = 1) -> None:
        """Make the tree exactly as tall as its visible rows (no empty area under a few checks)."""
        rows = 0
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            rows += 1 + (top.childCount() if top.isExpanded() else 0)
        row_h = max(self.sizeHintForRow(0), self.fontMetrics().height() + 6)
        frame = 2 * self.frameWidth() + 2
        self.setFixedHeight(self.header().sizeHint().height() + max(rows, minimum_rows) * row_h + frame)

    def statuses(self) -> dict[str, str]:
        return {k: it.data(0, self.STATUS_ROLE) for k, it in self._items.items()}

    def selected_result(self) -> Any:
        items = self.selectedItems()
        return items[0].data(0, self.RESULT_ROLE) if items else None


def _worst(statuses: Iterable[str]) -> str:
    order = ["failed", "warning", "ok", "skipped"]
    found = set(statuses)
    for s in order:
        if s in found:
            return s
    return "ok"


def _count(results: Iterable[Any]) -> str:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status.value] = counts.get(r.status.value, 0) + 1
    return ", ".join(f"{n} {STATUS_TEXT[s].lower()}" for s, n in counts.items())


def _short_id(check_id: str) -> str:
    return check_id.split(":", 1)[1] if ":" in check_id else check_id


def result_html(result: Any) -> str:
    """Detail and remedy of one result as HTML for a details pane."""
    from html import escape

    if result is None:
        return "<p>Select a check to see what was tried and how to fix it.</p>"
    parts = [f"<p><b>{escape(STATUS_TEXT.get(result.status.value, result.status.value))}</b> — "
             f"{escape(result.summary)}</p>"]
    if result.remedy:
        # a multi-line remedy (e.g. PowerShell to run) keeps its lines: the first as text, the rest preformatted
        first, _, rest = result.remedy.partition("\n")
        parts.append(f"<p><b>How to fix:</b> {escape(first)}</p>")
        if rest.strip():
            parts.append(f"<pre style='white-space: pre-wrap'>{escape(rest)}</pre>")
    if result.detail:
        parts.append(f"<p><b>Detail:</b></p><pre style='white-space: pre-wrap'>{escape(result.detail)}</pre>")
    chain = result.evidence.get("chain") if isinstance(result.evidence, dict) else None
    if chain and result.detail:  # the detail is the chain as text: show the list only
        parts.pop()
    if chain:
        rows = "".join(
            f"<li>{escape(str(a.get('url', '')))}: {escape(str(a.get('outcome', '')))}</li>" for a in chain
            if isinstance(a, dict)
        )
        parts.append(f"<p><b>URLs tried:</b></p><ul>{rows}</ul>")
    if result.duration:
        parts.append(f"<p style='color: gray'>{escape(result.id)} · {result.duration:.2f} s</p>")
    return "".join(parts)


def vbox(parent: QWidget | None = None, *widgets: QWidget) -> QVBoxLayout:
    lay = QVBoxLayout(parent)
    for w in widgets:
        lay.addWidget(w)
    return lay


__all__ = [
    "STATUS_COLORS",
    "STATUS_TEXT",
    "Banner",
    "CheckTree",
    "CopyField",
    "ErrorLabel",
    "FileField",
    "SecretField",
    "field_help",
    "result_html",
    "spinner_icon",
    "status_icon",
    "with_help",
]
