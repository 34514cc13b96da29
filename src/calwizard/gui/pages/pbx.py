"""Page 2: PBX & presence — the presence text, and calwizard's connection to the PBX (App object, live check)."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLabel, QLineEdit, QToolButton

from calwizard.gui.pages.base import BasePage, form_layout
from calwizard.gui.pages.connection import secret_placeholder
from calwizard.gui.pages.live import LiveChecks
from calwizard.gui.widgets import SecretField, section
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId


class PbxPage(BasePage):
    step = StepId.PBX
    subtitle = QT_TRANSLATE_NOOP("PbxPage", "The PBX that receives the presence, and how the presence text is written.")

    def build(self) -> None:
        form = form_layout()
        self.master = self.add_row(form, self.tr("&Master PBX name:"), QLineEdit(self), "pbx.master_pbx_name")
        self.master.setPlaceholderText(self.tr("e.g. master (the PBX name, not its DNS name)"))
        from calwizard.engine.presence import presence_locales

        self.language = QComboBox(self)
        # every locale the presence words exist for; a language alone writes the seed's 22.08.2017 07:00
        for code, label in presence_locales():
            self.language.addItem(f"{label} ({code})", code)
        self.language.setMaxVisibleItems(20)
        self.add_row(form, self.tr("Presence &language:"), self.language, "pbx.presence_language")
        self.timezone = QComboBox(self)
        self.timezone.setEditable(True)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone.addItems(sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC"))
        comp = QCompleter(self.timezone.model(), self.timezone)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.timezone.setCompleter(comp)
        self.add_row(form, self.tr("Presence &timezone:"), self.timezone, "pbx.presence_timezone")
        self.show_subject = QCheckBox(self.tr("Show the appointment's &subject in the presence"), self)
        self.add_row(form, "", self.show_subject, "pbx.show_subject", self.tr("Show subject"))
        self.prio = self.add_row(form, self.tr("&Prioritized words:"), QLineEdit(self), "pbx.prioritized_words")
        self.prio.setPlaceholderText(self.tr("e.g. vacation, Urlaub"))
        self.nonprio = self.add_row(form, self.tr("N&on-prioritized words:"), QLineEdit(self),
                                    "pbx.non_prioritized_words")
        self.nonprio.setPlaceholderText(self.tr("e.g. home office"))
        self.body.addLayout(form)
        self._build_connection()
        self.body.addStretch(1)

        self.master.textChanged.connect(lambda t: self.set_field("pbx.master_pbx_name", t))
        self.language.currentIndexChanged.connect(
            lambda _i: self.set_field("pbx.presence_language", self.language.currentData()))
        self.timezone.currentTextChanged.connect(self._tz)
        self.show_subject.toggled.connect(lambda on: self.set_field("pbx.show_subject", on))
        self.prio.textChanged.connect(lambda t: self.set_field("pbx.prioritized_words", t))
        self.nonprio.textChanged.connect(lambda t: self.set_field("pbx.non_prioritized_words", t))

    def _build_connection(self) -> None:
        """calwizard's connection to the PBX: where, as which App object; the instructions; the live check."""
        self.body.addWidget(section(self.tr("Connection to the PBX (optional: without it, presence goes to the "
                                            "engine's JSON sinks only)"), self))
        form = form_layout()
        self.address = self.add_row(form, self.tr("PBX a&ddress:"), QLineEdit(self), "pbx.address",
                                    self.tr("PBX address"))
        self.address.setPlaceholderText(self.tr("e.g. pbx.example.com"))
        self.app_name = self.add_row(form, self.tr("App ob&ject name:"), QLineEdit(self), "pbx.app_name",
                                     self.tr("App object name"))
        self.app_password = SecretField(self.tr("App object password"), self)
        self.bind_secret(self.app_password, "pbx.app_password")
        self.add_row(form, self.tr("App object pass&word:"), self.app_password, "pbx.app_password",
                     self.tr("App object password"))
        self.domain = self.add_row(form, self.tr("Mail dom&ain:"), QLineEdit(self), "pbx.domain",
                                   self.tr("Mail domain"))
        self.domain.setPlaceholderText(self.tr("optional — default: the PBX's domain"))
        self.user_filter = self.add_row(form, self.tr("User filte&r:"), QLineEdit(self), "pbx.user_filter",
                                        self.tr("User filter"))
        self.user_filter.setPlaceholderText(self.tr("optional — e.g. group:calendar-sync"))
        self.body.addLayout(form)
        self.instructions = QLabel(self)
        self.instructions.setObjectName("app-object-instructions")
        self.instructions.setWordWrap(True)
        self.instructions.setTextFormat(Qt.TextFormat.PlainText)
        self.instructions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.instructions_toggle = QToolButton(self)
        self.instructions_toggle.setObjectName("app-object-instructions-toggle")
        self.instructions_toggle.setText(self.tr("The App object to create on the PBX"))
        self.instructions_toggle.setCheckable(True)
        self.instructions_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.instructions_toggle.setAutoRaise(True)
        self.instructions_toggle.toggled.connect(self._toggle_instructions)
        self.body.addWidget(self.instructions_toggle)
        self.body.addWidget(self.instructions)
        self.live = LiveChecks(self, StepId.PBX, self.tr("PBX check"),
                               self.tr("Enter the PBX address, the App object's name and its password to check the "
                                       "connection."), rows=4)
        self.body.addWidget(self.live)
        self.live.busyChanged.connect(self.set_busy)
        self.live.results.connect(self._checked)
        self.address.textChanged.connect(lambda t: self._edit("pbx.address", t))
        self.app_name.textChanged.connect(self._app_name)
        self.app_password.textChanged.connect(self._password)
        self.domain.textChanged.connect(lambda t: self._edit("pbx.domain", t))
        self.user_filter.textChanged.connect(lambda t: self._edit("pbx.user_filter", t))

    def _edit(self, path: str, value: Any) -> None:
        if self._loading:
            return
        self.set_field(path, value)
        self.live.schedule()

    def _app_name(self, text: str) -> None:
        self._show_instructions(text)
        self._edit("pbx.app_name", text)

    def _password(self, text: str) -> None:
        if not self._loading:
            self.edit_secret("pbx.app_password", text)
            self.live.schedule()

    def _toggle_instructions(self, shown: bool) -> None:
        self.instructions.setVisible(shown)
        self.instructions_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _checked(self, results: list[Any]) -> None:
        """A login or API problem: show how the App object must look."""
        if any(r.status.value == "failed" and r.id.startswith(("pbx.connect", "pbx.api:")) for r in results):
            self.instructions_toggle.setChecked(True)

    def _show_instructions(self, app: str) -> None:
        from calwizard.pbx.instructions import DEFAULT_APP_NAME, app_object_instructions

        # the steps are wrapped for a terminal (continuation lines indented); the label wraps them itself
        text = app_object_instructions(app.strip() or DEFAULT_APP_NAME)
        self.instructions.setText(re.sub(r"\n[ \t]+", " ", text))

    def initializePage(self) -> None:
        super().initializePage()
        self.live.start()

    def leave(self) -> None:
        self.live.cancel()

    def _tz(self, text: str) -> None:
        if text.strip():
            self.set_field("pbx.presence_timezone", text.strip())

    def load(self, state: flow.WizardState) -> None:
        pbx = state.settings.pbx
        self.master.setText(pbx.master_pbx_name)
        i = self.language.findData(pbx.presence_language)
        if i < 0:
            self.language.addItem(pbx.presence_language, pbx.presence_language)
            i = self.language.count() - 1
        self.language.setCurrentIndex(i)
        self.timezone.setCurrentText(pbx.presence_timezone)
        self.show_subject.setChecked(pbx.show_subject)
        self.prio.setText(", ".join(pbx.prioritized_words))
        self.nonprio.setText(", ".join(pbx.non_prioritized_words))
        self.address.setText(pbx.address)
        self.app_name.setText(pbx.app_name)
        self.app_password.setText(state.secrets.get("pbx.app_password", ""))
        self.app_password.setPlaceholderText(secret_placeholder(pbx.app_password, "pbx.app_password" in state.secrets))
        self.show_stored("pbx.app_password")
        self.domain.setText(pbx.domain)
        self.user_filter.setText(pbx.user_filter)
        self._show_instructions(pbx.app_name)
        self.instructions_toggle.setChecked(not pbx.address)  # a configured connection: the steps are done
        self._toggle_instructions(self.instructions_toggle.isChecked())
