"""The offline inputs check: every field the chosen sync type needs is present and usable.

Field formats are already enforced by the settings model; this check adds what depends on the
sync type (the PBX Manager plugin's "only available when Sync-Type is …" rules), secrets that
could not be resolved, and files that cannot be read.
"""

from __future__ import annotations

from pathlib import Path

from calwizard.checks.base import CheckResult, failed, ok, warning
from calwizard.checks.context import CheckContext
from calwizard.i18n import translate
from calwizard.secretrefs import field_path
from calwizard.settings.model import CloudName, SyncType


def problems(ctx: CheckContext) -> list[tuple[str, str, str]]:
    """``(field, message, remedy)`` for every problem found; empty when all inputs are usable."""
    s = ctx.settings
    ex = s.exchange
    out: list[tuple[str, str, str]] = []
    if not s.pbx.master_pbx_name:
        out.append(("pbx.master_pbx_name", translate("checks", "The master PBX name is empty"),
                    translate("checks", "Enter the name of the PBX the calendar accepts connections from "
                                        "(required even with one PBX).")))
    if s.pbx.connected:
        if not s.pbx.app_name:
            out.append(("pbx.app_name", translate("checks", "The App object name is empty"),
                        translate("checks", "Enter the Name of the App object calwizard logs in as (e.g. "
                                            "calwizard).")))
        if s.pbx.app_password is None:
            out.append(("pbx.app_password", translate("checks", "No App object password is configured"),
                        translate("checks", "Enter the App object's password on the PBX & presence page "
                                            "(it is kept in the secret store).")))
    if ex.sync_type == SyncType.DISABLED:
        return out
    if not ex.user and not ex.sync_type.uses_graph:
        out.append(("exchange.user", translate("checks", "The user (SMTP address) is empty"),
                    translate("checks", "Enter the service account's SMTP address (app-only: any existing "
                                        "mailbox).")))
    for name, err in ctx.secrets.errors.items():
        out.append((field_path(name), err.message, err.remedy or ""))
    if ex.sync_type == SyncType.ON_PREMISES and ex.password is None:
        out.append(("exchange.password", translate("checks", "No password is configured for the service "
                                                             "account"),
                    translate("checks", "Enter the password in the wizard (it is kept in the secret store).")))
    if ex.sync_type.is_cloud:
        if ex.cloud == CloudName.CUSTOM and ex.custom_cloud is None:
            out.append(("exchange.custom_cloud", translate("checks", "cloud = custom but no custom hosts "
                                                                     "are set"),
                        translate("checks", "Set authority_host, ews_host and graph_host, or choose a "
                                            "Microsoft cloud.")))
        if not ex.client_id:
            out.append(("exchange.client_id", translate("checks", "The client ID is empty"),
                        translate("checks", "Copy the Application (client) ID from the app registration's "
                                            "Overview page.")))
        if ex.sync_type.is_app_only:
            if not ex.tenant_id:
                out.append(("exchange.tenant_id", translate("checks", "The tenant ID is empty (mandatory for "
                                                                      "app-only)"),
                            translate("checks", "Copy the Directory (tenant) ID from the app "
                                                "registration's Overview page.")))
            if ex.client_secret is None and not ex.client_certificate and ex.client_certificate_pem is None:
                out.append(("exchange.client_secret", translate("checks", "Neither a client secret nor a client "
                                                                          "certificate is set"),
                            translate("checks", "Paste the client secret's Value, or choose the "
                                                "certificate file.")))
        if ex.client_certificate and not Path(ex.client_certificate).expanduser().is_file():
            out.append(("exchange.client_certificate",
                        translate("checks", "The certificate file {client_certificate} does not exist").format(
                            client_certificate=ex.client_certificate),
                        translate("checks", "Choose the PEM or PFX file of the app's certificate.")))
    synced = {a.lower() for m in s.mailboxes for a in m.addresses}
    for address in ex.must_be_denied:
        if address.lower() in synced:
            out.append(("exchange.must_be_denied",
                        translate("checks", "{address} is listed both as a mailbox to sync and as one that "
                                            "must be denied").format(address=address),
                        translate("checks", "Remove it from the mailboxes to sync, or from 'must be denied'.")))
    if ex.ca_file and not Path(ex.ca_file).expanduser().is_file():
        out.append(("exchange.ca_file", translate("checks", "The extra CA file {ca_file} does not exist").format(
            ca_file=ex.ca_file),
                    translate("checks", "Choose the PEM file of the CA that issued the server's certificate.")))
    return out


async def check_inputs(ctx: CheckContext) -> list[CheckResult]:
    s = ctx.settings
    # the PBX connection's own inputs are reported by pbx.connect: they must not hold up the Exchange checks
    found = [p for p in problems(ctx) if not p[0].startswith("pbx.") or p[0] == "pbx.master_pbx_name"]
    details = {field_path(name): err.detail for name, err in ctx.secrets.errors.items()}
    results = [
        failed(f"inputs:{field}", msg, remedy=remedy, detail=details.get(field, ""), field=field)
        for field, msg, remedy in found
    ]
    if s.exchange.sync_type == SyncType.DISABLED:
        results.append(warning("inputs", translate("checks", "Sync type is 'disabled': nothing to validate "
                                                             "against Exchange"),
                               remedy=translate("checks", "Choose a sync type to synchronize calendars.")))
        return results
    if not found:
        results.append(ok("inputs", translate("checks", "All settings for sync type '{value}' are present").format(
            value=s.exchange.sync_type.value),
                          sync_type=s.exchange.sync_type.value))
    from calwizard.engine.presence import WORDS, words_for

    if words_for(s.pbx.presence_language)[0] != s.pbx.presence_language.split("_")[0]:
        results.append(warning("inputs:pbx.presence_language",
                               translate("checks", "Presence language {presence_language} has no word "
                                                   "table; English is used").format(
                                                       presence_language=repr(s.pbx.presence_language)),
                               remedy=translate("checks", "Choose one of: {join} (with a region, e.g. "
                                                          "en_GB, for its date and time formats).").format(
                                                              join=', '.join(WORDS))))
    if not s.mailboxes and not s.pbx.users_from_pbx:
        results.append(warning("inputs:mailboxes", translate("checks", "No mailboxes to sync are listed"),
                               remedy=translate("checks", "Add the users to sync (PBX name and SMTP "
                                                          "address), or import a CSV.")))
    return results
