"""Reusable widgets: status icons and spinner, secret field with show/hide, file field, copyable value,
field help drawn from the settings' descriptions, a message banner, and the check results tree."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QPoint, QRect, QRectF, QSize, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from calwizard.gui.icons import STATUS_ICONS, status_icon  # noqa: F401 - re-exported
from calwizard.gui.messages import (
    STATUS_COLORS,
    STATUS_TEXT,
    Banner,
    ErrorLabel,
    NoteLabel,
    field_help,
    status_text,
    with_help,
)

# --------------------------------------------------------------------------- icons

def _dpr() -> float:
    app = QGuiApplication.instance()
    screen = QGuiApplication.primaryScreen() if app is not None else None
    return max(2.0, screen.devicePixelRatio() if screen is not None else 1.0)


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


# --------------------------------------------------------------------------- layout


class FlowLayout(QLayout):
    """Widgets in a row that wraps onto the next line when the page is too narrow (a button bar on a 640 px wide
    window at 200 %), instead of forcing horizontal scrolling. ``addStretch``-like gaps are not supported: items
    are packed to the left; :meth:`addWidget` only."""

    def __init__(self, parent: QWidget | None = None, spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> QtCore.Qt.Orientation:  # type: ignore[override]
        return QtCore.Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All items in one row."""
        gap = self._gap()
        visible = [i for i in self._items if not i.isEmpty()]
        w = sum(i.sizeHint().width() for i in visible) + gap * max(0, len(visible) - 1)
        h = max((i.sizeHint().height() for i in visible), default=0)
        m = self.contentsMargins()
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """The widest item (everything else wraps)."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _gap(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        style = parent.style() if parent is not None else QApplication.style()
        return max(4, style.layoutSpacing(QSizePolicy.ControlType.PushButton, QSizePolicy.ControlType.PushButton,
                                          QtCore.Qt.Orientation.Horizontal))

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in lines (each item vertically centred in its line); returns the height used."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self._gap()
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = area.x()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if lines[-1] and x + hint.width() > area.right() + 1:
                lines.append([])
                x = area.x()
            lines[-1].append((item, hint))
            x += hint.width() + gap
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(h.height() for _, h in line)
            x = area.x()
            for item, hint in line:
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2),
                                           QSize(min(hint.width(), area.width()), hint.height())))
                x += hint.width() + gap
            y += height + gap
        return max(0, y - gap - rect.y()) + m.bottom()


class Stretch(QWidget):
    """Holds a table, tree or splitter that takes the height left on a page.

    It asks for no more than its minimum: a page's scroll area gives its content the content's *preferred* height
    whenever word-wrapped text makes that height depend on the width, so a table asking for its usual preferred
    size would make a page scroll that fits. The page gives it the rest through its stretch factor.
    """

    def __init__(self, child: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"stretch:{child.objectName()}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(child)
        self.child = child

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()


class ColumnFitter(QtCore.QObject):
    """Gives a table's fixed columns their preferred widths while the table is wide enough, and shrinks them (never
    below their titles) when it is not, so that the stretching column keeps at least room for its own title: on a
    small screen at a large scale factor no column title is cut. A width the technician drags stays until the table
    itself changes size.

    Args:
        table: a QTableWidget/QTableView whose column ``stretch`` has ``QHeaderView.ResizeMode.Stretch``.
        preferred: column -> preferred width in average characters (:func:`chars`).
    """

    def __init__(self, table: Any, stretch: int, preferred: dict[int, float]) -> None:
        super().__init__(table)
        self.table, self.stretch, self.preferred = table, stretch, preferred
        table.installEventFilter(self)
        self.fit()

    def _title(self, col: int) -> int:
        h = self.table.horizontalHeader()
        item = self.table.model().headerData(col, QtCore.Qt.Orientation.Horizontal)
        margin = 2 * h.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, h)
        return h.fontMetrics().horizontalAdvance(str(item or "")) + margin

    def fit(self) -> None:
        want = {c: chars(self.table, n) for c, n in self.preferred.items()}
        room = self.table.viewport().width() - self._title(self.stretch)
        total = sum(want.values())
        factor = min(1.0, room / total) if total and room > 0 else 1.0
        for c, w in want.items():
            self.table.setColumnWidth(c, max(self._title(c), int(w * factor)))

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if obj is self.table and event.type() == QtCore.QEvent.Type.Resize:
            self.fit()
        return False


FIXED_FAMILIES = ("DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono", "Cascadia Mono", "Consolas", "Menlo",
                  "SF Mono", "Courier New", "Courier")
"""Fixed-pitch families tried, in order, when the system's fixed font is not fixed-pitch after all (a fontconfig
``monospace`` alias can resolve to a proportional font on a sparse system)."""


def renders_fixed_pitch(font: QFont) -> bool:
    """Whether text in ``font`` *looks* monospaced: narrow and wide letters take the same width (what a reader
    of PowerShell sees), whatever the family is called or claims."""
    from PySide6.QtGui import QFontMetricsF

    fm = QFontMetricsF(font)
    return abs(fm.horizontalAdvance("iiiiiiii") - fm.horizontalAdvance("WWWWWWWW")) < 0.5


def fixed_font() -> QFont:
    """A monospaced font for code (PowerShell): the system's fixed font (:class:`QFontDatabase` ``FixedFont``),
    else the first installed family of :data:`FIXED_FAMILIES` that renders monospaced, else the system's."""
    from PySide6.QtGui import QFontDatabase

    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if renders_fixed_pitch(font):
        return font
    installed = set(QFontDatabase.families())
    for family in FIXED_FAMILIES:
        if family in installed:
            candidate = QFont(font)
            candidate.setFamilies([family])
            if renders_fixed_pitch(candidate):
                return candidate
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    return font


def chars(widget: QWidget, n: float) -> int:
    """The width of ``n`` average characters in ``widget``'s font (sizes follow the font and the scale factor,
    never fixed pixels)."""
    return round(widget.fontMetrics().averageCharWidth() * n)


def rows_height(view: Any, rows: int) -> int:
    """The height of a table, tree or list showing its header (if it has one) and ``rows`` rows (for a minimum
    height)."""
    header = view.horizontalHeader() if hasattr(view, "horizontalHeader") else \
        view.header() if hasattr(view, "header") else None
    row = view.verticalHeader().defaultSectionSize() if hasattr(view, "verticalHeader") else \
        view.fontMetrics().height() + 8
    top = header.sizeHint().height() if header is not None and not header.isHidden() else 0
    return top + rows * row + 2 * view.frameWidth()


# --------------------------------------------------------------------------- inputs


class SecretField(QWidget):
    """A masked line edit with a show/hide toggle (keyboard: the toggle is a tool button after the field).

    ``placeholder`` tells where a value already configured is kept; the field never shows it.
    """

    textChanged = Signal(str)
    removeRequested = Signal()
    """The technician asked to remove the stored secret (the "Remove…" button, shown by :meth:`set_stored`)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.edit = QLineEdit(self)
        self.remove = QToolButton(self)
        self.remove.setText(QtCore.QCoreApplication.translate("SecretField", "Remove…"))
        self.remove.setAccessibleName(QtCore.QCoreApplication.translate("SecretField", "Remove the stored {name}")
                                      .format(name=name.lower()))
        self.remove.setToolTip(QtCore.QCoreApplication.translate(
            "SecretField", "Remove the stored value from this configuration (asks first)"))
        self.remove.hide()
        self.remove.clicked.connect(self.removeRequested)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(name)
        self.edit.setClearButtonEnabled(False)
        self.toggle = QToolButton(self)
        self.toggle.setText(self.tr("Show"))
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(self.tr("Show {lower}").format(lower=name.lower()))
        self.toggle.setToolTip(self.tr("Show or hide the value (Alt+S)"))
        self.toggle.toggled.connect(self._toggled)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.toggle)
        lay.addWidget(self.remove)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self.textChanged)

    def set_stored(self, stored: bool) -> None:
        """A value is kept outside the wizard (secret store, environment): offer to remove it."""
        self.remove.setVisible(stored)

    def _toggled(self, on: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.toggle.setText(self.tr("Hide") if on else self.tr("Show"))

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
        self.button = QPushButton(self.tr("Browse…"), self)
        self.button.setAccessibleName(self.tr("Browse for {lower}").format(lower=name.lower()))
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
        self.button = QPushButton(self.tr("Copy"), self)
        self.button.setAccessibleName(self.tr("Copy {name}").format(name=name))
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.copy)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.button)

    def setValue(self, value: str) -> None:
        self.edit.setText(value)
        self.edit.setCursorPosition(0)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.edit.text())
        self.button.setText(self.tr("Copied"))
        # the button as context object: no call after it is deleted
        QTimer.singleShot(1500, self.button, lambda: self.button.setText(self.tr("Copy")))


def section(title: str, parent: QWidget | None = None) -> QLabel:
    lbl = QLabel(f"<b>{title}</b>", parent)
    lbl.setTextFormat(QtCore.Qt.TextFormat.RichText)
    lbl.setWordWrap(True)
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
        self.setHeaderLabels([self.tr("Check"), self.tr("Status"), self.tr("Result")])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setAccessibleName(self.tr("Check results"))
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        side = self.fontMetrics().height()
        self.setIconSize(QSize(side, side))
        self._items: dict[str, QTreeWidgetItem] = {}
        self._clock = SpinnerClock(self)
        self._clock.frame.connect(self._spin)
        self._titles: dict[str, str] = {}
        self._timeouts: dict[str, float] = {}
        self._since: dict[str, float] = {}
        self._wire: dict[str, Any] = {}

    def reset_checks(self, specs: Iterable[Any]) -> None:
        self.clear()
        self._items.clear()
        for spec in specs:
            item = QTreeWidgetItem(self, [spec.title, "", ""])
            item.setData(0, QtCore.Qt.ItemDataRole.UserRole, spec.id)
            self._items[spec.id] = item
            self._titles[spec.id] = spec.title
            self._timeouts[spec.id] = float(getattr(spec, "timeout", 0) or 0)
            self._set_status(item, "queued", "")
        self._update_clock()

    def item_for(self, spec_id: str) -> QTreeWidgetItem | None:
        return self._items.get(spec_id)

    def _set_status(self, item: QTreeWidgetItem, status: str, summary: str) -> None:
        item.setData(0, self.STATUS_ROLE, status)
        item.setText(1, status_text(status))
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
        job.activity.connect(self.show_activity)

    def show_activity(self, kind: str, req: Any) -> None:
        """A running check's request went out (shown with the time it has taken of the check's timeout, as
        Microsoft's Remote Connectivity Analyzer streams its steps) or came back."""
        if kind == "started":
            self._wire[req.check] = req
        elif self._wire.get(req.check) is req:
            del self._wire[req.check]
        self._show_running(req.check)

    def running_text(self, spec_id: str) -> str:
        """``POST https://host/path · 3 s of 25 s`` for a running check (``Checking… · 3 s of 25 s`` between
        requests)."""
        since = self._since.get(spec_id)
        elapsed = time.monotonic() - since if since is not None else 0.0
        timeout = self._timeouts.get(spec_id, 0.0)
        req = self._wire.get(spec_id)
        what = f"{req.method} {req.url}" if req is not None else QtCore.QCoreApplication.translate("CheckTree",
                                                                                                    "Checking…")
        if timeout:
            return QtCore.QCoreApplication.translate("CheckTree", "{what} · {elapsed} s of {timeout} s").format(
                what=what, elapsed=f"{elapsed:.0f}", timeout=f"{timeout:g}")
        return what

    def _show_running(self, spec_id: str) -> None:
        item = self._items.get(spec_id)
        if item is not None and item.data(0, self.STATUS_ROLE) == "running":
            text = self.running_text(spec_id)
            if item.text(2) != text:
                item.setText(2, text)
                item.setToolTip(2, text)

    def mark(self, spec_id: str, status: str, summary: str = "") -> None:
        item = self._items.get(spec_id)
        if item is None:
            return
        if status == "running":
            item.takeChildren()
            self._since[spec_id] = time.monotonic()
            self._wire.pop(spec_id, None)
        self._set_status(item, status, summary or (self.running_text(spec_id) if status == "running" else ""))
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
        for spec_id, it in self._items.items():
            if it.data(0, self.STATUS_ROLE) == "running":
                it.setIcon(0, icon)
                if frame % 3 == 0:  # the elapsed seconds, a few times a second
                    self._show_running(spec_id)

    def stop(self, status: str = "skipped", summary: str | None = None) -> None:
        """Mark every unfinished check (cancel)."""
        summary = summary if summary is not None else self.tr("Cancelled")
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

    def mark_outdated(self, is_fresh: Any) -> int:
        """Mark every finished result whose inputs changed (``is_fresh(result_id)`` is False) as outdated, and a
        check with an outdated part too; returns how many rows were marked."""
        marked = 0

        def stale(item: QTreeWidgetItem) -> bool:
            r = item.data(0, self.RESULT_ROLE)
            done = item.data(0, self.STATUS_ROLE) not in ("running", "queued", "outdated")
            return done and r is not None and not is_fresh(r.id)

        for top in self._items.values():
            children = [top.child(i) for i in range(top.childCount())]
            hit = [c for c in children if stale(c)]
            for c in hit:
                self._set_status(c, "outdated", f"Outdated — {c.text(2)}")
            if (stale(top) or hit) and top.data(0, self.STATUS_ROLE) != "outdated":
                self._set_status(top, "outdated", f"Outdated — {top.text(2)}")
                marked += 1
            marked += len(hit)
        return marked

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
    return ", ".join(f"{n} {status_text(s).lower()}" for s, n in counts.items())


def _short_id(check_id: str) -> str:
    return check_id.split(":", 1)[1] if ":" in check_id else check_id


def result_html(result: Any, goto: str = "", goto_label: str = "", outdated: bool = False) -> str:
    """Detail and remedy of one result as HTML for a details pane; ``goto``: the field the result is about, shown
    as a "Go to field" link (``field:<path>``) named ``goto_label``; ``outdated``: the inputs changed since."""
    from html import escape

    if result is None:
        return "<p>" + QtCore.QCoreApplication.translate(
            "result_html", "Select a check to see what was tried and how to fix it.") + "</p>"
    parts = [f"<p><b>{escape(status_text(result.status.value))}</b> — "
             f"{escape(result.summary)}</p>"]
    if outdated:
        parts.insert(0, "<p><i>" + QtCore.QCoreApplication.translate(
            "result_html", "Outdated: the settings this check judged have changed since; it runs again.")
                     + "</i></p>")
    if goto and result.status.value in ("failed", "warning"):
        link = QtCore.QCoreApplication.translate("result_html", "Go to field: {field}").format(
            field=escape(goto_label or goto))
        parts.append(f"<p><a href='field:{escape(goto)}'>{link} ›</a></p>")
    if result.remedy:
        # a multi-line remedy (e.g. PowerShell to run) keeps its lines: the first as text, the rest preformatted
        first, _, rest = result.remedy.partition("\n")
        label = QtCore.QCoreApplication.translate("result_html", "How to fix:")
        parts.append(f"<p><b>{label}</b> {escape(first)}</p>")
        if rest.strip():
            parts.append(f"<pre style='white-space: pre-wrap'>{escape(rest)}</pre>")
    if result.detail:
        label = QtCore.QCoreApplication.translate("result_html", "Detail:")
        parts.append(f"<p><b>{label}</b></p><pre style='white-space: pre-wrap'>{escape(result.detail)}</pre>")
    chain = result.evidence.get("chain") if isinstance(result.evidence, dict) else None
    if chain and result.detail:  # the detail is the chain as text: show the list only
        parts.pop()
    if chain:
        rows = "".join(
            f"<li>{escape(str(a.get('url', '')))}: {escape(str(a.get('outcome', '')))}</li>" for a in chain
            if isinstance(a, dict)
        )
        label = QtCore.QCoreApplication.translate("result_html", "URLs tried:")
        parts.append(f"<p><b>{label}</b></p><ul>{rows}</ul>")
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
    "FlowLayout",
    "NoteLabel",
    "SecretField",
    "Stretch",
    "chars",
    "field_help",
    "fixed_font",
    "renders_fixed_pitch",
    "result_html",
    "rows_height",
    "spinner_icon",
    "status_icon",
    "with_help",
]
