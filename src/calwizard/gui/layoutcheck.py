"""Layout problems of a shown window, as a technician would notice them: a widget cut off by its parent, squeezed
below its minimum size, wrapped text taller than its label, two siblings on top of each other, a page that needs
horizontal scrolling, and window buttons outside the screen.

Generic on purpose: :func:`layout_problems` walks every visible widget of a window, so a widget another page adds
later is checked without a change here. What it skips is named in :data:`INTERNAL_PREFIX` and
:func:`_scrolled_parent` (Qt's own helper widgets, and content inside a scroll area's viewport, which is meant to
extend past it). Used by the GUI tests (``tests/gui/test_layout.py``) and ``scripts/screenshots.py --check``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHeaderView,
    QLabel,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QWidget,
)

INTERNAL_PREFIX = "qt_"
"""Object names Qt gives its internal helper widgets (scroll area viewport and bar containers, spin box editor,
splitter handles): they are laid out by their owner, which is checked itself."""


@dataclass(frozen=True)
class LayoutProblem:
    """One thing wrong with the layout.

    Attributes:
        kind: ``clipped`` (outside its parent), ``squeezed`` (smaller than its minimum size), ``text-cut`` (wrapped
            text needs more height), ``header-cut`` (a table column's title wider than the column), ``overlap``
            (covers a sibling), ``h-scroll`` (a page needs horizontal scrolling), ``off-screen`` (outside the
            screen's available area).
        widget: which widget (class, object name or text, and its parents' names).
        detail: sizes and positions involved.
    """

    kind: str
    widget: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.widget} — {self.detail}"


def describe(w: QWidget) -> str:
    """``ClassName 'name or text'`` followed by the nearest named ancestors (for a readable failure)."""
    def one(x: QWidget) -> str:
        label = x.objectName() or (x.text() if hasattr(x, "text") and callable(x.text) else "") or x.accessibleName()
        label = str(label).replace("\n", " ")[:40]
        return f"{type(x).__name__}{f' {label!r}' if label else ''}"

    chain = []
    p = w.parentWidget()
    while p is not None and len(chain) < 3:
        if p.objectName() and not p.objectName().startswith(INTERNAL_PREFIX):
            chain.append(p.objectName())
        p = p.parentWidget()
    return one(w) + (f" in {' < '.join(chain)}" if chain else "")


def _rect(r: QRect) -> str:
    return f"{r.width()}x{r.height()}+{r.x()}+{r.y()}"


def _scrolled_parent(w: QWidget) -> bool:
    """Whether ``w`` sits in a scroll area's viewport (its content may extend past it: that is what scrolls)."""
    p = w.parentWidget()
    area = p.parentWidget() if p is not None else None
    return isinstance(area, QAbstractScrollArea) and area.viewport() is p


def _visible_children(w: QWidget) -> list[QWidget]:
    return [c for c in w.findChildren(QWidget, options=_direct()) if c.isVisible() and not c.isWindow()]


def _direct():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.FindChildOption.FindDirectChildrenOnly


def _in_layout(layout: QLayout | None, w: QWidget) -> bool:
    """Whether ``layout`` (or a layout nested in it) manages ``w``."""
    if layout is None:
        return False
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is w or _in_layout(item.layout(), w):
            return True
    return False


def _min_size(w: QWidget) -> tuple[int, int]:
    """The size a layout must give ``w`` at least (Qt's ``qSmartMinSize`` without the layout)."""
    hint, explicit, pol = w.minimumSizeHint(), w.minimumSize(), w.sizePolicy()
    ignored = QSizePolicy.Policy.Ignored
    width = explicit.width() or (0 if pol.horizontalPolicy() == ignored or not hint.isValid() else hint.width())
    height = explicit.height() or (0 if pol.verticalPolicy() == ignored or not hint.isValid() else hint.height())
    return width, height


def layout_problems(root: QWidget, *, tolerance: int = 1, allow_hscroll: bool = False) -> list[LayoutProblem]:
    """Everything wrong with the layout of the shown widget ``root`` and its visible descendants.

    Args:
        root: a shown window (or any shown widget).
        tolerance: pixels of overlap or overflow forgiven (rounding at fractional scale factors).
        allow_hscroll: accept pages (:class:`QScrollArea`) that need horizontal scrolling.
    Returns:
        The problems found (empty: the layout is fine).
    """
    out: list[LayoutProblem] = []
    todo = [root]
    while todo:
        parent = todo.pop()
        children = _visible_children(parent)
        todo.extend(children)
        own = [c for c in children if not c.objectName().startswith(INTERNAL_PREFIX)]
        for c in own:
            out += _own_problems(c, parent, tolerance)
        out += _overlaps(own, tolerance)
        if isinstance(parent, QScrollArea) and not allow_hscroll and parent.widget() is not None:
            need, room = parent.widget().minimumSizeHint().width(), parent.viewport().width()
            scrolls = parent.horizontalScrollBar().isVisible() and parent.horizontalScrollBar().maximum() > tolerance
            # with the horizontal bar switched off, content wider than the viewport is cut off instead
            cut = parent.widgetResizable() and need > room + tolerance
            if scrolls or cut:
                out.append(LayoutProblem("h-scroll", describe(parent), f"content needs {need} px, viewport {room} px"
                                         + ("" if scrolls else " (cut off: no horizontal scroll bar)")))
    return out


def _own_problems(w: QWidget, parent: QWidget, tolerance: int) -> list[LayoutProblem]:
    out = []
    geo = w.geometry()
    if not _scrolled_parent(w) and not parent.rect().adjusted(-tolerance, -tolerance, tolerance,
                                                              tolerance).contains(geo):
        out.append(LayoutProblem("clipped", describe(w), f"{_rect(geo)} outside its parent {_rect(parent.rect())}"))
    if isinstance(w, QLabel) and w.wordWrap() and w.text():
        need = w.heightForWidth(w.width())
        if need > w.height() + tolerance:
            out.append(LayoutProblem("text-cut", describe(w), f"needs {need} px height at width {w.width()}, "
                                                              f"has {w.height()}"))
        return out
    if isinstance(w, QHeaderView) and w.orientation() == Qt.Orientation.Horizontal:
        out += _header_problems(w, tolerance)
    if not _in_layout(parent.layout(), w):
        return out  # placed by its owner (a view's header, an editable combo's line edit), which is checked itself
    mw, mh = _min_size(w)
    if w.width() + tolerance < mw or w.height() + tolerance < mh:
        out.append(LayoutProblem("squeezed", describe(w), f"{w.width()}x{w.height()} < minimum {mw}x{mh}"))
    return out


def _header_problems(h: QHeaderView, tolerance: int) -> list[LayoutProblem]:
    """Column titles cut: a title (in the header's font, with the style's margins) wider than its column."""
    model = h.model()
    if model is None:
        return []
    margin = 2 * h.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, h)
    out = []
    for i in range(h.count()):
        size = h.sectionSize(i)
        text = model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if h.isSectionHidden(i) or size <= 0 or not text:
            continue
        need = h.fontMetrics().horizontalAdvance(str(text)) + margin
        if need > size + tolerance:
            out.append(LayoutProblem("header-cut", describe(h), f"column {i} {str(text)!r} needs {need} px, has "
                                                                f"{size}"))
    return out


def _overlaps(widgets: list[QWidget], tolerance: int) -> list[LayoutProblem]:
    out = []
    for i, a in enumerate(widgets):
        ga = a.geometry()
        for b in widgets[i + 1:]:
            inter = ga.intersected(b.geometry())
            if inter.width() > tolerance and inter.height() > tolerance:
                out.append(LayoutProblem("overlap", describe(a),
                                         f"{_rect(ga)} covers {describe(b)} {_rect(b.geometry())}"))
    return out


def offscreen_problems(window: QWidget, widgets: Iterable[QWidget] = (), *, tolerance: int = 1) -> list[LayoutProblem]:
    """The window's frame and each of ``widgets`` (e.g. Back/Next/Cancel) must lie in the screen's available area."""
    screen = window.screen()
    avail = screen.availableGeometry().adjusted(-tolerance, -tolerance, tolerance, tolerance)
    out = []
    frame = window.frameGeometry()
    if not avail.contains(frame):
        out.append(LayoutProblem("off-screen", describe(window),
                                 f"window {_rect(frame)} outside the screen's available {_rect(avail)}"))
    for w in widgets:
        if not w.isVisible():
            continue
        r = QRect(w.mapToGlobal(w.rect().topLeft()), w.size())
        if not avail.contains(r):
            out.append(LayoutProblem("off-screen", describe(w), f"{_rect(r)} outside {_rect(avail)}"))
    return out


__all__ = ["LayoutProblem", "describe", "layout_problems", "offscreen_problems"]
