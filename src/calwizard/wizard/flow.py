"""The wizard's steps and navigation as plain Python (no Qt): testable without a display.

Modelled on Electrum's ``wizard.py`` (DESIGN.md §2.1): a navigation map over :class:`StepId` per
sync type, a frozen :class:`WizardState` replaced with :func:`dataclasses.replace`, and a stack of
:class:`Snapshot` s that Back pops. The Qt pages (``calwizard.gui``) only draw a state and call the
functions here; every rule "may the technician go on?" lives in :func:`page_problems`.

Decisions:

* **Back keeps edits.** Back pops the snapshot taken when the page was left and returns to the
  step recorded there (so the path actually walked is retraced even after the sync type changed),
  but the settings edited on later pages are kept: a technician who goes back to fix the user name
  expects the mailbox list typed afterwards to still be there (as every installer does). The
  popped snapshot's settings are returned by :func:`go_back` for a page that wants to offer
  "revert".
* **Blocking vs. warning.** A page blocks Next only when the configuration would be unusable
  (a required field empty, a value the settings model rejects, a file that does not exist, a cloud
  EWS type after EWS in Exchange Online is switched off). Live checks that fail never block: the
  technician may be offline at the customer and validate later.
* **Secrets typed in the wizard** live in :attr:`WizardState.secrets` only (masked ``repr``); the
  settings hold a :class:`~calwizard.settings.SecretRef` to the secret store entry the value will
  be written to on save (:mod:`calwizard.wizard.persist`).

The step table (:class:`StepId`, :data:`STEP_TITLES`, :data:`NAVIGATION`) lives in
:mod:`calwizard.wizard.steps` and is re-exported here. This module imports the settings model lazily, and the
wizard window imports it only after the first page is shown (``bench/startup.py``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from calwizard.i18n import QT_TRANSLATE_NOOP, translate

# the step table, re-exported (import it from either module; the start path imports calwizard.wizard.steps only)
from calwizard.wizard.steps import NAVIGATION, STEP_TITLES, StepId, step_title  # noqa: F401 (re-exported)

if TYPE_CHECKING:
    from calwizard.checks.runner import CheckSpec
    from calwizard.settings.model import SecretRef, Settings


_ALL = tuple(StepId)

# --------------------------------------------------------------------------- field -> step

FIELD_STEPS: tuple[tuple[str, StepId], ...] = (
    ("profile", StepId.WELCOME),
    ("pbx.user_source", StepId.MAILBOXES),
    ("pbx.", StepId.PBX),
    ("exchange.sync_type", StepId.SYNC_TYPE),
    ("exchange.user", StepId.CONNECTION),
    ("exchange.password", StepId.CONNECTION),
    ("exchange.logon_name", StepId.CONNECTION),
    ("exchange.autodiscover_url", StepId.CONNECTION),
    ("exchange.exchange_server", StepId.CONNECTION),
    ("exchange.ews_url", StepId.CONNECTION),
    ("exchange.cloud", StepId.CONNECTION),
    ("exchange.custom_cloud", StepId.CONNECTION),
    ("exchange.ca_file", StepId.CONNECTION),
    ("exchange.client_id", StepId.ENTRA),
    ("exchange.tenant_id", StepId.ENTRA),
    ("exchange.account_types", StepId.ENTRA),
    ("exchange.redirect_uri", StepId.ENTRA),
    ("exchange.scopes", StepId.ENTRA),
    ("exchange.client_secret", StepId.ENTRA),
    ("exchange.client_certificate", StepId.ENTRA),
    ("exchange.setup_client_id", StepId.ENTRA),
    ("exchange.app_registration", StepId.ENTRA),
    ("exchange.token_cache", StepId.ENTRA),
    ("exchange.graph_permission", StepId.ENTRA),
    ("exchange.must_be_denied", StepId.MAILBOXES),
    ("exchange.graph_poll_interval_seconds", StepId.ADVANCED),
    ("mailboxes", StepId.MAILBOXES),
    ("mapping.", StepId.MAPPING),
    ("exchange.", StepId.ADVANCED),  # name_resolving_user, max subscriptions, debug log, timeout, overrides
)
"""Which page a settings field (dotted path) is edited on; the first matching prefix wins."""


def step_of(field_path: str) -> StepId:
    """The page on which ``field_path`` (e.g. ``exchange.client_id``) is edited."""
    for prefix, step in FIELD_STEPS:
        if field_path == prefix.rstrip(".") or field_path.startswith(prefix if prefix.endswith(".") else prefix + "."):
            return step
    return StepId.ADVANCED


# --------------------------------------------------------------------------- EWS in Exchange Online

EWS_ONLINE_BLOCKED_FROM = date(2026, 10, 1)
"""Exchange Online blocks EWS by default from this day (tenant setting EWSEnabled, app allow list)."""
EWS_ONLINE_OFF_FROM = date(2027, 4, 1)
"""Exchange Online turns EWS off for good on this day."""


class EwsOnlineState(StrEnum):
    AVAILABLE = "available"
    BLOCKED_BY_DEFAULT = "blocked_by_default"
    OFF = "off"


def ews_online_state(today: date) -> EwsOnlineState:
    """The state of EWS in Exchange Online on ``today``."""
    if today >= EWS_ONLINE_OFF_FROM:
        return EwsOnlineState.OFF
    if today >= EWS_ONLINE_BLOCKED_FROM:
        return EwsOnlineState.BLOCKED_BY_DEFAULT
    return EwsOnlineState.AVAILABLE


def _day(d: date) -> str:
    """A date in words in the interface language (babel)."""
    from calwizard.i18n import format_date

    return format_date(d)


_GRAPH_UNAFFECTED = QT_TRANSLATE_NOOP("flow", "Microsoft Graph does not use EWS and is not affected.")


def ews_online_text(today: date) -> str:
    """One paragraph on EWS in Exchange Online as of ``today`` (shown on the Sync type page)."""
    state = ews_online_state(today)
    off = _day(EWS_ONLINE_OFF_FROM)
    if state is EwsOnlineState.OFF:
        return (translate("flow", "EWS in Exchange Online was switched off for good on {off}. The Exchange "
                                  "Online sync types that use EWS (app-only, delegated) no longer work "
                                  "against Microsoft 365; use them only with the sandbox tenant. "
                                  "{GRAPH_UNAFFECTED} Exchange Server on-premises keeps EWS.").format(
                                      off=off, GRAPH_UNAFFECTED=translate("flow", _GRAPH_UNAFFECTED)))
    days = (EWS_ONLINE_OFF_FROM - today).days
    if state is EwsOnlineState.BLOCKED_BY_DEFAULT:
        return translate("flow", "EWS in Exchange Online is blocked by default since 1 October 2026: it works only "
                                 "if an Exchange administrator enables it for the tenant (Set-OrganizationConfig "
                                 "-EWSEnabled $true) and allows this app's client ID (EwsAllowedAppIDs). It is "
                                 "switched off for good on {off} (in {days} days). {GRAPH_UNAFFECTED} Exchange Server "
                                 "on-premises keeps EWS.").format(
            off=off, days=days, GRAPH_UNAFFECTED=translate("flow", _GRAPH_UNAFFECTED))
    return (translate("flow", "EWS in Exchange Online still works, but it will be blocked by default from "
                              "1 October 2026 and switched off for good on {off} (in {days} days). "
                              "{GRAPH_UNAFFECTED} Exchange Server on-premises keeps EWS.").format(
                                  off=off, days=days, GRAPH_UNAFFECTED=translate("flow", _GRAPH_UNAFFECTED)))


SYNC_TYPE_INFO: dict[str, tuple[str, str]] = {
    "disabled": (
        QT_TRANSLATE_NOOP("flow", "Disabled"),
        QT_TRANSLATE_NOOP("flow", "No calendar synchronization. The PBX settings are kept; choose this to "
                                  "prepare a configuration and connect Exchange later."),
    ),
    "on_premises": (
        QT_TRANSLATE_NOOP("flow", "Exchange Server on-premises"),
        QT_TRANSLATE_NOOP("flow", "EWS with NTLM sign-in. A service account with a mailbox and the "
                                  "ApplicationImpersonation role (scoped to the users to sync) reads the "
                                  "calendars. Exchange Server keeps EWS: this is the type for Exchange "
                                  "2016/2019 and Exchange Server Subscription Edition."),
    ),
    "cloud_app_only": (
        QT_TRANSLATE_NOOP("flow", "Exchange Online, app-only (client credentials)"),
        QT_TRANSLATE_NOOP("flow", "EWS with an Entra app registration that has the application permission "
                                  "full_access_as_app (admin consent) and a client secret or certificate. "
                                  "No user signs in; any existing mailbox serves for Autodiscover. Limit "
                                  "the app to the users to sync with RBAC for Applications."),
    ),
    "cloud_delegated": (
        QT_TRANSLATE_NOOP("flow", "Exchange Online, delegated (user sign-in)"),
        QT_TRANSLATE_NOOP("flow", "EWS with OAuth2: a user with impersonation rights signs in once in the "
                                  "browser; the refresh token is kept encrypted. ApplicationImpersonation "
                                  "is gone from Exchange Online, so prefer Microsoft Graph."),
    ),
    "cloud_graph": (
        QT_TRANSLATE_NOOP("flow", "Exchange Online, Microsoft Graph (app-only)"),
        QT_TRANSLATE_NOOP("flow", "Microsoft Graph with an Entra app registration that has the application "
                                  "permission Calendars.Read (or Calendars.ReadBasic; admin consent) and a "
                                  "client secret or certificate; no EWS, so it keeps working after "
                                  "Exchange Online turns EWS off. Limit the app to the users to sync with "
                                  "RBAC for Applications."),
    ),
}
"""Title and one-paragraph explanation per sync type (English; :func:`sync_type_info` translates)."""


def sync_type_info(value: str) -> tuple[str, str]:
    """Title and explanation of sync type ``value`` in the interface language."""
    title, text = SYNC_TYPE_INFO[value]
    return translate("flow", title), translate("flow", text)

SYNC_TYPE_ORDER: tuple[str, ...] = ("on_premises", "cloud_graph", "cloud_app_only", "cloud_delegated", "disabled")
"""The order the Sync type page offers the types in: Microsoft Graph first among the Exchange Online types."""

RECOMMENDED_ONLINE_TYPE = "cloud_graph"
"""The sync type recommended for Exchange Online (whatever the date: it is the one that outlives EWS)."""


def recommendation(today: date) -> str:
    """Which sync type to choose, as of ``today``."""
    state = ews_online_state(today)
    graph = translate("flow", "Exchange Online: Microsoft Graph (app-only)")
    if state is EwsOnlineState.OFF:
        cloud = translate("flow", "{graph}, the only type that still works there (EWS in Exchange Online "
                                  "is switched off).").format(graph=graph)
    else:
        cloud = translate("flow", "{graph}: it keeps working after EWS in Exchange Online ends on {day}.").format(
            graph=graph, day=_day(EWS_ONLINE_OFF_FROM))
    return translate("flow", "Exchange Server on-premises: the on-premises type. {cloud}").format(cloud=cloud)


# --------------------------------------------------------------------------- Microsoft Graph permissions

GRAPH_PERMISSION_TRADEOFF: dict[str, str] = {
    "Calendars.Read": QT_TRANSLATE_NOOP("flow", "Reads whole events, body included. It can be limited to "
                                                "the synced mailboxes: assign it in Exchange Online with "
                                                "RBAC for Applications (role 'Application Calendars.Read') "
                                                "instead of a tenant-wide admin consent — the "
                                                "least-privilege setup."),
    "Calendars.ReadBasic": QT_TRANSLATE_NOOP("flow", "Reads events without body, attachments and "
                                                     "extensions — still everything the presence uses "
                                                     "(subject, times, free/busy status, sensitivity, "
                                                     "organizer). But it can only be granted tenant-wide "
                                                     "in Entra ID: Exchange RBAC for Applications has no "
                                                     "ReadBasic role, so the app can read every mailbox's "
                                                     "calendar."),
}
"""What each Microsoft Graph permission allows the presence to show (keys: GraphPermission values; English,
:func:`graph_permission_tradeoff` translates)."""


def graph_permission_tradeoff(permission: str) -> str:
    """:data:`GRAPH_PERMISSION_TRADEOFF` of ``permission`` in the interface language."""
    return translate("flow", GRAPH_PERMISSION_TRADEOFF[permission])


def graph_permission_id(permission: str) -> str:
    """The ID of Microsoft Graph's application permission ``permission`` (``Calendars.Read``)."""
    from calwizard.exchange.clouds import GRAPH_PERMISSION_IDS

    return GRAPH_PERMISSION_IDS[permission]


def graph_permission_text(permission: str) -> str:
    """Exactly what to add in the Entra admin center for ``permission``, with its ID."""
    return (translate("flow", "Microsoft Graph > Application permissions > {permission} (ID "
                              "{graph_permission_id}), with admin consent").format(
                                  permission=permission, graph_permission_id=graph_permission_id(permission)))


def tenant_wide_consent_warning(permission: str) -> str:
    """Why an Entra admin consent for ``permission`` defeats the least-privilege scope."""
    from calwizard.checks.graph import RBAC_CALENDAR_ROLE

    text = (translate("flow", "An admin consent for {permission} in the Entra admin center is tenant-wide: "
                              "it lets the app read every mailbox of the tenant, and an Exchange RBAC for "
                              "Applications scope does not narrow it (the two grants add up). Exchange "
                              "RBAC for Applications is the scoping tool: to limit the app to the "
                              "mailboxes it syncs, assign '{RBAC_CALENDAR_ROLE}' with a management scope "
                              "(the PowerShell on the Mailboxes page) instead of the tenant-wide consent, "
                              "or remove that consent afterwards.").format(
                                  permission=permission, RBAC_CALENDAR_ROLE=RBAC_CALENDAR_ROLE))
    if permission == "Calendars.ReadBasic":
        text += (translate("flow", " RBAC for Applications has no ReadBasic role: a scoped app reads its "
                                   "mailboxes with '{RBAC_CALENDAR_ROLE}' (subjects included).").format(
                                       RBAC_CALENDAR_ROLE=RBAC_CALENDAR_ROLE))
    return text


def scope_script(settings: Settings) -> str:
    """The PowerShell that limits the connector to the mailboxes to sync, for the configured access model:

    * Microsoft Graph and EWS app-only — Exchange Online, RBAC for Applications (role ``Application
      Calendars.Read``, resp. ``Application EWS.AccessAsApp``), filled with the app's client ID and the mailboxes'
      primary addresses; then one ``Test-ServicePrincipalAuthorization`` per mailbox that must stay out of reach
      (``InScope`` must be False);
    * on-premises impersonation — Exchange Management Shell: a management scope and an ApplicationImpersonation
      role assignment limited to it (:func:`calwizard.exchange.access.impersonation_scope_script`);
    * on-premises delegate access — the ``Add-MailboxFolderPermission`` lines giving the service account the least
      folder permission on each calendar (:func:`calwizard.exchange.access.folder_permission_script`)."""
    from calwizard.checks.graph import powershell_scope_script
    from calwizard.exchange import access

    ex = settings.exchange
    synced = [m.primary for m in settings.mailboxes]
    model = access.model_for(ex)
    if model is access.Model.DELEGATE:
        return access.folder_permission_script(synced, ex.user, settings.pbx.show_subject, ex.must_be_denied)
    if model is access.Model.IMPERSONATION:
        return access.impersonation_scope_script(synced, ex.user, ex.must_be_denied)
    app = ex.client_id or translate("flow", "<Application (client) ID>")
    object_id = ex.app_registration.service_principal_object_id if ex.app_registration is not None else ""
    if model is access.Model.APP_ONLY:
        lines = [powershell_scope_script(app, synced, "full_access_as_app", object_id=object_id,
                                         role=access.RBAC_EWS_ROLE)]
    else:
        lines = [powershell_scope_script(app, synced, ex.graph_permission.value, object_id=object_id)]
    if ex.must_be_denied:
        lines.append(translate("flow", "# Mailboxes that must stay out of reach: InScope must be False"))
        lines += [f'Test-ServicePrincipalAuthorization -Identity "{app}" -Resource "{a}"' for a in ex.must_be_denied]
    return "\n".join(lines)


def access_level(settings: Settings, result: Any) -> tuple[str, str]:
    """``(short text, explanation)`` of what the connector's access to one mailbox allows, from its per-mailbox
    check result (``ews.access:*`` for delegate access; ``ews.mailbox:*`` / ``graph.mailbox:*`` otherwise): e.g.
    ``("Reviewer", "every detail of the appointments: …")`` or ``("Impersonation: full details", …)``. Empty when
    the result says nothing about it (not readable, not yet checked)."""
    from calwizard.exchange import access

    if result is None:
        return "", ""
    ev = result.evidence
    if ev.get("access_model") == "delegate" and "access_label" in ev:
        return str(ev["access_label"]), str(ev.get("sees", ""))
    if result.status.value != "ok":
        return "", ""
    info = access.describe(settings.exchange, settings.pbx.show_subject)
    short = {access.Model.IMPERSONATION: translate("flow", "Impersonation: full details"),
             access.Model.APP_ONLY: translate("flow", "App permission: full details"),
             access.Model.GRAPH: translate("flow", "Graph {value}: full details").format(
                 value=settings.exchange.graph_permission.value),
             access.Model.DELEGATE: translate("flow", "Delegate access")}[info.model]
    return short, translate("flow", "How: {how}. What: {what}.").format(how=info.how, what=info.what)


# --------------------------------------------------------------------------- admin center pages per manual step


@dataclass(frozen=True)
class PortalLink:
    """A button that opens the admin center page of one manual step.

    Attributes:
        page: :data:`calwizard.exchange.clouds.ENTRA_PAGES` key or ``exchange``.
        title: the button's text.
        url: the page in the configured cloud, for this app and tenant.
    """

    page: str
    title: str
    url: str


def portal_links(settings: Settings) -> list[PortalLink]:
    """The admin center pages of the manual steps for ``settings``' sync type, in the configured cloud (none for
    the sandbox's custom hosts): registering the app, its API permissions (and admin consent), its client secret
    or certificate, the delegated sign-in's redirect URI, its enterprise application (Object ID for RBAC for
    Applications), and the Exchange admin center."""
    from calwizard.exchange.clouds import admin_center_url

    ex = settings.exchange
    if not ex.sync_type.is_cloud:
        return []
    pages = [("new-registration", translate("flow", "Register an app")),
             ("api-permissions", translate("flow", "API permissions")),
             ("certificates-secrets", translate("flow", "Certificates & secrets"))]
    if ex.sync_type.value == "cloud_delegated":
        pages.append(("authentication", translate("flow", "Authentication (redirect URI)")))
    elif ex.sync_type.uses_graph:
        pages.append(("enterprise-applications", translate("flow", "Enterprise applications")))
    else:
        pages.append(("manifest", "Manifest"))
    pages.append(("exchange", translate("flow", "Exchange admin center")))
    out = []
    for page, title in pages:
        url = admin_center_url(ex.cloud, page, client_id=ex.client_id, tenant=ex.tenant_id)
        if url is not None:
            out.append(PortalLink(page, title, url))
    return out


# --------------------------------------------------------------------------- app-only (EWS) -> Microsoft Graph


@dataclass(frozen=True)
class GraphMigration:
    """A ``cloud_app_only`` configuration switched to ``cloud_graph``: what was kept and what to do in Entra.

    Attributes:
        kept: (what, value) of the app registration and mailboxes carried over.
        permission: the Microsoft Graph application permission to add (``Calendars.Read``).
        permission_id: its ID.
        steps: what to do in the Entra admin center, in order.
    """

    kept: tuple[tuple[str, str], ...]
    permission: str
    permission_id: str
    steps: tuple[str, ...]

    @property
    def steps_text(self) -> str:
        """The steps, numbered, one per line."""
        return "\n".join(f"{i}. {s}" for i, s in enumerate(self.steps, 1))

    @property
    def text(self) -> str:
        kept = "; ".join(f"{k}: {v}" for k, v in self.kept)
        return translate("flow", "The app registration is kept ({kept}). In the Entra admin "
                                 "center:\n{steps_text}").format(kept=kept, steps_text=self.steps_text)


def set_sync_type(state: WizardState, value: Any) -> WizardState:
    """Choose the sync type; everything else is kept. Switching an app-only (EWS) configuration — the one being
    edited, or the one opened — to ``cloud_graph`` is a migration (:func:`graph_migration`)."""
    old = state.settings.exchange.sync_type.value
    st = set_field(state, "exchange.sync_type", value)
    new = st.settings.exchange.sync_type.value
    source = ""
    if new == "cloud_graph":
        saved = state.saved.exchange.sync_type.value if state.saved is not None else ""
        if "cloud_app_only" in (old, saved):
            source = "cloud_app_only"
        elif old == new:
            source = state.migrated_from
    return replace(st, migrated_from=source)


def switch_to_graph(state: WizardState) -> WizardState:
    """Switch an app-only (EWS) configuration to Microsoft Graph, keeping its app registration (client ID,
    tenant, client secret or certificate) and its mailboxes.

    Raises:
        ValueError: the sync type is not ``cloud_app_only``.
    """
    if state.settings.exchange.sync_type.value != "cloud_app_only":
        raise ValueError("only an Exchange Online app-only (EWS) configuration can be switched to Microsoft Graph "
                         "keeping its app registration")
    return set_sync_type(state, "cloud_graph")


def graph_switch_suggestion(state: WizardState) -> str | None:
    """For ``cloud_app_only``: why and how to switch to Microsoft Graph keeping the app registration (None for
    the other types)."""
    ex = state.settings.exchange
    if ex.sync_type.value != "cloud_app_only":
        return None
    off = _day(EWS_ONLINE_OFF_FROM)
    ews = (translate("flow", "EWS in Exchange Online was switched off on {off}").format(
        off=off) if ews_online_state(state.today) is EwsOnlineState.OFF
           else translate("flow", "EWS in Exchange Online ends on {off}").format(off=off))
    return (translate("flow", "{ews}; Microsoft Graph reads the same calendars without it. Switching keeps "
                              "this app registration (client ID, tenant, secret or certificate) and the "
                              "mailboxes; you then add one permission in the Entra admin center: "
                              "{graph_permission_text}.").format(
                                  ews=ews, graph_permission_text=graph_permission_text(ex.graph_permission.value)))


def graph_migration(state: WizardState) -> GraphMigration | None:
    """What an app-only configuration switched to ``cloud_graph`` keeps and needs (None: no such switch, or no
    app registration to keep)."""
    from calwizard.exchange.clouds import FULL_ACCESS_AS_APP, FULL_ACCESS_AS_APP_ID

    s = state.settings
    ex = s.exchange
    if ex.sync_type.value != "cloud_graph" or state.migrated_from != "cloud_app_only" or not ex.client_id:
        return None
    kept = [(translate("flow", "client ID"), ex.client_id), (translate("flow", "tenant"), ex.tenant_id or "—")]
    if ex.client_certificate:
        kept.append((translate("flow", "certificate"), ex.client_certificate))
    elif ex.client_secret is not None:
        kept.append((translate("flow", "client secret"), translate("flow", "typed in this wizard")
                     if "client_secret" in state.secrets else ex.client_secret.describe()))
    kept.append((translate("flow", "mailboxes"), str(len(s.mailboxes))))
    permission = ex.graph_permission.value
    pid = graph_permission_id(permission)
    steps = (
        translate("flow", "App registrations > the app {client_id} > API permissions > Add a permission > "
                          "Microsoft Graph > Application permissions: add {permission} (ID {pid}).").format(
                              client_id=ex.client_id, permission=permission, pid=pid),
        translate("flow", "Click 'Grant admin consent for <tenant>' (tenant-wide: every mailbox; to limit "
                          "the app to the synced mailboxes use Exchange RBAC for Applications, see the "
                          "Mailboxes page)."),
        translate("flow", "Once validation passes, {FULL_ACCESS_AS_APP} (Office 365 Exchange Online, ID "
                          "{FULL_ACCESS_AS_APP_ID}) can be removed, with any 'Application EWS.AccessAsApp' "
                          "role assignment in Exchange Online: the app no longer uses EWS.").format(
                              FULL_ACCESS_AS_APP=FULL_ACCESS_AS_APP, FULL_ACCESS_AS_APP_ID=FULL_ACCESS_AS_APP_ID),
    )
    return GraphMigration(kept=tuple(kept), permission=permission, permission_id=pid, steps=steps)


# --------------------------------------------------------------------------- state

PROFILE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$")
"""Valid profile names: the secret store's rule (``calwizard.secrets``; a unit test keeps them equal)."""

SECRET_FIELDS = (
    "password", "client_secret", "client_certificate_password", "token_cache", "client_certificate_pem",
    "pbx.app_password",
)
"""Secret fields the wizard may hold a typed value for (named as in :func:`calwizard.secretrefs.secret_fields`:
Exchange fields bare, ``pbx.app_password``)."""
SECRET_LABELS = {
    "password": QT_TRANSLATE_NOOP("flow", "Password"),
    "client_secret": QT_TRANSLATE_NOOP("flow", "Client secret"),
    "client_certificate_password": QT_TRANSLATE_NOOP("flow", "Certificate password"),
    "token_cache": QT_TRANSLATE_NOOP("flow", "Sign-in token"),
    "client_certificate_pem": QT_TRANSLATE_NOOP("flow", "Client certificate"),
    "pbx.app_password": QT_TRANSLATE_NOOP("flow", "PBX app object password"),
}


def secret_label(name: str) -> str:
    """A secret field's name for the technician (``client_secret`` -> "Client secret"), translated."""
    label = SECRET_LABELS.get(name)
    return translate("flow", label) if label else name.replace("pbx.", "PBX ").replace("_", " ")


class SecretValues(Mapping[str, str]):
    """Secret values typed in the wizard (field name -> value); never shown by ``repr``."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self._values = {k: v for k, v in (values or {}).items() if v}

    def __getitem__(self, key: str) -> str:
        return self._values[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"SecretValues({sorted(self._values)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretValues) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values)))

    def with_value(self, name: str, value: str) -> SecretValues:
        d = dict(self._values)
        if value:
            d[name] = value
        else:
            d.pop(name, None)
        return SecretValues(d)


@dataclass(frozen=True)
class Snapshot:
    """What the wizard looked like when a page was left with Next."""

    step: StepId
    settings: Settings


@dataclass(frozen=True)
class FieldProblem:
    """Why a page may not be left with Next: ``field`` (dotted path), ``message``, ``remedy``."""

    field: str
    message: str
    remedy: str = ""


@dataclass(frozen=True)
class WizardState:
    """Everything the wizard knows. Replace it, never mutate it (the settings are treated as frozen too:
    :func:`set_field` returns a new copy).

    Attributes:
        settings: the configuration being edited.
        step: the page shown.
        history: snapshots pushed by Next, popped by Back.
        profile: profile name (secret store keys are ``<profile>/exchange.<field>``).
        config_path: where the configuration is saved ("" = the default for the profile).
        secrets: secret values typed in the wizard (memory only until saved to the secret store).
        field_errors: dotted field path -> the settings model's message for a value it rejected
            (the widget keeps the text, the settings keep the last valid value).
        today: the date the EWS-in-Exchange-Online rules are judged by.
        saved: the configuration as last saved or loaded (None: never), to tell unsaved changes.
        unsaved_secrets: names of typed secrets not yet written to the secret store.
        migrated_from: ``cloud_app_only`` when an app-only configuration was switched to ``cloud_graph``
            (:func:`set_sync_type`), else "".
        removed_secrets: secret store entries the technician chose to remove (:func:`remove_secret`); deleted
            from the store when the configuration is saved.
    """

    settings: Settings
    step: StepId = StepId.WELCOME
    history: tuple[Snapshot, ...] = ()
    profile: str = "default"
    config_path: str = ""
    secrets: SecretValues = field(default_factory=SecretValues)
    field_errors: Mapping[str, str] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    saved: Settings | None = None
    unsaved_secrets: frozenset[str] = frozenset()
    migrated_from: str = ""
    removed_secrets: frozenset[str] = frozenset()

    @property
    def steps(self) -> tuple[StepId, ...]:
        return steps_for(self.settings)

    @property
    def dirty(self) -> bool:
        return self.saved is None or self.saved != self.settings or bool(self.unsaved_secrets) \
            or bool(self.removed_secrets)


def new_state(settings: Settings | None = None, **kw: Any) -> WizardState:
    """A fresh state on the Welcome page (default settings unless given)."""
    if settings is None:
        from calwizard.settings.model import Settings

        settings = Settings()
    return WizardState(settings=settings, **kw)


def steps_for(settings: Settings) -> tuple[StepId, ...]:
    """The pages, in order, for the settings' sync type."""
    return NAVIGATION.get(str(settings.exchange.sync_type.value), _ALL)


def next_step(state: WizardState) -> StepId | None:
    """The page after the current one (None on the last page)."""
    steps = state.steps
    if state.step not in steps:  # the sync type changed under a page that no longer belongs: go on in order
        later = [s for s in steps if _ALL.index(s) > _ALL.index(state.step)]
        return later[0] if later else None
    i = steps.index(state.step)
    return steps[i + 1] if i + 1 < len(steps) else None


class NavigationError(Exception):
    """Next on an invalid page or the last page, or Back on the first."""


def go_next(state: WizardState) -> WizardState:
    """Leave the current page forward: pushes a snapshot.

    Raises:
        NavigationError: the page has blocking problems, or it is the last page.
    """
    problems = page_problems(state, state.step)
    if problems:
        raise NavigationError(f"{step_title(state.step)}: {problems[0].message}")
    nxt = next_step(state)
    if nxt is None:
        raise NavigationError("this is the last page")
    snap = Snapshot(state.step, state.settings)
    return replace(state, step=nxt, history=(*state.history, snap))


def go_back(state: WizardState) -> tuple[WizardState, Snapshot]:
    """Return to the page left last (edits are kept; see the module docstring).

    Returns:
        The new state and the popped snapshot.
    Raises:
        NavigationError: there is no page to go back to.
    """
    if not state.history:
        raise NavigationError("this is the first page")
    snap = state.history[-1]
    return replace(state, step=snap.step, history=state.history[:-1]), snap


def can_go_back(state: WizardState) -> bool:
    return bool(state.history)


# --------------------------------------------------------------------------- editing


def get_field(settings: Settings, path: str) -> Any:
    """The value at ``path`` (``exchange.user``, ``pbx.show_subject``, ``mapping.busy``)."""
    obj: Any = settings
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def set_field(state: WizardState, path: str, value: Any) -> WizardState:
    """Set one settings field through the model's validation.

    On success the field's error is cleared; when the model rejects the value, the settings are left
    unchanged and ``field_errors[path]`` holds the model's message (naming the fix).
    """
    from pydantic import ValidationError

    head, _, name = path.rpartition(".")
    settings = state.settings.model_copy(deep=True)
    target: Any = get_field(settings, head) if head else settings
    errors = dict(state.field_errors)
    try:
        setattr(target, name, value)
    except ValidationError as exc:
        errors[path] = _message(exc)
        return replace(state, field_errors=errors)
    errors.pop(path, None)
    return replace(state, settings=settings, field_errors=errors)


def set_settings(state: WizardState, settings: Settings, *, clear_errors: Iterable[str] = ()) -> WizardState:
    """Replace the whole settings (e.g. after loading a file) and clear the named field errors."""
    errors = {k: v for k, v in state.field_errors.items() if k not in set(clear_errors)}
    return replace(state, settings=settings, field_errors=errors)


def set_field_error(state: WizardState, path: str, message: str | None) -> WizardState:
    """Record (or clear, with None) a problem of a value that never reached the settings (a table row)."""
    errors = dict(state.field_errors)
    if message:
        errors[path] = message
    else:
        errors.pop(path, None)
    return replace(state, field_errors=errors)


def clear_field_errors(state: WizardState, prefix: str) -> WizardState:
    errors = {k: v for k, v in state.field_errors.items() if not (k == prefix or k.startswith(prefix + "."))}
    return replace(state, field_errors=errors)


def _message(exc: Any) -> str:
    from calwizard.settings.io import validation_message

    return validation_message(exc.errors()[0])


def secret_store_ref(profile: str, name: str) -> SecretRef:
    """The reference a typed secret gets: the secret store entry ``<profile>/exchange.<name>`` (or
    ``<profile>/pbx.app_password``)."""
    from calwizard.secretrefs import store_key
    from calwizard.settings.model import SecretRef

    return SecretRef(store=store_key(profile, name))


def secret_ref(settings: Settings, name: str) -> SecretRef | None:
    """The reference secret field ``name`` of ``settings`` holds (see :data:`SECRET_FIELDS`)."""
    from calwizard.secretrefs import ref_of

    return ref_of(settings, name)


def _set_ref(settings: Settings, name: str, ref: SecretRef | None) -> None:
    from calwizard.secretrefs import field_path

    section, _, attr = field_path(name).partition(".")
    setattr(getattr(settings, section), attr, ref)


def set_secret(state: WizardState, name: str, value: str) -> WizardState:
    """A secret typed (or cleared) in the wizard.

    Typing points the settings' reference at the profile's secret store entry; clearing a typed value
    removes the reference unless the configuration already referenced a value elsewhere (env, sandbox,
    another store entry), which then stays in force.
    """
    if name not in SECRET_FIELDS:
        raise ValueError(f"{name} is not a secret field")
    secrets = state.secrets.with_value(name, value)
    settings = state.settings.model_copy(deep=True)
    current = secret_ref(settings, name)
    own = secret_store_ref(state.profile, name)
    if value:
        _set_ref(settings, name, own)
    elif current == own:  # back to what the loaded configuration referenced (None if nothing)
        _set_ref(settings, name, secret_ref(state.saved, name) if state.saved else None)
    return replace(state, settings=settings, secrets=secrets, unsaved_secrets=state.unsaved_secrets | {name})


def stored_secret(state: WizardState, name: str) -> SecretRef | None:
    """The reference to a secret kept outside the wizard (secret store, environment, sandbox) that the opened
    configuration holds for field ``name`` and that is still in force; None when there is none."""
    saved = secret_ref(state.saved, name) if state.saved is not None else None
    return saved if saved is not None and secret_ref(state.settings, name) == saved else None


def remove_secret(state: WizardState, name: str) -> WizardState:
    """The technician cleared the secret field ``name`` and chose to remove the stored secret: the configuration
    no longer references it, and its secret store entry is deleted when the configuration is saved (an
    environment variable or sandbox credential is only no longer referenced)."""
    if name not in SECRET_FIELDS:
        raise ValueError(f"{name} is not a secret field")
    ref = secret_ref(state.settings, name)
    settings = state.settings.model_copy(deep=True)
    _set_ref(settings, name, None)
    removed = state.removed_secrets | ({ref.store} if ref is not None and ref.store else set())
    return replace(state, settings=settings, secrets=state.secrets.with_value(name, ""), removed_secrets=removed,
                   unsaved_secrets=state.unsaved_secrets - {name})


def profile_of(settings: Settings, fallback: str = "default") -> str:
    """The profile a configuration's secrets are stored under: the profile part of its secret store references
    (``customer-a/exchange.password`` -> ``customer-a``) when they agree, else ``fallback`` (e.g. the file name)."""
    from calwizard.secretrefs import secret_fields

    profiles = set()
    for name in secret_fields():
        ref = secret_ref(settings, name)
        if ref is not None and ref.store and "/" in ref.store:
            profiles.add(ref.store.split("/", 1)[0])
    if len(profiles) == 1:
        (only,) = profiles
        if PROFILE_RE.match(only):
            return only
    return fallback


def set_profile(state: WizardState, profile: str) -> WizardState:
    """Rename the profile; typed secrets' references follow the new name."""
    errors = dict(state.field_errors)
    if not PROFILE_RE.match(profile):
        errors["profile"] = (translate("flow", "use letters, digits and . _ @ + - (starting with a letter "
                                               "or digit), e.g. 'customer-a'"))
        return replace(state, field_errors=errors)
    errors.pop("profile", None)
    settings = state.settings.model_copy(deep=True)
    for name in state.secrets:
        _set_ref(settings, name, secret_store_ref(profile, name))
    return replace(state, profile=profile, settings=settings, field_errors=errors)


def make_fetcher(state: WizardState, base: Any | None = None) -> Any:
    """``fetch(ref) -> str`` for checks: values typed in the wizard first, then ``base`` (normally
    :func:`calwizard.secretrefs.make_fetcher` of the settings)."""
    typed = {name: state.secrets[name] for name in state.secrets}
    settings = state.settings

    def fetch(ref: SecretRef) -> str:
        for name, value in typed.items():
            if secret_ref(settings, name) == ref:
                return value
        if base is None:
            from calwizard.errors import SecretError

            raise SecretError(translate("flow", "{describe} cannot be read here").format(
                describe=ref.describe()), remedy=translate("flow", "Type the value in the wizard."))
        return str(base(ref))

    return fetch


# --------------------------------------------------------------------------- validity


def page_problems(state: WizardState, step: StepId) -> list[FieldProblem]:
    """What blocks Next on ``step`` (empty: Next is enabled)."""
    out = [FieldProblem(f, m, "") for f, m in state.field_errors.items() if step_of(f) == step]
    if step is StepId.WELCOME:
        return out
    out += [p for p in required_problems(state) if step_of(p.field) == step and p.field not in state.field_errors]
    if step is StepId.CONNECTION:
        ex = state.settings.exchange
        if (ex.sync_type.is_cloud and ex.sync_type.uses_ews and ex.cloud.value != "custom"
                and ews_online_state(state.today) is EwsOnlineState.OFF):
            out.append(FieldProblem(
                "exchange.cloud",
                translate("flow", "EWS in Exchange Online was switched off on {day}: this sync type cannot "
                                  "work against Microsoft 365").format(day=_day(EWS_ONLINE_OFF_FROM)),
                translate("flow", "Choose Exchange Online, Microsoft Graph on the Sync type page (it keeps "
                                  "the app registration), or Exchange Server on-premises."),
            ))
    return out


def page_valid(state: WizardState, step: StepId | None = None) -> bool:
    return not page_problems(state, state.step if step is None else step)


def required_problems(state: WizardState) -> list[FieldProblem]:
    """Missing or unusable inputs (``calwizard.checks.inputs.problems``: one source for the rules)."""
    from calwizard.checks.context import ResolvedSecrets
    from calwizard.checks.inputs import problems

    class _Ctx:
        settings = state.settings
        secrets = ResolvedSecrets()

    return [FieldProblem(f, m, r) for f, m, r in problems(_Ctx)]  # type: ignore[arg-type]


def warnings_for(state: WizardState, step: StepId) -> list[str]:
    """Non-blocking advice for ``step``."""
    s = state.settings
    out: list[str] = []
    if step is StepId.MAILBOXES and not s.mailboxes and not s.pbx.users_from_pbx:
        out.append(translate("flow", "No mailboxes are listed yet: nothing will be synchronized."))
    if step is StepId.SYNC_TYPE and s.exchange.sync_type.is_cloud and s.exchange.sync_type.uses_ews:
        st = ews_online_state(state.today)
        if st is not EwsOnlineState.AVAILABLE:
            out.append(ews_online_text(state.today))
        if s.exchange.sync_type.value == "cloud_delegated":
            out.append(translate("flow", "Delegated access needs impersonation rights, which Exchange "
                                         "Online no longer grants (ApplicationImpersonation was removed in "
                                         "2025): prefer Microsoft Graph."))
    if step is StepId.ENTRA and s.exchange.sync_type.uses_graph and s.exchange.graph_permission.value == \
            "Calendars.ReadBasic" and s.exchange.must_be_denied:
        out.append(translate("flow", "Calendars.ReadBasic can only be granted tenant-wide, so the mailboxes that "
                                     "must be denied ({mailboxes}) will be readable: choose Calendars.Read and "
                                     "assign it with Exchange RBAC for Applications to keep them out of "
                                     "reach.").format(mailboxes=", ".join(s.exchange.must_be_denied)))
    return out


# --------------------------------------------------------------------------- live checks


def live_plan(settings: Settings, step: StepId) -> list[CheckSpec]:
    """The checks a page runs live, with their prerequisites; ``inputs`` is left out (the page's
    own validity covers it, and later pages' fields are not filled yet).

    * PBX & presence: the PBX connection, login, name, APIs and users (with a PBX connection).
    * Connection: Autodiscover (cloud with an explicit Autodiscover URL: after the Entra token).
    * Entra app: tenant, token, permissions.
    * Mailboxes: everything up to the per-mailbox access checks (with users from the PBX: the PBX's users first).
    * Validate: the whole plan.
    """
    from calwizard.checks.plan import build_plan

    plan = build_plan(settings)
    if step is StepId.VALIDATE:
        return plan
    targets = {
        StepId.PBX: ("pbx.users",),
        StepId.CONNECTION: ("autodiscover",),
        StepId.ENTRA: ("entra.permissions",),
        StepId.MAILBOXES: ("ews.streaming", "ews.mailboxes", "ews.access", "ews.denied", "graph.mailboxes",
                           "graph.denied", "pbx.users"),
    }.get(step, ())
    by_id = {s.id: s for s in plan}
    wanted: set[str] = set()
    todo = [t for t in targets if t in by_id]
    while todo:
        cur = todo.pop()
        if cur in wanted or cur == "inputs":
            continue
        wanted.add(cur)
        todo += [*by_id[cur].needs, *getattr(by_id[cur], "gated_by", ())]

    def drop_inputs(spec: CheckSpec) -> CheckSpec:
        out = replace(spec, needs=tuple(n for n in spec.needs if n != "inputs"))
        if getattr(spec, "gated_by", ()):
            out = replace(out, gated_by=tuple(n for n in spec.gated_by if n != "inputs"))
        return out

    return [drop_inputs(s) for s in plan if s.id in wanted]


PBX_LIVE_FIELDS = ("pbx.address", "pbx.app_name", "pbx.app_password", "pbx.master_pbx_name", "pbx.domain",
                   "pbx.user_filter", "exchange.ca_file")
"""What the PBX checks need to be usable."""


def pbx_ready(state: WizardState) -> bool:
    """A PBX connection is configured and usable enough to be checked live (address, App object, password)."""
    if not state.settings.pbx.connected:
        return False
    missing = {p.field for p in required_problems(state)} | set(state.field_errors)
    return not any(f in missing for f in PBX_LIVE_FIELDS)


def live_ready(state: WizardState, step: StepId) -> bool:
    """Whether the page's live checks have what they need (else they are not started)."""
    if step is StepId.PBX:
        return pbx_ready(state)
    if step is StepId.MAILBOXES and state.settings.pbx.users_from_pbx and not pbx_ready(state):
        return False
    ex = state.settings.exchange
    if not ex.sync_type.uses_ews and not (ex.sync_type.uses_graph and step is not StepId.CONNECTION):
        return False  # Microsoft Graph: nothing to check on the Connection page (no service account, no Autodiscover)
    missing = {p.field for p in required_problems(state)} | set(state.field_errors)
    need: set[str] = {"exchange.ca_file"} if ex.sync_type.uses_graph else {"exchange.user", "exchange.ca_file"}
    if ex.sync_type.value == "on_premises":
        need |= {"exchange.password"}
    else:
        need |= {"exchange.custom_cloud"}
    entra = {"exchange.client_id", "exchange.tenant_id", "exchange.client_secret", "exchange.client_certificate"}
    if ex.sync_type.is_cloud and (step is not StepId.CONNECTION or ex.autodiscover_url):
        need |= entra
    return not any(f in missing or any(m.startswith(f + ".") for m in missing) for f in need)


def replace_saved(current: WizardState, saved: WizardState) -> WizardState:
    """``current`` with what ``saved`` (the state :func:`calwizard.wizard.persist.save` returned) records as
    saved; edits made while saving stay unsaved."""
    still = frozenset(n for n in current.unsaved_secrets if current.secrets.get(n) != saved.secrets.get(n))
    return replace(current, saved=saved.saved, config_path=saved.config_path, unsaved_secrets=still,
                   removed_secrets=current.removed_secrets - saved.removed_secrets)


# --------------------------------------------------------------------------- jumping between pages


def reachable_steps(state: WizardState) -> tuple[StepId, ...]:
    """The pages the side list of steps may open, in page order: every page walked so far (Back retraces them),
    the current one, and the pages ahead as far as Next could go without a blocking problem."""
    seen = {snap.step for snap in state.history} | {state.step}
    st = state
    while not page_problems(st, st.step):
        nxt = next_step(st)
        if nxt is None:
            break
        st = replace(st, step=nxt)
        seen.add(nxt)
    return tuple(s for s in state.steps if s in seen)


def route(state: WizardState, target: StepId) -> tuple[str, ...]:
    """The moves (``"back"`` or ``"next"``) that lead from the current page to ``target``.

    Back is preferred for a page walked before (it restores the path actually taken); otherwise Next as far as
    needed, each page on the way without a blocking problem.

    Raises:
        NavigationError: ``target`` is not reachable (a page before it blocks Next, or it is not a page of this
            sync type).
    """
    if target == state.step:
        return ()
    walked = [snap.step for snap in state.history]
    if target in walked:
        return ("back",) * (len(walked) - max(i for i, s in enumerate(walked) if s == target))
    moves: list[str] = []
    st = state
    while st.step != target:
        problems = page_problems(st, st.step)
        if problems:
            raise NavigationError(f"{step_title(st.step)}: {problems[0].message}")
        nxt = next_step(st)
        if nxt is None:
            raise NavigationError(translate("flow", "{page} is not a page of this sync type").format(
                page=step_title(target)))
        st = replace(st, step=nxt)
        moves.append("next")
    return tuple(moves)


# --------------------------------------------------------------------------- results and the inputs they judged

_ENTRA_INPUTS = (
    "exchange.sync_type", "exchange.cloud", "exchange.custom_cloud", "exchange.tenant_id", "exchange.client_id",
    "exchange.client_secret", "exchange.client_certificate", "exchange.client_certificate_password",
    "exchange.client_certificate_pem", "exchange.account_types", "exchange.scopes", "exchange.redirect_uri",
    "exchange.token_cache", "exchange.graph_permission", "exchange.ca_file", "exchange.host_overrides",
    "exchange.timeout_seconds",
)
_CONNECTION_INPUTS = (
    "exchange.user", "exchange.password", "exchange.logon_name", "exchange.autodiscover_url",
    "exchange.exchange_server",
)
CHECK_INPUTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("inputs", ("",)),
    ("pbx.", ("pbx",)),
    ("entra.", _ENTRA_INPUTS),
    ("autodiscover", _ENTRA_INPUTS + _CONNECTION_INPUTS),
    ("graph.denied", (*_ENTRA_INPUTS, "exchange.must_be_denied")),
    ("graph.mailbox:", (*_ENTRA_INPUTS, "mailbox:")),
    ("graph.", (*_ENTRA_INPUTS, "mailboxes", "pbx")),
    ("ews.mailbox:", ("exchange", "mailbox:")),
    ("ews.", ("exchange", "mailboxes", "pbx")),
)
"""The settings each check's result depends on (first matching id prefix; ``""`` is every setting, ``mailbox:``
the one mailbox a per-mailbox result is about). When one of them changes, the result is outdated. A check not
listed depends on everything. Secrets typed in the wizard count under their field."""


def _inputs_of(result_id: str) -> tuple[str, ...]:
    for prefix, paths in CHECK_INPUTS:
        if result_id == prefix.rstrip(".:") or result_id.startswith(prefix):
            return paths
    return ("",)


_FINGERPRINT_KEY = os.urandom(16)
"""Typed secrets enter a fingerprint as a keyed hash with this per-process key (memory only, never stored)."""


def fingerprint(state: WizardState, result_id: str) -> str:
    """A digest of the inputs the result ``result_id`` depends on (:data:`CHECK_INPUTS`) in ``state``: equal
    digests mean the result still judges the current inputs."""
    import hashlib
    import hmac
    import json

    settings = state.settings
    values: dict[str, Any] = {}
    for path in _inputs_of(result_id):
        if path == "mailbox:":
            key = result_id.split(":", 1)[1].lower()
            values[path] = [m.model_dump(mode="json") for m in settings.mailboxes if m.pbx_name.lower() == key]
        elif path == "":
            values[path] = settings.model_dump(mode="json")
        else:
            try:
                value = get_field(settings, path)
            except AttributeError:
                continue  # a field this version of the settings does not have
            values[path] = value.model_dump(mode="json") if hasattr(value, "model_dump") else \
                [v.model_dump(mode="json") if hasattr(v, "model_dump") else v for v in value] \
                if isinstance(value, list) else value
    from calwizard.secretrefs import field_path

    for name in state.secrets:
        path = field_path(name)
        if any(p == "" or path == p or path.startswith(p + ".") for p in values):
            digest = hmac.new(_FINGERPRINT_KEY, state.secrets[name].encode(), hashlib.sha256)
            values[f"typed:{name}"] = digest.hexdigest()
    blob = json.dumps(values, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


@dataclass(frozen=True)
class Recorded:
    """A result as recorded in a :class:`ResultBook`: which check produced it and the inputs it judged."""

    spec_id: str
    result: Any
    fingerprint: str


class ResultBook:
    """The latest result of every check the wizard ran (live checks on the pages and Validate), each with the
    fingerprint of the inputs it judged, so that nothing stale is shown as current: :meth:`fresh` are the results
    whose inputs are unchanged, :meth:`outdated` the others (shown as such, and checked again)."""

    def __init__(self) -> None:
        self._results: dict[str, Recorded] = {}

    def record(self, state: WizardState, spec_id: str, results: Iterable[Any]) -> None:
        """The results of check ``spec_id`` run against ``state`` (the state the run *started* with); they
        replace the earlier results of that check."""
        for rid in [k for k, r in self._results.items() if r.spec_id == spec_id]:
            del self._results[rid]
        for r in results:
            self._results[r.id] = Recorded(spec_id, r, fingerprint(state, r.id))

    def clear(self) -> None:
        self._results.clear()

    def is_fresh(self, state: WizardState, result_id: str) -> bool:
        rec = self._results.get(result_id)
        return rec is not None and rec.fingerprint == fingerprint(state, result_id)

    def fresh(self, state: WizardState) -> list[Any]:
        """Results whose inputs are unchanged, in the order recorded."""
        return [r.result for k, r in self._results.items() if r.fingerprint == fingerprint(state, k)]

    def outdated(self, state: WizardState) -> list[Any]:
        """Results whose inputs changed since they were checked."""
        return [r.result for k, r in self._results.items() if r.fingerprint != fingerprint(state, k)]

    def __len__(self) -> int:
        return len(self._results)


def result_field(result: Any, settings: Settings) -> str:
    """The settings field a result is about (dotted path, ``mailboxes.<row>`` for one mailbox, 1-based): where
    "Go to field" leads and which page's step the result counts for."""
    ev = result.evidence if isinstance(result.evidence, dict) else {}
    rid = result.id
    if ev.get("field"):
        return str(ev["field"])
    if rid.startswith("inputs:"):
        return rid.split(":", 1)[1]
    if rid.startswith(("ews.mailbox:", "graph.mailbox:")):
        key = rid.split(":", 1)[1].lower()
        for i, m in enumerate(settings.mailboxes, 1):
            if key in (m.pbx_name.lower(), *(a.lower() for a in m.addresses)):
                return f"mailboxes.{i}"
        return "mailboxes"
    ex = settings.exchange
    if rid.startswith(("ews.denied", "graph.denied")):
        return "exchange.must_be_denied"
    fixed = {
        "entra.tenant": "exchange.tenant_id",
        "entra.token": "exchange.client_certificate" if ex.client_certificate else
        "exchange.token_cache" if ex.sync_type.value == "cloud_delegated" else "exchange.client_secret",
        "entra.permissions": "exchange.graph_permission" if ex.sync_type.uses_graph else "exchange.client_id",
        "autodiscover": "exchange.autodiscover_url" if ex.autodiscover_url else "exchange.user",
        "ews.connect": "exchange.password" if ex.sync_type.value == "on_premises" else "exchange.user",
        "ews.streaming": "exchange.max_subscriptions_per_connection",
        "ews.mailboxes": "mailboxes",
        "graph.mailboxes": "mailboxes",
    }
    if rid in fixed:
        return fixed[rid]
    if rid.startswith("pbx."):
        return "pbx.address"
    if rid.startswith("entra."):
        return "exchange.client_id"
    if rid.startswith(("ews.", "autodiscover")):
        return "exchange.user"
    return ""


class StepStatus(StrEnum):
    """What the side list of steps shows for a page."""

    OK = "ok"
    WARNING = "warning"
    FAILED = "failed"
    UNCHECKED = "unchecked"


_CHECKED_STEPS = (StepId.CONNECTION, StepId.ENTRA, StepId.MAILBOXES, StepId.VALIDATE)
"""Pages whose state comes from live checks (a page without fresh results is "not checked")."""


def step_states(state: WizardState, fresh: Iterable[Any] = (), *,
                extra: Mapping[StepId, StepStatus] | None = None) -> dict[StepId, StepStatus]:
    """Each page's state for the side list: failed (a blocking problem on a page already seen, or a failed check
    about one of its fields), warning, ok (checked, or seen and complete when the page has no checks), or not
    checked. ``fresh``: current results (:meth:`ResultBook.fresh`); ``extra``: states the GUI knows (the Welcome
    page's secret store)."""
    seen = {snap.step for snap in state.history} | {state.step}
    order = {"failed": 3, "warning": 2, "ok": 1}
    worst: dict[StepId, str] = {}
    any_result = ""
    for r in fresh:
        status = r.status.value
        if status not in order:
            continue
        if order[status] > order.get(any_result, 0):
            any_result = status
        path = result_field(r, state.settings)
        if not path or r.id == "inputs":
            continue
        step = step_of(path)
        if order[status] > order.get(worst.get(step, ""), 0):
            worst[step] = status
    out: dict[StepId, StepStatus] = {}
    for step in state.steps:
        if step in seen and page_problems(state, step):
            out[step] = StepStatus.FAILED
        elif step is StepId.VALIDATE:
            out[step] = StepStatus(any_result) if any_result else StepStatus.UNCHECKED
        elif step in worst:
            out[step] = StepStatus(worst[step])
        elif step is StepId.SUMMARY:
            out[step] = StepStatus.OK if not state.dirty else StepStatus.UNCHECKED
        elif step in seen and step not in _CHECKED_STEPS and step != state.step:
            out[step] = StepStatus.OK
        else:
            out[step] = StepStatus.UNCHECKED
    for step, status in (extra or {}).items():
        if step in out and order.get(status.value, 0) > order.get(out[step].value, 0):
            out[step] = status
    return out


# --------------------------------------------------------------------------- prerequisites (Welcome page)


@dataclass(frozen=True)
class StoreReport:
    """What the Welcome page says about the secret store, checked when the wizard starts (so that saving never
    fails late for a reason known early).

    Attributes:
        status: ``ok`` (secrets can be saved), ``warning`` (a passphrase is needed first) or ``failed``.
        message: what it means, in plain words.
        remedy: what to do, if anything.
        details: the backends' own words (why each keychain was not usable), for the "Details" toggle.
        needs_passphrase: the encrypted file store is used and its passphrase is not known yet.
        new_file: that file does not exist yet (the passphrase is chosen now: asked twice).
    """

    status: str
    message: str
    remedy: str = ""
    details: str = ""
    needs_passphrase: bool = False
    new_file: bool = False


def secret_store_report(*, keychain: str | None, reasons: Iterable[str] = (), file_path: str = "",
                        file_exists: bool = False, passphrase_known: bool = False,
                        error: str = "") -> StoreReport:
    """The Welcome page's verdict on the secret store.

    Args:
        keychain: the usable OS keychain's name (``calwizard.secrets.find_keychain``), or None.
        reasons: why each keychain candidate was not usable.
        file_path: the encrypted file store used without a keychain.
        file_exists: whether that file exists (then its passphrase must unlock it).
        passphrase_known: its passphrase is known (``CALWIZARD_STORE_PASSPHRASE``, or typed and accepted).
        error: the store could not be opened at all (the message of the error), e.g. a damaged file.
    """
    details = "\n".join(reasons)
    if error:
        return StoreReport("failed", translate("flow", "The secret store cannot be used: {error}").format(error=error),
                           translate("flow", "Passwords and client secrets cannot be saved until this is "
                                             "fixed; everything else can."),
                           details)
    if keychain:
        return StoreReport("ok", translate("flow", "Passwords and client secrets will be kept in the OS "
                                                   "keychain ({keychain}).").format(keychain=keychain),
                           details=details)
    if passphrase_known:
        return StoreReport("ok", translate("flow", "No OS keychain is usable on this computer: passwords "
                                                   "and client secrets will be kept in the encrypted file "
                                                   "{file_path}, unlocked with its passphrase.").format(
                                                       file_path=file_path),
                           details=details)
    remedy = (translate("flow", "To use the OS keychain instead, start the wizard in a desktop session "
                                "with a keychain (Windows Credential Manager, macOS Keychain, GNOME "
                                "Keyring or KWallet)."))
    if file_exists:
        return StoreReport("warning", translate("flow", "No OS keychain is usable on this computer. "
                                                        "Passwords and client secrets are kept in the "
                                                        "encrypted file {file_path}: type the passphrase "
                                                        "it was created with below.").format(
                                                            file_path=file_path), remedy, details,
                                                            needs_passphrase=True)
    return StoreReport("warning", translate("flow", "No OS keychain is usable on this computer. Passwords "
                                                    "and client secrets will be kept in an encrypted file "
                                                    "({file_path}): choose its passphrase below (you need "
                                                    "it again for the sync engine: "
                                                    "CALWIZARD_STORE_PASSPHRASE).").format(
                                                        file_path=file_path), remedy, details,
                       needs_passphrase=True, new_file=True)
