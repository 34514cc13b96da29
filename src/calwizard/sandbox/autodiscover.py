"""Autodiscover of the sandbox: POX (``autodiscover.xml``), SOAP (``autodiscover.svc``) and v2 JSON.

* POX — [MS-OXDSCLI] "Autodiscover Publishing and Lookup Protocol": request schema
  ``…/outlook/requestschema/2006``, response ``…/responseschema/2006`` + ``…/outlook/responseschema/2006a``
  with ``EXCH`` (internal) and ``EXPR`` (external) protocol blocks; errors 500 (address not found)
  and 600 (invalid request).
* SOAP — [MS-OXWSADISC] ``GetUserSettings`` ("GetUserSettings operation (SOAP)"): ``UserResponse`` with
  ``UserSettings`` (``StringSetting``) and ``UserSettingErrors``; ``InvalidUser`` for unknown addresses.
* v2 JSON — Exchange Online's ``/autodiscover/autodiscover.json/v1.0/{email}?Protocol=EWS|AutodiscoverV1``
  (unauthenticated; ``{"Protocol": …, "Url": …}``).

On-premises hosts authenticate with NTLM, Exchange Online with bearer tokens (v2 JSON: none).
"""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime
from urllib.parse import unquote

from aiohttp import web

from calwizard.sandbox import data, soap
from calwizard.sandbox.ews import EwsService
from calwizard.sandbox.soap import AUTOD_NS, POX_OUTLOOK_NS, POX_REQUEST_NS, POX_RESPONSE_NS, el, q, text_of

log = logging.getLogger("calwizard.sandbox")

POX_PATH = "/autodiscover/autodiscover.xml"
SOAP_PATH = "/autodiscover/autodiscover.svc"
JSON_PREFIX = "/autodiscover/autodiscover.json"

V2_PROTOCOLS = {
    "ews": ("EWS", data.CLOUD_EWS_URL),
    "autodiscoverv1": ("AutodiscoverV1", data.CLOUD_AUTODISCOVER_XML_URL),
    "rest": ("Rest", f"https://{data.OUTLOOK_HOST}/api"),
    "activesync": ("ActiveSync", f"https://{data.OUTLOOK_HOST}/Microsoft-Server-ActiveSync"),
}


def is_autodiscover_path(path: str) -> bool:
    return path.lower().startswith("/autodiscover/")


def _version_string(build: tuple[int, int, int, int]) -> str:
    return ".".join(str(n) for n in build)


def _server_version_hex(build: tuple[int, int, int, int]) -> str:
    """POX ``ServerVersion``: 4 bits 0111, 6 bits major, 6 bits minor, 1 bit set, 15 bits build."""
    major, minor, build_no, _ = build
    return f"{0x70000000 | (major << 22) | (minor << 16) | 0x8000 | (build_no & 0x7FFF):08X}"


def _legacy_dn(org: data.OnPremOrg | data.CloudTenant, mbx: data.Mailbox) -> str:
    return (
        f"/o={org.key.capitalize()}/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/"
        f"cn={mbx.local_part}"
    )


def _urls(org: data.OnPremOrg | data.CloudTenant) -> tuple[str, str]:
    """(internal EWS URL, external EWS URL)."""
    if isinstance(org, data.OnPremOrg):
        return org.internal_ews_url, org.ews_url
    return data.CLOUD_EWS_URL, data.CLOUD_EWS_URL


def user_settings(org: data.OnPremOrg | data.CloudTenant, mbx: data.Mailbox) -> dict[str, str]:
    """The GetUserSettings values the sandbox knows for ``mbx``."""
    internal, external = _urls(org)
    on_prem = isinstance(org, data.OnPremOrg)
    internal_host = internal.split("/")[2]
    external_host = external.split("/")[2]
    schemas = (
        org.supported_schemas
        if isinstance(org, data.OnPremOrg)
        else (
            "Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2, Exchange2013, "
            "Exchange2013_SP1, Exchange2015, Exchange2016"
        )
    )
    return {
        "UserDisplayName": mbx.display_name,
        "UserDN": _legacy_dn(org, mbx),
        "UserDeploymentId": org.deployment_id,
        "AutoDiscoverSMTPAddress": mbx.address,
        "InternalMailboxServer": internal_host,
        "InternalMailboxServerDN": f"/o={org.key.capitalize()}/ou=Exchange Administrative Group/cn=Servers/"
        f"cn={internal_host.split('.')[0].upper()}",
        "MailboxDN": _legacy_dn(org, mbx) + "/cn=Mailbox",
        "ActiveDirectoryServer": f"dc01.{data.CONTOSO_DOMAIN}" if on_prem else "",
        "CasVersion": _version_string(org.build),
        "EwsSupportedSchemas": schemas,
        "InternalEwsUrl": internal,
        "ExternalEwsUrl": external,
        "ExternalEwsVersion": _version_string(org.build),
        "InternalEcpUrl": f"https://{internal_host}/ecp/",
        "ExternalEcpUrl": f"https://{external_host}/ecp/",
        "InternalOABUrl": f"https://{internal_host}/OAB/",
        "ExternalOABUrl": f"https://{external_host}/OAB/",
        "ExternalMailboxServer": external_host,
        "ExternalMailboxServerRequiresSSL": "True",
        "ExternalMailboxServerAuthenticationMethods": "Ntlm" if on_prem else "OAuth",
        "UserMSOnline": "False" if on_prem else "True",
        "MapiHttpEnabled": "True",
        "ShowGalAsDefaultView": "True",
    }


class AutodiscoverService:
    """Autodiscover for the on-premises org (NTLM) and Exchange Online (bearer)."""

    def __init__(self, ews: EwsService) -> None:
        self.ews = ews

    def _authenticate(self, request: web.Request, org: data.OnPremOrg | None) -> web.Response | None:
        if org is not None:
            result = self.ews.ntlm.authenticate(request)
            return result if isinstance(result, web.Response) else None
        caller = self.ews.authenticate_cloud(request)
        return caller if isinstance(caller, web.Response) else None

    @staticmethod
    def _lookup(
        org: data.OnPremOrg | None, address: str
    ) -> tuple[data.OnPremOrg | data.CloudTenant, data.Mailbox] | None:
        found = data.find_mailbox(address)
        if found is None:
            return None
        if org is None:
            return found if isinstance(found[0], data.CloudTenant) else None
        return found if found[0] is org else None

    async def handle(self, request: web.Request, org: data.OnPremOrg | None) -> web.StreamResponse:
        """Serve an Autodiscover path; ``org`` None means Exchange Online."""
        path = request.path.lower()
        if path.startswith(JSON_PREFIX) and org is None:
            return self._v2(request)
        if path not in (POX_PATH, SOAP_PATH):
            return web.Response(status=404, text="404 - File or directory not found.")
        if request.method not in ("POST", "GET"):
            return web.Response(status=405)
        denied = self._authenticate(request, org)
        if denied is not None:
            await request.read()
            return denied
        body = await request.read()
        if path == POX_PATH:
            return self._pox(body, org, request.method)
        return self._soap(body, org)

    # ------------------------------------------------------------------------------ v2 JSON

    def _v2(self, request: web.Request) -> web.Response:
        rest = request.path[len(JSON_PREFIX) :].strip("/")
        email = ""
        if rest.lower().startswith("v1.0/"):
            email = unquote(rest[5:])
        query = {k.lower(): v for k, v in request.query.items()}
        email = email or query.get("email", "")
        protocol = query.get("protocol", "")
        entry = V2_PROTOCOLS.get(protocol.lower())
        if entry is None:
            log.info("autodiscover v2: invalid protocol %r", protocol)
            return web.json_response(
                {
                    "ErrorCode": "InvalidProtocol",
                    "ErrorMessage": f"The given protocol value '{protocol}' is invalid. Supported values are "
                    "'Rest,ActiveSync,Ews,AutodiscoverV1'",
                },
                status=400,
            )
        domain = email.rpartition("@")[2].lower()
        org = data.org_for_domain(domain) if domain else None
        if not isinstance(org, data.CloudTenant):
            log.info("autodiscover v2: %s is not hosted in Exchange Online", email)
            return web.json_response(
                {
                    "ErrorCode": "MailboxNotFound",
                    "ErrorMessage": f"The mailbox for '{email}' is not hosted in this Exchange Online environment.",
                },
                status=404,
            )
        name, url = entry
        log.info("autodiscover v2: %s Protocol=%s -> %s", email, name, url)
        return web.json_response({"Protocol": name, "Url": url})

    # ------------------------------------------------------------------------------ POX

    def _pox(self, body: bytes, org: data.OnPremOrg | None, method: str) -> web.Response:
        if method != "POST" or not body:
            return pox_error(600, "Invalid Request")
        try:
            root = soap.parse(body)
        except soap.XmlError:
            return pox_error(600, "Invalid Request")
        req = root.find(q(POX_REQUEST_NS, "Request"))
        address = text_of(req.find(q(POX_REQUEST_NS, "EMailAddress"))) if req is not None else ""
        schema = text_of(req.find(q(POX_REQUEST_NS, "AcceptableResponseSchema"))) if req is not None else ""
        if not address:
            return pox_error(600, "Invalid Request")
        if schema and schema != POX_OUTLOOK_NS:
            return pox_error(601, "The requested schema version is not supported.")
        found = self._lookup(org, address)
        if found is None:
            log.info("autodiscover POX: %s not found", address)
            return pox_error(500, "The email address can't be found.")
        owner, mbx = found
        internal, external = _urls(owner)
        on_prem = isinstance(owner, data.OnPremOrg)

        def protocol(kind: str, url: str) -> str:
            host = url.split("/")[2]
            base = url.rsplit("/EWS/", 1)[0]
            return el(
                "Protocol",
                el("Type", text=kind),
                el("Server", text=host),
                el("ServerVersion", text=_server_version_hex(owner.build)) if kind == "EXCH" else None,
                el("SSL", text="On") if kind == "EXPR" else None,
                el("AuthPackage", text="Ntlm" if on_prem else "Anonymous") if kind == "EXPR" else None,
                el("ASUrl", text=url),
                el("EwsUrl", text=url),
                el("EmwsUrl", text=url),
                el("EcpUrl", text=f"{base}/ecp/"),
                el("OOFUrl", text=url),
                el("OABUrl", text=f"{base}/OAB/"),
                el("ServerExclusiveConnect", text="On" if kind == "EXPR" else "Off"),
            )

        response = el(
            "Autodiscover",
            el(
                "Response",
                el(
                    "User",
                    el("DisplayName", text=mbx.display_name),
                    el("LegacyDN", text=_legacy_dn(owner, mbx)),
                    el("AutoDiscoverSMTPAddress", text=mbx.address),
                    el("DeploymentId", text=owner.deployment_id),
                ),
                el(
                    "Account",
                    el("AccountType", text="email"),
                    el("Action", text="settings"),
                    el("MicrosoftOnline", text="False" if on_prem else "True"),
                    el("ConsumerMailbox", text="False"),
                    protocol("EXCH", internal),
                    protocol("EXPR", external),
                ),
                attrs={"xmlns": POX_OUTLOOK_NS},
            ),
            attrs={"xmlns": POX_RESPONSE_NS},
        )
        log.info("autodiscover POX: %s -> internal %s, external %s", mbx.address, internal, external)
        return web.Response(body=(soap.XML_DECL + response).encode(), content_type="text/xml", charset="utf-8")

    # ------------------------------------------------------------------------------ SOAP

    def _soap(self, body: bytes, org: data.OnPremOrg | None) -> web.Response:
        build = org.build if org else data.FABRIKAM.build
        try:
            root = soap.parse(body)
        except soap.XmlError as e:
            return _autod_envelope(soap.client_fault(f"The request is not valid XML: {e}"), build, status=500)
        body_elem = root.find(q(soap.SOAP_NS, "Body"))
        op = body_elem[0] if body_elem is not None and len(body_elem) else None
        if op is None or soap.local_name(op.tag) != "GetUserSettingsRequestMessage":
            name = soap.local_name(op.tag) if op is not None else "nothing"
            return _autod_envelope(soap.client_fault(f"The sandbox does not implement {name}."), build, status=500)
        users = [text_of(m) for m in op.iter(q(AUTOD_NS, "Mailbox"))]
        wanted = [text_of(s) for s in op.iter(q(AUTOD_NS, "Setting"))]
        responses = []
        for address in users:
            found = self._lookup(org, address)
            if found is None:
                log.info("autodiscover SOAP: %s -> InvalidUser", address)
                responses.append(
                    el(
                        "UserResponse",
                        el("ErrorCode", text="InvalidUser"),
                        el("ErrorMessage", text=f"Invalid user: '{address}'"),
                        el("RedirectTarget", attrs={"i:nil": "true"}),
                        el("UserSettingErrors"),
                        el("UserSettings"),
                    )
                )
                continue
            owner, mbx = found
            values = user_settings(owner, mbx)
            settings, errors = [], []
            for name in wanted:
                value = values.get(name)
                if value:
                    settings.append(
                        el(
                            "UserSetting",
                            el("Name", text=name),
                            el("Value", text=value),
                            attrs={"i:type": "StringSetting"},
                        )
                    )
                else:
                    errors.append(
                        el(
                            "UserSettingError",
                            el("ErrorCode", text="SettingIsNotAvailable"),
                            el("ErrorMessage", text=f"User setting '{name}' is not available. "),
                            el("SettingName", text=name),
                        )
                    )
            responses.append(
                el(
                    "UserResponse",
                    el("ErrorCode", text="NoError"),
                    el("ErrorMessage", text="No error."),
                    el("RedirectTarget", attrs={"i:nil": "true"}),
                    el("UserSettingErrors", *errors),
                    el("UserSettings", *settings),
                )
            )
            log.info("autodiscover SOAP: %s -> %d settings", mbx.address, len(settings))
        message = el(
            "GetUserSettingsResponseMessage",
            el(
                "Response",
                el("ErrorCode", text="NoError"),
                el("ErrorMessage"),
                el("UserResponses", *responses),
                attrs={"xmlns:i": soap.XSI_NS},
            ),
            attrs={"xmlns": AUTOD_NS},
        )
        return _autod_envelope(message, build)


def pox_error(code: int, message: str) -> web.Response:
    """A POX ``Error`` answer ("Error (POX)"; codes of [MS-OXDSCLI] 2.2.4.1.1.3.2), as Exchange writes it."""
    now = datetime.now(UTC)
    err = el(
        "Autodiscover",
        el(
            "Response",
            el(
                "Error",
                el("ErrorCode", text=code),
                el("Message", text=message),
                el("DebugData"),
                attrs={"Time": now.strftime("%H:%M:%S.%f") + "0", "Id": random.randint(10**9, 4 * 10**9)},
            ),
        ),
        attrs={"xmlns": POX_RESPONSE_NS},
    )
    return web.Response(body=(soap.XML_DECL + err).encode(), content_type="text/xml", charset="utf-8")


def _autod_envelope(body: str, build: tuple[int, int, int, int], status: int = 200) -> web.Response:
    major, minor, major_build, minor_build = build
    header = f'<a:Action s:mustUnderstand="1">{AUTOD_NS}/Autodiscover/GetUserSettingsResponse</a:Action>' + el(
        "h:ServerVersionInfo",
        el("h:MajorVersion", text=major),
        el("h:MinorVersion", text=minor),
        el("h:MajorBuildNumber", text=major_build),
        el("h:MinorBuildNumber", text=minor_build),
        el("h:Version", text="Exchange2015"),
        attrs={"xmlns:h": AUTOD_NS, "xmlns:i": soap.XSI_NS},
    )
    text = (
        f'{soap.XML_DECL}<s:Envelope xmlns:s="{soap.SOAP_NS}" xmlns:a="{soap.WSA_NS}">'
        f"<s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>"
    )
    return web.Response(body=text.encode(), status=status, content_type="text/xml", charset="utf-8")
