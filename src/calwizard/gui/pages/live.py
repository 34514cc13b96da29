"""The live-check panel pages embed: debounced start, spinner -> icons, detail and remedy, cancel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from calwizard.gui.asyncglue import CheckJob
from calwizard.gui.widgets import CheckTree, FlowLayout, NoteLabel, result_html, rows_height
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId


class LiveChecks(QWidget):
    """Runs the page's live plan (:func:`calwizard.wizard.flow.live_plan`) and shows it.

    Signals:
        results(object): the run finished (list of CheckResult).
        busyChanged(bool)
    """

    results = Signal(object)
    busyChanged = Signal(bool)

    def __init__(self, page: Any, step: StepId, title: str, waiting: str, rows: int = 3) -> None:
        super().__init__(page)
        self.page, self.ctl, self.step = page, page.ctl, step
        self.waiting = waiting
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = FlowLayout()
        self.title = QLabel(f"<b>{title}</b>", self)
        self.status = NoteLabel(self)
        self.status.setText(waiting)
        self.status.setObjectName("live-status")
        self.button = QPushButton(self.tr("Chec&k now"), self)
        self.button.setAutoDefault(False)
        self.button.setAccessibleName(self.tr("Run {lower} now").format(lower=title.lower()))
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setAutoDefault(False)
        self.stop_button.setAccessibleName(self.tr("Stop {lower}").format(lower=title.lower()))
        self.stop_button.setEnabled(False)
        head.addWidget(self.title)
        head.addWidget(self.button)
        head.addWidget(self.stop_button)
        lay.addLayout(head)
        lay.addWidget(self.status)
        self.tree = CheckTree(self)
        self.tree.setMaximumHeight(rows_height(self.tree, rows))
        self.tree.itemExpanded.connect(lambda _i: self.tree.fit_height())
        self.tree.itemCollapsed.connect(lambda _i: self.tree.fit_height())
        lay.addWidget(self.tree)
        self.details = QTextBrowser(self)
        self.details.setAccessibleName(self.tr("{title}: detail and remedy").format(title=title))
        self.details.setOpenExternalLinks(False)
        self.details.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        self.details.setHtml(result_html(None))
        lay.addWidget(self.details)
        self.tree.hide()
        self.details.hide()

        self.job = CheckJob(self.ctl.fetcher, self, record=self.ctl.record)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.ctl.services.debounce_ms)
        self.timer.timeout.connect(self.run_now)
        self.button.clicked.connect(self.run_now)
        self.stop_button.clicked.connect(self.cancel)
        self.tree.follow(self.job)
        self.job.done.connect(self._done)
        self.job.error.connect(self._error)
        self.job.cancelled.connect(self._cancelled)
        self.job.runningChanged.connect(self._running)
        self.tree.itemSelectionChanged.connect(self._show_selected)
        self.ctl.stateChanged.connect(self._inputs_changed)
        self.last: list[Any] = []

    @property
    def running(self) -> bool:
        return self.job.running

    def ready(self) -> bool:
        st = self.ctl.state
        return st is not None and flow.live_ready(st, self.step)

    def schedule(self) -> None:
        """Start the checks after the debounce interval if the page has what they need."""
        self.timer.stop()
        if self.ready():
            self.timer.start()
            self.status.setText(self.tr("Waiting for you to finish typing…"))
        else:
            self.job.cancel()
            self.status.setText(self.waiting)
        self.button.setEnabled(self.ready())

    def start(self) -> None:
        """On entering the page: check at once if the page has what the checks need, else wait for it."""
        if self.ready():
            self.run_now()
        else:
            self.schedule()

    def run_now(self) -> None:
        self.timer.stop()
        if not self.ready():
            self.status.setText(self.waiting)
            return
        state = self.ctl.state
        specs = flow.live_plan(state.settings, self.step)
        self.tree.reset_checks(specs)
        self.tree.setMaximumHeight(16777215)
        self.tree.fit_height()
        self.tree.show()
        self.details.show()
        self.details.setHtml(result_html(None))
        self.status.setText(self.tr("Checking…"))
        self.job.start(state, specs)

    def cancel(self) -> None:
        self.timer.stop()
        if self.job.cancel():
            self.tree.stop()
            self.status.setText(self.tr("Stopped."))

    def _inputs_changed(self, state: Any) -> None:
        """Nothing stale: results whose inputs changed are marked outdated at once and checked again after the
        typing pause (:class:`~calwizard.wizard.flow.ResultBook`)."""
        if self.job.running or self.tree.isHidden() or not self.page.is_current():
            return
        if self.tree.mark_outdated(lambda rid: self.ctl.book.is_fresh(state, rid)):
            self.details.setHtml(result_html(self.tree.selected_result(), outdated=True)
                                 if self.tree.selected_result() is not None else result_html(None))
            self.schedule()
            if not self.ready():
                self.status.setText(self.tr("The results below are outdated: ") + self.waiting)

    def _running(self, on: bool) -> None:
        self.stop_button.setEnabled(on)
        self.busyChanged.emit(on)

    def _done(self, results: list[Any]) -> None:
        self.last = results
        bad = [r for r in results if r.status.value in ("failed", "warning")]
        if not results:
            self.status.setText("")
        elif any(r.status.value == "failed" for r in results):
            self.status.setText(self.tr("Problems found — see the remedy below. You can go on and fix them "
                                        "later."))
        elif bad:
            self.status.setText(self.tr("Passed with warnings."))
        else:
            self.status.setText(self.tr("All passed."))
        self.tree.fit_height()
        first = bad[0] if bad else (results[-1] if results else None)
        self.details.setHtml(result_html(first))
        self.results.emit(results)

    def _error(self, message: str) -> None:
        self.tree.stop("failed", message)
        self.status.setText(message)

    def _cancelled(self) -> None:
        self.tree.stop()

    def _show_selected(self) -> None:
        r = self.tree.selected_result()
        if r is not None:
            self.details.setHtml(result_html(r, outdated=not self.ctl.book.is_fresh(self.ctl.state, r.id)))
