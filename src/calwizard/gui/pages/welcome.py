"""Page 1: Welcome / profile — new configuration, open one, or start from a CSV of users.

Built before the settings model is imported (it is the page ``bench/startup.py`` times): nothing here
touches pydantic until the technician acts, and :mod:`calwizard.wizard.flow` is imported where a state
exists (the start path loads the step table, :mod:`calwizard.wizard.steps`, only).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QWidget,
)

from calwizard.gui.messages import Banner, ErrorLabel
from calwizard.gui.pages.base import BasePage, align_labels, form_layout
from calwizard.wizard.steps import StepId

if TYPE_CHECKING:
    from calwizard.wizard import flow


class WelcomePage(BasePage):
    step = StepId.WELCOME
    subtitle = ("Set up the calendar connector that turns Exchange appointments into PBX presence. "
                "Every step is checked live; nothing is saved until the last page.")

    def build(self) -> None:
        self.demo = Banner(self)
        self.body.addWidget(self.demo)
        self.mode = QButtonGroup(self)
        self.new_radio = QRadioButton("Ne&w configuration", self)
        self.open_radio = QRadioButton("&Open an existing configuration", self)
        self.csv_radio = QRadioButton("New configuration from a CSV file of &users", self)
        for i, (rb, desc) in enumerate([
            (self.new_radio, "Start with empty settings."),
            (self.open_radio, "Edit a configuration saved before: pick it below or open a file."),
            (self.csv_radio, "Start with the users to sync from a CSV file: pbx_name,addresses "
                             "(several addresses separated by ';')."),
        ]):
            self.mode.addButton(rb, i)
            rb.setAccessibleDescription(desc)
            rb.setToolTip(desc)
            self.body.addWidget(rb)
        self.new_radio.setChecked(True)

        row = QHBoxLayout()
        self.recent = QListWidget(self)
        self.recent.setAccessibleName("Saved configurations")
        self.recent.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.open_file = QPushButton("Open &file…", self)
        self.open_file.setAutoDefault(False)
        self.csv_file = QPushButton("Import &CSV…", self)
        self.csv_file.setAutoDefault(False)
        row.setContentsMargins(24, 0, 0, 0)
        row.addWidget(self.recent, 1)
        col = QWidget(self)
        from PySide6.QtWidgets import QVBoxLayout

        cl = QVBoxLayout(col)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.open_file)
        cl.addWidget(self.csv_file)
        cl.addStretch(1)
        row.addWidget(col)
        self.body.addLayout(row)
        self.loaded = QLabel(self)
        self.loaded.setWordWrap(True)
        self.body.addWidget(self.loaded)

        form = form_layout(align=False)
        self.form = form
        self.profile = QLineEdit("default", self)
        self.profile.setAccessibleName("Profile name")
        self.profile.setToolTip("Name of this configuration; secrets are kept in the secret store under it "
                                "(e.g. customer-a).")
        lbl = QLabel("&Profile name:", self)
        lbl.setBuddy(self.profile)
        form.addRow(lbl, self.profile)
        err = ErrorLabel(self)
        form.addRow("", err)
        self.errors["profile"] = err
        self.body.addLayout(form)
        self.where = QLabel(self)
        self.where.setWordWrap(True)
        self.body.addWidget(self.where)
        self.body.addStretch(1)
        self.load_error = Banner(self)
        self.body.addWidget(self.load_error)

        self.profile.textChanged.connect(self._profile)
        self.open_file.clicked.connect(self._open_dialog)
        self.csv_file.clicked.connect(self._csv_dialog)
        self.recent.itemActivated.connect(self._open_item)
        self.recent.itemClicked.connect(self._open_item)
        self.mode.idToggled.connect(self._mode)
        self._mode(0, True)

    def polish(self) -> None:
        align_labels(self.form)
        self.where.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self._fill_recent()

    def _fill_recent(self) -> None:
        from calwizard.wizard.persist import list_profiles

        self.recent.clear()
        for p in list_profiles(self.ctl.config_dir)[:20]:
            item = QListWidgetItem(p.stem, self.recent)
            item.setData(QtCore.Qt.ItemDataRole.UserRole, str(p))
            item.setToolTip(str(p))
        if self.recent.count() == 0:
            empty = QListWidgetItem("No saved configurations yet — use Open file… for one elsewhere.", self.recent)
            empty.setFlags(QtCore.Qt.ItemFlag.NoItemFlags)
        d = self.ctl.config_dir
        self.where.setText(f"Configurations are stored in {d} (one .toml file per profile). Passwords and "
                           "client secrets are kept in the OS keychain or an encrypted file, never in the "
                           "configuration file.")

    def _mode(self, idx: int, on: bool) -> None:
        if not on:
            return
        self.recent.setEnabled(idx == 1)
        self.open_file.setEnabled(idx == 1)
        self.csv_file.setEnabled(idx == 2)
        if idx == 0 and self.ctl.state is not None and self.ctl.state.config_path:
            self.start_new()

    def load(self, state: flow.WizardState) -> None:
        self.profile.setText(state.profile)
        self.demo.show_message("ok" if self.ctl.services.demo else None, self.ctl.services.demo)

    @property
    def valid(self) -> bool:
        return self.ctl.state is not None and super().valid

    def _profile(self, text: str) -> None:
        if self.ctl.state is not None and not self._loading:
            from calwizard.wizard import flow

            self.ctl.update(flow.set_profile, text.strip())

    # -- actions ---------------------------------------------------------------------------------

    def start_new(self) -> None:
        from calwizard.wizard import flow

        self.ctl.set_state(flow.new_state(profile=self.ctl.state.profile, today=self.ctl.state.today))
        self.loaded.setText("")
        self.load_error.show_message(None)

    def open_path(self, path: str | Path) -> bool:
        """Open the configuration at ``path``; errors are shown on the page."""
        from calwizard.errors import UserFacingError
        from calwizard.wizard.persist import open_configuration

        try:
            state = open_configuration(path, today=self.ctl.state.today)
        except UserFacingError as exc:
            self.load_error.show_message("failed", str(exc))
            return False
        self.open_radio.setChecked(True)
        self.ctl.set_state(state)
        self._loading = True
        self.profile.setText(state.profile)
        self._loading = False
        self.load_error.show_message(None)
        ex = state.settings.exchange
        self.loaded.setText(f"Opened {path}: sync type {ex.sync_type.value}, {len(state.settings.mailboxes)} "
                            "mailboxes.")
        self.refresh()
        return True

    def import_csv(self, path: str | Path) -> bool:
        """Start a new configuration with the users of the CSV file at ``path``."""
        from calwizard.errors import UserFacingError
        from calwizard.settings import mailboxes_from_csv
        from calwizard.wizard import flow

        try:
            mailboxes = mailboxes_from_csv(Path(path).read_text(encoding="utf-8-sig"))
        except (UserFacingError, OSError, UnicodeDecodeError) as exc:
            self.load_error.show_message("failed", f"{path}: {exc}")
            return False
        self.csv_radio.setChecked(True)
        state = flow.new_state(profile=self.ctl.state.profile, today=self.ctl.state.today)
        self.ctl.set_state(flow.set_field(state, "mailboxes", mailboxes))
        self.loaded.setText(f"{len(mailboxes)} users imported from {path}.")
        self.load_error.show_message(None)
        return True

    def _open_item(self, item: QListWidgetItem) -> None:
        path = item.data(QtCore.Qt.ItemDataRole.UserRole)
        if path:
            self.open_path(path)

    def _open_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open configuration", str(self.ctl.config_dir),
                                              "Configurations (*.toml);;All files (*)")
        if path:
            self.open_path(path)

    def _csv_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Import users", "", "CSV files (*.csv *.txt);;All files (*)")
        if path:
            self.import_csv(path)
