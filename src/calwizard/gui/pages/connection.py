"""Page 4: Connection — service account, Autodiscover, cloud, extra CA; live Autodiscover."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from calwizard.gui.pages.base import BasePage, form_layout
from calwizard.gui.pages.live import LiveChecks
from calwizard.gui.widgets import FileField, NoteLabel, SecretField
from calwizard.settings.model import CloudName, ExchangeServerChoice, SyncType
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId

CLOUD_LABELS = {
    CloudName.GLOBAL: QT_TRANSLATE_NOOP("connection", "Microsoft 365 (global)"),
    CloudName.USGOV_GCC_HIGH: QT_TRANSLATE_NOOP("connection", "US Government (GCC High)"),
    CloudName.CHINA: QT_TRANSLATE_NOOP("connection", "China (21Vianet)"),
    CloudName.CUSTOM: QT_TRANSLATE_NOOP("connection", "Custom hosts (sandbox tenant)"),
}
LIVE_FIELDS = ("exchange.user", "exchange.password", "exchange.logon_name", "exchange.autodiscover_url",
               "exchange.exchange_server", "exchange.ews_url", "exchange.cloud", "exchange.custom_cloud",
               "exchange.ca_file")


def secret_placeholder(ref: Any, typed: bool) -> str:
    if typed or ref is None:
        return ""
    return QCoreApplication.translate("ConnectionPage", "kept in {where} — type to replace").format(
        where=ref.describe())


class ConnectionPage(BasePage):
    step = StepId.CONNECTION
    subtitle = QT_TRANSLATE_NOOP("ConnectionPage", "The account that reads the calendars and how Exchange is found.")

    def build(self) -> None:
        self.graph_note = QLabel(self.tr("Microsoft Graph needs no service account and no Autodiscover: "
                                         "choose the tenant's cloud (and an extra CA file only for a "
                                         "private CA)."), self)
        self.graph_note.setWordWrap(True)
        self.graph_note.setObjectName("graph-note")
        self.graph_note.hide()
        self.body.addWidget(self.graph_note)
        form = form_layout()
        self.form = form
        self.user = self.add_row(form, self.tr("&User (SMTP address):"), QLineEdit(self), "exchange.user",
                                 "User")
        self.user.setPlaceholderText(self.tr("svc-calendar@contoso.com"))
        self.logon = self.add_row(form, self.tr("&Logon name:"), QLineEdit(self), "exchange.logon_name")
        self.logon.setPlaceholderText(self.tr("optional: DOMAIN\\user"))
        self.password = SecretField("Password", self)
        self.bind_secret(self.password, "password")
        self.add_row(form, self.tr("&Password:"), self.password, "exchange.password", "Password")
        self.autodiscover = self.add_row(form, self.tr("&Autodiscover URL:"), QLineEdit(self),
                                         "exchange.autodiscover_url")
        self.autodiscover.setPlaceholderText(self.tr("optional — derived from the user's domain"))
        self.server = QComboBox(self)
        self.server.addItem(self.tr("External EWS URL"), ExchangeServerChoice.EXTERNAL)
        self.server.addItem(self.tr("Internal EWS URL"), ExchangeServerChoice.INTERNAL)
        self.add_row(form, self.tr("E&xchange server to use:"), self.server, "exchange.exchange_server")
        self.ews_url = self.add_row(form, self.tr("&EWS URL:"), QLineEdit(self), "exchange.ews_url")
        self.ews_url.setPlaceholderText(self.tr("optional — only if Autodiscover is turned off"))
        self.cloud = QComboBox(self)
        for c, label in CLOUD_LABELS.items():
            self.cloud.addItem(QCoreApplication.translate("connection", label), c)
        self.add_row(form, self.tr("&Cloud:"), self.cloud, "exchange.cloud")
        self.hosts: dict[str, QLineEdit] = {}
        for key, label in (("authority_host", self.tr("Entra ID host:")),
                           ("ews_host", self.tr("Exchange Online host:")), ("graph_host", self.tr("Graph host:"))):
            self.hosts[key] = QLineEdit(self)
            self.add_row(form, label, self.hosts[key], f"exchange.custom_cloud.{key}")
        self.ca = FileField(self.tr("Extra CA file"), self.tr("Choose the CA certificate (PEM)"),
                            self.tr("PEM files (*.pem *.crt *.cer);;All (*)"), self)
        self.add_row(form, self.tr("Extra CA &file:"), self.ca, "exchange.ca_file", self.tr("Extra CA file"))
        self.body.addLayout(form)

        self.live = LiveChecks(self, StepId.CONNECTION, "Autodiscover",
                               self.tr("Enter the user's address (and the password) to find the EWS URL."), rows=3)
        self.found = NoteLabel(self)
        self.found.setObjectName("autodiscover-found")
        self.body.addWidget(self.live)
        self.body.addWidget(self.found)
        self.body.addStretch(1)
        self.live.results.connect(self._found)
        self.live.busyChanged.connect(self.set_busy)

        self.user.textChanged.connect(lambda t: self._edit("exchange.user", t))
        self.logon.textChanged.connect(lambda t: self._edit("exchange.logon_name", t))
        self.password.textChanged.connect(self._password)
        self.autodiscover.textChanged.connect(lambda t: self._edit("exchange.autodiscover_url", t))
        self.server.currentIndexChanged.connect(
            lambda _i: self._edit("exchange.exchange_server", self.server.currentData()))
        self.ews_url.textChanged.connect(lambda t: self._edit("exchange.ews_url", t))
        self.cloud.currentIndexChanged.connect(lambda _i: self._cloud())
        for le in self.hosts.values():
            le.textChanged.connect(lambda _t: self._custom())
        self.ca.textChanged.connect(lambda t: self._edit("exchange.ca_file", t.strip()))

    # -- edits ---------------------------------------------------------------------------------------

    def _edit(self, path: str, value: Any) -> None:
        if self._loading:
            return
        self.set_field(path, value)
        self.live.schedule()

    def _password(self, text: str) -> None:
        if not self._loading:
            self.edit_secret("password", text)
            self.live.schedule()

    def _cloud(self) -> None:
        self._edit("exchange.cloud", self.cloud.currentData())
        self._show_rows(self.ctl.state)

    def _custom(self) -> None:
        if self._loading:
            return
        values = {k: le.text().strip() for k, le in self.hosts.items()}
        state = flow.clear_field_errors(self.ctl.state, "exchange.custom_cloud")
        bad = False
        for key, value in values.items():
            err = _host_error(value) if value else None
            state = flow.set_field_error(state, f"exchange.custom_cloud.{key}", err)
            bad = bad or err is not None
        if not bad:
            state = flow.set_field(state, "exchange.custom_cloud", values if all(values.values()) else None)
        self.ctl.set_state(state)
        self.live.schedule()

    # -- display -------------------------------------------------------------------------------------

    def _set_row_visible(self, widget: QWidget, visible: bool, path: str | None = None) -> None:
        self.form.setRowVisible(widget, visible)
        if path and path in self.errors:
            self.form.setRowVisible(self.errors[path], visible)

    def _show_rows(self, state: flow.WizardState) -> None:
        ex = state.settings.exchange
        onprem = ex.sync_type == SyncType.ON_PREMISES
        cloud = ex.sync_type.is_cloud
        ews = ex.sync_type.uses_ews
        for w, path in ((self.user, "exchange.user"), (self.autodiscover, "exchange.autodiscover_url"),
                        (self.ews_url, "exchange.ews_url")):
            self._set_row_visible(w, ews, path)
        self.live.setVisible(ews)
        if not ews:
            self.found.setText("")
        self.graph_note.setVisible(ex.sync_type.uses_graph)
        self._set_row_visible(self.logon, onprem, "exchange.logon_name")
        self._set_row_visible(self.password, onprem, "exchange.password")
        self._set_row_visible(self.server, onprem, "exchange.exchange_server")
        self._set_row_visible(self.cloud, cloud, "exchange.cloud")
        for key, le in self.hosts.items():
            self._set_row_visible(le, cloud and ex.cloud == CloudName.CUSTOM, f"exchange.custom_cloud.{key}")
        self.user.setPlaceholderText(self.tr("svc-calendar@contoso.com") if onprem
                                     else self.tr("any existing mailbox, e.g. alice@fabrikam.com"))

    def load(self, state: flow.WizardState) -> None:
        ex = state.settings.exchange
        self.user.setText(ex.user)
        self.logon.setText(ex.logon_name)
        self.password.setText(state.secrets.get("password", ""))
        self.password.setPlaceholderText(secret_placeholder(ex.password, "password" in state.secrets))
        self.show_stored("password")
        self.autodiscover.setText(ex.autodiscover_url)
        self.server.setCurrentIndex(max(0, self.server.findData(ex.exchange_server)))
        self.ews_url.setText(ex.ews_url)
        self.cloud.setCurrentIndex(max(0, self.cloud.findData(ex.cloud)))
        cc = ex.custom_cloud
        for key, le in self.hosts.items():
            le.setText(getattr(cc, key) if cc else "")
        self.ca.setText(ex.ca_file)
        self._show_rows(state)
        self.found.setText("")

    def initializePage(self) -> None:
        super().initializePage()
        self.live.start()

    def leave(self) -> None:
        self.live.cancel()

    def _found(self, results: list[Any]) -> None:
        ad = next((r for r in results if r.id == "autodiscover"), None)
        if ad is None or ad.status.value not in ("ok", "warning"):
            self.found.setText("")
            return
        ev = ad.evidence
        rows = [(self.tr("External EWS URL"), ev.get("external_ews_url")),
                (self.tr("Internal EWS URL"), ev.get("internal_ews_url")),
                (self.tr("Exchange version"), ev.get("exchange_version") or ev.get("server_version")),
                (self.tr("Found via"), ev.get("source_url"))]
        self.found.setText("<table>" + "".join(
            f"<tr><td><b>{escape(k)}:</b>&nbsp;</td><td>{escape(str(v))}</td></tr>" for k, v in rows if v)
            + "</table>")


def _host_error(value: str) -> str | None:
    """The settings model's message for a bad host name (None when it is fine)."""
    from pydantic import ValidationError

    from calwizard.settings.model import CustomCloud

    try:
        CustomCloud(authority_host=value, ews_host="a.test", graph_host="a.test")
    except ValidationError as exc:
        from calwizard.settings.io import validation_message

        return validation_message(exc.errors()[0])
    return None


__all__ = ["ConnectionPage"]
