"""Endpoints of the Microsoft cloud instances.

Source: Microsoft Learn, "National clouds" (Entra ID authority hosts) and "Microsoft Graph
national cloud deployments"; Exchange Online EWS hosts from "Exchange Online in national
clouds". The EWS resource's ``.default`` scope is ``https://<ews host>/.default``
(seed: Howto13r2 "Setting up Calendar with OAuth2", Scopes field).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from calwizard.settings.model import CloudName, ExchangeSettings

EWS_APP_ID = "00000002-0000-0ff1-ce00-000000000000"
"""Application ID of "Office 365 Exchange Online" (the resource of EWS permissions)."""
FULL_ACCESS_AS_APP_ID = "dc890d15-9560-4a4c-9b7f-a736ec74ec40"
"""ID of the application permission ``full_access_as_app`` (seed: the manifest snippet)."""
EWS_DELEGATED_SCOPE = "EWS.AccessAsUser.All"
FULL_ACCESS_AS_APP = "full_access_as_app"
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
"""Application ID of "Microsoft Graph" (the resource of Calendars.Read)."""
GRAPH_PERMISSION_IDS: dict[str, str] = {
    "Calendars.Read": "798ee544-9d2d-430c-a058-570e29e34338",
    "Calendars.ReadBasic": "8ba4a692-bc31-4128-9094-475872af8a53",
}
"""IDs of Microsoft Graph's application permissions (app roles) the ``cloud_graph`` sync type uses (Microsoft
Learn: "Microsoft Graph permissions reference"); keys are :class:`~calwizard.settings.GraphPermission` values."""

GRAPH_USER_READ_ALL_ID = "df021288-bdef-4463-88db-98f22de89214"
"""ID of Microsoft Graph's application permission ``User.Read.All``."""
SETUP_SCOPES = ("Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All")
"""Delegated Microsoft Graph permissions the administrator's sign-in asks for when calwizard creates the app
registration — the least that covers "Create application", "addPassword", "Create servicePrincipal" and "Grant an
appRoleAssignment" (Microsoft Graph API reference, each operation's Permissions table)."""
GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10"
PRIVILEGED_ROLE_ADMINISTRATOR = "e8611ab8-c189-46e8-94e1-60213ab1f814"
CLOUD_APPLICATION_ADMINISTRATOR = "158c047a-c907-4556-b7ef-446551a6b5f7"
APPLICATION_ADMINISTRATOR = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"
DIRECTORY_ROLES: dict[str, str] = {
    GLOBAL_ADMINISTRATOR: "Global Administrator",
    PRIVILEGED_ROLE_ADMINISTRATOR: "Privileged Role Administrator",
    CLOUD_APPLICATION_ADMINISTRATOR: "Cloud Application Administrator",
    APPLICATION_ADMINISTRATOR: "Application Administrator",
}
"""Template IDs (the ``wids`` claim) of the Entra built-in roles that may grant admin consent (Microsoft Learn,
"Microsoft Entra built-in roles")."""
GRAPH_APP_ROLE_GRANTERS = (GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR)
"""Who may grant Microsoft Graph application permissions (app roles); Cloud Application Administrator and
Application Administrator may grant any permission *except* Microsoft Graph app roles (Microsoft Learn: "Grant
tenant-wide admin consent to an application", Prerequisites)."""
APP_ROLE_GRANTERS = tuple(DIRECTORY_ROLES)
"""Who may grant application permissions of other APIs (e.g. Office 365 Exchange Online's full_access_as_app)."""


@dataclass(frozen=True)
class CloudEndpoints:
    """Host names of one cloud instance (``host`` or ``host:port``, no scheme)."""

    authority_host: str
    ews_host: str
    graph_host: str

    def authority(self, tenant: str) -> str:
        """The Entra v2 authority URL for ``tenant`` (GUID, domain, ``organizations``)."""
        return f"https://{self.authority_host}/{tenant}"

    def openid_configuration_url(self, tenant: str) -> str:
        """OpenID Connect discovery document (Microsoft: "OpenID Connect on the Microsoft identity platform")."""
        return f"https://{self.authority_host}/{tenant}/v2.0/.well-known/openid-configuration"

    @property
    def ews_resource(self) -> str:
        return f"https://{self.ews_host.split(':')[0]}" if self.ews_host.endswith(":443") else f"https://{self.ews_host}"

    @property
    def ews_scope(self) -> str:
        """The EWS ``.default`` scope, e.g. ``https://outlook.office365.com/.default``."""
        return f"{self.ews_resource}/.default"

    @property
    def graph_resource(self) -> str:
        host = self.graph_host[:-4] if self.graph_host.endswith(":443") else self.graph_host
        return f"https://{host}"

    @property
    def graph_scope(self) -> str:
        """The Microsoft Graph ``.default`` scope, e.g. ``https://graph.microsoft.com/.default``."""
        return f"{self.graph_resource}/.default"

    @property
    def graph_base_url(self) -> str:
        """Microsoft Graph v1.0 (Microsoft: "Use the Microsoft Graph API"), e.g. ``https://graph.microsoft.com/v1.0``."""
        return f"https://{self.graph_host}/v1.0"

    @property
    def ews_url(self) -> str:
        return f"https://{self.ews_host}/EWS/Exchange.asmx"

    def autodiscover_v2_url(self, email: str, protocol: str = "EWS") -> str:
        """Autodiscover v2 JSON (Microsoft: "Autodiscover for Exchange ActiveSync / Autodiscover V2")."""
        return f"https://{self.ews_host}/autodiscover/autodiscover.json/v1.0/{quote(email)}?Protocol={protocol}"


CLOUDS: dict[CloudName, CloudEndpoints] = {
    CloudName.GLOBAL: CloudEndpoints("login.microsoftonline.com", "outlook.office365.com", "graph.microsoft.com"),
    CloudName.USGOV_GCC_HIGH: CloudEndpoints("login.microsoftonline.us", "outlook.office365.us", "graph.microsoft.us"),
    CloudName.CHINA: CloudEndpoints(
        "login.partner.microsoftonline.cn", "partner.outlook.cn", "microsoftgraph.chinacloudapi.cn"
    ),
}


ADMIN_CENTERS: dict[CloudName, tuple[str, str]] = {
    CloudName.GLOBAL: ("https://entra.microsoft.com", "https://admin.exchange.microsoft.com"),
    CloudName.USGOV_GCC_HIGH: ("https://entra.microsoft.us", "https://admin.exchange.office365.us"),
    CloudName.CHINA: ("https://entra.microsoftonline.cn", "https://partner.outlook.cn/ecp"),
}
"""The Microsoft Entra admin center and the Exchange admin center of each cloud (Microsoft Learn: "Microsoft Entra
admin center" URLs per cloud — ``*.entra.microsoft.com``, ``*.entra.microsoft.us``, ``*.entra.microsoftonline.cn``;
"Exchange admin center in Exchange Online", GCC High's ``admin.exchange.office365.us``, 21Vianet's classic EAC).
The sandbox's custom hosts have none."""

_APP_BLADE = "#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/{page}/appId/{app}/isMSAApp~/false"
ENTRA_PAGES: dict[str, str] = {
    "new-registration": "#view/Microsoft_AAD_RegisteredApps/CreateApplicationBlade/quickStartType~/null"
                        "/isMSAApp~/false",
    "overview": _APP_BLADE.replace("{page}", "Overview"),
    "api-permissions": _APP_BLADE.replace("{page}", "CallAnAPI"),
    "certificates-secrets": _APP_BLADE.replace("{page}", "Credentials"),
    "authentication": _APP_BLADE.replace("{page}", "Authentication"),
    "manifest": _APP_BLADE.replace("{page}", "Manifest"),
    "enterprise-applications": "#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AppAppsPreview/menuId~/null",
}
"""Pages of the Entra admin center (the portal's blade addresses, as the admin center itself links them): the app
registration's Overview, API permissions, Certificates & secrets, Authentication and Manifest for one application
(client) ID; the list of enterprise applications (the app's service principal and its Object ID)."""


def admin_center_url(cloud: CloudName, page: str, *, client_id: str = "", tenant: str = "") -> str | None:
    """The address of an Entra admin center page (:data:`ENTRA_PAGES`) or ``"exchange"`` (the Exchange admin
    center) in ``cloud``, for the app ``client_id`` in directory ``tenant`` (GUID or domain; the admin center
    switches to it). None for a custom cloud, or an app page without a client ID."""
    centers = ADMIN_CENTERS.get(cloud)
    if centers is None:
        return None
    entra, exchange = centers
    if page == "exchange":
        return exchange
    fragment = ENTRA_PAGES[page]
    if "{app}" in fragment:
        if not client_id:
            return None
        fragment = fragment.replace("{app}", quote(client_id, safe=""))
    directory = f"/{quote(tenant, safe='.-')}" if tenant else ""
    return f"{entra}{directory}/{fragment}"


def endpoints_for(exchange: ExchangeSettings) -> CloudEndpoints:
    """The endpoints of the configured cloud.

    Raises:
        ValueError: cloud is custom but no custom hosts are set (the inputs check reports this first).
    """
    if exchange.cloud == CloudName.CUSTOM:
        if exchange.custom_cloud is None:
            raise ValueError("cloud = custom needs [exchange.custom_cloud] hosts")
        c = exchange.custom_cloud
        return CloudEndpoints(c.authority_host, c.ews_host, c.graph_host)
    return CLOUDS[exchange.cloud]
