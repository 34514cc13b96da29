"""The details pane of a check (Validate page and every page's live checks) keeps a script's lines."""

from __future__ import annotations

from calwizard.checks.base import failed
from calwizard.gui.widgets import result_html


def test_multi_line_remedy_keeps_its_lines_and_escapes_them() -> None:
    result = failed("graph.mailboxes", "2 of 3 mailboxes readable",
                    remedy='Run in Exchange Online PowerShell:\nConnect-ExchangeOnline\n'
                           'New-ManagementScope -Name "Calendar sync" -RecipientRestrictionFilter "x -eq \'<y>\'"')
    html = result_html(result)
    assert "<b>How to fix:</b> Run in Exchange Online PowerShell:</p>" in html
    pre = html.split("<pre", 1)[1]
    assert "Connect-ExchangeOnline\nNew-ManagementScope" in pre  # one command per line, as it must be pasted
    assert "&lt;y&gt;" in pre and "<y>" not in html


def test_one_line_remedy_stays_one_paragraph() -> None:
    html = result_html(failed("entra.token", "Secret expired", remedy="Create a new client secret."))
    assert "<b>How to fix:</b> Create a new client secret.</p>" in html and "<pre" not in html
