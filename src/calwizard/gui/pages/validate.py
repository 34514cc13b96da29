"""Page 9: Validate — the whole plan, live: spinner -> icons, detail + remedy, re-run one, cancel, reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
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
    subtitle = QT_TRANSLATE_NOOP(
        "ValidatePage",
        "Every check of the configuration, against the real servers. Failed checks do "
        "not stop you.")

    def build(self) -> None:
        self.banner = Banner(self)
        self.banner.setObjectName("validate-summary")
        self.body.addWidget(self.banner)
        bar = FlowLayout()
        self.run = QPushButton(self.tr("&Run all"), self)
        self.rerun = QPushButton(self.tr("Re-run &selected"), self)
        self.cancel_button = QPushButton(self.tr("&Cancel checks"), self)
        self.copy = QPushButton(self.tr("C&opy report"), self)
        self.save = QPushButton(self.tr("Save report (&HTML)…"), self)
        self.goto = QPushButton(self.tr("&Go to field"), self)
        self.goto.setToolTip(self.tr("Opens the page of the selected check's setting and puts the cursor "
                                     "in the field."))
        for b in (self.run, self.rerun, self.cancel_button, self.copy, self.save, self.goto):
            b.setAutoDefault(False)
            bar.addWidget(b)
        self.body.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.tree = CheckTree(split)
        self.details = QTextBrowser(split)
        self.details.setAccessibleName(self.tr("Detail and remedy of the selected check"))
        self.details.setHtml(result_html(None))
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(lambda url: self.go_to_field(url.toString().removeprefix("field:")))
        split.setChildrenCollapsible(False)
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
        self.goto.clicked.connect(lambda: self.go_to_field())
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
        self.banner.show_message("warning", self.tr("Checking… you can cancel at any time, or go on "
                                                    "without waiting."))
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
            self.banner.show_message("warning", self.tr("Checks cancelled. Run them again when you are ready."))

    def _running(self, on: bool) -> None:
        self.set_busy(on)
        self._buttons()

    def _buttons(self) -> None:
        running = self.job.running
        self.run.setEnabled(not running)
        self.rerun.setEnabled(not running and self.job.runner is not None and bool(self.tree.selectedItems()))
        self.cancel_button.setEnabled(running)
        self.goto.setEnabled(bool(self.field_of(self.tree.selected_result())))
        self.copy.setEnabled(bool(self.results))
        self.save.setEnabled(bool(self.results))

    def _done(self, results: list[Any]) -> None:
        self.results = list(results)
        self.ctl.last_report = self.results
        n_failed = sum(r.status.value == "failed" for r in results)
        n_warn = sum(r.status.value == "warning" for r in results)
        state = overall(results)
        if state == "ok":
            self.banner.show_message("ok", self.tr("All {len} checks passed.").format(len=len(results)))
        elif state == "warning":
            self.banner.show_message("warning", self.tr("Passed with {n_warn} warning(s). Select a check "
                                                        "for details.").format(n_warn=n_warn))
        else:
            self.banner.show_message(
                "failed", self.tr("%n check(s) failed. Select one to see how to fix it. You can still save the "
                                  "configuration and validate later (calwizard validate).", None, n_failed))
        bad = next((r for r in results if r.status.value == "failed"), None)
        shown = bad or (results[-1] if results else None)
        self.show_result(shown)
        if bad is not None:  # the first failure selected: Go to field and Re-run act on it
            item = self._item_of(bad.id)
            if item is not None:
                self.tree.setCurrentItem(item)
        self._buttons()

    def _error(self, message: str) -> None:
        self.tree.stop("failed", message)
        self.banner.show_message("failed", message)

    def _cancelled(self) -> None:
        self.tree.stop()

    def _selected(self) -> None:
        self.show_result(self.tree.selected_result())
        self._buttons()

    def _item_of(self, result_id: str) -> Any:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for item in (top, *(top.child(j) for j in range(top.childCount()))):
                r = item.data(0, CheckTree.RESULT_ROLE)
                if r is not None and r.id == result_id:
                    return item
        return None

    # -- Go to field ---------------------------------------------------------------------------------

    def field_of(self, result: Any) -> str:
        """The setting a (failed or warning) result is about, "" if none."""
        if result is None or result.status.value not in ("failed", "warning"):
            return ""
        return flow.result_field(result, self.ctl.state.settings)

    def field_label(self, path: str) -> str:
        """``Page › field name`` for the "Go to field" link."""
        step = flow.step_of(path)
        wiz = self.wizard()
        page = wiz.pages.get(step) if wiz is not None else None
        name = page.field_names.get(path, "") if page is not None else ""
        if path.startswith("mailboxes."):
            name = self.tr("row {row}").format(row=path.split(".", 1)[1])
        return f"{flow.step_title(step)} › {name}" if name else flow.step_title(step)

    def show_result(self, result: Any) -> None:
        path = self.field_of(result)
        outdated = result is not None and not self.ctl.book.is_fresh(self.ctl.state, result.id)
        self.details.setHtml(result_html(result, path, self.field_label(path) if path else "", outdated))

    def go_to_field(self, path: str | None = None) -> bool:
        """Open the page of ``path`` (default: the selected result's field) and focus the field."""
        path = path or self.field_of(self.tree.selected_result())
        wiz = self.wizard()
        if not path or wiz is None:
            return False
        return bool(wiz.go_to(flow.step_of(path), path))

    def copy_report(self) -> str:
        text = report_text(self.results, settings=self.ctl.state.settings)
        QGuiApplication.clipboard().setText(text)
        self.banner.show_message(overall(self.results), self.tr("Report copied to the clipboard."))
        return text

    def save_report(self, path: str | Path) -> Path:
        from calwizard.settings.io import atomic_write_text

        p = atomic_write_text(Path(path), report_html(self.results, settings=self.ctl.state.settings), mode=0o644)
        self.banner.show_message(overall(self.results), self.tr("Report saved to {p}.").format(p=p))
        return p

    def _save_dialog(self) -> None:
        default = str(self.ctl.config_dir / f"{self.ctl.state.profile}-report.html")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"), default, self.tr("HTML (*.html)"))
        if path:
            self.save_report(path)
