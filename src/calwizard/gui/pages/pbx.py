"""Page 2: PBX & presence."""

from __future__ import annotations

import zoneinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLineEdit

from calwizard.gui.pages.base import BasePage, form_layout
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId


class PbxPage(BasePage):
    step = StepId.PBX
    subtitle = "The PBX that receives the presence, and how the presence text is written."

    def build(self) -> None:
        form = form_layout()
        self.master = self.add_row(form, "&Master PBX name:", QLineEdit(self), "pbx.master_pbx_name")
        self.master.setPlaceholderText("e.g. master (the PBX name, not its DNS name)")
        from calwizard.engine.presence import presence_locales

        self.language = QComboBox(self)
        # every locale the presence words exist for; a language alone writes the seed's 22.08.2017 07:00
        for code, label in presence_locales():
            self.language.addItem(f"{label} ({code})", code)
        self.language.setMaxVisibleItems(20)
        self.add_row(form, "Presence &language:", self.language, "pbx.presence_language")
        self.timezone = QComboBox(self)
        self.timezone.setEditable(True)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone.addItems(sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC"))
        comp = QCompleter(self.timezone.model(), self.timezone)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.timezone.setCompleter(comp)
        self.add_row(form, "Presence &timezone:", self.timezone, "pbx.presence_timezone")
        self.show_subject = QCheckBox("Show the appointment's &subject in the presence", self)
        self.add_row(form, "", self.show_subject, "pbx.show_subject", "Show subject")
        self.prio = self.add_row(form, "&Prioritized words:", QLineEdit(self), "pbx.prioritized_words")
        self.prio.setPlaceholderText("e.g. vacation, Urlaub")
        self.nonprio = self.add_row(form, "N&on-prioritized words:", QLineEdit(self), "pbx.non_prioritized_words")
        self.nonprio.setPlaceholderText("e.g. home office")
        self.body.addLayout(form)
        self.body.addStretch(1)

        self.master.textChanged.connect(lambda t: self.set_field("pbx.master_pbx_name", t))
        self.language.currentIndexChanged.connect(
            lambda _i: self.set_field("pbx.presence_language", self.language.currentData()))
        self.timezone.currentTextChanged.connect(self._tz)
        self.show_subject.toggled.connect(lambda on: self.set_field("pbx.show_subject", on))
        self.prio.textChanged.connect(lambda t: self.set_field("pbx.prioritized_words", t))
        self.nonprio.textChanged.connect(lambda t: self.set_field("pbx.non_prioritized_words", t))

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
