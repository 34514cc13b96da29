"""Page 5: Entra app (cloud types) — app registration values, credential, sign-in, the Microsoft Graph permission
and its trade-off; what to add in the Entra admin center (and, after an app-only -> Graph switch, what to change);
live tenant/token/consent."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
)

from calwizard.exchange.clouds import (
    EWS_APP_ID,
    EWS_DELEGATED_SCOPE,
    FULL_ACCESS_AS_APP,
    FULL_ACCESS_AS_APP_ID,
    GRAPH_APP_ID,
)
from calwizard.gui.asyncglue import TaskHolder
from calwizard.gui.pages.base import BasePage, form_layout
from calwizard.gui.pages.connection import secret_placeholder
from calwizard.gui.pages.live import LiveChecks
from calwizard.gui.widgets import Banner, CopyField, FileField, FlowLayout, SecretField, section
from calwizard.settings.model import AccountTypes, GraphPermission, SyncType
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId

NO_DATE = QDate(2000, 1, 1)
"""The client secret expiry field's "not set" value (its minimum, shown as the special value text)."""


def manifest_snippet(resource_app_id: str = EWS_APP_ID, permission_id: str = FULL_ACCESS_AS_APP_ID) -> str:
    """The app-only ``requiredResourceAccess`` entry to paste into the app registration's manifest
    (default: Office 365 Exchange Online, application permission full_access_as_app)."""
    access = [{"id": permission_id, "type": "Role"}]
    return json.dumps({"resourceAppId": resource_app_id, "resourceAccess": access})


def tradeoff_html() -> str:
    """Both Microsoft Graph permissions and what each lets the presence show."""
    from html import escape

    return "<br>".join(f"<b>{escape(p)}</b>: {escape(t)}" for p, t in ((p, flow.graph_permission_tradeoff(p))
                                                                             for p in flow.GRAPH_PERMISSION_TRADEOFF))


class EntraPage(BasePage):
    step = StepId.ENTRA
    subtitle = QT_TRANSLATE_NOOP(
        "EntraPage",
        "The app registration in Microsoft Entra ID that grants access to Exchange "
        "Online.")

    def build(self) -> None:
        self.migration = Banner(self)
        self.migration.setObjectName("graph-migration")
        self.body.addWidget(self.migration)
        create = QHBoxLayout()
        self.create_app = QPushButton(self.tr("Create it for &me…"), self)
        self.create_app.setObjectName("create-app")
        self.create_app.setAutoDefault(False)
        self.create_app.setToolTip(self.tr(
            "An administrator signs in once; calwizard creates the app registration with exactly the permission "
            "this sync type needs, its credential (kept in the secret store), the service principal and the "
            "consent, and fills in this page."))
        self.create_note = QLabel(self.tr("— or enter the values of an app registered in the Entra admin center "
                                          "below."), self)
        self.create_note.setWordWrap(True)
        create.addWidget(self.create_app)
        create.addWidget(self.create_note, 1)
        self.body.addLayout(create)
        self.created_info = QLabel(self)
        self.created_info.setObjectName("created-app")
        self.created_info.setWordWrap(True)
        self.created_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.created_info)
        self._create_dialog: Any = None
        form = form_layout()
        self.form = form
        self.client_id = self.add_row(form, self.tr("Application (&client) ID:"), QLineEdit(self), "exchange.client_id",
                                      self.tr("Client ID"))
        self.client_id.setPlaceholderText("00000000-0000-0000-0000-000000000000")
        self.tenant_id = self.add_row(form, self.tr("Directory (&tenant) ID:"), QLineEdit(self), "exchange.tenant_id",
                                      self.tr("Tenant ID"))
        self.tenant_id.setPlaceholderText(self.tr("GUID or verified domain, e.g. contoso.onmicrosoft.com"))
        self.account_types = QComboBox(self)
        self.account_types.addItem(self.tr("My organization only (single tenant)"), AccountTypes.SINGLE_TENANT)
        self.account_types.addItem(self.tr("Multiple organizations (multi-tenant)"), AccountTypes.MULTI_TENANT)
        self.add_row(form, self.tr("Supported &account types:"), self.account_types, "exchange.account_types")
        kind = QHBoxLayout()
        self.kind = QButtonGroup(self)
        self.use_secret = QRadioButton(self.tr("Client s&ecret"), self)
        self.use_cert = QRadioButton(self.tr("Ce&rtificate"), self)
        self.kind.addButton(self.use_secret, 0)
        self.kind.addButton(self.use_cert, 1)
        kind.addWidget(self.use_secret)
        kind.addWidget(self.use_cert)
        kind.addStretch(1)
        self.kind_label = QLabel(self.tr("Credential:"), self)
        form.addRow(self.kind_label, kind)
        self.secret = SecretField(self.tr("Client secret"), self)
        self.bind_secret(self.secret, "client_secret")
        self.add_row(form, self.tr("Client &secret value:"), self.secret, "exchange.client_secret",
                     self.tr("Client secret"))
        self.secret_expires = QDateEdit(self)
        self.secret_expires.setObjectName("secret-expires")
        self.secret_expires.setCalendarPopup(True)
        self.secret_expires.setDisplayFormat("yyyy-MM-dd")
        self.secret_expires.setMinimumDate(NO_DATE)
        self.secret_expires.setSpecialValueText(self.tr("not set (enter the date the Entra admin center shows)"))
        self.add_row(form, self.tr("Secret e&xpires:"), self.secret_expires, "exchange.client_secret_expires",
                     self.tr("Client secret expiry date"))
        self.cert = FileField(self.tr("Client certificate"), self.tr("Choose the client certificate"),
                              "Certificates (*.pem *.pfx *.p12);;All (*)", self)
        self.add_row(form, self.tr("Certificate &file:"), self.cert, "exchange.client_certificate",
                     self.tr("Client certificate"))
        self.cert_password = SecretField(self.tr("Certificate password"), self)
        self.bind_secret(self.cert_password, "client_certificate_password")
        self.add_row(form, self.tr("Certificate &password:"), self.cert_password,
                     "exchange.client_certificate_password", self.tr("Certificate password"))
        self.permission = QComboBox(self)
        for p in GraphPermission:
            self.permission.addItem(p.value, p)
            self.permission.setItemData(self.permission.count() - 1, flow.graph_permission_tradeoff(p.value),
                                        Qt.ItemDataRole.ToolTipRole)
        self.add_row(form, self.tr("&Graph permission:"), self.permission, "exchange.graph_permission",
                     self.tr("Graph permission"))
        self.tradeoff = QLabel(tradeoff_html(), self)
        self.tradeoff.setWordWrap(True)
        self.tradeoff.setObjectName("graph-tradeoff")
        self.redirect = self.add_row(form, self.tr("Redirect &URI:"), QLineEdit(self), "exchange.redirect_uri")
        self.scopes = self.add_row(form, self.tr("Sc&opes:"), QLineEdit(self), "exchange.scopes")
        self.scopes.setPlaceholderText(self.tr("empty: https://outlook.office365.com/.default"))
        signin = QHBoxLayout()
        self.signin = QPushButton(self.tr("Sign &in…"), self)
        self.signin.setAutoDefault(False)
        self.signin.setToolTip(self.tr("Opens the system browser for the sign-in; the token is kept "
                                       "encrypted in the secret store so that validation and the sync "
                                       "engine run without you."))
        self.signin_status = QLabel(self)
        self.signin_status.setWordWrap(True)
        signin.addWidget(self.signin)
        signin.addWidget(self.signin_status, 1)
        self.signin_label = QLabel(self.tr("Delegated sign-in:"), self)
        form.addRow(self.signin_label, signin)
        self.body.addLayout(form)
        self.tradeoff.setContentsMargins(24, 0, 0, 0)
        self.body.addWidget(self.tradeoff)

        self._build_links()
        self.copy_title = section(self.tr("Values for the Entra admin center"), self)
        self.body.addWidget(self.copy_title)
        cf = form_layout()
        self.copy_redirect = CopyField(self.tr("Redirect URI"), "http://localhost", self)
        self.copy_redirect_label = QLabel(self.tr("Redirect URI (Mobile and desktop):"), self)
        cf.addRow(self.copy_redirect_label, self.copy_redirect)
        self.copy_api = CopyField(self.tr("API application ID"), EWS_APP_ID, self)
        self.copy_api_label = QLabel(self.tr("API: Office 365 Exchange Online:"), self)
        cf.addRow(self.copy_api_label, self.copy_api)
        self.copy_permission = CopyField("Permission", "", self)
        cf.addRow(self.tr("Permission:"), self.copy_permission)
        self.copy_permission_id = CopyField(self.tr("Permission ID"), "", self)
        self.copy_permission_id_label = QLabel(self.tr("Permission ID:"), self)
        cf.addRow(self.copy_permission_id_label, self.copy_permission_id)
        self.copy_manifest = CopyField(self.tr("Manifest requiredResourceAccess"), manifest_snippet(), self)
        self.copy_manifest_label = QLabel(self.tr("Manifest entry:"), self)
        cf.addRow(self.copy_manifest_label, self.copy_manifest)
        self.copy_form = cf
        self.body.addLayout(cf)
        self.consent = Banner(self)
        self.consent.setObjectName("graph-consent")
        self.body.addWidget(self.consent)

        self.live = LiveChecks(self, StepId.ENTRA, "Entra ID",
                               self.tr("Enter the client ID, tenant ID and the secret or certificate to check them."),
                               rows=3)
        self.body.addWidget(self.live)
        self.body.addStretch(1)
        self.live.busyChanged.connect(self.set_busy)
        self._signin_task = TaskHolder(self)
        self._signin_cancel: threading.Event | None = None

        self.client_id.textChanged.connect(lambda t: self._edit("exchange.client_id", t))
        self.tenant_id.textChanged.connect(lambda t: self._edit("exchange.tenant_id", t))
        self.account_types.currentIndexChanged.connect(
            lambda _i: self._edit("exchange.account_types", self.account_types.currentData()))
        self.permission.currentIndexChanged.connect(lambda _i: self._permission())
        self.secret.textChanged.connect(lambda t: self._secret("client_secret", t))
        self.secret_expires.dateChanged.connect(self._expires)
        self.cert_password.textChanged.connect(lambda t: self._secret("client_certificate_password", t))
        self.cert.textChanged.connect(lambda t: self._edit("exchange.client_certificate", t.strip()))
        self.redirect.textChanged.connect(self._redirect)
        self.scopes.textChanged.connect(lambda t: self._edit("exchange.scopes", t))
        self.kind.idToggled.connect(self._kind)
        self.signin.clicked.connect(self.start_sign_in)
        self.create_app.clicked.connect(self.open_create_app)

    def _edit(self, path: str, value: Any) -> None:
        if not self._loading:
            self.set_field(path, value)
            self.live.schedule()

    def _secret(self, name: str, value: str) -> None:
        if not self._loading:
            self.edit_secret(name, value)
            self.live.schedule()

    def _expires(self, day: QDate) -> None:
        self._edit("exchange.client_secret_expires", None if day == NO_DATE else day.toString(Qt.DateFormat.ISODate))

    def _permission(self) -> None:
        if not self._loading:
            self._edit("exchange.graph_permission", self.permission.currentData())
            self._show_graph(self.ctl.state)

    def _redirect(self, text: str) -> None:
        self._edit("exchange.redirect_uri", text)
        self.copy_redirect.setValue(text or "http://localhost")

    def _kind(self, idx: int, on: bool) -> None:
        if not on:
            return
        cert = idx == 1
        self._rows(cert)
        if self._loading:
            return
        if cert:
            self.secret.setText("")
            if self.ctl.state.settings.exchange.client_secret is not None:
                self.set_field("exchange.client_secret", None)
        else:
            self.cert.setText("")
            self.cert_password.setText("")
            if self.ctl.state.settings.exchange.client_certificate_pem is not None:
                self.set_field("exchange.client_certificate_pem", None)

    def _rows(self, cert: bool) -> None:
        ex = self.ctl.state.settings.exchange
        delegated = ex.sync_type == SyncType.CLOUD_DELEGATED
        f = self.form
        for w, p in ((self.secret, "exchange.client_secret"), (self.secret_expires, "exchange.client_secret_expires")):
            f.setRowVisible(w, not cert)
            f.setRowVisible(self.errors[p], not cert)
        for w, p in ((self.cert, "exchange.client_certificate"),
                     (self.cert_password, "exchange.client_certificate_password")):
            f.setRowVisible(w, cert)
            f.setRowVisible(self.errors[p], cert)
        for w, p in ((self.redirect, "exchange.redirect_uri"), (self.scopes, "exchange.scopes")):
            f.setRowVisible(w, delegated)
            f.setRowVisible(self.errors[p], delegated)
        f.setRowVisible(self.signin_label, delegated)
        self.copy_redirect.setVisible(delegated)
        self.copy_redirect_label.setVisible(delegated)
        graph = ex.sync_type.uses_graph
        for w in (self.permission, self.errors["exchange.graph_permission"]):
            f.setRowVisible(w, graph)
        self.tradeoff.setVisible(graph)
        self.copy_form.setRowVisible(self.copy_permission_id, graph)

    def _show_graph(self, state: flow.WizardState) -> None:
        """The Microsoft Graph values to copy, the consent warning and the migration steps (cloud_graph)."""
        ex = state.settings.exchange
        if not ex.sync_type.uses_graph:
            self.consent.show_message(None)
            self.migration.show_message(None)
            return
        permission = ex.graph_permission.value
        pid = flow.graph_permission_id(permission)
        self.copy_api_label.setText(self.tr("API: Microsoft Graph:"))
        self.copy_api.setValue(GRAPH_APP_ID)
        self.copy_permission.setValue(permission)
        self.copy_permission_id.setValue(pid)
        self.copy_manifest.setValue(manifest_snippet(GRAPH_APP_ID, pid))
        self.consent.show_message("warning", flow.tenant_wide_consent_warning(permission))
        migration = flow.graph_migration(state)
        if migration is None:
            self.migration.show_message(None)
        else:
            self.migration.show_message("info", self.tr("Switched from app-only (EWS) to Microsoft Graph: "
                                                        "the app registration below is kept. In the Entra "
                                                        "admin center:\n") + migration.steps_text)

    def on_state(self, state: flow.WizardState) -> None:
        if state.settings.exchange.sync_type.uses_graph:
            self._show_graph(state)
        self._show_links(state)

    # -- admin center pages ----------------------------------------------------------------------

    def _build_links(self) -> None:
        """Buttons that open each manual step's page in the Entra / Exchange admin center of the configured cloud."""
        self.links_title = section(self.tr("Open in the admin center"), self)
        self.body.addWidget(self.links_title)
        row = FlowLayout()
        self.link_buttons: dict[str, QPushButton] = {}
        for page, mnemonic_title in (("new-registration", self.tr("Register an app")),
                                     ("api-permissions", self.tr("API permissions")),
                                     ("certificates-secrets", self.tr("Certificates && secrets")),
                                     ("authentication", self.tr("Authentication")),
                                     ("manifest", self.tr("Manifest")),
                                     ("enterprise-applications", self.tr("Enterprise applications")),
                                     ("exchange", self.tr("Exchange admin center"))):
            button = QPushButton(mnemonic_title, self)
            button.setObjectName(f"portal:{page}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, p=page: self.open_portal(p))
            row.addWidget(button)
            self.link_buttons[page] = button
        self.body.addLayout(row)
        self.links: dict[str, str] = {}

    def _show_links(self, state: flow.WizardState) -> None:
        links = flow.portal_links(state.settings)
        self.links = {link.page: link.url for link in links}
        for page, button in self.link_buttons.items():
            button.setVisible(page in self.links)
            if page in self.links:
                button.setToolTip(self.links[page])
        self.links_title.setVisible(bool(self.links))

    def open_portal(self, page: str) -> str:
        """Open the admin center page ``page`` in the browser (returns its address)."""
        url = self.links.get(page, "")
        if not url:
            return ""
        if self.ctl.services.open_browser is not None:
            self.ctl.services.open_browser(url)
        else:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl(url))
        return url

    def load(self, state: flow.WizardState) -> None:
        ex = state.settings.exchange
        delegated = ex.sync_type == SyncType.CLOUD_DELEGATED
        self.client_id.setText(ex.client_id)
        self.tenant_id.setText(ex.tenant_id)
        self.account_types.setCurrentIndex(max(0, self.account_types.findData(ex.account_types)))
        cert = bool(ex.client_certificate) or ex.client_certificate_pem is not None
        (self.use_cert if cert else self.use_secret).setChecked(True)
        self.secret.setText(state.secrets.get("client_secret", ""))
        self.secret.setPlaceholderText(secret_placeholder(ex.client_secret, "client_secret" in state.secrets)
                                       or (self.tr("optional for delegated sign-in") if delegated else ""))
        expires = ex.client_secret_expires
        self.secret_expires.setDate(QDate(expires.year, expires.month, expires.day) if expires else NO_DATE)
        self.cert.setText(ex.client_certificate)
        self.cert.edit.setPlaceholderText(self.tr("generated by calwizard, kept in {where} — choose a file to replace")
                                          .format(where=ex.client_certificate_pem.describe())
                                          if ex.client_certificate_pem is not None and not ex.client_certificate
                                          else "")
        self._show_created(state)
        self.cert_password.setText(state.secrets.get("client_certificate_password", ""))
        self.cert_password.setPlaceholderText(secret_placeholder(
            ex.client_certificate_password, "client_certificate_password" in state.secrets) or "if any")
        self.show_stored("client_secret")
        self.show_stored("client_certificate_password")
        self.redirect.setText(ex.redirect_uri)
        self.scopes.setText(" ".join(ex.scopes))
        self.copy_api_label.setText(self.tr("API: Office 365 Exchange Online:"))
        self.copy_api.setValue(EWS_APP_ID)
        self.copy_manifest.setValue(manifest_snippet())
        self.copy_permission.setValue(
            f"{EWS_DELEGATED_SCOPE} (Delegated)" if delegated
            else f"{FULL_ACCESS_AS_APP} (Application) — ID {FULL_ACCESS_AS_APP_ID}")
        self.copy_manifest.setVisible(not delegated)
        self.copy_manifest_label.setVisible(not delegated)
        self.copy_redirect.setValue(ex.redirect_uri or "http://localhost")
        self.permission.setCurrentIndex(max(0, self.permission.findData(ex.graph_permission)))
        self._rows(cert)
        self._show_graph(state)
        self._show_links(state)
        self.signin_status.setText(self.tr("Signed in (token kept).") if ex.token_cache is not None
                                   else self.tr("Not signed in yet."))

    def initializePage(self) -> None:
        super().initializePage()
        self.live.start()

    def leave(self) -> None:
        self.live.cancel()
        self.cancel_sign_in()
        if self._create_dialog is not None:  # the administrator's token goes with the dialog (whatever it does)
            self._create_dialog.done(0)

    # -- "Create it for me" --------------------------------------------------------------------------

    def _show_created(self, state: flow.WizardState) -> None:
        ex = state.settings.exchange
        self.create_app.setVisible(ex.sync_type.is_app_only)
        self.create_note.setVisible(ex.sync_type.is_app_only)
        rec = ex.app_registration
        if rec is None or not ex.sync_type.is_app_only:
            self.created_info.hide()
            return
        from calwizard.exchange.entra_setup import describe_consent

        what = self.tr("client secret") if rec.credential == "secret" else self.tr("certificate")
        self.created_info.setText((self.tr(
            "Reused by calwizard ({when}, signed in as {who}): '{name}', object ID {app}, service principal {sp}; "
            "{what} expires {expires}; {consent}.") if rec.reused else self.tr(
            "Created by calwizard ({when}, signed in as {who}): '{name}', object ID {app}, service principal {sp}; "
            "{what} expires {expires}; {consent}.")).format(
                when=rec.created_at[:10], who=rec.created_by or "?", name=rec.display_name,
                app=rec.application_object_id, sp=rec.service_principal_object_id, what=what,
                expires=rec.credential_expires or "?", consent=describe_consent(rec)))
        self.created_info.show()

    def open_create_app(self) -> None:
        """Open the "Create it for me" dialog (modeless; the page reloads when it closes)."""
        from calwizard.errors import UserFacingError
        from calwizard.gui.entra_setup import CreateAppDialog

        if self._create_dialog is not None:
            self._create_dialog.raise_()
            return
        try:
            dialog = CreateAppDialog(self.ctl, self)
        except UserFacingError as exc:
            self.problem_banner.show_message("warning", exc.message + (f" {exc.remedy}" if exc.remedy else ""))
            return
        self._create_dialog = dialog
        dialog.finished.connect(self._create_closed)
        dialog.open()

    def _create_closed(self, _code: int) -> None:
        dialog, self._create_dialog = self._create_dialog, None
        if dialog is not None:
            created = dialog.result_ is not None
            dialog.deleteLater()
            if created and self.is_current():
                self.initializePage()  # the new values into the fields, and the live checks run

    # -- delegated sign-in ---------------------------------------------------------------------------

    def start_sign_in(self) -> None:
        self.cancel_sign_in()
        self._signin_cancel = threading.Event()
        self.signin_status.setText(self.tr("Complete the sign-in in your browser…"))
        self._signin_task.start(self._sign_in(self._signin_cancel))

    def cancel_sign_in(self) -> None:
        if self._signin_cancel is not None:
            self._signin_cancel.set()
        self._signin_task.cancel()

    async def _sign_in(self, cancel: threading.Event) -> None:
        import webbrowser

        from calwizard.errors import UserFacingError
        from calwizard.exchange.http import HttpPolicy
        from calwizard.exchange.signin import sign_in

        ex = self.ctl.state.settings.exchange
        opener = self.ctl.services.open_browser or webbrowser.open
        try:
            http = HttpPolicy.from_settings(ex)
            result = await asyncio.to_thread(sign_in, ex, http, open_browser=opener, cancel=cancel,
                                             existing_cache=self.ctl.state.secrets.get("token_cache"))
        except asyncio.CancelledError:
            cancel.set()
            raise
        except UserFacingError as exc:
            self.signin_status.setText(self.tr("Sign-in failed: {exc}").format(exc=exc))
            return
        self.ctl.update(flow.set_secret, "token_cache", result.token_cache)
        self.signin_status.setText(self.tr("Signed in as {username}.").format(username=result.username))
        self.live.run_now()
