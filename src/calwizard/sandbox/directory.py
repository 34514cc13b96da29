"""Directory objects created through Microsoft Graph in the sandbox tenant: app registrations, their service
principals and app role assignments (what an administrator's "create the app for me" does).

Served on ``graph.sandbox.test`` (Microsoft Graph REST API v1.0 reference, shapes as Graph returns them):

* ``GET /v1.0/me`` — "Get user" for the signed-in user (delegated tokens).
* ``GET /v1.0/applications?$filter=displayName eq '…'`` (or ``appId eq '…'``, or ``startswith(displayName,'…')``)
  — "List applications". Names are compared without regard to case (Microsoft Learn does not say whether Entra's
  ``eq`` does; calwizard takes whatever the filter returns as a match either way). ``keyCredentials`` carry their
  ``key`` only when ``$select`` names ``keyCredentials`` (as in Graph).
* ``POST /v1.0/applications`` — "Create application": ``displayName``, ``signInAudience``,
  ``requiredResourceAccess``; 201 with ``id`` (object ID) and ``appId`` (client ID).
* ``GET|PATCH|DELETE /v1.0/applications/{id}`` — "Get / Update / Delete application"; PATCH takes
  ``keyCredentials`` (``type`` AsymmetricX509Cert, ``usage`` Verify, ``key`` = base64 of the DER certificate).
  Deleting an application deletes its service principal in the home tenant too.
* ``POST /v1.0/applications/{id}/addPassword`` — "application: addPassword": ``passwordCredential`` with
  ``displayName``/``endDateTime``; the answer carries ``secretText``, the only time it is returned.
* ``POST /v1.0/applications/{id}/removePassword`` — ``{"keyId": …}``.
* ``GET /v1.0/servicePrincipals?$filter=appId eq '…'`` and ``GET /v1.0/servicePrincipals(appId='…')`` — the
  resource service principals (Microsoft Graph, Office 365 Exchange Online) with their ``appRoles``.
* ``POST /v1.0/servicePrincipals`` ``{"appId": …}`` and ``DELETE /v1.0/servicePrincipals/{id}``.
* ``GET|POST /v1.0/servicePrincipals/{resource id}/appRoleAssignedTo`` — "Grant an appRoleAssignment for a
  service principal": ``principalId``, ``resourceId``, ``appRoleId``;
  ``DELETE /v1.0/servicePrincipals/{resource id}/appRoleAssignedTo/{assignment id}`` — "Delete appRoleAssignedTo".
* ``GET /v1.0/servicePrincipals/{id}/appRoleAssignments`` — "List appRoleAssignments granted to a service
  principal" (the app roles the app holds).

:meth:`Directory.register_by_hand` adds an app registration as an administrator makes it in the admin center
(tests: an app of the same name exists already).

Authorization as in Entra: delegated tokens only; writing applications and service principals needs the scope
``Application.ReadWrite.All`` (users may register applications, the tenant default); app role assignments need
``AppRoleAssignment.ReadWrite.All`` *and* a directory role that may grant them — Global Administrator or
Privileged Role Administrator for Microsoft Graph's app roles, also Cloud Application Administrator or Application
Administrator for other APIs (Microsoft Learn: "Grant tenant-wide admin consent to an application"). Otherwise
403 ``Authorization_RequestDenied`` "Insufficient privileges to complete the operation.".

Propagation: an app role assignment shows in client-credentials tokens only ``role_propagation_seconds`` after it
was made (Entra replicates for seconds to minutes).
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from cryptography import x509

from calwizard.sandbox import data
from calwizard.sandbox.graph import BASE, GraphError, Reply

if TYPE_CHECKING:
    from calwizard.sandbox.entra import Entra, TokenInfo

log = logging.getLogger("calwizard.sandbox.directory")

INSUFFICIENT = "Insufficient privileges to complete the operation."
GRAPH_APP_ROLES: dict[str, str] = {
    "Calendars.Read": "798ee544-9d2d-430c-a058-570e29e34338",
    "Calendars.ReadBasic": "8ba4a692-bc31-4128-9094-475872af8a53",
    "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
}
EXCHANGE_APP_ROLES: dict[str, str] = {"full_access_as_app": "dc890d15-9560-4a4c-9b7f-a736ec74ec40"}
RESOURCE_ROLES: dict[str, tuple[str, str, dict[str, str]]] = {
    data.GRAPH_APP_ID: ("Microsoft Graph", data.GRAPH_RESOURCE, GRAPH_APP_ROLES),
    data.EXCHANGE_APP_ID: ("Office 365 Exchange Online", data.OUTLOOK_RESOURCE, EXCHANGE_APP_ROLES),
}
"""Resource application ID -> (display name, resource URI, app role value -> app role ID)."""
GRAPH_ROLE_GRANTERS = frozenset({data.GLOBAL_ADMINISTRATOR, data.PRIVILEGED_ROLE_ADMINISTRATOR})
OTHER_ROLE_GRANTERS = GRAPH_ROLE_GRANTERS | {data.CLOUD_APPLICATION_ADMINISTRATOR, data.APPLICATION_ADMINISTRATOR}
MAX_BODY = 256 * 1024


def _now_iso(t: datetime | None = None) -> str:
    return (t or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Password:
    key_id: str
    display_name: str
    value: str
    start: datetime
    end: datetime

    def json(self, *, with_secret: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"customKeyIdentifier": None, "displayName": self.display_name,
                               "endDateTime": _now_iso(self.end), "hint": self.value[:3], "keyId": self.key_id,
                               "secretText": self.value if with_secret else None,
                               "startDateTime": _now_iso(self.start)}
        return out


@dataclass
class Application:
    """An app registration created through Graph (its object ID ``id`` and client ID ``app_id``)."""

    id: str
    app_id: str
    display_name: str
    tenant_key: str
    sign_in_audience: str
    required_resource_access: list[dict[str, Any]]
    created: datetime
    owner: str
    passwords: list[Password] = field(default_factory=list)
    key_credentials: list[dict[str, Any]] = field(default_factory=list)
    certificates: list[x509.Certificate] = field(default_factory=list)

    def json(self, *, with_keys: bool = False) -> dict[str, Any]:
        return {
            "@odata.context": f"{BASE}/$metadata#applications/$entity",
            "id": self.id, "appId": self.app_id, "displayName": self.display_name,
            "signInAudience": self.sign_in_audience, "createdDateTime": _now_iso(self.created),
            "publisherDomain": f"{self.tenant_key}.onmicrosoft.test",
            "requiredResourceAccess": self.required_resource_access,
            "passwordCredentials": [p.json() for p in self.passwords],
            "keyCredentials": [{k: v for k, v in c.items() if k != "key"} | {"key": c["key"] if with_keys else None}
                               for c in self.key_credentials],
        }


@dataclass
class ServicePrincipal:
    id: str
    app_id: str
    display_name: str
    tenant_key: str
    app_roles: dict[str, str] = field(default_factory=dict)

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id, "appId": self.app_id, "displayName": self.display_name,
            "servicePrincipalType": "Application", "accountEnabled": True,
            "appRoles": [{"id": rid, "value": value, "allowedMemberTypes": ["Application"], "isEnabled": True,
                          "displayName": value} for value, rid in self.app_roles.items()],
        }


@dataclass
class Assignment:
    id: str
    principal_id: str
    resource_id: str
    app_role_id: str
    created: datetime
    effective_at: float
    """``time.time()`` from which client-credentials tokens carry the role (propagation)."""

    def json(self, directory: Directory) -> dict[str, Any]:
        principal = directory.service_principals.get(self.principal_id)
        resource = directory.service_principals.get(self.resource_id)
        return {
            "id": self.id, "appRoleId": self.app_role_id, "createdDateTime": _now_iso(self.created),
            "principalDisplayName": principal.display_name if principal else None,
            "principalId": self.principal_id, "principalType": "ServicePrincipal",
            "resourceDisplayName": resource.display_name if resource else None, "resourceId": self.resource_id,
        }


class Directory:
    """The sandbox tenant's writable directory. Thread-safe (tests read it from another thread).

    Args:
        entra: the sandbox's identity provider (uploaded certificates are registered there).
        role_propagation_seconds: delay before a new app role assignment appears in client-credentials tokens.
    """

    def __init__(self, entra: Entra, *, role_propagation_seconds: float = 0.0) -> None:
        self.entra = entra
        self.role_propagation_seconds = role_propagation_seconds
        self.applications: dict[str, Application] = {}
        self.service_principals: dict[str, ServicePrincipal] = {}
        self.assignments: dict[str, Assignment] = {}
        self._lock = threading.RLock()
        for tenant in data.CLOUD_TENANTS:
            for app_id, (name, _resource, roles) in RESOURCE_ROLES.items():
                sp = ServicePrincipal(data.stable_guid("sp", tenant.key, app_id), app_id, name, tenant.key,
                                      dict(roles))
                self.service_principals[sp.id] = sp

    # ------------------------------------------------------------------------------ what Entra asks

    def registration(self, client_id: str) -> data.AppRegistration | None:
        """The created app ``client_id`` as an :class:`~calwizard.sandbox.data.AppRegistration` (secrets, consented
        application permissions that have propagated), or None."""
        client_id = client_id.lower()
        with self._lock:
            app = next((a for a in self.applications.values() if a.app_id == client_id), None)
            if app is None:
                return None
            sp = self._sp_by_app_id(app.app_id, app.tenant_key)
            granted: dict[str, list[str]] = {}
            now = time.time()
            for asg in self.assignments.values():
                if sp is None or asg.principal_id != sp.id or asg.effective_at > now:
                    continue
                resource = self.service_principals.get(asg.resource_id)
                if resource is None:
                    continue
                _name, uri, _roles = RESOURCE_ROLES[resource.app_id]
                value = next((v for v, rid in resource.app_roles.items() if rid == asg.app_role_id), None)
                if value:
                    granted.setdefault(uri, []).append(value)
            return data.AppRegistration(
                key=f"created-{app.id[:8]}", client_id=app.app_id, display_name=app.display_name,
                tenant_key=app.tenant_key,
                secrets=tuple(data.AppSecret(f"generated-{p.key_id}", p.end, value=p.value) for p in app.passwords),
                application_permissions={k: tuple(v) for k, v in granted.items()},
            )

    def summary(self) -> list[dict[str, Any]]:
        """The created applications (tests): display name, IDs, credentials, assignments."""
        with self._lock:
            out = []
            for app in self.applications.values():
                sp = self._sp_by_app_id(app.app_id, app.tenant_key)
                out.append({"id": app.id, "appId": app.app_id, "displayName": app.display_name,
                            "passwords": len(app.passwords), "certificates": len(app.certificates),
                            "passwordKeyIds": [pw.key_id for pw in app.passwords],
                            "requested": [ra.get("id") for rra in app.required_resource_access
                                          for ra in rra.get("resourceAccess") or ()],
                            "servicePrincipal": sp.id if sp else None,
                            "assignments": [a.app_role_id for a in self.assignments.values()
                                            if sp is not None and a.principal_id == sp.id]})
            return out

    def register_by_hand(self, display_name: str, *, tenant_key: str = "fabrikam", owner: str = "",
                         permissions: tuple[tuple[str, str], ...] = (), consent: bool = False,
                         secret_days: int = 0, service_principal: bool = True,
                         created: datetime | None = None) -> dict[str, Any]:
        """An app registration as an administrator makes it in the admin center (tests: the name is taken).

        Args:
            display_name: its name (several apps may share one).
            permissions: (resource app ID, app role value) pairs it requests, e.g. ``(GRAPH_APP_ID,
                "User.Read.All")``.
            consent: grant them (app role assignments, effective at once).
            secret_days: > 0: one client secret valid that many days.
            service_principal: create its service principal (the admin center does).
            created: its ``createdDateTime`` (default: now).

        Returns:
            its :meth:`summary` entry.
        """
        with self._lock:
            rra: dict[str, list[dict[str, str]]] = {}
            for resource_app_id, value in permissions:
                rra.setdefault(resource_app_id, []).append({"id": RESOURCE_ROLES[resource_app_id][2][value],
                                                            "type": "Role"})
            app = Application(id=str(uuid.uuid4()), app_id=str(uuid.uuid4()), display_name=display_name,
                              tenant_key=tenant_key, sign_in_audience="AzureADMyOrg",
                              required_resource_access=[{"resourceAppId": r, "resourceAccess": a}
                                                        for r, a in rra.items()],
                              created=created or datetime.now(UTC), owner=owner)
            now = datetime.now(UTC)
            if secret_days > 0:
                app.passwords.append(Password(str(uuid.uuid4()), "made by hand", "sbx~" + secrets.token_urlsafe(30),
                                              now, now + timedelta(days=secret_days)))
            self.applications[app.id] = app
            if service_principal or consent:
                sp = ServicePrincipal(str(uuid.uuid4()), app.app_id, display_name, tenant_key)
                self.service_principals[sp.id] = sp
                for resource_app_id, value in permissions if consent else ():
                    resource = self._sp_by_app_id(resource_app_id, tenant_key)
                    assert resource is not None
                    asg = Assignment(str(uuid.uuid4()), sp.id, resource.id, resource.app_roles[value], now,
                                     time.time())
                    self.assignments[asg.id] = asg
            return next(a for a in self.summary() if a["id"] == app.id)

    def _sp_by_app_id(self, app_id: str, tenant_key: str) -> ServicePrincipal | None:
        return next((s for s in self.service_principals.values()
                     if s.app_id == app_id and s.tenant_key == tenant_key), None)

    # ------------------------------------------------------------------------------ HTTP

    def handles(self, path: str) -> bool:
        parts = [p for p in path.split("/") if p]
        return len(parts) >= 2 and parts[0] == "v1.0" and (
            parts[1] in ("me", "applications") or parts[1].startswith("servicePrincipals"))

    def handle(self, token: TokenInfo, method: str, path: str, query: dict[str, str], raw: bytes) -> Reply:
        """Serve one directory request; raises :class:`~calwizard.sandbox.graph.GraphError`."""
        if token.is_app_only or token.user is None:
            raise GraphError(403, "Authorization_RequestDenied", INSUFFICIENT)
        if len(raw) > MAX_BODY:
            raise GraphError(413, "Request_EntityTooLarge", "The request body is too large.")
        try:
            body: Any = json.loads(raw) if raw else {}
        except ValueError:
            raise GraphError(400, "BadRequest", "Unable to read JSON request payload.") from None
        if not isinstance(body, dict):
            raise GraphError(400, "BadRequest", "Unable to read JSON request payload.")
        parts = [unquote(p) for p in path.split("/") if p][1:]
        with self._lock:
            reply = self._route(token, method, parts, query, body)
        log.info("directory: %s %s by %s -> %s", method, path, token.user.address, reply.status)
        return reply

    def _route(self, token: TokenInfo, method: str, parts: list[str], query: dict[str, str],
               body: dict[str, Any]) -> Reply:
        head = parts[0]
        if head == "me" and len(parts) == 1 and method == "GET":
            user = token.user
            assert user is not None
            return Reply(200, {"id": data.object_id(user.address), "displayName": user.display_name,
                               "userPrincipalName": user.address, "mail": user.address}, {})
        if head == "applications":
            return self._applications(token, method, parts[1:], query, body)
        if head.startswith("servicePrincipals"):
            by_app = head[len("servicePrincipals"):]
            if by_app.startswith("(appId="):
                app_id = by_app[len("(appId="):].strip(")'\"").lower()
                sp = self._sp_by_app_id(app_id, token.tenant.key)
                if sp is None or method != "GET" or len(parts) != 1:
                    raise _not_found(app_id)
                return Reply(200, sp.json(), {})
            return self._service_principals(token, method, parts[1:], query, body)
        raise GraphError(400, "BadRequest", f"Resource not found for the segment '{head}'.")

    # ------------------------------------------------------------------------------ authorization

    @staticmethod
    def _need_scope(token: TokenInfo, *scopes: str) -> None:
        if not set(token.scopes) & {*scopes, "Directory.ReadWrite.All"}:
            raise GraphError(403, "Authorization_RequestDenied", INSUFFICIENT)

    # ------------------------------------------------------------------------------ applications

    def _filter(self, query: dict[str, str]) -> tuple[str, str] | None:
        """``$filter`` as (kind, value): kind ``displayName`` / ``appId`` (``eq``) or ``startswith`` (displayName)."""
        flt = query.get("$filter", "").strip()
        if not flt:
            return None
        if flt.lower().startswith("startswith(") and flt.endswith(")"):
            prop, _, rest = flt[len("startswith("):-1].partition(",")
            value = rest.strip()
            if prop.strip() == "displayName" and len(value) >= 2 and value[0] == value[-1] == "'":
                return "startswith", value[1:-1].replace("''", "'")
            raise GraphError(400, "Request_UnsupportedQuery", f"Unsupported or invalid query filter clause: {flt}")
        name, _, rest = flt.partition(" eq ")
        value = rest.strip()
        if name.strip() not in ("displayName", "appId") or len(value) < 2 or value[0] != "'" or value[-1] != "'":
            raise GraphError(400, "Request_UnsupportedQuery", f"Unsupported or invalid query filter clause: {flt}")
        return name.strip(), value[1:-1].replace("''", "'")

    def _list(self, token: TokenInfo, objects: dict[str, Any], query: dict[str, str]) -> list[Any]:
        """"List applications" / "List servicePrincipals": the tenant's objects, ``$filter`` on displayName or
        appId applied."""
        self._need_scope(token, "Application.Read.All", "Application.ReadWrite.All")
        flt = self._filter(query)
        out = [o for o in objects.values() if o.tenant_key == token.tenant.key]
        if flt is not None:
            key, value = flt
            folded = value.casefold()
            if key == "displayName":
                out = [o for o in out if o.display_name.casefold() == folded]
            elif key == "startswith":
                out = [o for o in out if o.display_name.casefold().startswith(folded)]
            else:
                out = [o for o in out if o.app_id == value.lower()]
        return out

    @staticmethod
    def _selects_keys(query: dict[str, str]) -> bool:
        return "keycredentials" in {f.strip().lower() for f in query.get("$select", "").split(",")}

    def _applications(self, token: TokenInfo, method: str, rest: list[str], query: dict[str, str],
                      body: dict[str, Any]) -> Reply:
        tenant = token.tenant.key
        if not rest:
            if method == "GET":
                keys = self._selects_keys(query)
                return Reply(200, {"@odata.context": f"{BASE}/$metadata#applications",
                                   "value": [a.json(with_keys=keys)
                                             for a in self._list(token, self.applications, query)]}, {})
            if method == "POST":
                self._need_scope(token, "Application.ReadWrite.All")
                return self._create_application(token, body)
            raise _method()
        app = self.applications.get(rest[0])
        if app is None or app.tenant_key != tenant:
            raise _not_found(rest[0])
        action = rest[1] if len(rest) > 1 else ""
        if not action and method == "GET":
            self._need_scope(token, "Application.Read.All", "Application.ReadWrite.All")
            return Reply(200, app.json(with_keys=self._selects_keys(query)), {})
        self._need_scope(token, "Application.ReadWrite.All")
        self._need_owner_or_admin(token, app)
        if not action and method == "DELETE":
            del self.applications[app.id]
            sp = self._sp_by_app_id(app.app_id, tenant)
            if sp is not None:
                self._delete_sp(sp)
            return Reply(204, {}, {})
        if not action and method == "PATCH":
            return self._patch_application(app, body)
        if action == "addPassword" and method == "POST":
            cred = body.get("passwordCredential") or {}
            if not isinstance(cred, dict):
                raise GraphError(400, "BadRequest", "Invalid passwordCredential.")
            now = datetime.now(UTC)
            end = _parse_time(cred.get("endDateTime"), "endDateTime") or now + timedelta(days=730)
            if end <= now:
                raise GraphError(400, "InvalidRequest", "The endDateTime must be in the future.")
            pw = Password(str(uuid.uuid4()), str(cred.get("displayName") or ""),
                          "sbx~" + secrets.token_urlsafe(30), now, end)
            app.passwords.append(pw)
            return Reply(200, {"@odata.context": f"{BASE}/$metadata#microsoft.graph.passwordCredential"}
                         | pw.json(with_secret=True), {})
        if action == "removePassword" and method == "POST":
            key_id = str(body.get("keyId", ""))
            before = len(app.passwords)
            app.passwords = [p for p in app.passwords if p.key_id != key_id]
            if len(app.passwords) == before:
                raise GraphError(404, "Request_ResourceNotFound", f"No password credential with keyId {key_id}.")
            return Reply(204, {}, {})
        raise _method()

    def _need_owner_or_admin(self, token: TokenInfo, app: Application) -> None:
        user = token.user
        assert user is not None
        if app.owner != user.address and not set(user.directory_roles) & OTHER_ROLE_GRANTERS:
            raise GraphError(403, "Authorization_RequestDenied", INSUFFICIENT)

    def _create_application(self, token: TokenInfo, body: dict[str, Any]) -> Reply:
        name = str(body.get("displayName") or "").strip()
        if not name:
            raise GraphError(400, "Request_BadRequest", "Property 'displayName' is required.")
        audience = str(body.get("signInAudience") or "AzureADMyOrg")
        if audience not in ("AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount",
                            "PersonalMicrosoftAccount"):
            raise GraphError(400, "Request_BadRequest", f"Invalid value '{audience}' for property 'signInAudience'.")
        rra = body.get("requiredResourceAccess") or []
        if not isinstance(rra, list) or not all(isinstance(r, dict) for r in rra):
            raise GraphError(400, "Request_BadRequest", "Invalid value for property 'requiredResourceAccess'.")
        user = token.user
        assert user is not None
        app = Application(id=str(uuid.uuid4()), app_id=str(uuid.uuid4()), display_name=name,
                          tenant_key=token.tenant.key, sign_in_audience=audience, required_resource_access=rra,
                          created=datetime.now(UTC), owner=user.address)
        self.applications[app.id] = app
        return Reply(201, app.json(), {"Location": f"{BASE}/applications/{app.id}"})

    def _patch_application(self, app: Application, body: dict[str, Any]) -> Reply:
        unknown = set(body) - {"keyCredentials", "displayName", "requiredResourceAccess"}
        if unknown:
            raise GraphError(400, "Request_BadRequest", f"Property '{sorted(unknown)[0]}' cannot be updated here.")
        if "displayName" in body:
            app.display_name = str(body["displayName"])
        if "requiredResourceAccess" in body:
            app.required_resource_access = list(body["requiredResourceAccess"] or [])
        if "keyCredentials" in body:
            creds = body["keyCredentials"] or []
            certs: list[x509.Certificate] = []
            for c in creds:
                if not isinstance(c, dict) or c.get("type") != "AsymmetricX509Cert" or c.get("usage") != "Verify":
                    raise GraphError(400, "Request_BadRequest", "Only keyCredentials of type AsymmetricX509Cert with "
                                     "usage Verify are supported.")
                try:
                    cert = x509.load_der_x509_certificate(base64.b64decode(str(c.get("key", "")), validate=True))
                except ValueError:
                    raise GraphError(400, "Request_BadRequest", "Invalid value specified for property 'key' of "
                                     "resource 'KeyCredential'.") from None
                certs.append(cert)
            app.key_credentials = [{"type": "AsymmetricX509Cert", "usage": "Verify",
                                    "keyId": str(c.get("keyId") or uuid.uuid4()),
                                    "displayName": str(c.get("displayName") or cert.subject.rfc4514_string()),
                                    "endDateTime": _now_iso(cert.not_valid_after_utc), "key": c.get("key")}
                                   for c, cert in zip(creds, certs, strict=True)]
            app.certificates = certs
            self.entra.set_app_certificates(app.app_id, tuple(certs))
        return Reply(204, {}, {})

    # ------------------------------------------------------------------------------ service principals

    def _service_principals(self, token: TokenInfo, method: str, rest: list[str], query: dict[str, str],
                            body: dict[str, Any]) -> Reply:
        tenant = token.tenant.key
        if not rest:
            if method == "GET":
                return Reply(200, {"value": [s.json() for s in self._list(token, self.service_principals, query)]},
                             {})
            if method == "POST":
                self._need_scope(token, "Application.ReadWrite.All")
                app_id = str(body.get("appId", "")).lower()
                app = next((a for a in self.applications.values() if a.app_id == app_id and a.tenant_key == tenant),
                           None)
                if app is None:
                    raise GraphError(400, "Request_BadRequest", f"The appId '{app_id}' of the service principal does "
                                     "not reference a valid application object.")
                self._need_owner_or_admin(token, app)
                if self._sp_by_app_id(app_id, tenant) is not None:
                    raise GraphError(409, "Request_MultipleObjectsWithSameKeyValue", "Another object with the same "
                                     "value for property servicePrincipalNames already exists.")
                sp = ServicePrincipal(str(uuid.uuid4()), app_id, app.display_name, tenant)
                self.service_principals[sp.id] = sp
                return Reply(201, sp.json(), {})
            raise _method()
        sp = self.service_principals.get(rest[0])
        if sp is None or sp.tenant_key != tenant:
            raise _not_found(rest[0])
        action = rest[1] if len(rest) > 1 else ""
        if not action and method == "GET":
            return Reply(200, sp.json(), {})
        if not action and method == "DELETE":
            self._need_scope(token, "Application.ReadWrite.All")
            app = next((a for a in self.applications.values() if a.app_id == sp.app_id), None)
            if app is None:  # a resource (Microsoft Graph, Exchange Online): not ours to delete
                raise GraphError(403, "Authorization_RequestDenied", INSUFFICIENT)
            self._need_owner_or_admin(token, app)
            self._delete_sp(sp)
            return Reply(204, {}, {})
        if action == "appRoleAssignedTo":
            if len(rest) == 3 and method == "DELETE":
                return self._unassign(token, sp, rest[2])
            if len(rest) > 2:
                raise _method()
            if method == "GET":
                return Reply(200, {"value": [a.json(self) for a in self.assignments.values()
                                             if a.resource_id == sp.id]}, {})
            if method == "POST":
                return self._assign(token, sp, body)
        if action == "appRoleAssignments" and len(rest) == 2 and method == "GET":
            self._need_scope(token, "Application.Read.All", "Application.ReadWrite.All")
            return Reply(200, {"value": [a.json(self) for a in self.assignments.values()
                                         if a.principal_id == sp.id]}, {})
        raise _method()

    def _delete_sp(self, sp: ServicePrincipal) -> None:
        self.service_principals.pop(sp.id, None)
        for key in [k for k, a in self.assignments.items() if sp.id in (a.principal_id, a.resource_id)]:
            del self.assignments[key]

    def _need_granter(self, token: TokenInfo, resource: ServicePrincipal) -> None:
        self._need_scope(token, "AppRoleAssignment.ReadWrite.All")
        user = token.user
        assert user is not None
        granters = GRAPH_ROLE_GRANTERS if resource.app_id == data.GRAPH_APP_ID else OTHER_ROLE_GRANTERS
        if not set(user.directory_roles) & granters:
            raise GraphError(403, "Authorization_RequestDenied", INSUFFICIENT)

    def _unassign(self, token: TokenInfo, resource: ServicePrincipal, assignment_id: str) -> Reply:
        self._need_granter(token, resource)
        asg = self.assignments.get(assignment_id)
        if asg is None or asg.resource_id != resource.id:
            raise _not_found(assignment_id)
        del self.assignments[assignment_id]
        return Reply(204, {}, {})

    def _assign(self, token: TokenInfo, resource: ServicePrincipal, body: dict[str, Any]) -> Reply:
        self._need_granter(token, resource)
        principal_id = str(body.get("principalId", ""))
        resource_id = str(body.get("resourceId", ""))
        role_id = str(body.get("appRoleId", ""))
        if resource_id != resource.id:
            raise GraphError(400, "Request_BadRequest", "The resourceId does not match the service principal in the "
                             "request URL.")
        if principal_id not in self.service_principals:
            raise GraphError(404, "Request_ResourceNotFound", f"Resource '{principal_id}' does not exist or one of "
                             "its queried reference-property objects are not present.")
        if role_id not in resource.app_roles.values():
            raise GraphError(400, "Request_BadRequest", "Permission being assigned was not found on application "
                             f"'{resource.app_id}'.")
        if any(a.principal_id == principal_id and a.resource_id == resource_id and a.app_role_id == role_id
               for a in self.assignments.values()):
            raise GraphError(409, "Request_BadRequest", "Permission being assigned already exists on the object.")
        asg = Assignment(base64.urlsafe_b64encode(uuid.uuid4().bytes + uuid.uuid4().bytes[:8]).decode().rstrip("="),
                         principal_id, resource_id, role_id, datetime.now(UTC),
                         time.time() + self.role_propagation_seconds)
        self.assignments[asg.id] = asg
        return Reply(201, asg.json(self), {})


def _parse_time(value: Any, name: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        t = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise GraphError(400, "BadRequest", f"Invalid value for '{name}'.") from None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _not_found(key: str) -> GraphError:
    return GraphError(404, "Request_ResourceNotFound",
                      f"Resource '{key}' does not exist or one of its queried reference-property objects are not "
                      "present.")


def _method() -> GraphError:
    return GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.")
