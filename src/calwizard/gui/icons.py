"""Status icons from their SVG files, shared by the message banner (``gui.messages``) and the widgets
(``gui.widgets``); below both so neither imports the other for an icon."""

from __future__ import annotations

from PySide6.QtGui import QIcon

_ICONS: dict[str, QIcon] = {}

STATUS_ICONS = ("ok", "warning", "failed", "skipped", "queued", "outdated")
"""Statuses with an SVG icon in ``resources/icons/status/`` (vector: crisp at any scale factor)."""


def status_icon(status: str, size: int = 16) -> QIcon:
    """The round status icon (check, exclamation, cross, dash, ring) for ``status`` (one of :data:`STATUS_ICONS`;
    anything else gets the "skipped" dash) from its SVG file, cached per status; ``size`` is kept for callers
    that ask for a pixmap and is otherwise unused (an SVG icon renders at whatever size is asked)."""
    name = status if status in STATUS_ICONS else "skipped"
    icon = _ICONS.get(name)
    if icon is None:
        from calwizard.resources import path

        icon = _ICONS[name] = QIcon(str(path(f"icons/status/{name}.svg")))
    return icon
