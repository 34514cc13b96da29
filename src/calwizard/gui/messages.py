"""The light widgets the first page needs: field help from the settings' descriptions, a field's error
label and the message banner (re-exported by :mod:`calwizard.gui.widgets`).

Kept apart from :mod:`calwizard.gui.widgets` so the Welcome page does not load (or, without bytecode,
compile) the check tree and icon painting before it is shown (``bench/startup.py``).
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

# --------------------------------------------------------------------------- field help

_MODELS: dict[str, str] = {
    "pbx": "PbxSettings",
    "exchange": "ExchangeSettings",
    "mapping": "PresenceMappingSettings",
    "custom_cloud": "CustomCloud",
    "mailboxes": "Mailbox",
}


def field_help(path: str) -> str:
    """The settings model's description of ``path`` (``exchange.user``): the one source of field help."""
    from calwizard.settings import model

    parts = path.split(".")
    cls: Any = model.Settings
    if parts[0] in _MODELS and len(parts) > 1:
        cls = getattr(model, _MODELS[parts[0]])
        parts = parts[1:]
    if parts[0] == "custom_cloud" and len(parts) > 1:
        cls = model.CustomCloud
        parts = parts[1:]
    info = cls.model_fields.get(parts[0])
    text = (info.description or "") if info is not None else ""
    # the descriptions are extracted for translation by scripts/translations.py (context "FieldHelp")
    return QtCore.QCoreApplication.translate("FieldHelp", text) if text else ""


def with_help(widget: QWidget, path: str, name: str) -> QWidget:
    """Give ``widget`` its accessible name, a tooltip and What's This text from the field's description."""
    text = field_help(path)
    widget.setAccessibleName(name)
    if text:
        widget.setToolTip(f"<p>{text}</p>")
        widget.setWhatsThis(text)
        widget.setAccessibleDescription(text)
    widget.setObjectName(path)
    return widget


# --------------------------------------------------------------------------- messages

STATUS_COLORS = {
    "ok": "#1e8e3e",
    "warning": "#c77700",
    "failed": "#c5221f",
    "skipped": "#80868b",
    "queued": "#80868b",
    "outdated": "#80868b",
}
STATUS_TEXT = {
    "ok": QT_TRANSLATE_NOOP("messages", "OK"),
    "warning": QT_TRANSLATE_NOOP("messages", "Warning"),
    "failed": QT_TRANSLATE_NOOP("messages", "Failed"),
    "skipped": QT_TRANSLATE_NOOP("messages", "Skipped"),
    "queued": QT_TRANSLATE_NOOP("messages", "Waiting"),
    "running": QT_TRANSLATE_NOOP("messages", "Running"),
    "outdated": QT_TRANSLATE_NOOP("messages", "Outdated"),
}
"""Each status's word (English; shown through :func:`status_text`)."""


def status_text(status: str) -> str:
    """The status's word in the interface language."""
    return QtCore.QCoreApplication.translate("messages", STATUS_TEXT.get(status, status))


class ErrorLabel(QLabel):
    """A field's error message under the field (hidden when empty); text, not only color."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {STATUS_COLORS['failed']};")
        self.hide()

    def show_error(self, message: str | None) -> None:
        if message:  # set here, not in __init__: the Qt namespace costs 30 ms to load (first page, bench)
            self.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setText(message or "")
        self.setVisible(bool(message))


class NoteLabel(QLabel):
    """A word-wrapped status line that takes no room while it is empty (an empty wrapped label still holds a
    line's height, which shows as a gap)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()

    def setText(self, text: str) -> None:  # type: ignore[override]
        super().setText(text)
        self.setVisible(bool(text))


class Banner(QFrame):
    """A message box inside a page: info / warning / failed / ok, with an icon and wrapped text in plain words;
    what a library or server said in its own words (an exception's text, a backend's reason) stays behind a
    "Details" toggle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        self.icon = QLabel(self)
        side = self.fontMetrics().height()  # the icon is as tall as a line of text (any font, any scale)
        self.icon.setFixedSize(QSize(side, side))
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        lay.addWidget(self.icon, 0)
        self.column = QVBoxLayout()
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.text)
        lay.addLayout(self.column, 1)
        self.details_button: Any = None
        self.details: Any = None
        self._polished = False
        self.hide()

    def _show_details(self, details: str) -> None:
        """The "Details" toggle and its text (built on first use: most banners never have details)."""
        if self.details_button is None:
            if not details:
                return
            from PySide6.QtWidgets import QToolButton

            self.details_button = QToolButton(self)
            self.details_button.setCheckable(True)
            self.details_button.setAutoRaise(True)
            self.details_button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.details = QLabel(self)
            self.details.setWordWrap(True)
            self.details.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            self.details.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.setObjectName("details")
            self.column.addWidget(self.details_button, 0, QtCore.Qt.AlignmentFlag.AlignLeft)
            self.column.addWidget(self.details)
            self.details_button.toggled.connect(self._toggle)
        self.details.setText(details)
        self.details_button.setChecked(False)
        self._toggle(False)
        self.details_button.setVisible(bool(details))

    def _toggle(self, on: bool) -> None:
        self.details.setVisible(on)
        self.details_button.setText(QtCore.QCoreApplication.translate("Banner", "Hide details") if on
                                    else QtCore.QCoreApplication.translate("Banner", "Details"))
        self.details_button.setArrowType(QtCore.Qt.ArrowType.DownArrow if on else QtCore.Qt.ArrowType.RightArrow)

    def show_message(self, status: str | None, text: str = "", details: str = "") -> None:
        """Show ``text`` (plain words) with the icon of ``status`` (None or empty text: hide); ``details``: the
        raw words (an exception's text, a server's answer), behind the "Details" toggle."""
        self._show_details(details)
        if not status or not text:
            self.hide()
            return
        if not self._polished:  # not in __init__: keeps the Qt namespace out of the first page's start-up
            self._polished = True
            self.text.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            self.layout().setAlignment(self.icon, QtCore.Qt.AlignmentFlag.AlignTop)
        from PySide6.QtGui import QColor

        from calwizard.gui.icons import status_icon

        side = self.icon.width()
        self.icon.setPixmap(status_icon("warning" if status == "info" else status).pixmap(
            QSize(side, side), self.devicePixelRatioF()))
        color = QColor(STATUS_COLORS.get(status, "#1a73e8"))
        bg = QColor(color)
        bg.setAlpha(28)
        self.setStyleSheet(
            f"Banner {{ background: rgba({bg.red()},{bg.green()},{bg.blue()},{bg.alpha()}); "
            f"border: 1px solid {color.name()}; border-radius: 4px; }}"
        )
        self.text.setText(text)
        self.setAccessibleName(f"{status_text(status)}: {text}")
        self.show()


__all__ = ["STATUS_COLORS", "STATUS_TEXT", "Banner", "ErrorLabel", "NoteLabel", "field_help", "status_text",
           "with_help"]
