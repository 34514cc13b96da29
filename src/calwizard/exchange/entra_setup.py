"""Create the Entra app registration for the technician: one administrator sign-in, then Microsoft Graph does what
the portal tutorial describes (the wizard's "Create it for me" and ``calwizard entra create-app``). No Qt.

1. The administrator signs in (:func:`admin_sign_in`: authorization code + PKCE in the system browser, or
   :func:`admin_sign_in_device_code` without a browser) with the public client ``exchange.setup_client_id``
   (default: Microsoft's "Microsoft Graph Command Line Tools"), asking for the delegated permissions
   :data:`~calwizard.exchange.clouds.SETUP_SCOPES` only. The token lives in the :class:`AdminSession` object,
   in memory; nothing writes it anywhere, and it is gone with the object.
2. :meth:`AppSetup.plan` tells what will be created and which permission granted, and what stands in the way (the
   account holds no role that may consent). It looks for app registrations of the chosen display name first
   (Microsoft Graph "List applications", ``GET /applications?$filter=displayName eq '…'``; the delegated permission
   ``Application.Read.All`` is the least that allows it, the sign-in's ``Application.ReadWrite.All`` includes it).
   Found ones are described (app ID, created, permissions with their consent, credentials) and never duplicated
   silently: the technician reuses one (:attr:`SetupOptions.reuse`) or creates a new one under a free name such as
   "Calendar sync (calwizard) (2)" (:attr:`SetupOptions.new_name`).
3. :meth:`AppSetup.execute`, step by step with progress (Microsoft Graph v1.0 API reference):
   ``POST /applications`` (single tenant ``AzureADMyOrg``, ``requiredResourceAccess`` with exactly the sync type's
   application permission); the credential — ``POST /applications/{id}/addPassword`` (``secretText`` is returned
   this once) or a certificate generated here with ``cryptography`` and uploaded with
   ``PATCH /applications/{id}`` ``keyCredentials``; ``POST /servicePrincipals``; admin consent as
   ``POST /servicePrincipals/{resource}/appRoleAssignedTo`` (``principalId``, ``resourceId``, ``appRoleId``) — or,
   for Microsoft Graph scoped with Exchange RBAC for Applications, no tenant-wide consent at all (the two grants
   add up: a tenant-wide consent would let the app read every mailbox whatever the RBAC scope says).
4. :meth:`AppSetup.wait_until_granted` polls client credentials until a token really carries the role (Entra
   replicates for seconds to minutes).
   Reusing an app changes only what is missing on it: its API permissions get the sync type's permission added
   (``PATCH /applications/{id}`` ``requiredResourceAccess``, the others kept), a new client secret or certificate
   is added beside the existing ones, its service principal and consent are created only if it lacks them.
5. :meth:`AppSetup.rollback` deletes what was created (``DELETE /servicePrincipals/{id}``,
   ``DELETE /applications/{id}``) when a step failed and the technician asks for it; on a reused app only what
   this run added is removed (``DELETE /servicePrincipals/{resource}/appRoleAssignedTo/{id}``, ``removePassword``,
   its certificate and permission by ``PATCH``), the app itself stays.

The client secret and the generated private key are handed back in :class:`SetupResult` (masked ``repr``) for the
caller to put straight into the secret store; :func:`configure` points the configuration at them.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time
import uuid
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from calwizard.errors import UserFacingError
from calwizard.exchange import entra
from calwizard.exchange.clouds import (
    APP_ROLE_GRANTERS,
    APPLICATION_ADMINISTRATOR,
    CLOUD_APPLICATION_ADMINISTRATOR,
    DIRECTORY_ROLES,
    EWS_APP_ID,
    FULL_ACCESS_AS_APP,
    FULL_ACCESS_AS_APP_ID,
    GLOBAL_ADMINISTRATOR,
    GRAPH_APP_ID,
    GRAPH_APP_ROLE_GRANTERS,
    GRAPH_PERMISSION_IDS,
    SETUP_SCOPES,
    endpoints_for,
)
from calwizard.exchange.graph import Answer, GraphClient, GraphUnreachable
from calwizard.exchange.http import HttpPolicy
from calwizard.i18n import QT_TRANSLATE_NOOP, translate
from calwizard.settings.model import AppRegistrationRecord, ExchangeSettings, SecretRef, Settings, SyncType

log = logging.getLogger("calwizard.entra_setup")

DEFAULT_DISPLAY_NAME = "Calendar sync (calwizard)"
MAX_LISTED = 10
"""Apps of the same name described in the plan (more are counted, not described)."""
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
APP_CHANGERS = (GLOBAL_ADMINISTRATOR, CLOUD_APPLICATION_ADMINISTRATOR, APPLICATION_ADMINISTRATOR)
"""Built-in roles that may change any app registration (its credentials and permissions) besides its owners."""
_NUMBERED = re.compile(r"^(.*\S) \((\d{1,4})\)$")
MONTHS_CHOICES = (3, 6, 12, 24)
"""Credential lifetimes offered (months; Microsoft recommends less than 12 months for client secrets)."""
PROPAGATION_TIMEOUT = 600.0
"""Seconds :meth:`AppSetup.wait_until_granted` waits by default for the role to show in tokens."""
PROPAGATION_INTERVAL = 5.0
_STILL_REPLICATING = {7000215, 700016, 7000222, 700027}
"""AADSTS codes a brand-new app or credential gets until Entra has replicated it: wait, do not fail."""


class ConsentMode(StrEnum):
    """How the app gets its permission."""

    TENANT_WIDE = "tenant_wide"
    """Admin consent in Entra ID (an app role assignment): every mailbox of the tenant."""
    RBAC_SCOPED = "rbac_scoped"
    """No consent in Entra ID; the app is authorized in Exchange Online with RBAC for Applications for a management
    scope of the synced mailboxes (Microsoft Graph ``Calendars.Read`` only)."""


class CredentialKind(StrEnum):
    SECRET = "secret"
    CERTIFICATE = "certificate"


@dataclass(frozen=True)
class Permission:
    """The one application permission a sync type needs."""

    resource_app_id: str
    resource_name: str
    value: str
    app_role_id: str

    @property
    def is_graph(self) -> bool:
        return self.resource_app_id == GRAPH_APP_ID

    @property
    def granters(self) -> tuple[str, ...]:
        """Template IDs of the built-in roles that may grant it."""
        return GRAPH_APP_ROLE_GRANTERS if self.is_graph else APP_ROLE_GRANTERS

    @property
    def granter_names(self) -> str:
        return ", ".join(DIRECTORY_ROLES[r] for r in self.granters)

    @property
    def rbac_possible(self) -> bool:
        """Exchange RBAC for Applications has a role for it (``Application Calendars.Read``)."""
        return self.is_graph and self.value == "Calendars.Read"

    def text(self) -> str:
        # the Entra admin center's own words (API permissions > Application permissions), as it shows them
        return f"{self.resource_name} > Application permissions > {self.value} (ID {self.app_role_id})"


def required_permission(exchange: ExchangeSettings) -> Permission:
    """The application permission of the configured sync type: Microsoft Graph ``Calendars.Read`` /
    ``Calendars.ReadBasic`` (``cloud_graph``) or Office 365 Exchange Online ``full_access_as_app``
    (``cloud_app_only``).

    Raises:
        UserFacingError: the sync type uses no app registration with an application permission.
    """
    if exchange.sync_type == SyncType.CLOUD_GRAPH:
        value = exchange.graph_permission.value
        return Permission(GRAPH_APP_ID, "Microsoft Graph", value, GRAPH_PERMISSION_IDS[value])
    if exchange.sync_type == SyncType.CLOUD_APP_ONLY:
        return Permission(EWS_APP_ID, "Office 365 Exchange Online", FULL_ACCESS_AS_APP, FULL_ACCESS_AS_APP_ID)
    raise UserFacingError(translate("entra_setup", "calwizard creates app registrations for the app-only sync types "
                                                   "only"),
                          field="exchange.sync_type",
                          remedy=translate("entra_setup", "Choose Exchange Online, Microsoft Graph (or app-only EWS) "
                                                          "on the Sync type page, or register the app by hand as the "
                                                          "Entra app page describes."))


@dataclass(frozen=True)
class SetupOptions:
    """What the technician chose.

    Attributes:
        display_name: the app registration's name.
        credential: client secret or certificate.
        months: lifetime of the secret or certificate (1-24).
        consent: tenant-wide admin consent or Exchange RBAC for Applications only.
    """

    display_name: str = DEFAULT_DISPLAY_NAME
    credential: CredentialKind = CredentialKind.SECRET
    months: int = 12
    consent: ConsentMode = ConsentMode.TENANT_WIDE
    reuse: str = ""
    """Application (client) ID of an existing app registration to reuse instead of creating one ("": create)."""
    new_name: bool = False
    """An app named ``display_name`` exists: create a new one under the first free name "<name> (2)", "(3)"…"""

    def problems(self, permission: Permission) -> list[str]:
        out = []
        if not self.display_name.strip() and not self.reuse:
            out.append(translate("entra_setup", "The display name is empty: enter a name for the app registration."))
        elif len(self.display_name) > 120:
            out.append(translate("entra_setup", "The display name is longer than 120 characters."))
        if self.reuse and not _GUID.fullmatch(self.reuse.strip()):
            out.append(translate("entra_setup", "The app ID to reuse, '{value}', is not an application (client) ID "
                                                "(a GUID such as 00000000-0000-0000-0000-000000000000).").format(
                value=self.reuse))
        if self.reuse and self.new_name:
            out.append(translate("entra_setup", "Reuse an existing app or create a new one under another name, not "
                                                "both."))
        if not 1 <= self.months <= 24:
            out.append(translate("entra_setup", "The credential lifetime must be 1 to 24 months."))
        if self.consent == ConsentMode.RBAC_SCOPED and not permission.rbac_possible:
            out.append((translate("entra_setup", "{value} cannot be scoped with Exchange RBAC for Applications (no "
                                                 "such role): choose tenant-wide consent, or Calendars.Read.")
                        if permission.is_graph else
                        translate("entra_setup", "{value} cannot be scoped with Exchange RBAC for Applications (no "
                                                 "such role): choose tenant-wide consent.")).format(
                value=permission.value))
        return out


@dataclass(frozen=True)
class AdminSession:
    """The administrator's sign-in: a Microsoft Graph access token with the delegated setup permissions. In memory
    only; ``repr`` hides the token.

    Attributes:
        username: the signed-in account.
        tenant_id: its tenant (``tid``).
        access_token: the bearer token for Microsoft Graph.
        directory_roles: built-in role template IDs from the token's ``wids`` claim (may be incomplete: custom roles
            are not listed).
        expires_at: ``time.time()`` when the token expires.
    """

    username: str
    tenant_id: str
    access_token: str = field(repr=False)
    directory_roles: tuple[str, ...] = ()
    expires_at: float = 0.0
    roles_known: bool = True
    """False when the token could not be read (then nothing is said about the roles in advance)."""

    @property
    def role_names(self) -> list[str]:
        return [DIRECTORY_ROLES[r] for r in self.directory_roles if r in DIRECTORY_ROLES]

    async def token(self, force: bool = False) -> str:
        """:class:`~calwizard.exchange.graph.TokenProvider` for :class:`GraphClient` (no renewal: sign in again)."""
        if time.time() >= self.expires_at:
            raise UserFacingError(translate("entra_setup", "the administrator's sign-in has expired"),
                                  remedy=translate("entra_setup", "Sign in again."))
        return self.access_token


def setup_scopes(exchange: ExchangeSettings) -> list[str]:
    """The delegated scopes of the administrator's sign-in, qualified with the cloud's Graph resource
    (``https://graph.microsoft.com/Application.ReadWrite.All`` …)."""
    resource = endpoints_for(exchange).graph_resource
    return [f"{resource}/{s}" for s in SETUP_SCOPES]


def _signin_settings(exchange: ExchangeSettings) -> ExchangeSettings:
    return exchange.model_copy(update={"client_id": exchange.setup_client_id, "redirect_uri": "http://localhost",
                                       "scopes": [], "user": ""})


def _session(result: dict[str, Any]) -> AdminSession:
    token = str(result["access_token"])
    claims = entra.decode_claims(token)
    id_claims = result.get("id_token_claims") or {}
    username = str(id_claims.get("preferred_username") or claims.get("upn") or claims.get("unique_name") or "")
    expires_in = float(result.get("expires_in") or 3600)
    return AdminSession(username=username, tenant_id=str(claims.get("tid") or id_claims.get("tid") or ""),
                        access_token=token, directory_roles=tuple(str(w) for w in claims.get("wids") or ()),
                        expires_at=time.time() + expires_in - 60, roles_known=bool(claims))


def admin_sign_in(exchange: ExchangeSettings, http: HttpPolicy, *, open_browser: Callable[[str], Any] = webbrowser.open,
                  cancel: threading.Event | None = None, timeout: float = 300.0) -> AdminSession:
    """The administrator signs in in the browser (blocking; run it in a thread). Nothing is cached or written.

    Raises:
        UserFacingError: cancelled (here or in the browser), Conditional Access blocked it (AADSTS53003…), or Entra
            refused (with the AADSTS remedy).
    """
    from calwizard.exchange.signin import interactive_token

    return _session(_authority_errors(exchange, lambda: interactive_token(
        _signin_settings(exchange), http, setup_scopes(exchange), open_browser=open_browser, timeout=timeout,
        cancel=cancel)))


def admin_sign_in_device_code(exchange: ExchangeSettings, http: HttpPolicy, *, show: Callable[[str, str, str], Any],
                              cancel: threading.Event | None = None, timeout: float = 900.0) -> AdminSession:
    """The administrator signs in with a code on another device (blocking). ``show(message, url, code)``."""
    from calwizard.exchange.signin import device_code_token

    return _session(_authority_errors(exchange, lambda: device_code_token(
        _signin_settings(exchange), http, setup_scopes(exchange), show=show, cancel=cancel, timeout=timeout)))


def _authority_errors(exchange: ExchangeSettings, sign_in: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``sign_in()``, with what msal raises before anything is shown turned into our errors: msal reads the
    authority's OpenID configuration (``{authority}/v2.0/.well-known/openid-configuration``) in its constructor and
    raises ``ValueError`` when Entra ID does not know the tenant (a typo in the tenant ID), ``OSError`` when the
    authority cannot be reached.

    Raises:
        UserFacingError: the tenant (field ``exchange.tenant_id``) or the cloud is wrong, or Entra ID is unreachable.
    """
    try:
        return sign_in()
    except (ValueError, RecursionError) as exc:  # RecursionError: a hostile answer nested beyond msal's parser
        if isinstance(exc, ValueError) and "authority" not in str(exc).lower():  # e.g. msal's state check
            raise UserFacingError(translate("entra_setup", "the sign-in failed: {why}").format(why=str(exc)[:160]),
                                  remedy=translate("entra_setup", "Sign in again.")) from None
        raise UserFacingError(
            translate("entra_setup", "Entra ID does not know the tenant '{tenant}': {url} has no OpenID "
                                     "configuration").format(tenant=exchange.tenant_id.strip() or "organizations",
                                                            url=endpoints_for(exchange).authority(
                                                                entra.tenant_segment(exchange))),
            field="exchange.tenant_id",
            remedy=translate("entra_setup", "Check the tenant ID on the Entra app page (Entra admin center > "
                                            "Overview > Tenant ID) and the cloud setting, or leave the tenant ID "
                                            "empty: the administrator's sign-in then sets it.")) from None
    except OSError as exc:  # requests' ConnectionError is an OSError
        from calwizard.exchange.neterrors import translate_network_error

        raise translate_network_error(exc, endpoints_for(exchange).authority(entra.tenant_segment(exchange))) \
            from None


# ------------------------------------------------------------------------------------------------ plan


def _day(t: datetime | None) -> str:
    return t.date().isoformat() if t is not None else "?"


@dataclass(frozen=True)
class ExistingApp:
    """An app registration already in the tenant (found by its display name, or named by its app ID for reuse).

    Attributes:
        object_id: the application's object ID.
        client_id: its application (client) ID.
        display_name: its name.
        created: its ``createdDateTime`` (UTC), None if Graph did not say.
        permissions: what it requests and holds, as the admin center names it ("Microsoft Graph User.Read.All
            (application, admin consent granted)").
        has_permission: it requests the sync type's application permission already.
        consented: its service principal holds that permission (an app role assignment: tenant-wide consent).
        sp_object_id: its service principal's object ID ("": it has none).
        secrets: end dates of its client secrets (UTC; None: no end date given).
        certificates: end dates of its certificates.
    """

    object_id: str
    client_id: str
    display_name: str
    created: datetime | None
    permissions: tuple[str, ...]
    has_permission: bool
    consented: bool
    sp_object_id: str
    secrets: tuple[datetime | None, ...] = ()
    certificates: tuple[datetime | None, ...] = ()

    def credentials_text(self) -> str:
        """Its secrets and certificates with the last expiry of each, or that it has none."""
        parts = []
        for what, ends in ((translate("entra_setup", "client secrets: {n} (the last expires {day})"), self.secrets),
                           (translate("entra_setup", "certificates: {n} (the last expires {day})"), self.certificates)):
            if ends:
                parts.append(what.format(n=len(ends), day=_day(max((t for t in ends if t), default=None))))
        return "; ".join(parts) or translate("entra_setup", "no client secret or certificate")

    def text(self) -> str:
        """The line that describes it (app ID, created, permissions, credentials)."""
        return translate("entra_setup", "An application '{name}' already exists (app ID {id}, created {day}); its "
                                        "permissions: {permissions}; {credentials}.").format(
            name=self.display_name, id=self.client_id, day=_day(self.created),
            permissions="; ".join(self.permissions) or translate("entra_setup", "none"),
            credentials=self.credentials_text())


@dataclass(frozen=True)
class Plan:
    """What :meth:`AppSetup.execute` will do, shown before it does it.

    Attributes:
        options: the technician's choices.
        permission: the application permission.
        steps: one line per step, in order (empty while a choice is missing).
        warnings: what may make a step fail (e.g. the account holds no role that may consent).
        problems: what makes it impossible (a bad option, an app of that name exists and the technician has not
            chosen between reusing it and a new name); empty: go.
        resource_sp_id: object ID of the resource's service principal in the tenant.
        username, tenant_id: who signed in, where.
        existing: the app registrations named ``options.display_name`` (at most :data:`MAX_LISTED`).
        existing_count: how many there are.
        reuse: the app that will be reused (None: a new one is created).
        display_name: the name of the app to be created ("" when reusing).
        proposed_name: a free name for a new app beside the existing ones ("" when nothing exists).
        reuse_not_found: ``options.reuse`` names no app registration of this tenant.
    """

    options: SetupOptions
    permission: Permission
    steps: tuple[str, ...]
    warnings: tuple[str, ...]
    problems: tuple[str, ...]
    resource_sp_id: str
    username: str
    tenant_id: str
    existing: tuple[ExistingApp, ...] = ()
    existing_count: int = 0
    reuse: ExistingApp | None = None
    display_name: str = ""
    proposed_name: str = ""
    reuse_not_found: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def needs_choice(self) -> bool:
        """Apps of that name exist and the technician has chosen neither reuse nor a new name."""
        return bool(self.existing_count) and self.reuse is None and not self.options.new_name

    @property
    def bad_choice(self) -> bool:
        """The technician must choose (or chose an app that does not exist): a usage problem, not a failure."""
        return self.needs_choice or self.reuse_not_found or bool(self.options.reuse and self.options.new_name)

    def text(self) -> str:
        lines = [e.text() for e in self.existing]
        if self.existing_count > len(self.existing):
            lines.append(translate("entra_setup", "… and {n} more of that name.").format(
                n=self.existing_count - len(self.existing)))
        if self.steps:
            lines.append(translate("entra_setup", "Signed in as {user} (tenant {tenant}). calwizard will:").format(
                user=self.username, tenant=self.tenant_id))
        else:
            lines.append(translate("entra_setup", "Signed in as {user} (tenant {tenant}).").format(
                user=self.username, tenant=self.tenant_id))
        lines += [f"{i}. {s}" for i, s in enumerate(self.steps, 1)]
        lines += [translate("entra_setup", "Warning: {text}").format(text=w) for w in self.warnings]
        lines += [translate("entra_setup", "Problem: {text}").format(text=p) for p in self.problems]
        return "\n".join(lines)


STEP_APP = QT_TRANSLATE_NOOP("entra_setup", "Create the application")
STEP_SECRET = QT_TRANSLATE_NOOP("entra_setup", "Add the client secret")
STEP_CERT = QT_TRANSLATE_NOOP("entra_setup", "Upload the certificate")
STEP_SP = QT_TRANSLATE_NOOP("entra_setup", "Create the service principal")
STEP_CONSENT = QT_TRANSLATE_NOOP("entra_setup", "Grant admin consent")
STEP_SCOPED = QT_TRANSLATE_NOOP("entra_setup", "No tenant-wide consent (Exchange RBAC for Applications)")
STEP_WAIT = QT_TRANSLATE_NOOP("entra_setup", "Wait until Entra ID hands out the permission")
STEP_PLAN = QT_TRANSLATE_NOOP("entra_setup", "Plan")
STEP_CANCELLED = QT_TRANSLATE_NOOP("entra_setup", "Cancelled")
STEP_DELETE_SP = QT_TRANSLATE_NOOP("entra_setup", "Delete the service principal")
STEP_DELETE_APP = QT_TRANSLATE_NOOP("entra_setup", "Delete the application")
STEP_REUSE = QT_TRANSLATE_NOOP("entra_setup", "Use the existing application")
STEP_ADD_PERMISSION = QT_TRANSLATE_NOOP("entra_setup", "Add the API permission")
STEP_REMOVE_CONSENT = QT_TRANSLATE_NOOP("entra_setup", "Remove the admin consent")
STEP_REMOVE_SECRET = QT_TRANSLATE_NOOP("entra_setup", "Remove the client secret")
STEP_REMOVE_CERT = QT_TRANSLATE_NOOP("entra_setup", "Remove the certificate")
STEP_REMOVE_PERMISSION = QT_TRANSLATE_NOOP("entra_setup", "Remove the API permission")


def step_label(step: str) -> str:
    """A step's name as the technician reads it (the ``STEP_*`` constants are the English keys of
    :class:`SetupEvent` and :class:`SetupFailed`)."""
    return translate("entra_setup", step)


@dataclass(frozen=True)
class SetupEvent:
    """Progress of one step: ``status`` is ``running``, ``done``, ``failed`` or ``skipped``; ``detail`` a short text
    (IDs, the wait so far)."""

    step: str
    status: str
    detail: str = ""


Progress = Callable[[SetupEvent], Any]


@dataclass
class Created:
    """The directory objects in use and what this run created or added (what a rollback undoes).

    For a new app everything here was created by this run. For a reused app (``reused``) ``app_object_id``,
    ``client_id`` and ``sp_object_id`` name objects that existed (unless ``sp_created``); ``password_key_id``,
    ``certificate_key_id``, ``permission_added`` and ``assignment_id`` are what this run added to it.
    """

    app_object_id: str = ""
    client_id: str = ""
    sp_object_id: str = ""
    password_key_id: str = ""
    assignment_id: str = ""
    reused: bool = False
    sp_created: bool = False
    certificate_key_id: str = ""
    permission_added: str = ""
    """The app role ID this run added to the reused app's ``requiredResourceAccess``."""
    assignment_resource_id: str = ""
    """The resource service principal of ``assignment_id``."""

    @property
    def anything(self) -> bool:
        """There is something a rollback would undo."""
        if self.reused:
            return bool(self.sp_created or self.permission_added or self.password_key_id or self.certificate_key_id
                        or self.assignment_id)
        return bool(self.app_object_id or self.sp_object_id)

    def describe(self) -> str:
        """What this run created or added, one line (the CLI's "Kept: …" when the technician keeps it)."""
        if not self.reused:
            return translate("entra_setup", "application {object_id} (client ID {client_id})").format(
                object_id=self.app_object_id, client_id=self.client_id)
        added = [what for what, done in (
            (translate("entra_setup", "the API permission"), self.permission_added),
            (translate("entra_setup", "a client secret"), self.password_key_id),
            (translate("entra_setup", "a certificate"), self.certificate_key_id),
            (translate("entra_setup", "the service principal"), self.sp_created),
            (translate("entra_setup", "the admin consent"), self.assignment_id)) if done]
        return translate("entra_setup", "{added} on the existing application (client ID {client_id})").format(
            added=", ".join(added) or translate("entra_setup", "nothing"), client_id=self.client_id)


class SetupFailed(UserFacingError):
    """A step failed. ``step`` names it; ``created`` holds what exists now (offer :meth:`AppSetup.rollback`)."""

    def __init__(self, step: str, message: str, *, created: Created, remedy: str | None = None,
                 code: str = "") -> None:
        super().__init__(translate("entra_setup", "{step} failed: {message}").format(step=step_label(step),
                                                                                    message=message), remedy=remedy)
        self.step = step
        self.created = created
        self.code = code


@dataclass(frozen=True)
class SetupResult:
    """What was created. ``secret`` (client secret) or ``certificate_pem`` (certificate + private key, PEM) goes
    straight into the secret store; ``repr`` hides both.

    Attributes:
        created: object IDs.
        tenant_id: the tenant's ID.
        display_name, permission, consent, credential: as planned.
        expires: when the secret or certificate expires (UTC).
        thumbprint: SHA-1 thumbprint of the certificate ("" for a secret).
        username: the administrator who signed in.
        created_at: when (UTC).
    """

    created: Created
    tenant_id: str
    display_name: str
    permission: Permission
    consent: ConsentMode
    credential: CredentialKind
    expires: datetime
    username: str
    created_at: datetime
    thumbprint: str = ""
    secret: str = field(default="", repr=False)
    certificate_pem: str = field(default="", repr=False)

    @property
    def credential_value(self) -> str:
        return self.secret or self.certificate_pem

    def record(self) -> AppRegistrationRecord:
        """The IDs and dates for the configuration (``exchange.app_registration``) and the report."""
        return AppRegistrationRecord(
            display_name=self.display_name, application_object_id=self.created.app_object_id,
            service_principal_object_id=self.created.sp_object_id, permission=self.permission.value,
            consent=self.consent.value, credential=self.credential.value,
            credential_expires=self.expires.date().isoformat(), certificate_thumbprint=self.thumbprint,
            created_at=self.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"), created_by=self.username,
            reused=self.created.reused)


def generate_certificate(subject: str, months: int) -> entra.ClientCertificate:
    """A self-signed client certificate (RSA 2048, SHA-256) valid for ``months`` from now, for the certificate
    credential ("Microsoft identity platform application authentication certificate credentials")."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject[:64] or DEFAULT_DISPLAY_NAME)])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=30 * months))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return entra.client_certificate(key, cert)


def _odata_quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _with_permission(rra: Any, permission: Permission, *, remove: bool = False) -> list[dict[str, Any]]:
    """An app's ``requiredResourceAccess`` with the application permission added (or removed: ``remove``), all
    other entries as they are."""
    out: list[dict[str, Any]] = [dict(r) for r in rra or () if isinstance(r, dict)]
    entry = next((r for r in out if str(r.get("resourceAppId")) == permission.resource_app_id), None)
    ours = {"id": permission.app_role_id, "type": "Role"}
    if remove:
        if entry is not None:
            entry["resourceAccess"] = [a for a in entry.get("resourceAccess") or ()
                                       if not (isinstance(a, dict) and a.get("id") == permission.app_role_id
                                               and a.get("type") == "Role")]
            if not entry["resourceAccess"]:
                out.remove(entry)
        return out
    if entry is None:
        out.append({"resourceAppId": permission.resource_app_id, "resourceAccess": [ours]})
    elif ours not in (entry.get("resourceAccess") or []):
        entry["resourceAccess"] = [*(entry.get("resourceAccess") or []), ours]
    return out


def _key_credentials(keys: Any, *, drop: str = "") -> list[dict[str, Any]]:
    """An app's ``keyCredentials`` as "Update application" takes them back (read with ``$select=keyCredentials``,
    so each carries its ``key``), without the one whose ``keyId`` is ``drop``."""
    fields = ("type", "usage", "keyId", "key", "displayName", "startDateTime", "endDateTime", "customKeyIdentifier")
    return [{k: c[k] for k in fields if c.get(k) is not None} for c in keys or ()
            if isinstance(c, dict) and (not drop or c.get("keyId") != drop)]


def _explain(answer: Answer, step: str, permission: Permission, session: AdminSession,
             reused: ExistingApp | None = None) -> tuple[str, str]:
    """(message, remedy) for a refused Graph request (``reused``: the app being changed existed)."""
    code, message = answer.code, answer.message or f"HTTP {answer.status}"
    if answer.status == 403 and code == "Authorization_RequestDenied" and reused is not None \
            and step in (STEP_ADD_PERMISSION, STEP_SECRET, STEP_CERT, STEP_SP):
        return (translate("entra_setup", "{user} may not change the application '{name}' "
                                         "(Authorization_RequestDenied: not an owner of it, and no role that may "
                                         "change any app)").format(user=session.username, name=reused.display_name),
                translate("entra_setup", "Sign in as Application Administrator, Cloud Application Administrator or "
                                         "Global Administrator, or as an owner of the app; or create a new app "
                                         "under another name."))
    if answer.status == 403 and code == "Authorization_RequestDenied":
        if step == STEP_CONSENT:
            scoped = (" " + translate("entra_setup", "Or choose 'scoped to the synced mailboxes' (Exchange RBAC for "
                                                     "Applications): it needs no tenant-wide consent.")
                      if permission.rbac_possible else "")
            return (translate("entra_setup", "{user} may not grant {value} (Authorization_RequestDenied: not an "
                                             "administrator who may consent)").format(
                        user=session.username, value=permission.value),
                    translate("entra_setup", "Sign in as {granters} (Microsoft Learn: 'Grant tenant-wide admin "
                                             "consent to an application'), or have one grant the consent in the Entra "
                                             "admin center.").format(granters=permission.granter_names) + scoped)
        return (translate("entra_setup", "{user} may not create app registrations here "
                                         "(Authorization_RequestDenied)").format(user=session.username),
                translate("entra_setup", "Sign in as Application Administrator, Cloud Application Administrator or "
                                         "Global Administrator, or ask one to allow users to register applications."))
    if answer.status == 401:
        return (translate("entra_setup", "the administrator's sign-in was not accepted or has expired"),
                translate("entra_setup", "Sign in again."))
    return (translate("entra_setup", "Microsoft Graph answered HTTP {status} {code}: {message}").format(
                status=answer.status, code=code, message=message).strip(),
            translate("entra_setup", "Try again; if it persists, create the app by hand as the Entra app page "
                                     "describes."))


class AppSetup:
    """Plans, creates, waits for and rolls back the app registration. Use as ``async with AppSetup(...) as s``.

    Args:
        session: the administrator's sign-in.
        settings: the configuration (sync type, Graph permission, cloud, HTTP settings).
        http: the HTTP policy (timeout per request, CA, host overrides).
    """

    def __init__(self, session: AdminSession, settings: Settings, http: HttpPolicy) -> None:
        self.session = session
        self.settings = settings
        self.http = http
        self.permission = required_permission(settings.exchange)
        self.graph = GraphClient(http, endpoints_for(settings.exchange).graph_base_url, session, use_batch=False,
                                 max_retries=3, max_retry_after=30.0)

    async def __aenter__(self) -> AppSetup:
        await self.graph.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.graph.close()

    async def _call(self, step: str, method: str, path: str, body: dict[str, Any] | None = None,
                    created: Created | None = None, params: dict[str, str] | None = None) -> Answer:
        try:
            answer = await self.graph.request(method, path, body, params=params)
        except GraphUnreachable as exc:
            raise SetupFailed(step, translate("entra_setup", "Microsoft Graph cannot be reached: {why}").format(
                                  why=exc.error.message),
                              created=created or Created(), remedy=exc.error.remedy) from None
        log.info("entra setup: %s %s -> %s", method, path, answer.status)
        return answer

    # -------------------------------------------------------------------------------- plan

    async def _get(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        """GET for the plan: the JSON body of a 200. Raises :class:`SetupFailed` (step "Plan") otherwise."""
        answer = await self._call(STEP_PLAN, "GET", path, params=params)
        if answer.status != 200:
            message, remedy = _explain(answer, STEP_PLAN, self.permission, self.session)
            raise SetupFailed(STEP_PLAN, message, created=Created(), remedy=remedy, code=answer.code)
        return answer.body

    async def _find_apps(self, flt: str) -> list[dict[str, Any]]:
        """Microsoft Graph "List applications" with ``$filter`` ``flt`` (the app registrations of this tenant)."""
        body = await self._get("/applications", {
            "$filter": flt, "$top": "999",
            "$select": "id,appId,displayName,createdDateTime,requiredResourceAccess,passwordCredentials,"
                       "keyCredentials"})
        return [a for a in body.get("value") or () if isinstance(a, dict)]

    async def _resource(self, app_id: str, cache: dict[str, tuple[str, str, dict[str, str]]],
                        ) -> tuple[str, str, dict[str, str]]:
        """(object ID, display name, permission ID -> value) of the resource ``app_id``'s service principal in the
        tenant (its ``appRoles`` and ``oauth2PermissionScopes``); ("", app_id, {}) if it has none."""
        if app_id not in cache:
            answer = await self._call(STEP_PLAN, "GET", f"/servicePrincipals(appId='{app_id}')",
                                      params={"$select": "id,appId,displayName,appRoles,oauth2PermissionScopes"})
            body = answer.body if answer.status == 200 else {}
            names = {str(r.get("id")): str(r.get("value"))
                     for key in ("appRoles", "oauth2PermissionScopes") for r in body.get(key) or ()
                     if isinstance(r, dict)}
            cache[app_id] = (str(body.get("id") or ""), str(body.get("displayName") or app_id), names)
        return cache[app_id]

    async def _describe(self, app: dict[str, Any], resource_id: str,
                        cache: dict[str, tuple[str, str, dict[str, str]]]) -> ExistingApp:
        """An app found in the tenant, with its service principal (``GET /servicePrincipals?$filter=appId eq``) and
        the app roles it holds ("List appRoleAssignments granted to a service principal",
        ``GET /servicePrincipals/{id}/appRoleAssignments``)."""
        p = self.permission
        client_id = str(app.get("appId") or "")
        sps = await self._get("/servicePrincipals", {"$filter": f"appId eq {_odata_quote(client_id)}",
                                                     "$select": "id,appId"})
        sp_id = next((str(x.get("id")) for x in sps.get("value") or () if isinstance(x, dict)), "")
        grants: list[dict[str, Any]] = []
        if sp_id:
            body = await self._get(f"/servicePrincipals/{sp_id}/appRoleAssignments")
            grants = [g for g in body.get("value") or () if isinstance(g, dict)]
        held = {(str(g.get("resourceId")), str(g.get("appRoleId"))) for g in grants}
        requested = [(str(r.get("resourceAppId")), str(a.get("id")), str(a.get("type")))
                     for r in app.get("requiredResourceAccess") or () if isinstance(r, dict)
                     for a in r.get("resourceAccess") or () if isinstance(a, dict)]
        texts, shown = [], set()
        for resource_app_id, perm_id, kind in requested[:20]:
            res_id, res_name, names = await self._resource(resource_app_id, cache)
            granted = kind == "Role" and (res_id, perm_id) in held
            shown.add((res_id, perm_id))
            texts.append(translate("entra_setup", "{resource} {value} ({kind}{granted})").format(
                resource=res_name, value=names.get(perm_id, perm_id),
                kind=translate("entra_setup", "application") if kind == "Role"
                else translate("entra_setup", "delegated"),
                granted=translate("entra_setup", ", admin consent granted") if granted else ""))
        names_by_sp = {rid: names for rid, _n, names in cache.values()}
        for g in grants:  # consented without being requested (granted directly)
            key = (str(g.get("resourceId")), str(g.get("appRoleId")))
            if key not in shown:
                shown.add(key)
                texts.append(translate("entra_setup", "{resource} {value} (application, admin consent "
                                                      "granted)").format(
                    resource=str(g.get("resourceDisplayName") or key[0]),
                    value=names_by_sp.get(key[0], {}).get(key[1], key[1])))
        return ExistingApp(
            object_id=str(app.get("id") or ""), client_id=client_id, display_name=str(app.get("displayName") or ""),
            created=_parse_iso(app.get("createdDateTime")) if app.get("createdDateTime") else None,
            permissions=tuple(texts), has_permission=(p.resource_app_id, p.app_role_id, "Role") in requested,
            consented=(resource_id, p.app_role_id) in held, sp_object_id=sp_id,
            secrets=tuple(_parse_iso(c.get("endDateTime")) for c in app.get("passwordCredentials") or ()
                          if isinstance(c, dict)),
            certificates=tuple(_parse_iso(c.get("endDateTime")) for c in app.get("keyCredentials") or ()
                               if isinstance(c, dict)))

    async def _free_name(self, name: str) -> str:
        """The first of "<name> (2)", "(3)" … that no app registration of the tenant has (compared without regard
        to case; a name that ends in "(n)" counts on from n)."""
        m = _NUMBERED.match(name)
        base, n = (m.group(1), int(m.group(2)) + 1) if m else (name, 2)
        body = await self._get("/applications", {"$filter": f"startswith(displayName,{_odata_quote(base)})",
                                                 "$select": "displayName", "$top": "999"})
        taken = {str(a.get("displayName", "")).casefold() for a in body.get("value") or () if isinstance(a, dict)}
        while f"{base} ({n})".casefold() in taken:
            n += 1
        return f"{base} ({n})"

    async def plan(self, options: SetupOptions) -> Plan:
        """Look at the tenant (apps of that name? the resource's service principal?) and tell what will happen.

        Apps named ``options.display_name`` are looked up first ("List applications" with
        ``$filter=displayName eq '…'``) and described. Unless the technician chose one to reuse
        (``options.reuse``, which may also name an app of another name by its app ID) or a new name
        (``options.new_name``), the plan then has a problem and no steps (:attr:`Plan.needs_choice`): calwizard
        never creates a second app of the same name silently.

        Raises:
            SetupFailed: Microsoft Graph cannot be reached or refused to answer (step "Plan").
        """
        p = self.permission
        problems = options.problems(p)
        warnings: list[str] = []
        name = options.display_name.strip()
        resource = await self._call(STEP_PLAN, "GET", f"/servicePrincipals(appId='{p.resource_app_id}')",
                                    params={"$select": "id,appId,displayName"})
        if resource.status not in (200, 404):
            message, remedy = _explain(resource, STEP_PLAN, p, self.session)
            raise SetupFailed(STEP_PLAN, message, created=Created(), remedy=remedy, code=resource.code)
        resource_id = str(resource.body.get("id", "")) if resource.status == 200 else ""
        if not resource_id:
            problems.append(translate("entra_setup", "The tenant has no service principal for {name} ({id}): the "
                                                     "tenant may lack Exchange Online, or the cloud setting does not "
                                                     "match the tenant.").format(name=p.resource_name,
                                                                                 id=p.resource_app_id))
        cache: dict[str, tuple[str, str, dict[str, str]]] = {}
        found = await self._find_apps(f"displayName eq {_odata_quote(name)}") if name else []
        existing = tuple([await self._describe(a, resource_id, cache) for a in found[:MAX_LISTED]])
        reuse: ExistingApp | None = None
        reuse_not_found = False
        new_name = name
        proposed = await self._free_name(name) if found else ""
        wanted = options.reuse.strip().lower()
        if wanted and _GUID.fullmatch(wanted):
            reuse = next((e for e in existing if e.client_id.lower() == wanted), None)
            if reuse is None:
                by_id = await self._find_apps(f"appId eq {_odata_quote(wanted)}")
                if by_id:
                    reuse = await self._describe(by_id[0], resource_id, cache)
                else:
                    reuse_not_found = True
                    problems.append(translate("entra_setup", "No app registration with the app ID {id} exists in "
                                                             "tenant {tenant}.").format(id=wanted,
                                                                                        tenant=self.session.tenant_id))
        elif options.new_name and found:
            new_name = proposed
        elif found and not options.new_name:
            many = len(found) > 1
            problems.append((translate("entra_setup", "{n} applications are named '{name}'. Choose the one to reuse "
                                                      "(calwizard adds what it lacks and changes nothing else on it), "
                                                      "or create a new one named '{proposed}'.") if many
                             else translate("entra_setup", "Reuse it (calwizard adds what it lacks and changes "
                                                           "nothing else on it), or create a new one named "
                                                           "'{proposed}'.")).format(
                n=len(found), name=name, proposed=proposed))
        roles = set(self.session.directory_roles)
        consent_needed = options.consent == ConsentMode.TENANT_WIDE and not (reuse is not None and reuse.consented)
        if consent_needed and self.session.roles_known and not roles & set(p.granters):
            held = ", ".join(self.session.role_names) or translate("entra_setup", "no administrator role")
            warnings.append(translate("entra_setup", "{user} holds {held} according to the sign-in; granting {value} "
                                                     "needs {granters} (Microsoft Learn: 'Grant tenant-wide admin "
                                                     "consent to an application'). The consent step will fail unless "
                                                     "a custom role allows it.").format(
                user=self.session.username, held=held, value=p.value, granters=p.granter_names))
        if reuse is not None and self.session.roles_known and not roles & set(APP_CHANGERS):
            warnings.append(translate("entra_setup", "{user} holds no role that may change any app registration "
                                                     "({roles}): changing '{name}' works only if {user} is one of its "
                                                     "owners.").format(
                user=self.session.username, name=reuse.display_name,
                roles=", ".join(DIRECTORY_ROLES[r] for r in APP_CHANGERS)))
        if options.consent == ConsentMode.TENANT_WIDE and p.rbac_possible:
            warnings.append(translate("entra_setup", "Tenant-wide consent lets the app read every mailbox of the "
                                                     "tenant; an Exchange RBAC for Applications scope added later "
                                                     "does not narrow it (the two grants add up)."))
        elif reuse is not None and reuse.consented:
            warnings.append(translate("entra_setup", "'{name}' holds {value} tenant-wide already (admin consent): an "
                                                     "Exchange RBAC for Applications scope does not narrow that (the "
                                                     "two grants add up). calwizard leaves the consent alone; remove "
                                                     "it in the Entra admin center (Enterprise applications > "
                                                     "Permissions) for the app to read only the synced "
                                                     "mailboxes.").format(name=reuse.display_name, value=p.value))
        steps = [] if problems and (reuse_not_found or (found and reuse is None and not options.new_name)) \
            else self._steps(options, reuse, new_name)
        return Plan(options, p, tuple(steps), tuple(warnings), tuple(problems), resource_id, self.session.username,
                    self.session.tenant_id, existing=existing, existing_count=len(found), reuse=reuse,
                    display_name="" if reuse is not None else new_name, proposed_name=proposed,
                    reuse_not_found=reuse_not_found)

    def _steps(self, options: SetupOptions, reuse: ExistingApp | None, name: str) -> list[str]:
        p, months = self.permission, options.months
        if reuse is None:
            steps = [translate("entra_setup", "{step} '{name}' (single tenant) requesting {permission}").format(
                step=step_label(STEP_APP), name=name, permission=p.text())]
        else:
            steps = [translate("entra_setup", "{step} '{name}' (app ID {id}); nothing on it is deleted or "
                                              "replaced").format(step=step_label(STEP_REUSE), name=reuse.display_name,
                                                                 id=reuse.client_id)]
            if not reuse.has_permission:
                steps.append(translate("entra_setup", "{step}: {permission} (its other permissions stay)").format(
                    step=step_label(STEP_ADD_PERMISSION), permission=p.text()))
        also = translate("entra_setup", "; its existing credentials stay") if reuse is not None else ""
        steps.append(translate("entra_setup", "{step} (valid {months} months; kept in the secret store, never "
                                              "shown)").format(step=step_label(STEP_SECRET), months=months) + also
                     if options.credential == CredentialKind.SECRET else
                     translate("entra_setup", "{step}: a certificate generated on this computer (valid {months} "
                                              "months; private key kept in the secret store)").format(
                         step=step_label(STEP_CERT), months=months) + also)
        if reuse is None or not reuse.sp_object_id:
            steps.append(step_label(STEP_SP))
        if options.consent == ConsentMode.TENANT_WIDE and reuse is not None and reuse.consented:
            steps.append(translate("entra_setup", "Admin consent for {value}: granted already (kept as it is)")
                         .format(value=p.value))
        elif options.consent == ConsentMode.TENANT_WIDE:
            steps.append(translate("entra_setup", "{step} for {value}: tenant-wide (an app role assignment; every "
                                                  "mailbox)").format(step=step_label(STEP_CONSENT), value=p.value))
        else:
            steps.append(translate("entra_setup", "{step}: you then run the Exchange Online PowerShell shown, which "
                                                  "limits the app to the synced mailboxes").format(
                step=step_label(STEP_SCOPED)))
        steps.append(translate("entra_setup", "{step}, then check the app's token").format(step=step_label(STEP_WAIT)))
        return steps

    # -------------------------------------------------------------------------------- execute

    async def execute(self, plan: Plan, progress: Progress = lambda e: None) -> SetupResult:
        """Create everything the plan says (or, reusing an app, add what it lacks), one step after the other.

        Raises:
            UserFacingError: the plan has problems.
            SetupFailed: a step failed; ``created`` says what exists now and what this run added (offer
                :meth:`rollback`).
        """
        if not plan.ok:
            raise UserFacingError(plan.problems[0])
        opts, p, reuse = plan.options, plan.permission, plan.reuse
        created = Created()
        now = datetime.now(UTC)
        expires = now + timedelta(days=30 * opts.months)

        async def step(name: str, method: str, path: str, body: dict[str, Any] | None, ok: tuple[int, ...],
                       params: dict[str, str] | None = None) -> Answer:
            progress(SetupEvent(name, "running"))
            answer = await self._call(name, method, path, body, created, params)
            if answer.status not in ok:
                message, remedy = _explain(answer, name, p, self.session, reuse)
                progress(SetupEvent(name, "failed", message))
                raise SetupFailed(name, message, created=created, remedy=remedy, code=answer.code)
            return answer

        try:
            if reuse is None:
                app = await step(STEP_APP, "POST", "/applications", {
                    "displayName": plan.display_name or opts.display_name.strip(), "signInAudience": "AzureADMyOrg",
                    "requiredResourceAccess": [{"resourceAppId": p.resource_app_id,
                                                "resourceAccess": [{"id": p.app_role_id, "type": "Role"}]}],
                }, (200, 201))
                created.app_object_id = str(app.body.get("id", ""))
                created.client_id = str(app.body.get("appId", ""))
                progress(SetupEvent(STEP_APP, "done", translate("entra_setup", "client ID {id}").format(
                    id=created.client_id)))
            else:
                created.reused = True
                created.app_object_id, created.client_id = reuse.object_id, reuse.client_id
                created.sp_object_id = reuse.sp_object_id
                progress(SetupEvent(STEP_REUSE, "done", translate("entra_setup", "client ID {id}").format(
                    id=created.client_id)))
                if not reuse.has_permission:
                    # the list as it is now (not as planned): PATCH replaces the whole collection
                    current = await step(STEP_ADD_PERMISSION, "GET", f"/applications/{reuse.object_id}", None, (200,),
                                         params={"$select": "id,requiredResourceAccess"})
                    rra = _with_permission(current.body.get("requiredResourceAccess"), p)
                    await step(STEP_ADD_PERMISSION, "PATCH", f"/applications/{reuse.object_id}",
                               {"requiredResourceAccess": rra}, (200, 204))
                    created.permission_added = p.app_role_id
                    progress(SetupEvent(STEP_ADD_PERMISSION, "done", p.value))
            secret = pem = thumbprint = ""
            if opts.credential == CredentialKind.SECRET:
                pw = await step(STEP_SECRET, "POST", f"/applications/{created.app_object_id}/addPassword", {
                    "passwordCredential": {"displayName": "calwizard", "endDateTime": _iso(expires)}}, (200, 201))
                secret = str(pw.body.get("secretText") or "")
                created.password_key_id = str(pw.body.get("keyId", ""))
                if not secret:
                    raise SetupFailed(STEP_SECRET, translate("entra_setup", "the answer carried no secretText"),
                                      created=created)
                expires = _parse_iso(pw.body.get("endDateTime")) or expires
                progress(SetupEvent(STEP_SECRET, "done", translate("entra_setup", "expires {day}").format(
                    day=expires.date().isoformat())))
            else:
                import base64

                from cryptography import x509
                from cryptography.hazmat.primitives.serialization import Encoding

                subject = reuse.display_name if reuse is not None else plan.display_name or opts.display_name
                cert = await asyncio.to_thread(generate_certificate, subject, opts.months)
                der = x509.load_pem_x509_certificate(cert.certificate_pem.encode()).public_bytes(Encoding.DER)
                key_id = str(uuid.uuid4())
                keys: list[dict[str, Any]] = []
                if reuse is not None:  # "Update application" replaces the collection: the existing ones go along
                    current = await step(STEP_CERT, "GET", f"/applications/{created.app_object_id}", None, (200,),
                                         params={"$select": "id,keyCredentials"})
                    keys = _key_credentials(current.body.get("keyCredentials"))
                keys.append({"type": "AsymmetricX509Cert", "usage": "Verify", "keyId": key_id,
                             "key": base64.b64encode(der).decode(), "displayName": cert.subject})
                await step(STEP_CERT, "PATCH", f"/applications/{created.app_object_id}", {"keyCredentials": keys},
                           (200, 204))
                created.certificate_key_id = key_id if reuse is not None else ""
                pem = cert.certificate_pem + cert.private_key_pem
                thumbprint = cert.thumbprint_sha1
                expires = cert.not_after
                progress(SetupEvent(STEP_CERT, "done", translate("entra_setup", "thumbprint {thumbprint}, expires "
                                                                                "{day}").format(
                    thumbprint=thumbprint, day=expires.date())))
            if created.sp_object_id:
                progress(SetupEvent(STEP_SP, "skipped", translate("entra_setup", "it has one: object ID {id}").format(
                    id=created.sp_object_id)))
            else:
                sp = await step(STEP_SP, "POST", "/servicePrincipals", {"appId": created.client_id}, (200, 201))
                created.sp_object_id = str(sp.body.get("id", ""))
                created.sp_created = True
                progress(SetupEvent(STEP_SP, "done", translate("entra_setup", "object ID {id}").format(
                    id=created.sp_object_id)))
            if opts.consent == ConsentMode.TENANT_WIDE and reuse is not None and reuse.consented:
                progress(SetupEvent(STEP_CONSENT, "skipped", translate("entra_setup", "{value} was granted "
                                                                                      "already").format(value=p.value)))
            elif opts.consent == ConsentMode.TENANT_WIDE:
                asg = await step(STEP_CONSENT, "POST", f"/servicePrincipals/{plan.resource_sp_id}/appRoleAssignedTo",
                                 {"principalId": created.sp_object_id, "resourceId": plan.resource_sp_id,
                                  "appRoleId": p.app_role_id}, (200, 201))
                created.assignment_id = str(asg.body.get("id", ""))
                created.assignment_resource_id = plan.resource_sp_id
                progress(SetupEvent(STEP_CONSENT, "done", translate("entra_setup", "{value} granted tenant-wide")
                                    .format(value=p.value)))
            else:
                progress(SetupEvent(STEP_SCOPED, "skipped", translate("entra_setup", "run the Exchange Online "
                                                                                     "PowerShell shown")))
        except asyncio.CancelledError:
            raise SetupFailed(STEP_CANCELLED, translate("entra_setup", "the creation was cancelled"),
                              created=created) from None
        return SetupResult(created=created, tenant_id=self.session.tenant_id,
                           display_name=reuse.display_name if reuse is not None
                           else plan.display_name or opts.display_name.strip(),
                           permission=p, consent=opts.consent, credential=opts.credential, expires=expires,
                           username=self.session.username, created_at=now, thumbprint=thumbprint, secret=secret,
                           certificate_pem=pem)

    # -------------------------------------------------------------------------------- rollback

    async def rollback(self, created: Created, progress: Progress = lambda e: None) -> list[str]:
        """Undo what this run created: a new app is deleted (service principal, then application); on a reused app
        only what this run added is removed — the admin consent, the service principal if it was created, the client
        secret, the certificate, the API permission — and the app itself with everything else on it stays. Returns
        what could not be undone (empty: all of it); a 404 counts as gone."""
        app = f"/applications/{created.app_object_id}"
        if not created.reused:
            todo = [(translate("entra_setup", "the service principal"), STEP_DELETE_SP,
                     f"/servicePrincipals/{created.sp_object_id}" if created.sp_object_id else "", None),
                    (translate("entra_setup", "the application"), STEP_DELETE_APP,
                     app if created.app_object_id else "", None)]
        else:
            todo = [(translate("entra_setup", "the admin consent"), STEP_REMOVE_CONSENT,
                     f"/servicePrincipals/{created.assignment_resource_id}/appRoleAssignedTo/{created.assignment_id}"
                     if created.assignment_id else "", None),
                    (translate("entra_setup", "the service principal"), STEP_DELETE_SP,
                     f"/servicePrincipals/{created.sp_object_id}" if created.sp_created else "", None),
                    (translate("entra_setup", "the client secret"), STEP_REMOVE_SECRET,
                     f"{app}/removePassword" if created.password_key_id else "", {"keyId": created.password_key_id}),
                    (translate("entra_setup", "the certificate"), STEP_REMOVE_CERT,
                     app if created.certificate_key_id else "", "keyCredentials"),
                    (translate("entra_setup", "the API permission"), STEP_REMOVE_PERMISSION,
                     app if created.permission_added else "", "requiredResourceAccess")]
        left: list[str] = []
        for what, name, path, extra in todo:
            if not path:
                continue
            progress(SetupEvent(name, "running"))
            try:
                if extra == "keyCredentials":
                    answer = await self._patch_without(app, extra, lambda v: _key_credentials(
                        v, drop=created.certificate_key_id))
                elif extra == "requiredResourceAccess":
                    answer = await self._patch_without(app, extra, lambda v: _with_permission(
                        v, self.permission, remove=True))
                elif isinstance(extra, dict):
                    answer = await self.graph.request("POST", path, extra)
                else:
                    answer = await self.graph.request("DELETE", path)
            except GraphUnreachable as exc:
                left.append(f"{what} ({path.rsplit('/', 1)[-1]}): {exc.error.message}")
                progress(SetupEvent(name, "failed", exc.error.message))
                continue
            if answer.status in (200, 204, 404):
                progress(SetupEvent(name, "done"))
            else:
                left.append(f"{what} ({path.rsplit('/', 1)[-1]}): HTTP {answer.status} {answer.code}")
                progress(SetupEvent(name, "failed", answer.code))
        return left

    async def _patch_without(self, app: str, prop: str, without: Callable[[Any], list[dict[str, Any]]]) -> Answer:
        """Read ``prop`` of ``app`` as it is now and write it back without what this run added ("Update
        application" replaces a collection as a whole)."""
        current = await self.graph.request("GET", app, params={"$select": f"id,{prop}"})
        if current.status != 200:
            return current
        before = current.body.get(prop) or []
        after = without(before)
        if len(after) == len(before) and prop == "keyCredentials":
            return Answer(204, {})  # ours is gone already
        return await self.graph.request("PATCH", app, {prop: after})

    # -------------------------------------------------------------------------------- propagation

    async def wait_until_granted(self, result: SetupResult, progress: Progress = lambda e: None, *,
                                 timeout: float = PROPAGATION_TIMEOUT, interval: float = PROPAGATION_INTERVAL,
                                 ) -> dict[str, Any]:
        """Ask for client-credentials tokens with the new credential until one carries the permission (tenant-wide
        consent) or until one is issued at all (RBAC-scoped: the role is granted in Exchange Online, not in the
        token). Returns the token's claims.

        Raises:
            SetupFailed: the time ran out, or Entra refused for another reason than replication.
        """
        ex = configure(self.settings, result, SecretRef(env="CALWIZARD_UNUSED")).exchange
        endpoints = endpoints_for(ex)
        scope = endpoints.graph_scope if self.permission.is_graph else endpoints.ews_scope
        credential: str | dict[str, str] = result.secret
        if result.certificate_pem:
            credential = entra.load_client_certificate_pem(result.certificate_pem).msal_credential()
        loop = asyncio.get_running_loop()
        start = loop.time()
        want = self.permission.value if result.consent == ConsentMode.TENANT_WIDE else ""
        last = ""
        while True:
            waited = loop.time() - start
            progress(SetupEvent(STEP_WAIT, "running", f"{waited:.0f} s{last}"))
            got = await asyncio.to_thread(self._client_credentials, ex, endpoints, credential, scope)
            if "access_token" in got:
                claims = entra.decode_claims(got["access_token"])
                roles = [str(r) for r in claims.get("roles") or ()]
                if not want or want in roles:
                    progress(SetupEvent(STEP_WAIT, "done", (
                        translate("entra_setup", "the token carries {want} after {waited:.0f} s") if want
                        else translate("entra_setup", "the app signs in (after {waited:.0f} s)")).format(
                            want=want, waited=waited)))
                    return claims
                last = translate("entra_setup", "; the token does not carry {want} yet").format(want=want)
            else:
                codes = entra.aadsts_codes(got)
                if not set(codes) & _STILL_REPLICATING:
                    err = entra.explain_token_error(got)
                    progress(SetupEvent(STEP_WAIT, "failed", err.message))
                    raise SetupFailed(STEP_WAIT, err.message, created=result.created, remedy=err.remedy)
                last = translate("entra_setup", "; Entra ID does not know the new credential yet")
            if loop.time() - start + interval > timeout:
                progress(SetupEvent(STEP_WAIT, "failed", translate("entra_setup", "not granted after {timeout:.0f} s")
                                    .format(timeout=timeout)))
                raise SetupFailed(STEP_WAIT, translate("entra_setup", "the permission did not show in the app's token "
                                                                      "within {timeout:.0f} s").format(timeout=timeout),
                                  created=result.created,
                                  remedy=translate("entra_setup", "Entra ID can take several minutes: validate again "
                                                                  "later (nothing needs to be created again)."))
            await asyncio.sleep(interval)

    def _client_credentials(self, ex: ExchangeSettings, endpoints: Any, credential: str | dict[str, str],
                            scope: str) -> dict[str, Any]:
        try:
            app = entra.build_confidential_app(ex, endpoints, self.http, credential)  # a new app: no cached token
            return dict(app.acquire_token_for_client(scopes=[scope]))
        except (ValueError, OSError) as exc:
            return {"error": "unreachable", "error_description": str(exc)[:200]}


def configure(settings: Settings, result: SetupResult, credential_ref: SecretRef) -> Settings:
    """``settings`` pointing at the created app: client ID, tenant ID, the credential's secret store reference
    (``exchange.client_secret`` with ``client_secret_expires``, or ``exchange.client_certificate_pem``; file-based
    certificate settings cleared), and the record of what was created. The caller has stored the value under
    ``credential_ref`` already."""
    ex = settings.exchange
    update: dict[str, Any] = {"client_id": result.created.client_id, "tenant_id": result.tenant_id or ex.tenant_id,
                              "app_registration": result.record()}
    if result.credential == CredentialKind.SECRET:
        update |= {"client_secret": credential_ref, "client_secret_expires": result.expires.date(),
                   "client_certificate": "", "client_certificate_password": None, "client_certificate_pem": None}
    else:  # the certificate's own validity is checked (entra.token warns 30 days ahead)
        update |= {"client_certificate_pem": credential_ref, "client_secret": None, "client_secret_expires": None,
                   "client_certificate": "", "client_certificate_password": None}
    out = settings.model_copy(deep=True)
    out.exchange = ex.model_copy(update=update, deep=True)
    return out


def credential_field(result: SetupResult) -> str:
    """The secret field the credential goes into: ``client_secret`` or ``client_certificate_pem``."""
    return "client_secret" if result.credential == CredentialKind.SECRET else "client_certificate_pem"


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_iso(value: Any) -> datetime | None:
    try:
        t = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def describe_consent(record: AppRegistrationRecord) -> str:
    """One line on how the created app got its permission (report, summary)."""
    if record.consent == ConsentMode.TENANT_WIDE.value:
        return translate("entra_setup", "{permission}: tenant-wide admin consent (app role assignment)").format(
            permission=record.permission)
    return translate("entra_setup", "{permission}: no tenant-wide consent; scoped with Exchange RBAC for "
                                    "Applications").format(permission=record.permission)


__all__ = [
    "AdminSession", "AppSetup", "ConsentMode", "Created", "CredentialKind", "ExistingApp", "Permission", "Plan",
    "SetupEvent", "SetupFailed", "SetupOptions", "SetupResult", "admin_sign_in", "admin_sign_in_device_code",
    "configure", "credential_field", "describe_consent", "generate_certificate", "required_permission",
    "setup_scopes",
]
