"""Page 3: Sync type, with an explanation per type, a recommendation and the state of EWS in Exchange Online."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QLabel, QRadioButton

from calwizard.gui.pages.base import BasePage
from calwizard.gui.widgets import Banner, field_help
from calwizard.settings.model import SyncType
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId

ORDER = (SyncType.ON_PREMISES, SyncType.CLOUD_APP_ONLY, SyncType.CLOUD_DELEGATED, SyncType.DISABLED)


class SyncTypePage(BasePage):
    step = StepId.SYNC_TYPE
    subtitle = "How the connector reaches Exchange."

    def build(self) -> None:
        self.recommend = QLabel(self)
        self.recommend.setWordWrap(True)
        self.body.addWidget(self.recommend)
        self.group = QButtonGroup(self)
        self.radios: dict[SyncType, QRadioButton] = {}
        mnemonic = {SyncType.ON_PREMISES: "on-premises", SyncType.CLOUD_APP_ONLY: "app-only",
                    SyncType.CLOUD_DELEGATED: "delegated", SyncType.DISABLED: "Disabled"}
        for i, st in enumerate(ORDER):
            title, text = flow.SYNC_TYPE_INFO[st.value]
            rb = QRadioButton(title.replace(mnemonic[st], "&" + mnemonic[st], 1), self)
            rb.setObjectName(f"sync:{st.value}")
            rb.setAccessibleDescription(text)
            rb.setToolTip(field_help("exchange.sync_type"))
            self.group.addButton(rb, i)
            self.radios[st] = rb
            desc = QLabel(text, self)
            desc.setWordWrap(True)
            desc.setContentsMargins(24, 0, 0, 6)
            desc.setEnabled(True)
            self.body.addWidget(rb)
            self.body.addWidget(desc)
        self.ews = Banner(self)
        self.ews.setObjectName("ews-online")
        self.body.addWidget(self.ews)
        self.body.addStretch(1)
        self.group.idToggled.connect(self._toggled)

    def _toggled(self, idx: int, on: bool) -> None:
        if on:
            self.set_field("exchange.sync_type", ORDER[idx])

    def load(self, state: flow.WizardState) -> None:
        self.radios[state.settings.exchange.sync_type].setChecked(True)
        today = state.today
        self.recommend.setText(f"<b>Recommendation:</b> {flow.recommendation(today)}")
        status = {"available": "ok", "blocked_by_default": "warning", "off": "failed"}[
            flow.ews_online_state(today).value]
        self.ews.show_message(status, flow.ews_online_text(today))

    def refresh(self) -> None:
        super().refresh()
        # the EWS banner already says it: show only the other warnings below
        state = self.ctl.state
        if state is not None:
            others = [w for w in flow.warnings_for(state, self.step) if w != flow.ews_online_text(state.today)]
            self.problem_banner.show_message("warning" if others else None, "\n".join(others))
