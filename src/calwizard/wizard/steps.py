"""The wizard's step table: :class:`StepId`, the page titles and the page order per sync type (no Qt).

What the wizard window and its Welcome page need before the first page is shown, kept apart from
:mod:`calwizard.wizard.flow` (the navigation and validity rules, re-exporting these names) so the start
path does not load (or, without bytecode, compile) the whole flow before the first page
(``bench/startup.py``). Imports :mod:`enum` only.
"""

from __future__ import annotations

from enum import StrEnum


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
    StepId.WELCOME: "Welcome",
    StepId.PBX: "PBX & presence",
    StepId.SYNC_TYPE: "Sync type",
    StepId.CONNECTION: "Connection",
    StepId.ENTRA: "Entra app",
    StepId.MAILBOXES: "Mailboxes",
    StepId.MAPPING: "Presence mapping",
    StepId.ADVANCED: "Advanced",
    StepId.VALIDATE: "Validate",
    StepId.SUMMARY: "Summary & save",
}
"""Each page's title (the page header and the side list of steps)."""

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

__all__ = ["NAVIGATION", "STEP_TITLES", "StepId"]
