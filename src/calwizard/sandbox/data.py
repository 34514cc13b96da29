"""Seed data of the sandbox: the single source of every name, ID and demo credential.

Tests and scenario configurations import these constants; keep them stable. All credentials
here are *public demo values* of a simulated tenant on loopback — they protect nothing. Configurations
reference them as ``{sandbox = "<name>"}`` (served by ``https://login.sandbox.test/_sandbox/credentials/<name>``)
so that no configuration file holds one.

======================================  ==================================================================
Constant                                What it is for
======================================  ==================================================================
``LOGIN_HOST``                          Entra ID v2 (authority ``https://login.sandbox.test/<tenant>``)
``OUTLOOK_HOST``                        Exchange Online: EWS, Autodiscover v2 JSON, POX and SOAP
``GRAPH_HOST``                          Microsoft Graph v1.0 calendars (:mod:`calwizard.sandbox.graph`)
``CONTOSO_MAIL_HOST``                   on-premises Exchange 2019: external EWS + Autodiscover (NTLM)
``CONTOSO_INTERNAL_HOST``               the same server under its internal name (InternalEwsUrl)
``CONTOSO_AUTODISCOVER_HOST``           on-premises Autodiscover (HTTPS; plain HTTP only redirects)
``CONTOSO_WEB_HOST``                    the company web site: 404 for Autodiscover paths
``FABRIKAM_AUTODISCOVER_HOST``          302 redirect to Exchange Online's autodiscover.xml
``SLOW_HOST``                           accepts connections and never answers (time-out scenarios)
``LITWARE_MAIL_HOST``                   an on-premises Exchange 2010 SP3 (14.3): EWS + Autodiscover (NTLM)
``LITWARE_AUTODISCOVER_HOST``           its Autodiscover name (POX ``ServerVersion`` and SOAP ``CasVersion`` 14.3)
``HOSTER_AUTODISCOVER_HOST``            ``autodiscover.tailspin.test``: a web hoster's catch-all that answers every
                                        POX request with Autodiscover error 600 (Invalid Request)
``SLOW_AUTODISCOVER_HOST``              Autodiscover for ``@slow.test`` users (on-premises org)
``CONTROL_HOST``                        the sandbox's control API (:mod:`calwizard.sandbox.control`)
``PBX_HOST``                            the simulated innovaphone PBX ``sandbox-pbx`` (:mod:`calwizard.sandbox.pbx`)
``PBX_BRANCH_HOST``                     a second PBX, ``branch-pbx`` (the wrong PBX of ``pbx-wrong-name``)
``ALL_HOSTS``                           every name the TLS certificate and ``host_overrides`` cover
``OUTLOOK_RESOURCE`` / ``OUTLOOK_SCOPE`` resource and ``.default`` scope of Exchange Online (EWS)
``GRAPH_RESOURCE`` / ``GRAPH_SCOPE``    resource and ``.default`` scope of Microsoft Graph
``EWS_DELEGATED_SCOPE``                 delegated EWS scope (``EWS.AccessAsUser.All``)
``CONTOSO_EWS_URL``                     on-premises external EWS URL
``CONTOSO_INTERNAL_EWS_URL``            on-premises internal EWS URL
``CLOUD_EWS_URL``                       Exchange Online EWS URL
``CONTOSO``                             the on-premises organization (:class:`OnPremOrg`)
``CONTOSO_SERVICE_ACCOUNT``             ``svc-calendar@contoso.test`` (NTLM ``CONTOSO\\svc-calendar``)
``CONTOSO_SVC_NTLM_USER``               ``CONTOSO\\svc-calendar`` (down-level logon name)
``CONTOSO_*`` mailbox constants         anna, ben, room-1, legal (impersonation denied), exec (calendar
                                        access denied), frank, ops@slow.test; ``CONTOSO_UNKNOWN`` does not exist;
                                        ``CONTOSO_CHRIS`` is no address but resolves (ANR) to two mailboxes,
                                        Chris Meyer and Chris Mayer (an ambiguous name)
``CONTOSO_DELEGATE_PERMISSIONS``        the service account's folder permissions for delegate access
``bulk_address(i)``                     generated Contoso mailboxes ``user0001@contoso.test`` … (benchmarks;
                                        only after :func:`set_bulk_mailboxes`)
``shard_account(k)``                    generated Contoso service accounts ``svc-shard0@contoso.test`` …, one per
                                        engine shard (benchmarks; only after :func:`set_shard_accounts`)
``FABRIKAM``                            cloud tenant with EWS enabled (:class:`CloudTenant`)
``FABRIKAM_TENANT_ID``                  its tenant GUID; ``FABRIKAM_DOMAIN`` its verified domain
``FABRIKAM_*`` mailbox constants        alice, bob, carol, room-atlantic, ceo, svc (delegated impersonator),
                                        admin (Global Administrator), appadmin (Application Administrator),
                                        dana.fischer and dana.fisher; ``FABRIKAM_BOB_SECONDARY`` is Bob's
                                        secondary address, ``FABRIKAM_DANA`` no address but an ambiguous name
``ROLE_TEMPLATE_IDS``                   Entra built-in roles that may consent (``Mailbox.directory_roles``)
``SETUP_CLIENT_ID``                     the public client an administrator creates app registrations with
``APP_OK_CLIENT_ID``                    consented app (secret + certificate; also the delegated client)
``APP_EXPIRED_CLIENT_ID``               its only secret expired (AADSTS7000222)
``APP_NOCONSENT_CLIENT_ID``             valid secret, no admin consent (token without ``roles``)
``APP_SCOPED_CLIENT_ID``                consented (EWS and Graph), limited to alice/bob/carol/room-atlantic
``NORTHWIND``                           cloud tenant whose EWS is blocked (HTTP 403)
``NORTHWIND_TENANT_ID`` / ``APP_NORTHWIND_CLIENT_ID``  its tenant GUID and its one consented app
``CRED_*``                              names of the demo credentials (``DEMO_CREDENTIALS`` holds values)
``APP_OK_CERT_*``                       file names (in the sandbox data dir) of app-ok's client certificate
``UNKNOWN_TENANT_ID``                   a GUID that is no tenant (AADSTS90002)
``PBX_USERS``                           the PBX's seeded user objects (:class:`PbxUserSeed`): several e-mails,
                                        none (username@domain works), none (and no such mailbox), a mailbox
                                        that does not exist; plus non-user objects the replication leaves out
``PBX_APPS``                            the PBX's App objects (:class:`PbxAppObject`): ``calwizard`` (PbxApi +
                                        TableUsers), ``calwizard-users-only`` (TableUsers only)
======================================  ==================================================================
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

# ----------------------------------------------------------------------------------------------- hosts

LOGIN_HOST = "login.sandbox.test"
OUTLOOK_HOST = "outlook.sandbox.test"
GRAPH_HOST = "graph.sandbox.test"
CONTOSO_MAIL_HOST = "mail.contoso.test"
CONTOSO_INTERNAL_HOST = "exch01.contoso.test"
CONTOSO_AUTODISCOVER_HOST = "autodiscover.contoso.test"
CONTOSO_WEB_HOST = "contoso.test"
FABRIKAM_AUTODISCOVER_HOST = "autodiscover.fabrikam.test"
NORTHWIND_AUTODISCOVER_HOST = "autodiscover.northwind.test"
SLOW_HOST = "slow.test"
SLOW_AUTODISCOVER_HOST = "autodiscover.slow.test"
CONTROL_HOST = "control.sandbox.test"
PBX_HOST = "pbx.sandbox.test"
PBX_BRANCH_HOST = "pbx-branch.sandbox.test"
TAILSPIN_DOMAIN = "tailspin.test"
LITWARE_DOMAIN = "litware.test"
LITWARE_MAIL_HOST = f"mail.{LITWARE_DOMAIN}"
LITWARE_AUTODISCOVER_HOST = f"autodiscover.{LITWARE_DOMAIN}"
HOSTER_AUTODISCOVER_HOST = f"autodiscover.{TAILSPIN_DOMAIN}"

ALL_HOSTS: tuple[str, ...] = (
    LOGIN_HOST,
    OUTLOOK_HOST,
    GRAPH_HOST,
    CONTOSO_MAIL_HOST,
    CONTOSO_INTERNAL_HOST,
    CONTOSO_AUTODISCOVER_HOST,
    CONTOSO_WEB_HOST,
    FABRIKAM_AUTODISCOVER_HOST,
    NORTHWIND_AUTODISCOVER_HOST,
    SLOW_HOST,
    SLOW_AUTODISCOVER_HOST,
    CONTROL_HOST,
    PBX_HOST,
    PBX_BRANCH_HOST,
    HOSTER_AUTODISCOVER_HOST,
    LITWARE_MAIL_HOST,
    LITWARE_AUTODISCOVER_HOST,
)

# ------------------------------------------------------------------------------------ resources, URLs

OUTLOOK_RESOURCE = f"https://{OUTLOOK_HOST}"
OUTLOOK_SCOPE = f"{OUTLOOK_RESOURCE}/.default"
EXCHANGE_APP_ID = "00000002-0000-0ff1-ce00-000000000000"
"""The well-known application ID of Exchange Online (also accepted as token audience)."""
GRAPH_RESOURCE = f"https://{GRAPH_HOST}"
GRAPH_SCOPE = f"{GRAPH_RESOURCE}/.default"
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
EWS_DELEGATED_PERMISSION = "EWS.AccessAsUser.All"
EWS_DELEGATED_SCOPE = f"{OUTLOOK_RESOURCE}/{EWS_DELEGATED_PERMISSION}"
EWS_APP_PERMISSION = "full_access_as_app"
GRAPH_CALENDARS_READ = "Calendars.Read"

RESOURCES: dict[str, str] = {OUTLOOK_RESOURCE: EXCHANGE_APP_ID, GRAPH_RESOURCE: GRAPH_APP_ID}
"""Resource URI -> application ID of the resource principal (every tenant has both)."""

DELEGATED_PERMISSIONS: dict[str, tuple[str, ...]] = {
    OUTLOOK_RESOURCE: (EWS_DELEGATED_PERMISSION, "full_access_as_user"),
    GRAPH_RESOURCE: ("User.Read", "Calendars.Read", "Calendars.Read.Shared", "Calendars.ReadWrite",
                     "Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "Application.Read.All"),
}
"""Delegated permissions each resource defines (anything else is an invalid scope, AADSTS70011)."""

OIDC_SCOPES = frozenset({"openid", "profile", "offline_access", "email"})

CONTOSO_EWS_URL = f"https://{CONTOSO_MAIL_HOST}/EWS/Exchange.asmx"
CONTOSO_INTERNAL_EWS_URL = f"https://{CONTOSO_INTERNAL_HOST}/EWS/Exchange.asmx"
CLOUD_EWS_URL = f"https://{OUTLOOK_HOST}/EWS/Exchange.asmx"
CLOUD_AUTODISCOVER_XML_URL = f"https://{OUTLOOK_HOST}/autodiscover/autodiscover.xml"
CLOUD_AUTODISCOVER_SVC_URL = f"https://{OUTLOOK_HOST}/autodiscover/autodiscover.svc"
CONTOSO_AUTODISCOVER_XML_URL = f"https://{CONTOSO_AUTODISCOVER_HOST}/autodiscover/autodiscover.xml"

# ---------------------------------------------------------------------------------------- credentials

CRED_CONTOSO_SVC_PASSWORD = "contoso-svc-calendar-password"
CRED_CONTOSO_ANNA_PASSWORD = "contoso-anna-password"
CRED_FABRIKAM_SVC_PASSWORD = "fabrikam-svc-password"
CRED_FABRIKAM_ALICE_PASSWORD = "fabrikam-alice-password"
CRED_APP_OK_SECRET = "fabrikam-app-ok-secret"
CRED_APP_EXPIRED_SECRET = "fabrikam-app-expired-secret"
CRED_APP_NOCONSENT_SECRET = "fabrikam-app-noconsent-secret"
CRED_APP_SCOPED_SECRET = "fabrikam-app-scoped-secret"
CRED_APP_NORTHWIND_SECRET = "northwind-app-secret"
CRED_APP_OK_CERT_PASSWORD = "fabrikam-app-ok-certificate-password"
CRED_LITWARE_SVC_PASSWORD = "litware-svc-password"
CRED_PBX_APP_PASSWORD = "pbx-app-password"
CRED_PBX_WRONG_PASSWORD = "pbx-app-wrong-password"
CRED_PBX_SDK_EXAMPLE = "pbx-sdk-example-password"
CRED_FABRIKAM_ADMIN_PASSWORD = "fabrikam-admin-password"
CRED_FABRIKAM_APP_ADMIN_PASSWORD = "fabrikam-appadmin-password"

DEMO_CREDENTIALS: dict[str, str] = {
    CRED_CONTOSO_SVC_PASSWORD: "Sandbox-Contoso-Svc-2019!",
    CRED_CONTOSO_ANNA_PASSWORD: "Sandbox-Anna-Pass-1!",
    CRED_FABRIKAM_SVC_PASSWORD: "Sandbox-Fabrikam-Svc-365!",
    CRED_FABRIKAM_ALICE_PASSWORD: "Sandbox-Alice-Pass-1!",
    CRED_APP_OK_SECRET: "sbx~AppOk.Secret_7Q2vN8kLm3Xp5Rt9Wz",
    CRED_APP_EXPIRED_SECRET: "sbx~AppExpired.Secret_1Hc4Jd6Fg8Kl0Mn",
    CRED_APP_NOCONSENT_SECRET: "sbx~AppNoConsent.Secret_2Bv5Cx8Zq1Wr4Ty",
    CRED_APP_SCOPED_SECRET: "sbx~AppScoped.Secret_3Np6Lk9Jh2Gf5Ds",
    CRED_APP_NORTHWIND_SECRET: "sbx~Northwind.Secret_4Ma7Sb0Dc3Ve6Fw",
    CRED_APP_OK_CERT_PASSWORD: "Sandbox-Cert-Pass-1!",
    CRED_LITWARE_SVC_PASSWORD: "Sandbox-Litware-Svc-2010!",
    CRED_PBX_APP_PASSWORD: "Sandbox-PBX-App-Object-1!",
    CRED_PBX_WRONG_PASSWORD: "Sandbox-Not-The-PBX-Password-1!",
    CRED_PBX_SDK_EXAMPLE: "pwd",
    CRED_FABRIKAM_ADMIN_PASSWORD: "Sandbox-Fabrikam-Admin-1!",
    CRED_FABRIKAM_APP_ADMIN_PASSWORD: "Sandbox-Fabrikam-AppAdmin-1!",
}
"""Credential name -> public demo value (served by ``/_sandbox/credentials/<name>``)."""


def credential(name: str) -> str:
    """The demo value of the credential ``name`` (KeyError for unknown names)."""
    return DEMO_CREDENTIALS[name]


# ------------------------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class FolderPermission:
    """One entry of a calendar folder's permission list (Add-MailboxFolderPermission; EWS ``CalendarPermission``).

    ``user`` is an SMTP address, or the distinguished users ``Default`` (everyone in the organization without an
    entry of their own) and ``Anonymous``; ``level`` is a CalendarPermissionLevel name; ``view_private`` the
    delegate's ViewPrivateItems (CanViewPrivateItems).
    """

    user: str
    level: str
    view_private: bool = False


DEFAULT_CALENDAR_PERMISSIONS: tuple[FolderPermission, ...] = (
    FolderPermission("Default", "FreeBusyTimeOnly"),
    FolderPermission("Anonymous", "None"),
)
"""A new mailbox's calendar permissions in Exchange: the organization sees free/busy, anonymous users nothing."""


@dataclass(frozen=True)
class Mailbox:
    """A mailbox (and, for users, the directory account behind it)."""

    address: str
    display_name: str
    given_name: str = ""
    surname: str = ""
    kind: str = "user"  # "user" | "room"
    secondary_addresses: tuple[str, ...] = ()
    password_credential: str | None = None
    """Name of the demo credential used to sign in (cloud) or for NTLM (on-premises); None: cannot sign in."""
    can_impersonate: bool = False
    """Cloud only: the user holds impersonation rights over the tenant's mailboxes (delegated sync type)."""
    calendar_access_denied: bool = False
    """Folder/item access to the calendar is denied even to impersonating callers (ErrorAccessDenied)."""
    department: str = ""
    calendar_permissions: tuple[FolderPermission, ...] = DEFAULT_CALENDAR_PERMISSIONS
    """The calendar folder's permission list (delegate access by another account goes by it)."""
    directory_roles: tuple[str, ...] = ()
    """Cloud only: the Entra directory roles the user holds (template IDs, :data:`ROLE_TEMPLATE_IDS`), shown in
    delegated tokens' ``wids`` claim and checked by the sandbox's Microsoft Graph directory endpoints."""

    @property
    def local_part(self) -> str:
        return self.address.split("@", 1)[0]

    @property
    def domain(self) -> str:
        return self.address.split("@", 1)[1]

    @property
    def all_addresses(self) -> tuple[str, ...]:
        return (self.address, *self.secondary_addresses)


@dataclass(frozen=True)
class ServiceAccount:
    """An on-premises account that calls EWS with NTLM."""

    upn: str
    sam_account_name: str
    netbios_domain: str
    display_name: str
    password_credential: str
    impersonation_denied: frozenset[str] = frozenset()
    """Mailboxes excluded from the account's ApplicationImpersonation management scope."""

    @property
    def down_level_logon_name(self) -> str:
        return f"{self.netbios_domain}\\{self.sam_account_name}"


@dataclass(frozen=True)
class OnPremOrg:
    """An on-premises Exchange organization."""

    key: str
    display_name: str
    netbios_domain: str
    accepted_domains: tuple[str, ...]
    ews_url: str
    internal_ews_url: str
    ews_hosts: tuple[str, ...]
    autodiscover_hosts: tuple[str, ...]
    mailboxes: tuple[Mailbox, ...]
    service_accounts: tuple[ServiceAccount, ...]
    server_name: str = "EXCH01"
    build: tuple[int, int, int, int] = (15, 2, 1544, 4)
    schema_version: str = "V2017_07_11"
    supported_schemas: str = (
        "Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2, "
        "Exchange2013, Exchange2013_SP1, Exchange2016"
    )
    deployment_id: str = "8f3b2c1d-5e6a-4b7c-9d8e-0f1a2b3c4d5e"


@dataclass(frozen=True)
class AppSecret:
    """A client secret of an app registration."""

    credential_name: str
    expires: datetime
    value: str = ""
    """The secret itself when it was generated at run time (``addPassword``); else the demo credential
    ``credential_name`` is the value."""

    @property
    def secret_value(self) -> str:
        return self.value or credential(self.credential_name)


@dataclass(frozen=True)
class AppRegistration:
    """An Entra app registration (with its service principal in the home tenant)."""

    key: str
    client_id: str
    display_name: str
    tenant_key: str
    secrets: tuple[AppSecret, ...] = ()
    has_certificate: bool = False
    """The sandbox generates a client certificate for it into the data dir (see ``APP_OK_CERT_*``)."""
    application_permissions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Resource URI -> application permissions with admin consent (the token's ``roles``)."""
    delegated_permissions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Resource URI -> delegated permissions consented (the token's ``scp``)."""
    redirect_uris: tuple[str, ...] = ()
    public_client: bool = False
    """Public client flows allowed (auth-code redemption without client credential)."""
    mailbox_scope: frozenset[str] | None = None
    """Application access policy / RBAC scope: mailboxes the app may access (None: all)."""


@dataclass(frozen=True)
class CloudTenant:
    """A Microsoft 365 tenant (Entra ID directory + Exchange Online organization)."""

    key: str
    tenant_id: str
    display_name: str
    domains: tuple[str, ...]
    mailboxes: tuple[Mailbox, ...]
    apps: tuple[AppRegistration, ...]
    ews_enabled: bool = True
    """Exchange Online organization setting EWSEnabled."""
    ews_allowed_app_ids: frozenset[str] | None = None
    """EwsAllowedAppIDs (None: no allow list, every app may use EWS)."""
    build: tuple[int, int, int, int] = (15, 20, 7452, 27)
    schema_version: str = "V2018_01_08"
    deployment_id: str = ""

    @property
    def initial_domain(self) -> str:
        return f"{self.key}.onmicrosoft.test"


NEVER = datetime(2099, 12, 31, tzinfo=UTC)

# --------------------------------------------------------------------------------------- contoso (on-prem)

CONTOSO_DOMAIN = "contoso.test"
SLOW_DOMAIN = "slow.test"
CONTOSO_NETBIOS = "CONTOSO"

CONTOSO_ANNA = "anna@contoso.test"
CONTOSO_ANNA_SECONDARY = "anna.schmidt@contoso.test"
CONTOSO_BEN = "ben@contoso.test"
CONTOSO_ROOM = "room-1@contoso.test"
CONTOSO_LEGAL = "legal@contoso.test"
CONTOSO_EXEC = "exec@contoso.test"
CONTOSO_OPS_SLOW = "ops@slow.test"
CONTOSO_FRANK = "frank@contoso.test"
CONTOSO_UNKNOWN = "ghost@contoso.test"
CONTOSO_CHRIS_MEYER = "chris.meyer@contoso.test"
CONTOSO_CHRIS_MAYER = "chris.mayer@contoso.test"
CONTOSO_CHRIS = "chris@contoso.test"
"""No recipient has this address; ambiguous name resolution on "chris" finds Chris Meyer and Chris Mayer."""
TAILSPIN_USER = "calendar@tailspin.test"
"""A user of a domain whose autodiscover name points at a web hoster (Autodiscover error 600)."""
CONTOSO_SVC_UPN = "svc-calendar@contoso.test"
CONTOSO_SVC_NTLM_USER = "CONTOSO\\svc-calendar"

CONTOSO_DELEGATE_PERMISSIONS: dict[str, tuple[FolderPermission, ...]] = {
    CONTOSO_ANNA: (*DEFAULT_CALENDAR_PERMISSIONS, FolderPermission(CONTOSO_SVC_UPN, "Reviewer")),
    CONTOSO_BEN: (*DEFAULT_CALENDAR_PERMISSIONS,
                  FolderPermission(CONTOSO_SVC_UPN, "FreeBusyTimeAndSubjectAndLocation")),
    CONTOSO_ROOM: (*DEFAULT_CALENDAR_PERMISSIONS, FolderPermission(CONTOSO_SVC_UPN, "Reviewer", view_private=True)),
    CONTOSO_LEGAL: (FolderPermission("Default", "None"), FolderPermission("Anonymous", "None")),
}
"""Folder permissions of the service account for delegate access (seed 001): Reviewer on anna, the least level on
ben, Reviewer with private items on the room; legal's calendar shares nothing, not even free/busy; frank has no
entry for it (the Default free/busy applies); exec's calendar is closed to everyone (``calendar_access_denied``)."""

CONTOSO_SERVICE_ACCOUNT = ServiceAccount(
    upn=CONTOSO_SVC_UPN,
    sam_account_name="svc-calendar",
    netbios_domain=CONTOSO_NETBIOS,
    display_name="Calendar Sync Service",
    password_credential=CRED_CONTOSO_SVC_PASSWORD,
    impersonation_denied=frozenset({CONTOSO_LEGAL}),
)

CONTOSO = OnPremOrg(
    key="contoso",
    display_name="Contoso Ltd.",
    netbios_domain=CONTOSO_NETBIOS,
    accepted_domains=(CONTOSO_DOMAIN, SLOW_DOMAIN),
    ews_url=CONTOSO_EWS_URL,
    internal_ews_url=CONTOSO_INTERNAL_EWS_URL,
    ews_hosts=(CONTOSO_MAIL_HOST, CONTOSO_INTERNAL_HOST),
    autodiscover_hosts=(CONTOSO_MAIL_HOST, CONTOSO_AUTODISCOVER_HOST, SLOW_AUTODISCOVER_HOST),
    mailboxes=(
        Mailbox(
            CONTOSO_ANNA,
            "Anna Schmidt",
            "Anna",
            "Schmidt",
            secondary_addresses=(CONTOSO_ANNA_SECONDARY,),
            password_credential=CRED_CONTOSO_ANNA_PASSWORD,
            department="Sales",
            calendar_permissions=CONTOSO_DELEGATE_PERMISSIONS[CONTOSO_ANNA],
        ),
        Mailbox(CONTOSO_BEN, "Ben Miller", "Ben", "Miller", department="Support",
                calendar_permissions=CONTOSO_DELEGATE_PERMISSIONS[CONTOSO_BEN]),
        Mailbox(CONTOSO_ROOM, "Meeting Room 1", kind="room", calendar_permissions=CONTOSO_DELEGATE_PERMISSIONS[
            CONTOSO_ROOM]),
        Mailbox(CONTOSO_LEGAL, "Legal Department", "Legal", "Department", department="Legal",
                calendar_permissions=CONTOSO_DELEGATE_PERMISSIONS[CONTOSO_LEGAL]),
        Mailbox(CONTOSO_FRANK, "Frank Busch", "Frank", "Busch", department="Facilities"),
        Mailbox(CONTOSO_EXEC, "Executive Office", "Executive", "Office", calendar_access_denied=True),
        Mailbox(CONTOSO_OPS_SLOW, "Operations (Slow)", "Operations", "Team", department="Operations"),
        Mailbox(CONTOSO_CHRIS_MEYER, "Chris Meyer", "Chris", "Meyer", department="Sales"),
        Mailbox(CONTOSO_CHRIS_MAYER, "Chris Mayer", "Chris", "Mayer", department="Support"),
        Mailbox(
            CONTOSO_SVC_UPN,
            "Calendar Sync Service",
            "Calendar",
            "Service",
            password_credential=CRED_CONTOSO_SVC_PASSWORD,
        ),
    ),
    service_accounts=(CONTOSO_SERVICE_ACCOUNT,),
)

# ------------------------------------------------------------------------------- litware (Exchange 2010 SP3)

LITWARE_SVC_UPN = "svc-calendar@litware.test"
LITWARE_PAT = "pat@litware.test"

LITWARE = OnPremOrg(
    key="litware",
    display_name="Litware, Inc.",
    netbios_domain="LITWARE",
    accepted_domains=(LITWARE_DOMAIN,),
    ews_url=f"https://{LITWARE_MAIL_HOST}/EWS/Exchange.asmx",
    internal_ews_url=f"https://{LITWARE_MAIL_HOST}/EWS/Exchange.asmx",
    ews_hosts=(LITWARE_MAIL_HOST,),
    autodiscover_hosts=(LITWARE_MAIL_HOST, LITWARE_AUTODISCOVER_HOST),
    mailboxes=(
        Mailbox(LITWARE_PAT, "Pat Lee", "Pat", "Lee", department="Sales"),
        Mailbox(LITWARE_SVC_UPN, "Calendar Sync Service", "Calendar", "Service",
                password_credential=CRED_LITWARE_SVC_PASSWORD),
    ),
    service_accounts=(
        ServiceAccount(upn=LITWARE_SVC_UPN, sam_account_name="svc-calendar", netbios_domain="LITWARE",
                       display_name="Calendar Sync Service", password_credential=CRED_LITWARE_SVC_PASSWORD),
    ),
    server_name="LITEX01",
    build=(14, 3, 123, 4),
    schema_version="Exchange2010_SP2",
    supported_schemas="Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2",
    deployment_id="2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
)
"""An on-premises Exchange Server 2010 SP3: older than Exchange 2013, which calwizard requires."""
# ---------------------------------------------------------------------------------------- directory roles

GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10"
PRIVILEGED_ROLE_ADMINISTRATOR = "e8611ab8-c189-46e8-94e1-60213ab1f814"
CLOUD_APPLICATION_ADMINISTRATOR = "158c047a-c907-4556-b7ef-446551a6b5f7"
APPLICATION_ADMINISTRATOR = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"
ROLE_TEMPLATE_IDS: dict[str, str] = {
    GLOBAL_ADMINISTRATOR: "Global Administrator",
    PRIVILEGED_ROLE_ADMINISTRATOR: "Privileged Role Administrator",
    CLOUD_APPLICATION_ADMINISTRATOR: "Cloud Application Administrator",
    APPLICATION_ADMINISTRATOR: "Application Administrator",
}
"""Entra built-in role template IDs (Microsoft Learn: "Microsoft Entra built-in roles") -> name."""

SETUP_CLIENT_ID = "14d82eec-204b-4c2f-b7e8-296a70dab67e"
"""The public client the administrator signs in with to create an app registration ("Microsoft Graph Command Line
Tools", Microsoft's multi-tenant public client; calwizard's default ``exchange.setup_client_id``)."""
SETUP_SCOPES = ("Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All")

# ---------------------------------------------------------------------------------------- fabrikam (cloud)

FABRIKAM_TENANT_ID = "5b0f4c8e-2a61-4d3b-9e7f-1c2d3e4f5a6b"
FABRIKAM_DOMAIN = "fabrikam.test"
FABRIKAM_ALICE = "alice@fabrikam.test"
FABRIKAM_BOB = "bob@fabrikam.test"
FABRIKAM_CAROL = "carol@fabrikam.test"
FABRIKAM_ROOM = "room-atlantic@fabrikam.test"
FABRIKAM_CEO = "ceo@fabrikam.test"
FABRIKAM_SVC = "svc@fabrikam.test"
FABRIKAM_UNKNOWN = "ghost@fabrikam.test"
FABRIKAM_BOB_SECONDARY = "robert.kelly@fabrikam.test"
"""Bob Kelly's secondary SMTP (proxy) address: ResolveNames finds his primary bob@fabrikam.test."""
FABRIKAM_DANA_FISCHER = "dana.fischer@fabrikam.test"
FABRIKAM_DANA_FISHER = "dana.fisher@fabrikam.test"
FABRIKAM_DANA = "dana@fabrikam.test"
"""No recipient has this address; ambiguous name resolution on "dana" finds Dana Fischer and Dana Fisher."""
FABRIKAM_ADMIN = "admin@fabrikam.test"
"""A Global Administrator (creates app registrations and grants any consent)."""
FABRIKAM_APP_ADMIN = "appadmin@fabrikam.test"
"""An Application Administrator: may create apps and grant consent, except for Microsoft Graph app roles."""

APP_OK_CLIENT_ID = "3f9a1c27-6b4e-4d8a-a1f2-7c5e9b0d2a41"
APP_EXPIRED_CLIENT_ID = "8c2e5a14-9d7b-4f3c-b6a8-1e4d7c0f3b52"
APP_NOCONSENT_CLIENT_ID = "b1d4f7a2-3c6e-4a9b-8d2f-5e8a1c4b7d63"
APP_SCOPED_CLIENT_ID = "e7a3c9f1-4b2d-4e6a-9c8b-2f5d8a1e4c74"
APP_OK_REDIRECT_URI = "http://localhost"
APP_SCOPED_MAILBOXES = frozenset({FABRIKAM_ALICE, FABRIKAM_BOB, FABRIKAM_CAROL, FABRIKAM_ROOM})

APP_OK_CERT_PEM = "app-ok-cert.pem"
"""Certificate + unencrypted private key (PEM) of app-ok, in the sandbox data dir (mode 0600)."""
APP_OK_CERT_PROTECTED_PEM = "app-ok-cert-protected.pem"
"""Certificate + private key encrypted with the ``CRED_APP_OK_CERT_PASSWORD`` credential (PEM)."""
APP_OK_CERT_PFX = "app-ok-cert.pfx"
"""PKCS#12 (certificate + key) protected with the ``CRED_APP_OK_CERT_PASSWORD`` credential."""
APP_OK_CERT_PUBLIC_PEM = "app-ok-cert-public.pem"
"""The certificate alone (what is uploaded to the app registration)."""

FABRIKAM = CloudTenant(
    key="fabrikam",
    tenant_id=FABRIKAM_TENANT_ID,
    display_name="Fabrikam, Inc.",
    domains=(FABRIKAM_DOMAIN, "fabrikam.onmicrosoft.test"),
    deployment_id="0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    mailboxes=(
        Mailbox(
            FABRIKAM_ALICE,
            "Alice Wong",
            "Alice",
            "Wong",
            password_credential=CRED_FABRIKAM_ALICE_PASSWORD,
            department="Marketing",
        ),
        Mailbox(FABRIKAM_BOB, "Bob Kelly", "Bob", "Kelly", department="Engineering",
                secondary_addresses=(FABRIKAM_BOB_SECONDARY,)),
        Mailbox(FABRIKAM_CAROL, "Carol Diaz", "Carol", "Diaz", department="Finance"),
        Mailbox(FABRIKAM_ROOM, "Room Atlantic", kind="room"),
        Mailbox(FABRIKAM_CEO, "Chief Executive", "Chief", "Executive", department="Board"),
        Mailbox(FABRIKAM_DANA_FISCHER, "Dana Fischer", "Dana", "Fischer", department="Sales"),
        Mailbox(FABRIKAM_DANA_FISHER, "Dana Fisher", "Dana", "Fisher", department="Support"),
        Mailbox(
            FABRIKAM_SVC,
            "Calendar Sync (Fabrikam)",
            "Calendar",
            "Sync",
            password_credential=CRED_FABRIKAM_SVC_PASSWORD,
            can_impersonate=True,
        ),
        Mailbox(
            FABRIKAM_ADMIN,
            "Fabrikam Administrator",
            "Fabrikam",
            "Administrator",
            password_credential=CRED_FABRIKAM_ADMIN_PASSWORD,
            directory_roles=(GLOBAL_ADMINISTRATOR,),
            department="IT",
        ),
        Mailbox(
            FABRIKAM_APP_ADMIN,
            "Application Administrator",
            "Application",
            "Administrator",
            password_credential=CRED_FABRIKAM_APP_ADMIN_PASSWORD,
            directory_roles=(APPLICATION_ADMINISTRATOR,),
            department="IT",
        ),
    ),
    apps=(
        AppRegistration(
            key="app-ok",
            client_id=APP_OK_CLIENT_ID,
            display_name="Calendar Sync (sandbox)",
            tenant_key="fabrikam",
            secrets=(AppSecret(CRED_APP_OK_SECRET, NEVER),),
            has_certificate=True,
            application_permissions={OUTLOOK_RESOURCE: (EWS_APP_PERMISSION,), GRAPH_RESOURCE: (GRAPH_CALENDARS_READ,)},
            delegated_permissions={OUTLOOK_RESOURCE: (EWS_DELEGATED_PERMISSION,), GRAPH_RESOURCE: ("User.Read",)},
            redirect_uris=(APP_OK_REDIRECT_URI,),
            public_client=True,
        ),
        AppRegistration(
            key="app-expired",
            client_id=APP_EXPIRED_CLIENT_ID,
            display_name="Calendar Sync (expired secret)",
            tenant_key="fabrikam",
            secrets=(AppSecret(CRED_APP_EXPIRED_SECRET, datetime(2025, 1, 31, tzinfo=UTC)),),
            application_permissions={OUTLOOK_RESOURCE: (EWS_APP_PERMISSION,)},
        ),
        AppRegistration(
            key="app-noconsent",
            client_id=APP_NOCONSENT_CLIENT_ID,
            display_name="Calendar Sync (no consent)",
            tenant_key="fabrikam",
            secrets=(AppSecret(CRED_APP_NOCONSENT_SECRET, NEVER),),
            redirect_uris=(APP_OK_REDIRECT_URI,),
            public_client=True,
        ),
        AppRegistration(
            key="app-scoped",
            client_id=APP_SCOPED_CLIENT_ID,
            display_name="Calendar Sync (scoped)",
            tenant_key="fabrikam",
            secrets=(AppSecret(CRED_APP_SCOPED_SECRET, NEVER),),
            application_permissions={OUTLOOK_RESOURCE: (EWS_APP_PERMISSION,), GRAPH_RESOURCE: (GRAPH_CALENDARS_READ,)},
            mailbox_scope=APP_SCOPED_MAILBOXES,
        ),
        AppRegistration(
            key="graph-command-line-tools",
            client_id=SETUP_CLIENT_ID,
            display_name="Microsoft Graph Command Line Tools",
            tenant_key="fabrikam",
            delegated_permissions={GRAPH_RESOURCE: ("User.Read", *SETUP_SCOPES)},
            redirect_uris=(APP_OK_REDIRECT_URI,),
            public_client=True,
        ),
    ),
    ews_enabled=True,
    ews_allowed_app_ids=frozenset(
        {APP_OK_CLIENT_ID, APP_EXPIRED_CLIENT_ID, APP_NOCONSENT_CLIENT_ID, APP_SCOPED_CLIENT_ID}
    ),
)

# --------------------------------------------------------------------------------------- northwind (cloud)

NORTHWIND_TENANT_ID = "c4e8a2f6-7b1d-4c9e-a3f5-6d2b8e1a4c85"
NORTHWIND_DOMAIN = "northwind.test"
NORTHWIND_DAVE = "dave@northwind.test"
NORTHWIND_ERIN = "erin@northwind.test"
APP_NORTHWIND_CLIENT_ID = "9d6b3e8a-1f4c-4a7d-b2e9-8c5f1a3d6e96"

NORTHWIND = CloudTenant(
    key="northwind",
    tenant_id=NORTHWIND_TENANT_ID,
    display_name="Northwind Traders",
    domains=(NORTHWIND_DOMAIN, "northwind.onmicrosoft.test"),
    deployment_id="1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5f",
    mailboxes=(
        Mailbox(NORTHWIND_DAVE, "Dave Brown", "Dave", "Brown", department="Logistics"),
        Mailbox(NORTHWIND_ERIN, "Erin Lee", "Erin", "Lee", department="Purchasing"),
    ),
    apps=(
        AppRegistration(
            key="app-northwind",
            client_id=APP_NORTHWIND_CLIENT_ID,
            display_name="Calendar Sync (Northwind)",
            tenant_key="northwind",
            secrets=(AppSecret(CRED_APP_NORTHWIND_SECRET, NEVER),),
            application_permissions={OUTLOOK_RESOURCE: (EWS_APP_PERMISSION,)},
        ),
    ),
    ews_enabled=False,
)

UNKNOWN_TENANT_ID = "00000000-dead-4bad-8bad-000000000000"

# -------------------------------------------------------------------------------------------- the PBX

PBX_NAME = "sandbox-pbx"
"""The "PBX Name" of the PBX at ``PBX_HOST`` (the scenarios' ``master_pbx_name``)."""
PBX_BRANCH_NAME = "branch-pbx"
PBX_DOMAIN = CONTOSO_DOMAIN
"""The PBX's domain ("System Name"): the username@domain fallback lands in the Contoso organization."""
PBX_APP = "calwizard"
PBX_APP_USERS_ONLY = "calwizard-users-only"


@dataclass(frozen=True)
class PbxAppObject:
    """An App object of the simulated PBX: its name, the demo credential holding its password, its APIs."""

    name: str
    password_credential: str
    apis: tuple[str, ...]


@dataclass(frozen=True)
class PbxUserSeed:
    """A user object of the simulated PBX (the PbxTableUsers columns calwizard reads)."""

    h323: str
    cn: str
    e164: str = ""
    emails: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    config: str = "Standard"
    node: str = "root"
    pseudo: str = ""
    """"" for users; "app", "waiting", "trunk"… for other objects (left out by ``pseudo: [""]``)."""

    @property
    def guid(self) -> str:
        return pbx_guid(self.h323)


def pbx_guid(h323: str) -> str:
    """The (stable) GUID of the PBX object named ``h323``: 32 hex digits, as the PBX writes GUIDs."""
    return hashlib.sha256(f"pbx\x00{h323.lower()}".encode()).hexdigest()[:32]


PBX_APPS: tuple[PbxAppObject, ...] = (
    PbxAppObject(PBX_APP, CRED_PBX_APP_PASSWORD, ("PbxApi", "PbxTableUsers")),
    PbxAppObject(PBX_APP_USERS_ONLY, CRED_PBX_APP_PASSWORD, ("PbxTableUsers",)),
    # the App objects of the SDK's AppLogin examples (password "pwd"), for its published test vectors
    PbxAppObject("pbxadminapi", CRED_PBX_SDK_EXAMPLE, ("PbxApi",)),
    PbxAppObject("innovaphone-users", CRED_PBX_SDK_EXAMPLE, ("PbxApi",)),
)

PBX_ANNA = "anna"
"""Two e-mail addresses, the secondary first (ResolveNames finds the primary anna@contoso.test)."""
PBX_BEN = "ben"
"""No e-mail address: ben@contoso.test (username@domain) is his mailbox."""
PBX_ROOM = "room-1"
PBX_RECEPTION = "reception"
"""No e-mail address, and reception@contoso.test is no mailbox: "no e-mail address on the PBX"."""
PBX_GHOST = "ghost"
"""An e-mail address whose mailbox does not exist."""

PBX_USERS: tuple[PbxUserSeed, ...] = (
    PbxUserSeed(PBX_ANNA, "Anna Schmidt", "201", (CONTOSO_ANNA_SECONDARY, CONTOSO_ANNA), ("calendar", "sales")),
    PbxUserSeed(PBX_BEN, "Ben Miller", "202", (), ("calendar", "support")),
    PbxUserSeed(PBX_ROOM, "Meeting Room 1", "290", (CONTOSO_ROOM,), ("calendar", "rooms"), config="Rooms"),
    PbxUserSeed(PBX_RECEPTION, "Reception", "200", (), (), config="Lobby"),
    PbxUserSeed(PBX_GHOST, "Former Employee", "299", (CONTOSO_UNKNOWN,), ("calendar",)),
    PbxUserSeed(PBX_APP, "calwizard", pseudo="app"),
    PbxUserSeed("sales-queue", "Sales", "250", pseudo="waiting"),
)

CLOUD_TENANTS: tuple[CloudTenant, ...] = (FABRIKAM, NORTHWIND)
ON_PREM_ORGS: tuple[OnPremOrg, ...] = (CONTOSO, LITWARE)

# ---------------------------------------------------------------------------------------------- look-ups


def find_tenant(name: str) -> CloudTenant | None:
    """The tenant with GUID or verified domain ``name`` (case-insensitive), or None."""
    name = name.lower()
    for tenant in CLOUD_TENANTS:
        if name == tenant.tenant_id or name in tenant.domains:
            return tenant
    return None


def tenant_by_key(key: str) -> CloudTenant:
    for tenant in CLOUD_TENANTS:
        if tenant.key == key:
            return tenant
    raise KeyError(key)


def find_app(client_id: str) -> AppRegistration | None:
    """The app registration with ``client_id`` in any tenant, or None."""
    client_id = client_id.lower()
    for tenant in CLOUD_TENANTS:
        for app in tenant.apps:
            if app.client_id == client_id:
                return app
    return None


def app_by_key(key: str) -> AppRegistration:
    for tenant in CLOUD_TENANTS:
        for app in tenant.apps:
            if app.key == key:
                return app
    raise KeyError(key)


def find_mailbox(address: str) -> tuple[OnPremOrg | CloudTenant, Mailbox] | None:
    """The organization and mailbox owning ``address`` (primary or secondary), or None."""
    address = address.strip().lower()
    if address.startswith("smtp:"):
        address = address[5:]
    bulk = _BULK.get(address)
    if bulk is not None:
        return CONTOSO, bulk
    bulk = _BULK_CLOUD.get(address)
    if bulk is not None:
        return FABRIKAM, bulk
    shard = _SHARD_ACCOUNTS.get(address)
    if shard is not None:
        return CONTOSO, shard[1]
    for org in (*ON_PREM_ORGS, *CLOUD_TENANTS):
        for mbx in org.mailboxes:
            if address in mbx.all_addresses:
                return org, mbx
    return None


def org_for_domain(domain: str) -> OnPremOrg | CloudTenant | None:
    """The organization whose accepted/verified domain is ``domain``, or None."""
    domain = domain.lower()
    for org in ON_PREM_ORGS:
        if domain in org.accepted_domains:
            return org
    for tenant in CLOUD_TENANTS:
        if domain in tenant.domains:
            return tenant
    return None


def all_mailboxes() -> list[Mailbox]:
    return [m for org in (*ON_PREM_ORGS, *CLOUD_TENANTS) for m in org_mailboxes(org)]


def org_mailboxes(org: OnPremOrg | CloudTenant) -> tuple[Mailbox, ...]:
    """The mailboxes of ``org``, including the generated bulk mailboxes (Contoso and Fabrikam)."""
    if org is CONTOSO and (_BULK or _SHARD_ACCOUNTS):
        return (*org.mailboxes, *(m for _a, m in _SHARD_ACCOUNTS.values()), *_BULK.values())
    if org is FABRIKAM and _BULK_CLOUD:
        return (*org.mailboxes, *_BULK_CLOUD.values())
    return org.mailboxes


# ------------------------------------------------------------------------------------------- bulk mailboxes

BULK_DOMAIN = CONTOSO_DOMAIN
_BULK: dict[str, Mailbox] = {}
"""Generated Contoso mailboxes (benchmarks). Process-wide, like every other seed constant here: a sandbox
with bulk mailboxes is meant to run in its own process (``bench/engine_sync.py`` starts one)."""


_BULK_CLOUD: dict[str, Mailbox] = {}
"""The same generated mailboxes in the Fabrikam tenant (Exchange Online: EWS app-only and Microsoft Graph)."""


def bulk_address(i: int, domain: str = BULK_DOMAIN) -> str:
    """The address of the ``i``-th generated mailbox (1-based): ``user0001@contoso.test`` (on-premises) or,
    with ``domain=FABRIKAM_DOMAIN``, ``user0001@fabrikam.test`` (Exchange Online)."""
    return f"user{i:04d}@{domain}"


def bulk_addresses() -> list[str]:
    """The generated Contoso mailboxes' addresses (empty unless :func:`set_bulk_mailboxes` made some)."""
    return list(_BULK)


def set_bulk_mailboxes(count: int) -> list[str]:
    """Make ``count`` generated mailboxes exist in the Contoso organization (impersonable by its service
    account) and as many in the Fabrikam tenant (readable by the unscoped apps); returns the Contoso
    addresses. ``0`` removes them."""
    _BULK.clear()
    _BULK_CLOUD.clear()
    for i in range(1, count + 1):
        for target, domain in ((_BULK, BULK_DOMAIN), (_BULK_CLOUD, FABRIKAM_DOMAIN)):
            address = bulk_address(i, domain)
            target[address] = Mailbox(address, f"Bulk User {i:04d}", "Bulk", f"User {i:04d}", department="Bulk")
    return list(_BULK)


_SHARD_ACCOUNTS: dict[str, tuple[ServiceAccount, Mailbox]] = {}
"""Generated Contoso service accounts, one per engine shard (benchmarks): UPN -> (account, its mailbox)."""


def shard_account(k: int) -> tuple[str, str]:
    """(UPN, demo credential name) of the ``k``-th generated service account (0-based): ``svc-shard0@contoso.test``,
    ``contoso-svc-shard0-password``; exists only after :func:`set_shard_accounts`."""
    return f"svc-shard{k}@{CONTOSO_DOMAIN}", f"contoso-svc-shard{k}-password"


def set_shard_accounts(count: int) -> list[str]:
    """Make ``count`` more service accounts in the Contoso organization, each like ``svc-calendar`` (impersonation
    over the organization except legal; NTLM ``CONTOSO\\svc-shardK``; a mailbox of its own for Autodiscover; a demo
    credential), so that engine shards each run with an account and EWS throttling budget of their own
    ("run each shard with its own service account", docs/service.md). Returns their UPNs; ``0`` removes them.
    Process-wide, like :func:`set_bulk_mailboxes` (call it before the sandbox writes its NTLM user file)."""
    for account, _mailbox in _SHARD_ACCOUNTS.values():
        DEMO_CREDENTIALS.pop(account.password_credential, None)
    _SHARD_ACCOUNTS.clear()
    for k in range(count):
        upn, cred = shard_account(k)
        DEMO_CREDENTIALS[cred] = f"Sandbox-Contoso-Shard{k}-Svc-2019!"
        account = ServiceAccount(upn=upn, sam_account_name=upn.split("@")[0], netbios_domain=CONTOSO_NETBIOS,
                                 display_name=f"Calendar Sync Service (shard {k})", password_credential=cred,
                                 impersonation_denied=CONTOSO_SERVICE_ACCOUNT.impersonation_denied)
        _SHARD_ACCOUNTS[upn] = (account, Mailbox(upn, account.display_name, "Calendar", f"Shard {k}"))
    return list(_SHARD_ACCOUNTS)


def shard_accounts_count() -> int:
    """How many shard service accounts :func:`set_shard_accounts` made."""
    return len(_SHARD_ACCOUNTS)


def org_service_accounts(org: OnPremOrg) -> tuple[ServiceAccount, ...]:
    """The service accounts of ``org``, including the generated shard accounts (Contoso)."""
    if org is CONTOSO and _SHARD_ACCOUNTS:
        return (*org.service_accounts, *(a for a, _m in _SHARD_ACCOUNTS.values()))
    return org.service_accounts


def stable_guid(*parts: str) -> str:
    """A deterministic GUID string derived from ``parts`` (object IDs of users, apps' service principals…)."""
    h = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"


def object_id(address_or_client_id: str) -> str:
    """The directory object ID (``oid``) of a user (by address) or of an app's service principal."""
    return stable_guid("oid", address_or_client_id.lower())
