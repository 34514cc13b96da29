"""Page 10: Summary & save — save the configuration (secrets to the secret store), export a sealed bundle."""

from __future__ import annotations

import asyncio
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
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
from calwizard.gui.widgets import Banner, SecretField
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId


class SummaryPage(BasePage):
    step = StepId.SUMMARY
    subtitle = "Check what will be saved. Finish saves the configuration and closes the wizard."
    saved = Signal(str)

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
        self.path.setAccessibleName("Save to")
        self.path.setToolTip("The configuration file (TOML). Secrets are not written into it.")
        self.browse = QPushButton("Save &as…", self)
        self.browse.setAutoDefault(False)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        lbl = QLabel("Save &to:", self)
        lbl.setBuddy(self.path)
        form.addRow(lbl, row)
        self.passphrase = SecretField("Secret store passphrase", self)
        self.passphrase.setToolTip("No OS keychain is usable here: the secrets are kept in an encrypted file, "
                                   "unlocked with this passphrase (also for the sync engine: "
                                   "CALWIZARD_STORE_PASSPHRASE).")
        self.passphrase_label = QLabel("Secret store &passphrase:", self)
        self.passphrase_label.setBuddy(self.passphrase)
        form.addRow(self.passphrase_label, self.passphrase)
        self.form = form
        form.setRowVisible(self.passphrase, False)
        self.body.addLayout(form)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save now", self)
        self.export_button = QPushButton("&Export sealed bundle…", self)
        self.export_button.setToolTip("A .calwiz file with the configuration and its secrets, sealed with a "
                                      "passphrase, for the server that runs the sync engine.")
        for b in (self.save_button, self.export_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.body.addLayout(buttons)
        self.status = Banner(self)
        self.status.setObjectName("save-status")
        self.body.addWidget(self.status)
        self.body.addStretch(1)
        self._task = TaskHolder(self)
        self._task.runningChanged.connect(self.set_busy)
        self._finish_after_save = False
        self.browse.clicked.connect(self._save_as)
        self.save_button.clicked.connect(lambda: self.save())
        self.export_button.clicked.connect(self._export_dialog)

    def load(self, state: flow.WizardState) -> None:
        from calwizard.wizard.persist import default_path

        self.path.setText(str(default_path(state, self.ctl.config_dir)))
        self._overview(state)
        report = self.ctl.last_report
        if report and overall(report) == "failed":
            self.status.show_message("warning", "Validation found problems (see the Validate page). You can save "
                                     "now and validate again later with 'calwizard validate'.")
        else:
            self.status.show_message(None)

    def on_state(self, state: flow.WizardState) -> None:
        self._overview(state)

    def _overview(self, state: flow.WizardState) -> None:
        s = state.settings
        ex = s.exchange
        rows = [("Profile", state.profile), ("PBX", s.pbx.master_pbx_name or "—"),
                ("Sync type", flow.SYNC_TYPE_INFO[ex.sync_type.value][0])]
        if ex.sync_type.uses_ews:
            rows.append(("User", ex.user or "—"))
        if ex.sync_type.is_cloud:
            rows.append(("App (client ID)", ex.client_id or "—"))
        if ex.sync_type.uses_graph:
            rows.append(("Graph permission", ex.graph_permission.value))
            rows.append(("Must be denied", ", ".join(ex.must_be_denied) or "none listed"))
        rows.append(("Mailboxes", str(len(s.mailboxes))))
        refs = [f"{name.replace('pbx.', 'PBX ').replace('_', ' ')}: {ref.describe()}" for name in flow.SECRET_FIELDS
                if (ref := flow.secret_ref(s, name)) is not None]
        rows.append(("Secrets", "; ".join(refs) or "none"))
        report = self.ctl.last_report
        if report:
            c = counts(report)
            verdict = {"ok": "passed", "warning": "passed with warnings", "failed": "failed"}[overall(report)]
            rows.append(("Validation", f"{verdict} ({c['ok']} ok, {c['warning']} warnings, {c['failed']} failed)"))
        else:
            rows.append(("Validation", "not run"))
        rows.append(("Unsaved changes", "yes" if state.dirty else "no"))
        self.overview.setText("<table>" + "".join(
            f"<tr><td><b>{escape(k)}:</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in rows) + "</table>")

    def _save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save configuration", self.path.text(),
                                              "Configurations (*.toml)")
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
        self._finish_after_save = finish
        self.status.show_message("warning", "Saving…")
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
            self.status.show_message("failed", f"Not saved: {exc}")
            return
        except UserFacingError as exc:
            self.status.show_message("failed", f"Not saved: {exc}")
            return
        # keep edits made while saving; record what was saved
        self.ctl.set_state(flow.replace_saved(self.ctl.state, new))
        secrets = " Secrets were written to the secret store." if state.unsaved_secrets else ""
        self.status.show_message("ok", f"Saved to {path}.{secrets}")
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
        path, _ = QFileDialog.getSaveFileName(self, "Export sealed bundle",
                                              str(Path(self.path.text()).with_suffix(".calwiz")),
                                              "calwizard bundle (*.calwiz)")
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
            self.status.show_message("failed", f"Not exported: {exc}")
            return
        self.status.show_message("ok", f"Sealed bundle written to {written}.")


class PassphraseDialog(QDialog):
    """Asks for the bundle passphrase twice and shows its strength (``bundle.passphrase_strength``).

    OK is enabled only when both entries match and the passphrase is long enough.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        from calwizard.bundle import passphrase_strength

        super().__init__(parent)
        self._strength = passphrase_strength
        self.setWindowTitle("Bundle passphrase")
        form = QFormLayout(self)
        intro = QLabel("The secrets in the bundle are sealed with this passphrase. You need it to import the "
                       "bundle on the server; it cannot be recovered.", self)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.first = SecretField("Passphrase", self)
        self.second = SecretField("Passphrase again", self)
        form.addRow("&Passphrase:", self.first)
        form.addRow("&Again:", self.second)
        self.strength = QLabel(self)
        self.strength.setAccessibleName("Passphrase strength")
        self.strength.setWordWrap(True)
        form.addRow("Strength:", self.strength)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for field in (self.first, self.second):
            field.textChanged.connect(self._update)
        self._update()

    def passphrase(self) -> str:
        return self.first.text()

    def _update(self) -> None:
        pw, again = self.first.text(), self.second.text()
        score, label, hint = self._strength(pw)
        text = f"<b>{escape(label)}</b> — {escape(hint)}" if pw else "Enter a passphrase."
        if pw and again and pw != again:
            text += "<br>The two entries differ."
        self.strength.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(score > 0 and pw == again)
