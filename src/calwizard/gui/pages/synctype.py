"""Page 3: Sync type, with an explanation per type, a recommendation, the state of EWS in Exchange Online, and the
switch of an app-only (EWS) configuration to Microsoft Graph keeping its app registration."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from calwizard.gui.pages.base import BasePage
from calwizard.gui.widgets import Banner, FlowLayout, field_help
from calwizard.settings.model import SyncType
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId

ORDER = tuple(SyncType(v) for v in flow.SYNC_TYPE_ORDER)
"""Microsoft Graph first among the Exchange Online types (:data:`calwizard.wizard.flow.SYNC_TYPE_ORDER`)."""
MNEMONIC = {
    SyncType.ON_PREMISES: QT_TRANSLATE_NOOP("SyncTypePage", "Exchange Server &on-premises"),
    SyncType.CLOUD_GRAPH: QT_TRANSLATE_NOOP("SyncTypePage", "Exchange Online, Microsoft &Graph (app-only)"),
    SyncType.CLOUD_APP_ONLY: QT_TRANSLATE_NOOP("SyncTypePage", "Exchange Online, &app-only (client credentials)"),
    SyncType.CLOUD_DELEGATED: QT_TRANSLATE_NOOP("SyncTypePage", "Exchange Online, &delegated (user sign-in)"),
    SyncType.DISABLED: QT_TRANSLATE_NOOP("SyncTypePage", "D&isabled"),
}
"""The radio buttons' titles (:func:`calwizard.wizard.flow.sync_type_info` with a keyboard mnemonic, which each
language chooses): Alt+O, G, A, D, I in English, one letter each (the Switch button is Alt+S)."""
RECOMMENDED = QT_TRANSLATE_NOOP("SyncTypePage", "recommended for Exchange Online")


class SyncTypePage(BasePage):
    step = StepId.SYNC_TYPE
    subtitle = QT_TRANSLATE_NOOP("SyncTypePage", "How the connector reaches Exchange.")

    def build(self) -> None:
        self.recommend = QLabel(self)
        self.recommend.setWordWrap(True)
        self.body.addWidget(self.recommend)
        self.group = QButtonGroup(self)
        self.radios: dict[SyncType, QRadioButton] = {}
        for i, st in enumerate(ORDER):
            text = flow.sync_type_info(st.value)[1]
            rb = QRadioButton(self.tr(MNEMONIC[st]), self)
            rb.setObjectName(f"sync:{st.value}")
            rb.setAccessibleDescription(text)
            rb.setToolTip(field_help("exchange.sync_type"))
            self.group.addButton(rb, i)
            self.radios[st] = rb
            desc = QLabel(text, self)
            desc.setWordWrap(True)
            desc.setContentsMargins(24, 0, 0, 6)
            if st.value == flow.RECOMMENDED_ONLINE_TYPE:
                # the mark beside the title wraps under it on a narrow window (a radio button's text cannot)
                row = FlowLayout()
                row.addWidget(rb)
                self.recommended = QLabel(f"<b>— {escape(self.tr(RECOMMENDED))}</b>", self)
                self.recommended.setObjectName("recommended")
                row.addWidget(self.recommended)
                rb.setAccessibleDescription(f"{self.tr(RECOMMENDED)}. {text}")
                self.body.addLayout(row)
            else:
                self.body.addWidget(rb)
            self.body.addWidget(desc)
            if st is SyncType.CLOUD_GRAPH:  # after a switch from app-only: what was kept
                self.switched_box = QWidget(self)
                box = QVBoxLayout(self.switched_box)
                box.setContentsMargins(24, 0, 0, 6)
                self.switched_banner = Banner(self.switched_box)
                self.switched_banner.setObjectName("graph-switched")
                box.addWidget(self.switched_banner)
                self.body.addWidget(self.switched_box)
                self.switched_box.hide()
            if st is SyncType.CLOUD_APP_ONLY:
                self._build_switch()
        self.ews = Banner(self)
        self.ews.setObjectName("ews-online")
        self.body.addWidget(self.ews)
        self.body.addStretch(1)
        self.group.idToggled.connect(self._toggled)
        self.switch_button.clicked.connect(self.switch_to_graph)

    def _build_switch(self) -> None:
        """Under app-only (EWS): the offer to switch to Microsoft Graph keeping the app registration."""
        self.switch_box = QWidget(self)
        box = QVBoxLayout(self.switch_box)
        box.setContentsMargins(24, 0, 0, 6)
        self.switch_banner = Banner(self.switch_box)
        self.switch_banner.setObjectName("graph-switch")
        box.addWidget(self.switch_banner)
        row = QHBoxLayout()
        self.switch_button = QPushButton(self.tr("&Switch to Microsoft Graph, keep this app registration"),
                                         self.switch_box)
        self.switch_button.setObjectName("switch-to-graph")
        self.switch_button.setAutoDefault(False)
        self.switch_button.setToolTip(self.tr("Changes the sync type to Exchange Online, Microsoft Graph. "
                                              "The client ID, tenant, client secret or certificate and the "
                                              "mailboxes stay as they are."))
        row.addWidget(self.switch_button)
        row.addStretch(1)
        box.addLayout(row)
        self.body.addWidget(self.switch_box)
        self.switch_box.hide()

    def _toggled(self, idx: int, on: bool) -> None:
        if on and not self._loading:
            self.ctl.update(flow.set_sync_type, ORDER[idx])

    def switch_to_graph(self) -> None:
        """Switch an app-only configuration to Microsoft Graph, keeping its app registration."""
        if self.ctl.state.settings.exchange.sync_type == SyncType.CLOUD_APP_ONLY:
            self.ctl.update(flow.switch_to_graph)

    def load(self, state: flow.WizardState) -> None:
        self.radios[state.settings.exchange.sync_type].setChecked(True)
        today = state.today
        self.recommend.setText(self.tr("<b>Recommendation:</b> {recommendation}").format(
            recommendation=flow.recommendation(today)))
        status = {"available": "ok", "blocked_by_default": "warning", "off": "failed"}[
            flow.ews_online_state(today).value]
        self.ews.show_message(status, flow.ews_online_text(today))
        self._show_switch(state)

    def on_state(self, state: flow.WizardState) -> None:
        radio = self.radios[state.settings.exchange.sync_type]
        if not radio.isChecked():  # changed by the Switch button
            self._loading, was = True, self._loading
            radio.setChecked(True)
            self._loading = was
        self._show_switch(state)

    def _show_switch(self, state: flow.WizardState) -> None:
        suggestion = flow.graph_switch_suggestion(state)
        migration = flow.graph_migration(state)
        self.switch_banner.show_message("info" if suggestion else None, suggestion or "")
        self.switch_box.setVisible(bool(suggestion))
        self.switched_box.setVisible(migration is not None)
        if migration is None:
            self.switched_banner.show_message(None)
        else:
            kept = ", ".join(f"{k} {v}" for k, v in migration.kept)
            self.switched_banner.show_message(
                "ok", self.tr("Switched from app-only, with the app registration kept ({kept}). Add "
                              "{permission} (ID {permission_id}) to the app in the Entra admin center: the "
                              "Entra app page shows how.").format(
                    kept=kept, permission=migration.permission, permission_id=migration.permission_id))

    def refresh(self) -> None:
        super().refresh()
        # the EWS banner already says it: show only the other warnings below
        state = self.ctl.state
        if state is not None:
            others = [w for w in flow.warnings_for(state, self.step) if w != flow.ews_online_text(state.today)]
            self.problem_banner.show_message("warning" if others else None, "\n".join(others))
