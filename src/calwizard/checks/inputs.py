"""The offline inputs check: every field the chosen sync type needs is present and usable.

Field formats are already enforced by the settings model; this check adds what depends on the
sync type (the PBX Manager plugin's "only available when Sync-Type is …" rules), secrets that
could not be resolved, and files that cannot be read.
"""

from __future__ import annotations

from pathlib import Path

from calwizard.checks.base import CheckResult, failed, ok, warning
from calwizard.checks.context import CheckContext
from calwizard.secretrefs import field_path
from calwizard.settings.model import CloudName, SyncType


def problems(ctx: CheckContext) -> list[tuple[str, str, str]]:
    """``(field, message, remedy)`` for every problem found; empty when all inputs are usable."""
    s = ctx.settings
    ex = s.exchange
    out: list[tuple[str, str, str]] = []
    if not s.pbx.master_pbx_name:
        out.append(("pbx.master_pbx_name", "The master PBX name is empty",
                    "Enter the name of the PBX the calendar accepts connections from (required even with one PBX)."))
    if s.pbx.connected:
        if not s.pbx.app_name:
            out.append(("pbx.app_name", "The App object name is empty",
                        "Enter the Name of the App object calwizard logs in as (e.g. calwizard)."))
        if s.pbx.app_password is None:
            out.append(("pbx.app_password", "No App object password is configured",
                        "Enter the App object's password on the PBX & presence page (it is kept in the secret store)."))
    if ex.sync_type == SyncType.DISABLED:
        return out
    if not ex.user and not ex.sync_type.uses_graph:
        out.append(("exchange.user", "The user (SMTP address) is empty",
                    "Enter the service account's SMTP address (app-only: any existing mailbox)."))
    for name, err in ctx.secrets.errors.items():
        out.append((field_path(name), err.message, err.remedy or ""))
    if ex.sync_type == SyncType.ON_PREMISES and ex.password is None:
        out.append(("exchange.password", "No password is configured for the service account",
                    "Enter the password in the wizard (it is kept in the secret store)."))
    if ex.sync_type.is_cloud:
        if ex.cloud == CloudName.CUSTOM and ex.custom_cloud is None:
            out.append(("exchange.custom_cloud", "cloud = custom but no custom hosts are set",
                        "Set authority_host, ews_host and graph_host, or choose a Microsoft cloud."))
        if not ex.client_id:
            out.append(("exchange.client_id", "The client ID is empty",
                        "Copy the Application (client) ID from the app registration's Overview page."))
        if ex.sync_type.is_app_only:
            if not ex.tenant_id:
                out.append(("exchange.tenant_id", "The tenant ID is empty (mandatory for app-only)",
                            "Copy the Directory (tenant) ID from the app registration's Overview page."))
            if ex.client_secret is None and not ex.client_certificate and ex.client_certificate_pem is None:
                out.append(("exchange.client_secret", "Neither a client secret nor a client certificate is set",
                            "Paste the client secret's Value, or choose the certificate file."))
        if ex.client_certificate and not Path(ex.client_certificate).expanduser().is_file():
            out.append(("exchange.client_certificate", f"The certificate file {ex.client_certificate} does not exist",
                        "Choose the PEM or PFX file of the app's certificate."))
    synced = {a.lower() for m in s.mailboxes for a in m.addresses}
    for address in ex.must_be_denied:
        if address.lower() in synced:
            out.append(("exchange.must_be_denied",
                        f"{address} is listed both as a mailbox to sync and as one that must be denied",
                        "Remove it from the mailboxes to sync, or from 'must be denied'."))
    if ex.ca_file and not Path(ex.ca_file).expanduser().is_file():
        out.append(("exchange.ca_file", f"The extra CA file {ex.ca_file} does not exist",
                    "Choose the PEM file of the CA that issued the server's certificate."))
    return out


async def check_inputs(ctx: CheckContext) -> list[CheckResult]:
    s = ctx.settings
    # the PBX connection's own inputs are reported by pbx.connect: they must not hold up the Exchange checks
    found = [p for p in problems(ctx) if not p[0].startswith("pbx.") or p[0] == "pbx.master_pbx_name"]
    results = [
        failed(f"inputs:{field}", msg, remedy=remedy, field=field) for field, msg, remedy in found
    ]
    if s.exchange.sync_type == SyncType.DISABLED:
        results.append(warning("inputs", "Sync type is 'disabled': nothing to validate against Exchange",
                               remedy="Choose a sync type to synchronize calendars."))
        return results
    if not found:
        results.append(ok("inputs", f"All settings for sync type '{s.exchange.sync_type.value}' are present",
                          sync_type=s.exchange.sync_type.value))
    from calwizard.engine.presence import WORDS, words_for

    if words_for(s.pbx.presence_language)[0] != s.pbx.presence_language.split("_")[0]:
        results.append(warning("inputs:pbx.presence_language",
                               f"Presence language {s.pbx.presence_language!r} has no word table; English is used",
                               remedy=f"Choose one of: {', '.join(WORDS)} (with a region, e.g. en_GB, for its "
                               "date and time formats)."))
    if not s.mailboxes and not s.pbx.users_from_pbx:
        results.append(warning("inputs:mailboxes", "No mailboxes to sync are listed",
                               remedy="Add the users to sync (PBX name and SMTP address), or import a CSV."))
    return results
