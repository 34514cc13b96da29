"""Page 8: Advanced — max subscriptions, name resolving, EWS debug log (EWS types) or the Microsoft Graph poll
interval (cloud_graph), timeout, host overrides."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLabel, QPlainTextEdit, QSpinBox

from calwizard.gui.pages.base import BasePage, form_layout
from calwizard.settings.model import DEFAULT_MAX_SUBSCRIPTIONS, NameResolvingUser
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId


def parse_overrides(text: str) -> dict[str, str]:
    """``host = address`` lines (``#`` comments and blank lines ignored)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        key, sep, value = line.partition("=")
        if not sep:
            key, _, value = line.partition(" ")
        out[key.strip()] = value.strip()
    return out


class AdvancedPage(BasePage):
    step = StepId.ADVANCED
    subtitle = QT_TRANSLATE_NOOP("AdvancedPage", "Settings most installations leave as they are.")

    def build(self) -> None:
        form = form_layout()
        self.max_subs = QSpinBox(self)
        self.max_subs.setRange(1, DEFAULT_MAX_SUBSCRIPTIONS)
        self.add_row(form, self.tr("Max &subscriptions per connection:"), self.max_subs,
                     "exchange.max_subscriptions_per_connection", self.tr("Max subscriptions per connection"))
        self.resolver = QComboBox(self)
        self.resolver.addItem(self.tr("Service account"), NameResolvingUser.SERVICE_ACCOUNT)
        self.resolver.addItem(self.tr("Names from the PBX (username@pbx-domain), each as that user"),
                              NameResolvingUser.PER_USER)
        self.add_row(form, self.tr("User for name &resolving:"), self.resolver, "exchange.name_resolving_user")
        self.debug = QCheckBox(self.tr("Write EWS requests and responses to the debug &log"), self)
        self.add_row(form, "", self.debug, "exchange.ews_debug_log", self.tr("EWS debug log"))
        from calwizard.exchange.debuglog import default_path

        wizard_log = default_path("wizard")
        self.debug_path = QLabel(self.tr("Secrets, tokens and NTLM messages are masked. The wizard writes to {0}; "
                                         "'calwizard validate' and the engine to ews-debug-validate.log and "
                                         "ews-debug-engine.log beside it.").format(wizard_log), self)
        self.debug_path.setObjectName("debug-log-path")
        self.debug_path.setWordWrap(True)
        self.debug_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.debug_path)
        self.poll = QSpinBox(self)
        self.poll.setRange(10, 3600)
        self.poll.setSuffix(" s")
        self.add_row(form, self.tr("Graph &poll interval:"), self.poll, "exchange.graph_poll_interval_seconds",
                     self.tr("Graph poll interval"))
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setRange(1, 300)
        self.timeout.setSuffix(" s")
        self.timeout.setDecimals(0)
        self.add_row(form, self.tr("Network &timeout:"), self.timeout, "exchange.timeout_seconds",
                     self.tr("Network timeout"))
        self.overrides = QPlainTextEdit(self)
        self.overrides.setPlaceholderText(self.tr("autodiscover.contoso.com:443 = 192.0.2.10:443"))
        self.overrides.setTabChangesFocus(True)
        self.overrides.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.add_row(form, self.tr("&Host overrides:"), self.overrides, "exchange.host_overrides",
                     self.tr("Host overrides"))
        self.body.addLayout(form)
        self.form = form
        self.body.addStretch(1)
        self.max_subs.valueChanged.connect(lambda v: self.set_field("exchange.max_subscriptions_per_connection", v))
        self.resolver.currentIndexChanged.connect(
            lambda _i: self.set_field("exchange.name_resolving_user", self.resolver.currentData()))
        self.debug.toggled.connect(self._debug)
        self.poll.valueChanged.connect(lambda v: self.set_field("exchange.graph_poll_interval_seconds", v))
        self.timeout.valueChanged.connect(lambda v: self.set_field("exchange.timeout_seconds", float(v)))
        self.overrides.textChanged.connect(
            lambda: self.set_field("exchange.host_overrides", parse_overrides(self.overrides.toPlainText())))

    def _debug(self, on: bool) -> None:
        self.set_field("exchange.ews_debug_log", on)
        self.debug_path.setVisible(on)

    def load(self, state: flow.WizardState) -> None:
        ex = state.settings.exchange
        self.max_subs.setValue(ex.max_subscriptions_per_connection)
        self.resolver.setCurrentIndex(max(0, self.resolver.findData(ex.name_resolving_user)))
        self.debug.setChecked(ex.ews_debug_log)
        self.poll.setValue(ex.graph_poll_interval_seconds)
        graph = ex.sync_type.uses_graph
        for w, path in ((self.max_subs, "exchange.max_subscriptions_per_connection"),
                        (self.resolver, "exchange.name_resolving_user")):
            self.form.setRowVisible(w, not graph)
            self.form.setRowVisible(self.errors[path], not graph)
        self.debug_path.setVisible(ex.ews_debug_log)  # the debug log covers Microsoft Graph too
        self.form.setRowVisible(self.poll, graph)
        self.form.setRowVisible(self.errors["exchange.graph_poll_interval_seconds"], graph)
        self.timeout.setValue(ex.timeout_seconds)
        self.overrides.setPlainText("\n".join(f"{k} = {v}" for k, v in ex.host_overrides.items()))
