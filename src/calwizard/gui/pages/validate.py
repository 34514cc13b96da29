"""Page 9: Validate — the whole plan, live: spinner -> icons, detail + remedy, re-run one, cancel, reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QPushButton, QSplitter, QTextBrowser

from calwizard.gui.asyncglue import CheckJob
from calwizard.gui.pages.base import BasePage
from calwizard.gui.report import overall, report_html, report_text
from calwizard.gui.widgets import Banner, CheckTree, FlowLayout, Stretch, result_html
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId


class ValidatePage(BasePage):
    step = StepId.VALIDATE
    subtitle = "Every check of the configuration, against the real servers. Failed checks do not stop you."

    def build(self) -> None:
        self.banner = Banner(self)
        self.banner.setObjectName("validate-summary")
        self.body.addWidget(self.banner)
        bar = FlowLayout()
        self.run = QPushButton("&Run all", self)
        self.rerun = QPushButton("Re-run &selected", self)
        self.cancel_button = QPushButton("&Cancel checks", self)
        self.copy = QPushButton("C&opy report", self)
        self.save = QPushButton("Save report (&HTML)…", self)
        for b in (self.run, self.rerun, self.cancel_button, self.copy, self.save):
            b.setAutoDefault(False)
            bar.addWidget(b)
        self.body.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.tree = CheckTree(split)
        self.details = QTextBrowser(split)
        self.details.setAccessibleName("Detail and remedy of the selected check")
        self.details.setHtml(result_html(None))
        split.addWidget(self.tree)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.body.addWidget(Stretch(split, self), 1)

        self.job = CheckJob(self.ctl.fetcher, self, record=self.ctl.record)
        self.tree.follow(self.job)
        self.job.done.connect(self._done)
        self.job.error.connect(self._error)
        self.job.cancelled.connect(self._cancelled)
        self.job.runningChanged.connect(self._running)
        self.run.clicked.connect(self.run_all)
        self.rerun.clicked.connect(self.rerun_selected)
        self.cancel_button.clicked.connect(self.cancel)
        self.copy.clicked.connect(self.copy_report)
        self.save.clicked.connect(self._save_dialog)
        self.tree.itemSelectionChanged.connect(self._selected)
        self.results: list[Any] = []
        self._buttons()

    def initializePage(self) -> None:
        super().initializePage()
        self.run_all()

    def leave(self) -> None:
        self.job.cancel()

    def run_all(self) -> None:
        state = self.ctl.state
        specs = flow.live_plan(state.settings, self.step)
        self.results = []
        self.tree.reset_checks(specs)
        self.details.setHtml(result_html(None))
        self.banner.show_message("warning", "Checking… you can cancel at any time, or go on without waiting.")
        self.job.start(state, specs)

    def rerun_selected(self) -> None:
        items = self.tree.selectedItems()
        if not items or self.job.runner is None:
            return
        spec_id = items[0].data(0, Qt.ItemDataRole.UserRole)
        self.tree.mark(spec_id, "running")
        self.job.rerun(spec_id)

    def cancel(self) -> None:
        if self.job.cancel():
            self.tree.stop()
            self.banner.show_message("warning", "Checks cancelled. Run them again when you are ready.")

    def _running(self, on: bool) -> None:
        self.set_busy(on)
        self._buttons()

    def _buttons(self) -> None:
        running = self.job.running
        self.run.setEnabled(not running)
        self.rerun.setEnabled(not running and self.job.runner is not None and bool(self.tree.selectedItems()))
        self.cancel_button.setEnabled(running)
        self.copy.setEnabled(bool(self.results))
        self.save.setEnabled(bool(self.results))

    def _done(self, results: list[Any]) -> None:
        self.results = list(results)
        self.ctl.last_report = self.results
        n_failed = sum(r.status.value == "failed" for r in results)
        n_warn = sum(r.status.value == "warning" for r in results)
        state = overall(results)
        if state == "ok":
            self.banner.show_message("ok", f"All {len(results)} checks passed.")
        elif state == "warning":
            self.banner.show_message("warning", f"Passed with {n_warn} warning(s). Select a check for details.")
        else:
            self.banner.show_message(
                "failed", f"{n_failed} check(s) failed. Select one to see how to fix it. You can still save the "
                "configuration and validate later (calwizard validate).")
        bad = next((r for r in results if r.status.value == "failed"), None)
        self.details.setHtml(result_html(bad or (results[-1] if results else None)))
        self._buttons()

    def _error(self, message: str) -> None:
        self.tree.stop("failed", message)
        self.banner.show_message("failed", message)

    def _cancelled(self) -> None:
        self.tree.stop()

    def _selected(self) -> None:
        self.details.setHtml(result_html(self.tree.selected_result()))
        self._buttons()

    def copy_report(self) -> str:
        text = report_text(self.results, settings=self.ctl.state.settings)
        QGuiApplication.clipboard().setText(text)
        self.banner.show_message(overall(self.results), "Report copied to the clipboard.")
        return text

    def save_report(self, path: str | Path) -> Path:
        from calwizard.settings.io import atomic_write_text

        p = atomic_write_text(Path(path), report_html(self.results, settings=self.ctl.state.settings), mode=0o644)
        self.banner.show_message(overall(self.results), f"Report saved to {p}.")
        return p

    def _save_dialog(self) -> None:
        default = str(self.ctl.config_dir / f"{self.ctl.state.profile}-report.html")
        path, _ = QFileDialog.getSaveFileName(self, "Save report", default, "HTML (*.html)")
        if path:
            self.save_report(path)
