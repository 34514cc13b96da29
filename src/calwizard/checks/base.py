"""Check results and the context every check receives.

A check is an ``async def check(ctx: CheckContext) -> CheckResult`` with an explicit
timeout (the runner enforces it). It never raises for a problem it can explain: it
returns a result with ``status`` failed/warning and a remedy. Exceptions that escape a
check are bugs and are reported as internal errors by the runner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class CheckStatus(StrEnum):
    """Outcome of a check."""

    OK = "ok"
    WARNING = "warning"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class CheckResult:
    """What a check found.

    Attributes:
        id: the check's id, e.g. ``entra.token`` or ``ews.mailbox:anna@contoso.test``.
        status: ok, warning, failed or skipped.
        summary: one line a technician understands.
        detail: the longer explanation (what was tried, what answered); may be empty.
        remedy: what to do about it (the Entra blade, the Exchange cmdlet, the setting); empty when ok.
        evidence: machine-readable facts (URLs tried, versions, claim names); never secrets.
        duration: seconds the check took (wall clock).
    """

    id: str
    status: CheckStatus
    summary: str
    detail: str = ""
    remedy: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    duration: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``calwizard validate --json``."""
        return {
            "id": self.id,
            "status": self.status.value,
            "summary": self.summary,
            "detail": self.detail,
            "remedy": self.remedy,
            "evidence": self.evidence,
        }

    @property
    def passed(self) -> bool:
        return self.status in (CheckStatus.OK, CheckStatus.WARNING, CheckStatus.SKIPPED)


def ok(id: str, summary: str, detail: str = "", **evidence: Any) -> CheckResult:
    return CheckResult(id, CheckStatus.OK, summary, detail, "", evidence)


def warning(id: str, summary: str, remedy: str = "", detail: str = "", **evidence: Any) -> CheckResult:
    return CheckResult(id, CheckStatus.WARNING, summary, detail, remedy, evidence)


def failed(id: str, summary: str, remedy: str = "", detail: str = "", **evidence: Any) -> CheckResult:
    return CheckResult(id, CheckStatus.FAILED, summary, detail, remedy, evidence)


def skipped(id: str, summary: str, detail: str = "", **evidence: Any) -> CheckResult:
    return CheckResult(id, CheckStatus.SKIPPED, summary, detail, "", evidence)
