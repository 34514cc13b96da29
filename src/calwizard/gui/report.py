"""Validation reports: plain text (clipboard) and a self-contained HTML page (Save report…). No Qt: the texts go
through :func:`calwizard.i18n.translate` (the report is in the language the wizard shows)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any

from calwizard.i18n import QT_TRANSLATE_NOOP, language, translate

_LABEL = {"ok": QT_TRANSLATE_NOOP("report", "OK"), "warning": QT_TRANSLATE_NOOP("report", "WARNING"),
          "failed": QT_TRANSLATE_NOOP("report", "FAILED"), "skipped": QT_TRANSLATE_NOOP("report", "SKIPPED")}
TITLE = QT_TRANSLATE_NOOP("report", "calwizard validation report")
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


def _label(status: str) -> str:
    return translate("report", _LABEL[status]) if status in _LABEL else status


def _counts_line(c: dict[str, int]) -> str:
    return translate("report", "{ok} ok, {warning} warnings, {failed} failed, {skipped} skipped").format(**c)


def report_text(results: Sequence[Any], *, title: str | None = None,
                settings: Any = None, now: datetime | None = None) -> str:
    """The report as plain text (what "Copy report" puts on the clipboard)."""
    now = now or datetime.now(UTC)
    c = counts(results)
    lines = [title or translate("report", TITLE), f"{now:%Y-%m-%d %H:%M} UTC", ""]
    if settings is not None:
        lines += [*_settings_lines(settings), ""]
    lines.append(_counts_line(c))
    lines.append("")
    width = max(len(_label(s)) for s in _LABEL)
    for r in results:
        lines.append(f"[{_label(r.status.value):{width}}] {r.id}: {r.summary}")
        if r.remedy and r.status.value in ("failed", "warning"):
            lines.append("          " + translate("report", "fix: {remedy}").format(remedy=r.remedy))
        if r.detail and r.status.value in ("failed", "warning"):
            lines += [f"          {line}" for line in r.detail.splitlines()]
    return "\n".join(lines) + "\n"


def _settings_lines(settings: Any) -> list[str]:
    ex = settings.exchange
    out = [translate("report", "Sync type: {value}").format(value=ex.sync_type.value),
           translate("report", "PBX: {name}").format(name=settings.pbx.master_pbx_name or "-")]
    if ex.user:
        out.append(translate("report", "User: {user}").format(user=ex.user))
    if ex.sync_type.is_cloud:
        out.append(translate("report", "Cloud: {cloud}; client ID {client}; tenant {tenant}").format(
            cloud=ex.cloud.value, client=ex.client_id or "-", tenant=ex.tenant_id or "-"))
    rec = getattr(ex, "app_registration", None)
    if ex.sync_type.is_cloud and rec is not None:
        what = (translate("report", "client secret") if rec.credential == "secret"
                else translate("report", "certificate {thumbprint}").format(thumbprint=rec.certificate_thumbprint))
        how = (translate("report", "tenant-wide admin consent (app role assignment)") if rec.consent == "tenant_wide"
               else translate("report", "no tenant-wide consent, scoped with Exchange RBAC for Applications"))
        out.append((translate("report", "App registration: reused by calwizard {day} ({by}): '{name}', object ID "
                                        "{object}, service principal {sp}; {what} expires {expires}; {permission}: "
                                        "{how}") if getattr(rec, "reused", False) else
                    translate("report", "App registration: created by calwizard {day} ({by}): '{name}', object ID "
                                        "{object}, service principal {sp}; {what} expires {expires}; {permission}: "
                                        "{how}")).format(
            day=rec.created_at[:10], by=rec.created_by or "-", name=rec.display_name,
            object=rec.application_object_id, sp=rec.service_principal_object_id, what=what,
            expires=rec.credential_expires or "-", permission=rec.permission, how=how))
    out.append(translate("report", "Mailboxes: {n}").format(n=len(settings.mailboxes)))
    return out


def report_html(results: Sequence[Any], *, title: str | None = None,
                settings: Any = None, now: datetime | None = None) -> str:
    """The report as one HTML page (inline CSS, no scripts, nothing fetched)."""
    now = now or datetime.now(UTC)
    title = title or translate("report", TITLE)
    c = counts(results)
    state = overall(results)
    head = {"ok": translate("report", "All checks passed"), "warning": translate("report", "Passed with warnings"),
            "failed": translate("report", "Some checks failed")}[state]
    fix, detail = translate("report", "How to fix:"), translate("report", "Detail")
    rows = []
    for r in results:
        st = r.status.value
        extra = ""
        if r.remedy:
            extra += f"<div class='fix'><b>{escape(fix)}</b> {escape(r.remedy)}</div>"
        if r.detail:
            extra += f"<details><summary>{escape(detail)}</summary><pre>{escape(r.detail)}</pre></details>"
        rows.append(
            f"<tr class='{st}'><td class='st' style='color:{_COLOR.get(st, '#000')}'>{escape(_label(st))}</td>"
            f"<td><code>{escape(r.id)}</code></td><td>{escape(r.summary)}{extra}</td></tr>"
        )
    info = ""
    if settings is not None:
        info = "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in _settings_lines(settings)) + "</ul>"
    return f"""<!DOCTYPE html>
<html lang="{language()}"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #202124; }}
h1 {{ font-size: 1.4em; }} .state {{ color: {_COLOR[state]}; font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border-bottom: 1px solid #ddd; padding: .4em;
text-align: left; vertical-align: top; }} td.st {{ font-weight: bold; white-space: nowrap; }}
.fix {{ margin-top: .3em; }} pre {{ white-space: pre-wrap; background: #f6f6f6; padding: .5em; }}
</style></head><body>
<h1>{escape(title)}</h1>
<p class="state">{escape(head)}</p>
<p>{now:%Y-%m-%d %H:%M} UTC · {escape(_counts_line(c))}</p>
{info}
<table><thead><tr><th>{escape(translate("report", "Status"))}</th><th>{escape(translate("report", "Check"))}</th>
<th>{escape(translate("report", "Result"))}</th></tr></thead><tbody>
{''.join(rows)}
</tbody></table>
</body></html>
"""
