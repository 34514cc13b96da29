"""The wizard's step table: :class:`StepId`, the page titles and the page order per sync type (no Qt).

What the wizard window and its Welcome page need before the first page is shown, kept apart from
:mod:`calwizard.wizard.flow` (the navigation and validity rules, re-exporting these names) so the start
path does not load (or, without bytecode, compile) the whole flow before the first page
(``bench/startup.py``). Imports :mod:`enum` and :mod:`calwizard.i18n` only.
"""

from __future__ import annotations

from enum import StrEnum

from calwizard.i18n import QT_TRANSLATE_NOOP, translate


class StepId(StrEnum):
    """The wizard's pages."""

    WELCOME = "welcome"
    PBX = "pbx"
    SYNC_TYPE = "sync_type"
    CONNECTION = "connection"
    ENTRA = "entra"
    MAILBOXES = "mailboxes"
    MAPPING = "mapping"
    ADVANCED = "advanced"
    VALIDATE = "validate"
    SUMMARY = "summary"


STEP_TITLES: dict[StepId, str] = {
    StepId.WELCOME: QT_TRANSLATE_NOOP("StepId", "Welcome"),
    StepId.PBX: QT_TRANSLATE_NOOP("StepId", "PBX & presence"),
    StepId.SYNC_TYPE: QT_TRANSLATE_NOOP("StepId", "Sync type"),
    StepId.CONNECTION: QT_TRANSLATE_NOOP("StepId", "Connection"),
    StepId.ENTRA: QT_TRANSLATE_NOOP("StepId", "Entra app"),
    StepId.MAILBOXES: QT_TRANSLATE_NOOP("StepId", "Mailboxes"),
    StepId.MAPPING: QT_TRANSLATE_NOOP("StepId", "Presence mapping"),
    StepId.ADVANCED: QT_TRANSLATE_NOOP("StepId", "Advanced"),
    StepId.VALIDATE: QT_TRANSLATE_NOOP("StepId", "Validate"),
    StepId.SUMMARY: QT_TRANSLATE_NOOP("StepId", "Summary & save"),
}
"""Each page's title (the page header and the side list of steps), in English: :func:`step_title` translates."""


def step_title(step: StepId) -> str:
    """The page's title in the interface language."""
    return translate("StepId", STEP_TITLES[step])

_ON_PREM = (StepId.WELCOME, StepId.PBX, StepId.SYNC_TYPE, StepId.CONNECTION, StepId.MAILBOXES,
            StepId.MAPPING, StepId.ADVANCED, StepId.VALIDATE, StepId.SUMMARY)
_CLOUD = (StepId.WELCOME, StepId.PBX, StepId.SYNC_TYPE, StepId.CONNECTION, StepId.ENTRA, StepId.MAILBOXES,
          StepId.MAPPING, StepId.ADVANCED, StepId.VALIDATE, StepId.SUMMARY)
_DISABLED = (StepId.WELCOME, StepId.PBX, StepId.SYNC_TYPE, StepId.VALIDATE, StepId.SUMMARY)

NAVIGATION: dict[str, tuple[StepId, ...]] = {
    "disabled": _DISABLED,
    "on_premises": _ON_PREM,
    "cloud_delegated": _CLOUD,
    "cloud_app_only": _CLOUD,
    "cloud_graph": _CLOUD,
}
"""Page order per sync type (keys are :class:`~calwizard.settings.SyncType` values)."""

__all__ = ["NAVIGATION", "STEP_TITLES", "StepId", "step_title"]
