"""Validation reports: plain text (clipboard) and a self-contained HTML page (Save report…). No Qt."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any

_LABEL = {"ok": "OK", "warning": "WARNING", "failed": "FAILED", "skipped": "SKIPPED"}
_COLOR = {"ok": "#1e8e3e", "warning": "#c77700", "failed": "#c5221f", "skipped": "#80868b"}


def overall(results: Sequence[Any]) -> str:
    """``failed`` if a check failed, else ``warning`` if one warned, else ``ok``."""
    statuses = {r.status.value for r in results}
    return "failed" if "failed" in statuses else "warning" if "warning" in statuses else "ok"


def counts(results: Sequence[Any]) -> dict[str, int]:
    out = {"ok": 0, "warning": 0, "failed": 0, "skipped": 0}
    for r in results:
        out[r.status.value] = out.get(r.status.value, 0) + 1
    return out


def report_text(results: Sequence[Any], *, title: str = "calwizard validation report",
                settings: Any = None, now: datetime | None = None) -> str:
    """The report as plain text (what "Copy report" puts on the clipboard)."""
    now = now or datetime.now(UTC)
    c = counts(results)
    lines = [title, f"{now:%Y-%m-%d %H:%M} UTC", ""]
    if settings is not None:
        lines += [*_settings_lines(settings), ""]
    lines.append(f"{c['ok']} ok, {c['warning']} warnings, {c['failed']} failed, {c['skipped']} skipped")
    lines.append("")
    for r in results:
        lines.append(f"[{_LABEL.get(r.status.value, r.status.value):7}] {r.id}: {r.summary}")
        if r.remedy and r.status.value in ("failed", "warning"):
            lines.append(f"          fix: {r.remedy}")
        if r.detail and r.status.value in ("failed", "warning"):
            lines += [f"          {line}" for line in r.detail.splitlines()]
    return "\n".join(lines) + "\n"


def _settings_lines(settings: Any) -> list[str]:
    ex = settings.exchange
    out = [f"Sync type: {ex.sync_type.value}", f"PBX: {settings.pbx.master_pbx_name or '-'}"]
    if ex.user:
        out.append(f"User: {ex.user}")
    if ex.sync_type.is_cloud:
        out.append(f"Cloud: {ex.cloud.value}; client ID {ex.client_id or '-'}; tenant {ex.tenant_id or '-'}")
    rec = getattr(ex, "app_registration", None)
    if ex.sync_type.is_cloud and rec is not None:
        what = "client secret" if rec.credential == "secret" else f"certificate {rec.certificate_thumbprint}"
        how = ("tenant-wide admin consent (app role assignment)" if rec.consent == "tenant_wide"
               else "no tenant-wide consent, scoped with Exchange RBAC for Applications")
        out.append(f"App registration: created by calwizard {rec.created_at[:10]} ({rec.created_by or '-'}): "
                   f"'{rec.display_name}', object ID {rec.application_object_id}, service principal "
                   f"{rec.service_principal_object_id}; {what} expires {rec.credential_expires or '-'}; "
                   f"{rec.permission}: {how}")
    out.append(f"Mailboxes: {len(settings.mailboxes)}")
    return out


def report_html(results: Sequence[Any], *, title: str = "calwizard validation report",
                settings: Any = None, now: datetime | None = None) -> str:
    """The report as one HTML page (inline CSS, no scripts, nothing fetched)."""
    now = now or datetime.now(UTC)
    c = counts(results)
    state = overall(results)
    head = {"ok": "All checks passed", "warning": "Passed with warnings", "failed": "Some checks failed"}[state]
    rows = []
    for r in results:
        st = r.status.value
        extra = ""
        if r.remedy:
            extra += f"<div class='fix'><b>How to fix:</b> {escape(r.remedy)}</div>"
        if r.detail:
            extra += f"<details><summary>Detail</summary><pre>{escape(r.detail)}</pre></details>"
        rows.append(
            f"<tr class='{st}'><td class='st' style='color:{_COLOR.get(st, '#000')}'>{_LABEL.get(st, st)}</td>"
            f"<td><code>{escape(r.id)}</code></td><td>{escape(r.summary)}{extra}</td></tr>"
        )
    info = ""
    if settings is not None:
        info = "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in _settings_lines(settings)) + "</ul>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #202124; }}
h1 {{ font-size: 1.4em; }} .state {{ color: {_COLOR[state]}; font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border-bottom: 1px solid #ddd; padding: .4em;
text-align: left; vertical-align: top; }} td.st {{ font-weight: bold; white-space: nowrap; }}
.fix {{ margin-top: .3em; }} pre {{ white-space: pre-wrap; background: #f6f6f6; padding: .5em; }}
</style></head><body>
<h1>{escape(title)}</h1>
<p class="state">{head}</p>
<p>{now:%Y-%m-%d %H:%M} UTC · {c['ok']} ok, {c['warning']} warnings, {c['failed']} failed, {c['skipped']} skipped</p>
{info}
<table><thead><tr><th>Status</th><th>Check</th><th>Result</th></tr></thead><tbody>
{''.join(rows)}
</tbody></table>
</body></html>
"""
