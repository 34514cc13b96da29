"""Page 10: Summary & save — save the configuration (secrets to the secret store), export a sealed bundle."""

from __future__ import annotations

import asyncio
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from calwizard.gui.asyncglue import TaskHolder
from calwizard.gui.pages.base import BasePage, form_layout
from calwizard.gui.report import counts, overall
from calwizard.gui.widgets import Banner, FlowLayout, SecretField, chars
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId


class SummaryPage(BasePage):
    step = StepId.SUMMARY
    subtitle = QT_TRANSLATE_NOOP(
        "SummaryPage",
        "Check what will be saved. Finish saves the configuration and closes the wizard.")
    saved = Signal(str)
    saveFailed = Signal(str)

    def build(self) -> None:
        self.rebind_dialog: QMessageBox | None = None
        self.overview = QLabel(self)
        self.overview.setWordWrap(True)
        self.overview.setTextFormat(Qt.TextFormat.RichText)
        self.overview.setObjectName("overview")
        self.overview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.overview)
        form = form_layout()
        row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setAccessibleName(self.tr("Save to"))
        self.path.setToolTip(self.tr("The configuration file (TOML). Secrets are not written into it."))
        self.browse = QPushButton(self.tr("Save &as…"), self)
        self.browse.setAutoDefault(False)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        lbl = QLabel(self.tr("Save &to:"), self)
        lbl.setBuddy(self.path)
        form.addRow(lbl, row)
        self.passphrase = SecretField(self.tr("Secret store passphrase"), self)
        self.passphrase.setToolTip(self.tr("No OS keychain is usable here: the secrets are kept in an "
                                           "encrypted file, unlocked with this passphrase (also for the "
                                           "sync engine: CALWIZARD_STORE_PASSPHRASE)."))
        self.passphrase_label = QLabel(self.tr("Secret store &passphrase:"), self)
        self.passphrase_label.setBuddy(self.passphrase)
        form.addRow(self.passphrase_label, self.passphrase)
        self.form = form
        form.setRowVisible(self.passphrase, False)
        self.body.addLayout(form)
        buttons = FlowLayout()
        self.save_button = QPushButton(self.tr("&Save now"), self)
        self.export_button = QPushButton(self.tr("&Export sealed bundle…"), self)
        self.export_button.setToolTip(self.tr("A .calwiz file with the configuration and its secrets, "
                                              "sealed with a passphrase, for the server that runs the sync "
                                              "engine."))
        self.install_button = QPushButton(self.tr("&Install the engine on this machine as a service"), self)
        self.install_button.setToolTip(self.tr(
            "Installs the sync engine for the exported bundle as a service of this computer (systemd, launchd or "
            "a Windows service): started at boot, restarted on failure, with the secrets in a store of its own. "
            "Needs administrator rights."))
        self.install_button.setEnabled(False)
        for b in (self.save_button, self.export_button, self.install_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        self.body.addLayout(buttons)
        self.status = Banner(self)
        self.status.setObjectName("save-status")
        self.body.addWidget(self.status)
        self._build_trial()
        self.body.addStretch(1)
        self._task = TaskHolder(self)
        self._task.runningChanged.connect(self.set_busy)
        self._finish_after_save = False
        self._exported: tuple[Path, str | None] | None = None
        self.install_root: Path | None = None
        """Install below this directory instead of the real system (an image; tests)."""
        self.install_button.clicked.connect(self.install_as_service)
        self.browse.clicked.connect(self._save_as)
        self.save_button.clicked.connect(lambda: self.save())
        self.export_button.clicked.connect(self._export_dialog)

    def _build_trial(self) -> None:
        """With a PBX connection: run the whole chain once (engine -> PBX) and show what the PBX shows."""
        row = QHBoxLayout()
        self.trial_button = QPushButton(self.tr("Try the &whole chain now"), self)
        self.trial_button.setAutoDefault(False)
        self.trial_button.setToolTip(self.tr("Runs the sync engine until every user is read, reads the presence back "
                                             "from the PBX like a PBX client, then stops the engine, which clears "
                                             "calwizard's presence on the PBX again."))
        row.addWidget(self.trial_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.trial_status = Banner(self)
        self.trial_status.setObjectName("trial-status")
        self.body.addWidget(self.trial_status)
        self._trial = TaskHolder(self)
        self._trial.runningChanged.connect(self._trial_running)
        self.trial_button.clicked.connect(self.try_chain)

    def leave(self) -> None:
        self._trial.cancel()

    def _trial_running(self, on: bool) -> None:
        self.trial_button.setEnabled(not on)
        self.set_busy(on or self._task.running)

    def try_chain(self) -> None:
        """Run :func:`calwizard.wizard.trial.trial_run` for the configuration as it is now."""
        self.trial_status.show_message("warning", self.tr("Running the engine against Exchange and the PBX…"))
        self._trial.start(self._try_chain(self.ctl.state))

    async def _try_chain(self, state: flow.WizardState) -> None:
        import tempfile

        from calwizard.errors import UserFacingError
        from calwizard.wizard.trial import trial_run

        with tempfile.TemporaryDirectory(prefix="calwizard-trial-") as tmp:
            try:
                result = await trial_run(state.settings, self.ctl.fetcher(state), Path(tmp))
            except UserFacingError as exc:
                self.trial_status.show_message("failed", self.tr("The engine could not run: {error}").format(
                    error=exc))
                return
        counts_text = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in sorted(result.statuses.items()))
        lines = [self.tr("The engine synced {users} user(s) ({counts}). The PBX showed (read with "
                         "SubscribePresence):").format(users=result.users, counts=counts_text)]
        lines += [f"  {p.pbx_name}: {p.activity or 'available'} — {p.note}" for p in result.presence]
        if not result.presence:
            lines.append(self.tr("  no presence (no user has a readable calendar)"))
        lines.append(self.tr("The engine stopped and cleared calwizard's presence on the PBX."))
        self.trial_status.show_message("ok" if result.presence else "warning", "\n".join(lines))

    def load(self, state: flow.WizardState) -> None:
        from calwizard.wizard.persist import default_path

        # known since the Welcome page: no OS keychain and no passphrase yet -> ask here before saving, not after
        if self.ctl.store_needs_passphrase and state.secrets:
            self.form.setRowVisible(self.passphrase, True)

        self.path.setText(str(default_path(state, self.ctl.config_dir)))
        self._overview(state)
        self.trial_button.setVisible(state.settings.pbx.connected and state.settings.exchange.sync_type.value
                                     != "disabled")
        self.trial_status.show_message(None)
        report = self.ctl.last_report
        if report and overall(report) == "failed":
            self.status.show_message("warning", self.tr("Validation found problems (see the Validate "
                                                        "page). You can save now and validate again later "
                                                        "with 'calwizard validate'."))
        else:
            self.status.show_message(None)

    def on_state(self, state: flow.WizardState) -> None:
        self._overview(state)

    def _overview(self, state: flow.WizardState) -> None:
        s = state.settings
        ex = s.exchange
        rows = [(self.tr("Profile"), state.profile), (self.tr("PBX"), s.pbx.master_pbx_name or "—"),
                (self.tr("Sync type"), flow.sync_type_info(ex.sync_type.value)[0])]
        if ex.sync_type.uses_ews:
            rows.append((self.tr("User"), ex.user or "—"))
        if ex.sync_type.is_cloud:
            rows.append((self.tr("App (client ID)"), ex.client_id or "—"))
        if ex.sync_type.uses_graph:
            rows.append((self.tr("Graph permission"), ex.graph_permission.value))
            rows.append((self.tr("Must be denied"), ", ".join(ex.must_be_denied) or self.tr("none listed")))
        if s.pbx.connected:
            rows.append((self.tr("PBX"), self.tr("{address}, App object {app}").format(address=s.pbx.address,
                                                                                      app=s.pbx.app_name)))
        if s.pbx.users_from_pbx:
            users = (self.tr("the PBX's users (%n overridden)", "", len(s.mailboxes)) if s.mailboxes
                     else self.tr("the PBX's users"))
        else:
            users = str(len(s.mailboxes))
        rows.append((self.tr("Mailboxes"), users))
        refs = [f"{flow.secret_label(name)}: {ref.describe()}" for name in flow.SECRET_FIELDS
                if (ref := flow.secret_ref(s, name)) is not None]
        rows.append((self.tr("Secrets"), "; ".join(refs) or self.tr("none")))
        report = self.ctl.last_report
        if report:
            c = counts(report)
            line = {"ok": self.tr("passed ({ok} ok, {warning} warnings, {failed} failed)"),
                    "warning": self.tr("passed with warnings ({ok} ok, {warning} warnings, {failed} failed)"),
                    "failed": self.tr("failed ({ok} ok, {warning} warnings, {failed} failed)")}[overall(report)]
            line = line.format(ok=c["ok"], warning=c["warning"], failed=c["failed"])
            if any(not self.ctl.book.is_fresh(state, r.id) for r in report):
                line = self.tr("outdated — the settings changed since: {verdict}; run Validate again").format(
                    verdict=line)
            rows.append((self.tr("Validation"), line))
        else:
            rows.append((self.tr("Validation"), self.tr("not run")))
        rows.append((self.tr("Unsaved changes"), self.tr("yes") if state.dirty else self.tr("no")))
        self.overview.setText("<table>" + "".join(
            f"<tr><td><b>{escape(k)}:</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in rows) + "</table>")

    def _save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save configuration"), self.path.text(),
                                              self.tr("Configurations (*.toml)"))
        if path:
            self.path.setText(path)
            self.save()

    # -- saving --------------------------------------------------------------------------------------

    def store_opener(self) -> Any:
        pw = self.passphrase.text()
        if pw:
            from calwizard.secrets import open_store

            return lambda: open_store("file", passphrase=pw)
        return self.ctl.services.store_opener

    def save(self, finish: bool = False) -> None:
        """Save in the background; ``finish``: close the wizard once saved (:attr:`saved` or :attr:`saveFailed`
        tells the outcome)."""
        from calwizard.wizard.persist import default_path

        self._finish_after_save = finish
        if not self.path.text().strip():
            self.path.setText(str(default_path(self.ctl.state, self.ctl.config_dir)))
        self.status.show_message("warning", self.tr("Saving…"))
        self._task.start(self._save(Path(self.path.text().strip())))

    def ask_rebind(self, conflicts: list[Any]) -> asyncio.Future[bool]:
        """Ask whether stored secrets may be re-bound to this configuration's destinations (window-modal, never a
        nested event loop); the future is True for Yes."""
        lines = "\n".join(f"• {c.describe()}" for c in conflicts)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Re-bind stored secrets?"),
                          self.tr("This configuration sends secrets from the secret store to other destinations than "
                                  "they were saved for:") + "\n\n" + lines + "\n\n" +
                          self.tr("Re-bind them to this configuration? Choose No unless you made these changes "
                                  "yourself: a configuration from someone else could send your secrets to their "
                                  "server. With No, the configuration is saved and its checks will report the "
                                  "secrets as not usable here."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("rebind-dialog")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def done(result: int) -> None:
            if not answer.done():
                answer.set_result(result == QMessageBox.StandardButton.Yes.value)
            self.rebind_dialog = None
            box.deleteLater()

        box.finished.connect(done)
        box.open()
        self.rebind_dialog = box
        return answer

    async def _save(self, path: Path) -> None:
        from calwizard.errors import SecretError, UserFacingError
        from calwizard.wizard.persist import binding_conflicts, save

        state = self.ctl.state
        opener = self.store_opener()
        try:
            conflicts = await asyncio.to_thread(binding_conflicts, state, opener)
            rebind = [c.key for c in conflicts] if conflicts and await self.ask_rebind(conflicts) else []
            new = await asyncio.to_thread(save, state, path, opener, rebind=rebind)
        except SecretError as exc:
            self.form.setRowVisible(self.passphrase, True)
            self.status.show_message("failed", self.tr("Not saved: {exc}").format(exc=exc))
            self.saveFailed.emit(self.tr("Not saved: {exc}").format(exc=exc))
            return
        except UserFacingError as exc:
            self.status.show_message("failed", self.tr("Not saved: {exc}").format(exc=exc))
            self.saveFailed.emit(self.tr("Not saved: {exc}").format(exc=exc))
            return
        # keep edits made while saving; record what was saved
        self.ctl.set_state(flow.replace_saved(self.ctl.state, new))
        secrets = " " + self.tr("Secrets were written to the secret store.") if state.unsaved_secrets else ""
        self.status.show_message("ok", self.tr("Saved to {path}.{secrets}").format(path=path, secrets=secrets))
        self.saved.emit(str(path))
        if self._finish_after_save and self.wizard() is not None:
            self.wizard().accept()

    def validatePage(self) -> bool:
        if self.ctl.state.dirty or not Path(self.path.text().strip()).exists():
            self.save(finish=True)
            return False
        return True

    # -- bundle --------------------------------------------------------------------------------------

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export sealed bundle"),
                                              str(Path(self.path.text()).with_suffix(".calwiz")),
                                              self.tr("calwizard bundle (*.calwiz)"))
        if not path:
            return
        dialog = PassphraseDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.export(path, dialog.passphrase())

    def export(self, path: str | Path, passphrase: str | None) -> None:
        self._task.start(self._export(Path(path), passphrase))

    async def _export(self, path: Path, passphrase: str | None) -> None:
        from calwizard.bundle import collect_secrets, write_bundle
        from calwizard.errors import UserFacingError

        state = self.ctl.state
        fetch = self.ctl.fetcher(state)
        report = [r.to_json() for r in self.ctl.last_report] or None
        try:
            secrets = await asyncio.to_thread(collect_secrets, state.settings, fetch)
            written = await asyncio.to_thread(write_bundle, path, state.settings, secrets or None,
                                              passphrase if secrets else None, report)
        except UserFacingError as exc:
            self.status.show_message("failed", self.tr("Not exported: {exc}").format(exc=exc))
            return
        self.status.show_message("ok", self.tr("Sealed bundle written to {written}.").format(written=written))
        self._exported = (Path(written), passphrase if secrets else None)
        self.install_button.setEnabled(True)

    # -- service -------------------------------------------------------------------------------------

    def install_as_service(self) -> None:
        """Install the engine for the exported bundle as a service (the same code as ``calwizard engine
        install-service``), in a worker thread."""
        if self._exported is not None:
            self._task.start(self._install(*self._exported))

    async def _install(self, bundle: Path, passphrase: str | None) -> None:
        from calwizard.engine.service.cli import install_service
        from calwizard.errors import UserFacingError

        self.status.show_message("warning", self.tr("Installing the engine as a service…"))
        try:
            result = await asyncio.to_thread(install_service, bundle, bundle_passphrase=passphrase,
                                             root=self.install_root)
        except UserFacingError as exc:
            self.status.show_message("failed", self.tr("Not installed: {0}").format(str(exc)))
            return
        except OSError as exc:
            self.status.show_message("failed", self.tr("Not installed: the service manager refused: {0}").format(
                str(exc)))
            return
        where = str(result.definition) if result.definition else result.name
        self.status.show_message("ok", self.tr("The engine is installed as the service {0} ({1}); health: {2}").format(
            result.name, where, result.health_url + "/healthz"))


class PassphraseDialog(QDialog):
    """Asks for the bundle passphrase twice and shows its strength (``bundle.passphrase_strength``).

    OK is enabled only when both entries match and the passphrase is long enough.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        from calwizard.bundle import passphrase_strength

        super().__init__(parent)
        self._strength = passphrase_strength
        self.setWindowTitle(self.tr("Bundle passphrase"))
        form = QFormLayout(self)
        intro = QLabel(self.tr("The secrets in the bundle are sealed with this passphrase. You need it to "
                               "import the bundle on the server; it cannot be recovered."), self)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.first = SecretField(self.tr("Passphrase"), self)
        self.second = SecretField(self.tr("Passphrase again"), self)
        form.addRow(self.tr("&Passphrase:"), self.first)
        form.addRow(self.tr("&Again:"), self.second)
        self.strength = QLabel(self)
        self.strength.setAccessibleName(self.tr("Passphrase strength"))
        self.strength.setWordWrap(True)
        form.addRow(self.tr("Strength:"), self.strength)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for field in (self.first, self.second):
            field.textChanged.connect(self._update)
        self._update()
        # sized by its content: wide enough for the explanation to wrap into a few lines (in any font and
        # language), never wider than the screen; the height follows the text
        screen = self.screen()
        room = screen.availableGeometry().width() if screen is not None else chars(self, 60)
        self.setMinimumWidth(min(chars(self, 60), room))
        self.adjustSize()

    def passphrase(self) -> str:
        return self.first.text()

    def _update(self) -> None:
        pw, again = self.first.text(), self.second.text()
        score, label, hint = self._strength(pw)
        text = f"<b>{escape(label)}</b> — {escape(hint)}" if pw else escape(self.tr("Enter a passphrase."))
        if pw and again and pw != again:
            text += "<br>" + escape(self.tr("The two entries differ."))
        self.strength.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(score > 0 and pw == again)
