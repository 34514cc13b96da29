"""Page 1: Welcome / profile — new configuration, open one, or start from a CSV of users.

Built before the settings model is imported (it is the page ``bench/startup.py`` times): nothing here
touches pydantic until the technician acts, and :mod:`calwizard.wizard.flow` is imported where a state
exists (the start path loads the step table, :mod:`calwizard.wizard.steps`, only).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
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


def csv_unreadable(path: str | Path, exc: Exception) -> str:
    """Why a CSV file of users cannot be used, in plain words (the exception's own text goes to Details)."""
    from PySide6.QtCore import QCoreApplication

    if isinstance(exc, UnicodeDecodeError):
        return QCoreApplication.translate("csv", "{name} is not a text file in UTF-8: save it again as "
                                                 "\"CSV UTF-8\" and import that file.").format(name=Path(path).name)
    return QCoreApplication.translate("csv", "{name} cannot be read: check that the file exists and that you may "
                                             "open it.").format(name=Path(path).name)


class WelcomePage(BasePage):
    step = StepId.WELCOME
    subtitle = QT_TRANSLATE_NOOP(
        "WelcomePage",
        "Set up the calendar connector that turns Exchange appointments into PBX "
        "presence. Every step is checked live; nothing is saved until the last page.")

    def build(self) -> None:
        self.demo = Banner(self)
        self.body.addWidget(self.demo)
        self.mode = QButtonGroup(self)
        self.new_radio = QRadioButton(self.tr("Ne&w configuration"), self)
        self.open_radio = QRadioButton(self.tr("&Open an existing configuration"), self)
        self.csv_radio = QRadioButton(self.tr("New configuration from a CSV file of &users"), self)
        for i, (rb, desc) in enumerate([
            (self.new_radio, self.tr("Start with empty settings.")),
            (self.open_radio, self.tr("Edit a configuration saved before: pick it below or open a file.")),
            (self.csv_radio, self.tr("Start with the users to sync from a CSV file: pbx_name,addresses "
                                     "(several addresses separated by ';').")),
        ]):
            self.mode.addButton(rb, i)
            rb.setAccessibleDescription(desc)
            rb.setToolTip(desc)
            self.body.addWidget(rb)
        self.new_radio.setChecked(True)

        row = QHBoxLayout()
        self.recent = QListWidget(self)
        self.recent.setAccessibleName(self.tr("Saved configurations"))
        self.recent.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.open_file = QPushButton(self.tr("Open &file…"), self)
        self.open_file.setAutoDefault(False)
        self.csv_file = QPushButton(self.tr("Import &CSV…"), self)
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
        self.profile.setAccessibleName(self.tr("Profile name"))
        self.profile.setToolTip(self.tr("Name of this configuration; secrets are kept in the secret store "
                                        "under it (e.g. customer-a)."))
        lbl = QLabel(self.tr("&Profile name:"), self)
        lbl.setBuddy(self.profile)
        form.addRow(lbl, self.profile)
        err = ErrorLabel(self)
        form.addRow("", err)
        self.errors["profile"] = err
        self._build_language(form)
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

    def _build_language(self, form: QFormLayout) -> None:
        """The interface language: the system's (default), or one chosen here (kept for the next start);
        ``CALWIZARD_LANG`` overrides both. Changing it rebuilds the window in that language, keeping every input."""
        from calwizard import i18n

        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Interface language"))
        self.language.setToolTip(self.tr("The language of the wizard (the presence text has its own setting on "
                                         "the PBX & presence page)."))
        self.language.addItem(self.tr("System ({language})").format(language=i18n.LANGUAGES[i18n.language()]), "")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        saved = i18n.saved_language(self._ui_file())
        self.language.setCurrentIndex(max(0, self.language.findData(saved)) if saved else 0)
        lbl = QLabel(self.tr("&Language:"), self)
        lbl.setBuddy(self.language)
        form.addRow(lbl, self.language)
        self.language.currentIndexChanged.connect(self._language_chosen)

    def _ui_file(self) -> Path:
        """Where the language choice is kept: beside this wizard's profiles (``ui.json``). Without the persistence
        module, which loads the flow: this runs before the first page is shown."""
        from calwizard import i18n

        configured = self.ctl.services.config_dir
        return configured.parent / "ui.json" if configured is not None else i18n.settings_file()

    def _language_chosen(self, _index: int) -> None:
        from PySide6.QtCore import QLocale

        from calwizard import i18n

        choice = self.language.currentData() or None
        i18n.save_language(choice, self._ui_file())
        # a choice made here applies now (CALWIZARD_LANG decides only at start); "System" follows the system again
        lang = choice or i18n.choose_language(system=QLocale.system().name())
        wiz = self.wizard()
        if lang != i18n.language() and wiz is not None and hasattr(wiz, "change_language"):
            wiz.change_language(lang)

    def polish(self) -> None:
        align_labels(self.form)
        self.where.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self._fill_recent()
        self._build_store()
        self.check_store()

    # -- prerequisites: the secret store ---------------------------------------------------------

    def _build_store(self) -> None:
        """Second stage: the secret store's state, and its passphrase when there is no OS keychain."""
        from PySide6.QtCore import QTimer

        from calwizard.gui.asyncglue import TaskHolder
        from calwizard.gui.widgets import SecretField

        self.store_banner = Banner(self)
        self.store_banner.setObjectName("secret-store")
        self.store_form = form_layout()
        self.store_pass = SecretField(self.tr("Secret store passphrase"), self)
        self.store_again = SecretField(self.tr("Secret store passphrase again"), self)
        pass_label = QLabel(self.tr("Store pass&phrase:"), self)
        pass_label.setBuddy(self.store_pass)
        again_label = QLabel(self.tr("Passphrase a&gain:"), self)
        again_label.setBuddy(self.store_again)
        self.store_form.addRow(pass_label, self.store_pass)
        self.store_form.addRow(again_label, self.store_again)
        self.store_error = ErrorLabel(self)
        self.store_error.setObjectName("error:store-passphrase")
        self.store_form.addRow("", self.store_error)
        index = self.body.indexOf(self.where) + 1
        self.body.insertWidget(index, self.store_banner)
        self.body.insertLayout(index + 1, self.store_form)
        for w in (self.store_pass, self.store_again):
            self.store_form.setRowVisible(w, False)
        self.store_report: Any = None
        self._store_task = TaskHolder(self)
        self._store_task.runningChanged.connect(self.set_busy)
        self._pass_timer = QTimer(self)
        self._pass_timer.setSingleShot(True)
        self._pass_timer.setInterval(max(300, self.ctl.services.debounce_ms))
        self._pass_timer.timeout.connect(self._try_passphrase)
        self.store_pass.textChanged.connect(lambda _t: self._pass_timer.start())
        self.store_again.textChanged.connect(lambda _t: self._pass_timer.start())

    def shutdown(self) -> None:
        """The secret store's check outlives leaving the page (Next before it answered), not the window."""
        super().shutdown()
        self._store_task.cancel()
        self._pass_timer.stop()

    def check_store(self) -> None:
        """Check the secret store now (in a worker: a keychain may take a moment to answer)."""
        self.store_banner.show_message("info", self.tr("Checking where passwords and client secrets can be kept…"))
        try:
            self._store_task.start(self._probe_store())
        except RuntimeError:  # no event loop (a test that builds the pages only): nothing to check with
            self.store_banner.show_message(None)

    def _store_path(self) -> Path:
        from calwizard.secrets import default_store_path

        return self.ctl.services.store_path or default_store_path()

    async def _probe_store(self) -> None:
        import asyncio
        import os

        from calwizard.errors import UserFacingError
        from calwizard.secrets import PASSPHRASE_ENV, find_keychain
        from calwizard.wizard import flow

        svc = self.ctl.services
        if svc.store_opener is not None:  # a store chosen for this wizard (tests, a passphrase typed before)
            try:
                store = await asyncio.to_thread(svc.store_opener)
            except UserFacingError as exc:
                report = flow.secret_store_report(keychain=None, error=exc.message,
                                                  reasons=[exc.detail] if exc.detail else [])
            else:
                text = (self.tr("Passwords and client secrets will be kept in the encrypted file {path}.")
                        .format(path=store.location) if store.kind == "file"
                        else self.tr("Passwords and client secrets will be kept in the {store}.")
                        .format(store=store.backend_name))
                report = flow.StoreReport("ok", text)
        else:
            probe = await asyncio.to_thread(svc.store_probe or find_keychain)
            path = self._store_path()
            report = flow.secret_store_report(
                keychain=probe.store.backend_name if probe.store is not None else None, reasons=probe.reasons,
                file_path=str(path), file_exists=path.exists(), passphrase_known=bool(os.environ.get(PASSPHRASE_ENV)))
        self.show_store(report)

    def show_store(self, report: Any) -> None:
        """Show the secret store's state; ask for the passphrase of the encrypted file store if needed."""
        from calwizard.wizard.flow import StepStatus

        self.store_report = report
        self.store_banner.show_message(report.status, report.message + (f"\n{report.remedy}" if report.remedy
                                                                         else ""), report.details)
        self.store_form.setRowVisible(self.store_pass, report.needs_passphrase)
        self.store_form.setRowVisible(self.store_again, report.needs_passphrase and report.new_file)
        self.ctl.store_status = StepStatus(report.status)
        self.ctl.store_needs_passphrase = report.needs_passphrase
        self.ctl.resultsChanged.emit()

    def _try_passphrase(self) -> None:
        """A passphrase typed: a new store's two entries must match; an existing store's must unlock it."""
        report = self.store_report
        if report is None or not report.needs_passphrase:
            return
        pw, again = self.store_pass.text(), self.store_again.text()
        self.store_error.show_error(None)
        if not pw:
            return
        if report.new_file:
            if len(pw) < 8:
                self.store_error.show_error(self.tr("Use at least 8 characters."))
            elif again != pw:
                self.store_error.show_error(self.tr("The two entries differ.") if again else None)
            else:
                self._use_passphrase(pw)
            return
        self._store_task.start(self._unlock(pw))

    async def _unlock(self, passphrase: str) -> None:
        import asyncio

        from calwizard.errors import UserFacingError
        from calwizard.secrets import open_store

        path = self._store_path()
        try:
            await asyncio.to_thread(open_store, "file", path=path, passphrase=passphrase)
        except UserFacingError as exc:
            self.store_error.show_error(exc.message)
            return
        self._use_passphrase(passphrase)

    def _use_passphrase(self, passphrase: str) -> None:
        """From now on the wizard saves secrets to the encrypted file with this passphrase."""
        from calwizard.secrets import open_store
        from calwizard.wizard import flow

        path = self._store_path()
        self.ctl.services.store_opener = lambda: open_store("file", path=path, passphrase=passphrase)
        report = flow.secret_store_report(keychain=None, file_path=str(path), passphrase_known=True)
        self.show_store(report)
        self.store_form.setRowVisible(self.store_pass, True)  # stays visible: the technician may correct it

    def _fill_recent(self) -> None:
        from calwizard.wizard.persist import list_profiles

        self.recent.clear()
        for p in list_profiles(self.ctl.config_dir)[:20]:
            item = QListWidgetItem(p.stem, self.recent)
            item.setData(QtCore.Qt.ItemDataRole.UserRole, str(p))
            item.setToolTip(str(p))
        if self.recent.count() == 0:
            empty = QListWidgetItem(self.tr("No saved configurations yet — use Open file… for one elsewhere."),
                                    self.recent)
            empty.setFlags(QtCore.Qt.ItemFlag.NoItemFlags)
        d = self.ctl.config_dir
        self.where.setText(self.tr("Configurations are stored in {d} (one .toml file per profile). "
                                   "Passwords and client secrets are kept in the OS keychain or an "
                                   "encrypted file, never in the configuration file.").format(d=d))

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
        demo = self.ctl.services.demo
        text = demo() if callable(demo) else demo
        self.demo.show_message("ok" if text else None, text)

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
        self.loaded.setText(self.tr("Opened {path}: sync type {sync_type}, %n mailbox(es).", None,
                                    len(state.settings.mailboxes)).format(path=path,
                                                                          sync_type=ex.sync_type.value))
        self.refresh()
        return True

    def import_csv(self, path: str | Path) -> bool:
        """Start a new configuration with the users of the CSV file at ``path``."""
        from calwizard.errors import UserFacingError
        from calwizard.settings import mailboxes_from_csv
        from calwizard.wizard import flow

        try:
            mailboxes = mailboxes_from_csv(Path(path).read_text(encoding="utf-8-sig"))
        except UserFacingError as exc:
            self.load_error.show_message("failed", f"{Path(path).name}: {exc}")
            return False
        except (OSError, UnicodeDecodeError) as exc:  # plain words; the system's own in Details
            self.load_error.show_message("failed", csv_unreadable(path, exc), details=str(exc))
            return False
        self.csv_radio.setChecked(True)
        state = flow.new_state(profile=self.ctl.state.profile, today=self.ctl.state.today)
        self.ctl.set_state(flow.set_field(state, "mailboxes", mailboxes))
        self.loaded.setText(self.tr("{len} users imported from {path}.").format(len=len(mailboxes), path=path))
        self.load_error.show_message(None)
        return True

    def _open_item(self, item: QListWidgetItem) -> None:
        path = item.data(QtCore.Qt.ItemDataRole.UserRole)
        if path:
            self.open_path(path)

    def _open_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open configuration"), str(self.ctl.config_dir),
                                              self.tr("Configurations (*.toml);;All files (*)"))
        if path:
            self.open_path(path)

    def _csv_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import users"), "",
                                              self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if path:
            self.import_csv(path)
