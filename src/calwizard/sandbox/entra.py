"""Simulated Entra ID (Microsoft identity platform v2) on ``login.sandbox.test``.

Endpoints (``{tenant}`` = tenant GUID, a verified domain, ``common`` or ``organizations``):

* ``GET /{tenant}/v2.0/.well-known/openid-configuration`` — OpenID Connect discovery ("OpenID Connect on
  the Microsoft identity platform"); unknown tenants get AADSTS90002 like Entra.
* ``GET /{tenant}/discovery/v2.0/keys`` — the JWKS with the token-signing key.
* ``POST /{tenant}/oauth2/v2.0/token`` — grants ``client_credentials`` (client secret or certificate
  assertion, "Microsoft identity platform and the OAuth 2.0 client credentials flow"),
  ``authorization_code`` with PKCE and ``refresh_token`` ("... OAuth 2.0 authorization code flow").
* ``GET /{tenant}/oauth2/v2.0/authorize`` — a minimal sign-in form; its POST back to the same URL
  redirects to ``redirect_uri?code=…&state=…``.
  A "Cancel" on that form returns ``error=access_denied`` (AADSTS65004, "User declined to consent").
* ``POST /{tenant}/oauth2/v2.0/devicecode`` and ``GET|POST /devicelogin`` — the device authorization grant
  ("Microsoft identity platform and the OAuth 2.0 device authorization grant flow"): the token endpoint answers
  ``authorization_pending`` until the user entered the code and signed in on ``/devicelogin``.
* ``GET /_sandbox/credentials/{name}`` — the sandbox's public demo credentials (see :mod:`data`).

Apps created through Microsoft Graph (:mod:`calwizard.sandbox.directory`) authenticate like the seeded ones.
Delegated tokens of users with directory roles carry them in ``wids`` (role template IDs).

Errors use Entra's JSON shape (``error``, ``error_description`` = ``AADSTSnnnn: …`` + Trace ID /
Correlation ID / Timestamp lines, ``error_codes``, ``timestamp``, ``trace_id``, ``correlation_id``,
``error_uri``), see "Microsoft Entra authentication and authorization error codes".

Access tokens are RS256 JWTs signed with the JWKS key: ``aud`` (resource URI), ``iss``, ``tid``,
``appid``/``azp``, ``oid``, ``iat``/``nbf``/``exp`` and ``roles`` (app-only; absent without admin
consent) or ``scp`` + ``upn`` (delegated).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from calwizard.sandbox import data
from calwizard.sandbox.certs import SandboxKeys, x5t, x5t_s256

log = logging.getLogger("calwizard.sandbox")

BASE = f"https://{data.LOGIN_HOST}"
TOKEN_LIFETIME = 3600
CODE_LIFETIME = 600
REFRESH_LIFETIME = 90 * 24 * 3600
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MULTI_TENANT_ALIASES = ("common", "organizations")


def issuer(tenant_id: str) -> str:
    return f"{BASE}/{tenant_id}/v2.0"


def token_endpoint(tenant: str) -> str:
    return f"{BASE}/{tenant}/oauth2/v2.0/token"


def _b64url_json(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode().rstrip("=")


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def aad_error(status: int, error: str, code: int, message: str, *, correlation_id: str | None = None) -> web.Response:
    """An Entra error response (JSON) for AADSTS ``code``."""
    trace_id = str(uuid.uuid4())
    correlation_id = correlation_id or str(uuid.uuid4())
    ts = _timestamp()
    body = {
        "error": error,
        "error_description": f"AADSTS{code}: {message}\r\nTrace ID: {trace_id}\r\n"
        f"Correlation ID: {correlation_id}\r\nTimestamp: {ts}",
        "error_codes": [code],
        "timestamp": ts,
        "trace_id": trace_id,
        "correlation_id": correlation_id,
        "error_uri": f"{BASE}/error?code={code}",
    }
    log.info("entra: AADSTS%s (%s) -> HTTP %s", code, error, status)
    return web.json_response(body, status=status, headers={"x-ms-request-id": trace_id})


class AadError(Exception):
    """Raised inside handlers; converted to :func:`aad_error`."""

    def __init__(self, status: int, error: str, code: int, message: str) -> None:
        super().__init__(f"AADSTS{code}")
        self.status, self.error, self.code, self.message = status, error, code, message


def _tenant_not_found(name: str) -> AadError:
    return AadError(
        400,
        "invalid_tenant",
        90002,
        f"Tenant '{name}' not found. Check to make sure you have the correct tenant ID and are signing into the "
        "correct cloud. Check with your subscription administrator, this may happen if there are no active "
        "subscriptions for the tenant.",
    )


# ------------------------------------------------------------------------------------------ state


@dataclass
class _SignIn:
    """A pending authorize request (between the form GET and its POST)."""

    tenant_path: str
    app: data.AppRegistration
    params: dict[str, str]
    expires: float


@dataclass
class _Grant:
    """What an authorization code or a refresh token stands for."""

    tenant: data.CloudTenant
    app: data.AppRegistration
    user: data.Mailbox
    scopes: tuple[str, ...]
    redirect_uri: str = ""
    code_challenge: str = ""
    code_challenge_method: str = ""
    nonce: str = ""
    expires: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _DeviceCode:
    """A device authorization request ("Microsoft identity platform and the OAuth 2.0 device authorization grant
    flow"): pending until the user enters ``user_code`` at the verification page and signs in."""

    user_code: str
    tenant_path: str
    app: data.AppRegistration
    scope: str
    expires: float
    state: str = "pending"  # pending | approved | declined
    grant: _Grant | None = None


DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
DEVICE_CODE_LIFETIME = 900
DEVICE_CODE_INTERVAL = 1
DEVICE_LOGIN_URL = f"{BASE}/devicelogin"


@dataclass(frozen=True)
class TokenInfo:
    """A validated access token, as the resource servers (EWS, Autodiscover) see it."""

    claims: dict[str, Any]
    tenant: data.CloudTenant
    app: data.AppRegistration | None
    user: data.Mailbox | None

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(self.claims.get("roles") or ())

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple((self.claims.get("scp") or "").split())

    @property
    def is_app_only(self) -> bool:
        return self.claims.get("idtyp") == "app"


class TokenError(Exception):
    """An access token is not acceptable; ``diagnostics`` is Exchange's ``x-ms-diagnostics`` value."""

    def __init__(self, diagnostics: str) -> None:
        super().__init__(diagnostics)
        self.diagnostics = diagnostics


DIAG_NO_PERMISSIONS = (
    '2000008;reason="The token contains no permissions, or permissions can not be understood.";'
    'error_category="invalid_grant"'
)
DIAG_EXPIRED = '2000002;reason="The token has expired.";error_category="invalid_token"'
DIAG_BAD_SIGNATURE = '2000000;reason="The token has an invalid signature.";error_category="invalid_signature"'
DIAG_UNPARSABLE = (
    '2000001;reason="OAuth token submitted with the request cannot be parsed.";error_category="invalid_token"'
)
DIAG_BAD_AUDIENCE = '2000003;reason="The audience claim value is invalid \'aud\'.";error_category="invalid_resource"'
DIAG_BAD_TENANT = '2000004;reason="The tenant for tenant guid does not exist.";error_category="invalid_tenant"'
DIAG_NO_TOKEN = (
    '2000000;reason="The Authorization header is missing or is not a bearer token.";error_category="invalid_user"'
)


# ------------------------------------------------------------------------------------------ Entra


class Entra:
    """The identity provider: token minting and validation, and the ``login.sandbox.test`` handlers."""

    def __init__(self, keys: SandboxKeys) -> None:
        self.keys = keys
        self._public_key = keys.signing_cert.public_key()
        self._kid = keys.signing_kid
        self._app_certs: dict[str, tuple[x509.Certificate, ...]] = {
            data.APP_OK_CLIENT_ID: (keys.app_ok_cert,),
        }
        self._signins: dict[str, _SignIn] = {}
        self._codes: dict[str, _Grant] = {}
        self._issued: set[str] = set()
        self._expired: set[str] = set()
        self._refresh_tokens: dict[str, _Grant] = {}
        self._device_codes: dict[str, _DeviceCode] = {}
        self.directory: Any = None
        """The writable directory (:class:`calwizard.sandbox.directory.Directory`): apps created through Graph."""

    def find_app(self, client_id: str) -> data.AppRegistration | None:
        """A seeded app registration, or one created through Microsoft Graph."""
        app = data.find_app(client_id)
        if app is None and self.directory is not None:
            app = self.directory.registration(client_id)
        return app

    def set_app_certificates(self, client_id: str, certs: tuple[x509.Certificate, ...]) -> None:
        """The certificates an app's client assertions are verified with (uploaded keyCredentials)."""
        self._app_certs[client_id.lower()] = certs

    # ------------------------------------------------------------------------------ minting

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(
            claims, self.keys.signing_key, algorithm="RS256", headers={"kid": self._kid, "x5t": self._kid, "typ": "JWT"}
        )

    def issue_access_token(
        self,
        tenant: data.CloudTenant,
        resource: str,
        *,
        app: data.AppRegistration | None = None,
        user: data.Mailbox | None = None,
        roles: tuple[str, ...] | None = None,
        scopes: tuple[str, ...] | None = None,
        lifetime: int = TOKEN_LIFETIME,
        issued_at: int | None = None,
    ) -> str:
        """Mint an access token for ``resource``.

        App-only (``user`` None): ``roles`` defaults to the app's consented application permissions for
        the resource; no ``roles`` claim at all when there are none. Delegated (``user`` given): ``scp``
        = ``scopes`` (default: the app's consented delegated permissions) and ``upn``. Tests use
        ``lifetime``/``issued_at`` to mint expired tokens.
        """
        now = int(time.time()) if issued_at is None else issued_at
        client_id = app.client_id if app else str(uuid.UUID(int=0))
        claims: dict[str, Any] = {
            "aud": resource,
            "iss": issuer(tenant.tenant_id),
            "iat": now,
            "nbf": now,
            "exp": now + lifetime,
            "tid": tenant.tenant_id,
            "appid": client_id,
            "azp": client_id,
            "app_displayname": app.display_name if app else "",
            "uti": secrets.token_urlsafe(16),
            "ver": "2.0",
        }
        self._issued.add(claims["uti"])
        if user is None:
            granted = roles if roles is not None else (app.application_permissions.get(resource, ()) if app else ())
            claims.update({"idtyp": "app", "oid": data.object_id(client_id), "sub": data.object_id(client_id)})
            if granted:
                claims["roles"] = list(granted)
        else:
            granted = scopes if scopes is not None else (app.delegated_permissions.get(resource, ()) if app else ())
            claims.update(
                {
                    "idtyp": "user",
                    "oid": data.object_id(user.address),
                    "sub": data.stable_guid("sub", user.address, client_id),
                    "upn": user.address,
                    "unique_name": user.address,
                    "preferred_username": user.address,
                    "name": user.display_name,
                    "given_name": user.given_name,
                    "family_name": user.surname,
                }
            )
            if granted:
                claims["scp"] = " ".join(granted)
            if user.directory_roles:
                claims["wids"] = list(user.directory_roles)
        return self._sign(claims)

    def _id_token(self, grant: _Grant, nonce: str = "") -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "aud": grant.app.client_id,
            "iss": issuer(grant.tenant.tenant_id),
            "iat": now,
            "nbf": now,
            "exp": now + TOKEN_LIFETIME,
            "name": grant.user.display_name,
            "oid": data.object_id(grant.user.address),
            "preferred_username": grant.user.address,
            "sub": data.stable_guid("sub", grant.user.address, grant.app.client_id),
            "tid": grant.tenant.tenant_id,
            "uti": secrets.token_urlsafe(16),
            "ver": "2.0",
        }
        if nonce:
            claims["nonce"] = nonce
        return self._sign(claims)

    def expire_issued_tokens(self) -> int:
        """Make every access token issued so far fail validation as expired (as if their lifetime had run out
        early, e.g. after a revocation), so clients must fetch new ones; returns how many."""
        issued = set(self._issued)
        self._expired |= issued
        return len(issued)

    # ------------------------------------------------------------------------------ validation

    def validate_access_token(self, token: str, audiences: tuple[str, ...]) -> TokenInfo:
        """Validate signature, audience, lifetime and issuer. Raises :class:`TokenError`."""
        try:
            claims = jwt.decode(
                token,
                self._public_key,
                algorithms=["RS256"],
                audience=list(audiences),
                options={"require": ["exp", "iat", "aud", "iss", "tid"]},
                leeway=0,
            )
        except jwt.ExpiredSignatureError:
            raise TokenError(DIAG_EXPIRED) from None
        except jwt.InvalidAudienceError:
            raise TokenError(DIAG_BAD_AUDIENCE) from None
        except jwt.InvalidSignatureError:
            raise TokenError(DIAG_BAD_SIGNATURE) from None
        except jwt.PyJWTError:
            raise TokenError(DIAG_UNPARSABLE) from None
        if claims.get("uti") in self._expired:
            raise TokenError(DIAG_EXPIRED)
        tenant = data.find_tenant(str(claims.get("tid", "")))
        if tenant is None or claims.get("iss") != issuer(tenant.tenant_id):
            raise TokenError(DIAG_BAD_TENANT)
        app = self.find_app(str(claims.get("appid", "")))
        user = None
        if claims.get("idtyp") == "user":
            found = data.find_mailbox(str(claims.get("upn", "")))
            user = found[1] if found else None
        return TokenInfo(claims=claims, tenant=tenant, app=app, user=user)

    # ------------------------------------------------------------------------------ routing

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Dispatch a request to ``login.sandbox.test``."""
        parts = [p for p in request.path.split("/") if p]
        try:
            if len(parts) == 3 and parts[0] == "_sandbox" and parts[1] == "credentials":
                return self._credential(parts[2])
            if parts == ["error"]:
                return self._error_page(request)
            if parts == ["devicelogin"]:
                return await self._device_login(request)
            if len(parts) >= 2:
                tenant_path, rest = parts[0], "/".join(parts[1:])
                if rest == "v2.0/.well-known/openid-configuration" and request.method == "GET":
                    return self._openid_configuration(tenant_path)
                if rest in ("discovery/v2.0/keys", "discovery/keys") and request.method == "GET":
                    return self._jwks(tenant_path)
                if rest == "oauth2/v2.0/token" and request.method == "POST":
                    return await self._token(request, tenant_path)
                if rest == "oauth2/v2.0/devicecode" and request.method == "POST":
                    return await self._device_authorization(request, tenant_path)
                if rest == "oauth2/v2.0/authorize" and request.method == "GET":
                    return self._authorize_get(request, tenant_path)
                if rest == "oauth2/v2.0/authorize" and request.method == "POST":
                    return await self._authorize_post(request, tenant_path)
        except AadError as e:
            return aad_error(
                e.status, e.error, e.code, e.message, correlation_id=request.headers.get("client-request-id")
            )
        return web.json_response({"error": "not_found"}, status=404)

    # ------------------------------------------------------------------------------ simple endpoints

    def _credential(self, name: str) -> web.Response:
        if name not in data.DEMO_CREDENTIALS:
            return web.json_response({"error": "unknown_credential", "name": name}, status=404)
        log.info("entra: handed out demo credential %r", name)
        return web.json_response({"value": data.DEMO_CREDENTIALS[name]})

    def _error_page(self, request: web.Request) -> web.Response:
        code = html.escape(request.query.get("code", ""))
        return web.Response(
            text=f"<html><body><h1>AADSTS{code}</h1><p>calwizard sandbox</p></body></html>", content_type="text/html"
        )

    def _resolve_tenant_path(self, tenant_path: str) -> data.CloudTenant | None:
        """The tenant of a path segment; None for ``common``/``organizations``. Raises 90002 if unknown."""
        if tenant_path.lower() in MULTI_TENANT_ALIASES:
            return None
        tenant = data.find_tenant(tenant_path)
        if tenant is None:
            raise _tenant_not_found(tenant_path)
        return tenant

    def _openid_configuration(self, tenant_path: str) -> web.Response:
        tenant = self._resolve_tenant_path(tenant_path)
        tid = tenant.tenant_id if tenant else "{tenantid}"
        seg = tenant.tenant_id if tenant else tenant_path.lower()
        doc = {
            "token_endpoint": token_endpoint(seg),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": f"{BASE}/{seg}/discovery/v2.0/keys",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": issuer(tid),
            "request_uri_parameter_supported": False,
            "userinfo_endpoint": f"https://{data.GRAPH_HOST}/oidc/userinfo",
            "authorization_endpoint": f"{BASE}/{seg}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{BASE}/{seg}/oauth2/v2.0/devicecode",
            "http_logout_supported": True,
            "frontchannel_logout_supported": True,
            "end_session_endpoint": f"{BASE}/{seg}/oauth2/v2.0/logout",
            "claims_supported": [
                "sub",
                "iss",
                "cloud_instance_name",
                "cloud_instance_host_name",
                "cloud_graph_host_name",
                "msgraph_host",
                "aud",
                "exp",
                "iat",
                "auth_time",
                "acr",
                "nonce",
                "preferred_username",
                "name",
                "tid",
                "ver",
                "at_hash",
                "c_hash",
                "email",
            ],
            "kerberos_endpoint": f"{BASE}/{seg}/kerberos",
            "tenant_region_scope": "EU",
            "cloud_instance_name": "sandbox.test",
            "cloud_graph_host_name": data.GRAPH_HOST,
            "msgraph_host": data.GRAPH_HOST,
            "rbac_url": "https://pas.sandbox.test",
        }
        log.info("entra: openid-configuration for %s", tenant_path)
        return web.json_response(doc)

    def _jwks(self, tenant_path: str) -> web.Response:
        tenant = self._resolve_tenant_path(tenant_path)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._public_key))
        der = self.keys.signing_cert.public_bytes(serialization.Encoding.DER)
        key = {
            "kty": "RSA",
            "use": "sig",
            "kid": self._kid,
            "x5t": self._kid,
            "n": jwk["n"],
            "e": jwk["e"],
            "x5c": [base64.b64encode(der).decode()],
            "issuer": issuer(tenant.tenant_id if tenant else "{tenantid}"),
        }
        return web.json_response({"keys": [key]})

    # ------------------------------------------------------------------------------ scopes

    @staticmethod
    def _parse_scopes(scope: str) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
        """Split a scope parameter into (resource, permissions, oidc scopes).

        Raises AadError 70011 for malformed/unknown scopes, 28000 for several resources, 500011 for an
        unknown resource.
        """
        resources: set[str] = set()
        perms: list[str] = []
        oidc: list[str] = []
        unknown_resource = None
        for item in scope.split():
            if item.lower() in data.OIDC_SCOPES:
                oidc.append(item.lower())
                continue
            if "/" in item:
                res, _, perm = item.rpartition("/")
            else:
                res, perm = data.GRAPH_RESOURCE, item
            by_app_id = {v: k for k, v in data.RESOURCES.items()}
            res = by_app_id.get(res.lower(), res.rstrip("/").lower())
            parsed = urlsplit(res)
            if not perm or (parsed.scheme not in ("https", "api") and res not in data.RESOURCES):
                raise _invalid_scope(scope)
            if res not in data.RESOURCES:
                unknown_resource = res
            resources.add(res)
            perms.append(perm)
        if len(resources) > 1:
            raise AadError(
                400,
                "invalid_request",
                28000,
                f"Provided value for the input parameter scope '{scope}' is not valid because it contains "
                "more than one resource. Scope " + scope + " is not valid.",
            )
        if unknown_resource is not None:
            raise AadError(
                400,
                "invalid_resource",
                500011,
                f"The resource principal named {unknown_resource} was not found in the tenant. This can "
                "happen if the application has not been installed by the administrator of the tenant or "
                "consented to by any user in the tenant. You might have sent your authentication request "
                "to the wrong tenant.",
            )
        resource = next(iter(resources), None)
        if resource is not None:
            known = data.DELEGATED_PERMISSIONS.get(resource, ())
            for perm in perms:
                if perm != ".default" and perm not in known:
                    raise _invalid_scope(scope)
            if ".default" in perms and len(perms) > 1:
                raise _invalid_scope(scope)
        return resource, tuple(perms), tuple(oidc)

    # ------------------------------------------------------------------------------ token endpoint

    async def _token(self, request: web.Request, tenant_path: str) -> web.Response:
        form = dict(await request.post())
        grant_type = str(form.get("grant_type", ""))
        client_id = str(form.get("client_id", "")).lower()
        tenant = self._resolve_tenant_path(tenant_path)
        log.info("entra: token request grant_type=%s tenant=%s client_id=%s", grant_type, tenant_path, client_id)
        basic = request.headers.get("Authorization", "")
        if basic.lower().startswith("basic "):
            try:
                cid, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
            except ValueError:
                cid, secret = "", ""
            client_id = client_id or cid.lower()
            form.setdefault("client_secret", secret)
        if not client_id:
            raise AadError(
                400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'."
            )
        if grant_type == "client_credentials":
            if tenant is None:
                raise AadError(
                    400,
                    "invalid_request",
                    9001023,
                    "The grant type is not supported over the /common or /consumers endpoints. Please use "
                    "the /organizations or tenant-specific endpoint.",
                )
            app = self._app_in_tenant(client_id, tenant)
            self._authenticate_client(app, tenant, form, public_allowed=False)
            return self._client_credentials(app, tenant, str(form.get("scope", "")))
        if grant_type == "authorization_code":
            return self._redeem_code(form, tenant, client_id)
        if grant_type == "refresh_token":
            return self._redeem_refresh_token(form, tenant, client_id)
        if grant_type == DEVICE_CODE_GRANT:
            return self._redeem_device_code(form, client_id)
        raise AadError(
            400, "unsupported_grant_type", 70003, f"The app requested an unsupported grant type '{grant_type}'."
        )

    def _app_in_tenant(self, client_id: str, tenant: data.CloudTenant) -> data.AppRegistration:
        for app in tenant.apps:
            if app.client_id == client_id:
                return app
        created = self.directory.registration(client_id) if self.directory is not None else None
        if created is not None and created.tenant_key == tenant.key:
            return created
        raise AadError(
            400,
            "unauthorized_client",
            700016,
            f"Application with identifier '{client_id}' was not found in the directory '{tenant.display_name}'. This "
            "can happen if the application has not been installed by the administrator of the tenant or consented to "
            "by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
        )

    def _authenticate_client(
        self, app: data.AppRegistration, tenant: data.CloudTenant, form: dict[str, Any], *, public_allowed: bool
    ) -> None:
        secret = str(form.get("client_secret", ""))
        assertion = str(form.get("client_assertion", ""))
        if secret:
            now = datetime.now(UTC)
            for s in app.secrets:
                if secrets.compare_digest(s.secret_value, secret):
                    if s.expires <= now:
                        break
                    return
            else:
                if not app.secrets or any(s.expires > now for s in app.secrets):
                    raise AadError(
                        401,
                        "invalid_client",
                        7000215,
                        "Invalid client secret provided. Ensure the secret being sent in the request is the client "
                        f"secret value, not the client secret ID, for a secret added to app '{app.client_id}'.",
                    )
            raise AadError(
                401,
                "invalid_client",
                7000222,
                f"The provided client secret keys for app '{app.client_id}' are expired. Visit the Azure portal to "
                "create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate "
                "credentials for added security: https://aka.ms/certCreds.",
            )
        if assertion:
            if form.get("client_assertion_type") != ASSERTION_TYPE:
                raise AadError(
                    400,
                    "invalid_request",
                    700027,
                    "Client assertion type is not 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
                )
            self._check_assertion(app, tenant, assertion)
            return
        if public_allowed and app.public_client:
            return
        raise AadError(
            401,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        )

    def _check_assertion(self, app: data.AppRegistration, tenant: data.CloudTenant, assertion: str) -> None:
        """Verify a certificate client assertion (RFC 7523 / "Microsoft identity platform certificate credentials")."""
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError:
            raise AadError(401, "invalid_client", 700027, "Client assertion is not a valid JWT.") from None
        certs = self._app_certs.get(app.client_id, ())
        cert = None
        thumb = str(header.get("x5t#S256") or header.get("x5t") or "")
        given_s256 = str(header.get("x5t#S256") or "").rstrip("=")
        given_s1 = str(header.get("x5t") or "").rstrip("=")
        for c in certs:
            if (given_s256 and given_s256 == x5t_s256(c)) or (given_s1 and given_s1 == x5t(c)):
                cert = c
                break
        if cert is None:
            try:
                shown = base64.urlsafe_b64decode(thumb + "=" * (-len(thumb) % 4)).hex().upper()
            except ValueError:
                shown = thumb
            raise AadError(
                401,
                "invalid_client",
                700027,
                "Client assertion failed signature validation. [Reason - The key was not found., "
                f"Thumbprint of key used by client: '{shown}', Please visit the Azure Portal, Graph Explorer or "
                f"directly use MS Graph to see configured keys for app Id '{app.client_id}'.]",
            )
        alg = header.get("alg")
        if alg not in ("RS256", "PS256"):
            raise AadError(
                401, "invalid_client", 700027, f"Client assertion contains an unsupported signing algorithm '{alg}'."
            )
        audiences = [token_endpoint(alias) for alias in (tenant.tenant_id, *tenant.domains)]
        audiences += [f"{BASE}/{alias}/oauth2/token" for alias in (tenant.tenant_id, *tenant.domains)]
        try:
            claims = jwt.decode(
                assertion,
                cert.public_key(),
                algorithms=[alg],
                audience=audiences,
                leeway=300,
                options={"require": ["exp", "aud", "iss", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise AadError(
                401, "invalid_client", 700024, "Client assertion is not within its valid time range."
            ) from None
        except jwt.InvalidAudienceError:
            raise AadError(
                401,
                "invalid_client",
                700027,
                "Client assertion audience claim does not match Realm issuer (the token endpoint).",
            ) from None
        except jwt.InvalidSignatureError:
            raise AadError(401, "invalid_client", 700027, "Client assertion failed signature validation.") from None
        except jwt.PyJWTError as e:
            raise AadError(401, "invalid_client", 700027, f"Client assertion is invalid ({e}).") from None
        if claims.get("iss") != app.client_id or claims.get("sub") != app.client_id:
            raise AadError(
                401,
                "invalid_client",
                700027,
                "Client assertion contains an invalid 'iss' or 'sub' claim: both must be the client ID.",
            )

    def _client_credentials(self, app: data.AppRegistration, tenant: data.CloudTenant, scope: str) -> web.Response:
        items = scope.split()
        if len(items) != 1 or not items[0].endswith("/.default"):
            raise _invalid_scope(scope)
        resource, _, _ = self._parse_scopes(scope)
        if resource is None:
            raise _invalid_scope(scope)
        token = self.issue_access_token(tenant, resource, app=app)
        log.info(
            "entra: issued app-only token tenant=%s app=%s resource=%s roles=%s",
            tenant.key,
            app.key,
            resource,
            app.application_permissions.get(resource, ()),
        )
        return web.json_response(
            {
                "token_type": "Bearer",
                "expires_in": TOKEN_LIFETIME - 1,
                "ext_expires_in": TOKEN_LIFETIME - 1,
                "access_token": token,
            },
            headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
        )

    def _delegated_response(self, grant: _Grant, scope: str, nonce: str, client_info: bool) -> web.Response:
        resource, perms, oidc = self._parse_scopes(scope)
        resource = resource or data.GRAPH_RESOURCE
        consented = grant.app.delegated_permissions.get(resource, ())
        wanted = consented if (not perms or ".default" in perms) else perms
        if not consented or any(p not in consented for p in wanted):
            raise AadError(
                400,
                "invalid_grant",
                65001,
                f"The user or administrator has not consented to use the application with ID '{grant.app.client_id}' "
                f"named '{grant.app.display_name}'. Send an interactive authorization request for this user and "
                "resource.",
            )
        access_token = self.issue_access_token(
            grant.tenant, resource, app=grant.app, user=grant.user, scopes=tuple(wanted)
        )
        body: dict[str, Any] = {
            "token_type": "Bearer",
            "scope": " ".join(f"{resource}/{p}" for p in wanted) + "".join(f" {o}" for o in oidc if o != "email"),
            "expires_in": TOKEN_LIFETIME - 1,
            "ext_expires_in": TOKEN_LIFETIME - 1,
            "access_token": access_token,
        }
        body["id_token"] = self._id_token(grant, nonce)
        rt = secrets.token_urlsafe(48)
        self._refresh_tokens[rt] = _Grant(
            tenant=grant.tenant,
            app=grant.app,
            user=grant.user,
            scopes=grant.scopes,
            expires=time.time() + REFRESH_LIFETIME,
        )
        body["refresh_token"] = rt
        if client_info:
            body["client_info"] = _b64url_json(
                {"uid": data.object_id(grant.user.address), "utid": grant.tenant.tenant_id}
            )
        log.info(
            "entra: issued delegated token tenant=%s app=%s user=%s resource=%s scp=%s",
            grant.tenant.key,
            grant.app.key,
            grant.user.address,
            resource,
            " ".join(wanted),
        )
        return web.json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    def _redeem_code(self, form: dict[str, Any], tenant: data.CloudTenant | None, client_id: str) -> web.Response:
        code = str(form.get("code", ""))
        grant = self._codes.pop(code, None)
        if grant is None or grant.expires < time.time():
            raise AadError(
                400,
                "invalid_grant",
                70008,
                "The provided authorization code or refresh token has expired due to inactivity. Send a "
                "new interactive authorization request for this user and resource.",
            )
        if grant.app.client_id != client_id:
            raise AadError(400, "invalid_grant", 70000, "The provided value for the 'code' parameter is not valid.")
        if tenant is not None and tenant.key != grant.tenant.key:
            raise AadError(
                400,
                "invalid_grant",
                70000,
                "The provided value for the 'code' parameter is not valid (issued for another tenant).",
            )
        if not _redirect_matches(str(form.get("redirect_uri", "")), grant.redirect_uri, exact=True):
            raise AadError(
                400,
                "invalid_grant",
                70000,
                "The 'redirect_uri' of the token request does not match the one of the authorization request.",
            )
        if grant.code_challenge:
            verifier = str(form.get("code_verifier", ""))
            if grant.code_challenge_method.upper() == "S256":
                computed = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
            else:
                computed = verifier
            if not verifier or not secrets.compare_digest(computed, grant.code_challenge):
                raise AadError(
                    400,
                    "invalid_grant",
                    501481,
                    "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
                )
        self._authenticate_client(grant.app, grant.tenant, form, public_allowed=True)
        scope = str(form.get("scope", "")) or " ".join(grant.scopes)
        return self._delegated_response(grant, scope, grant.nonce, str(form.get("client_info", "")) == "1")

    def _redeem_refresh_token(
        self, form: dict[str, Any], tenant: data.CloudTenant | None, client_id: str
    ) -> web.Response:
        grant = self._refresh_tokens.get(str(form.get("refresh_token", "")))
        if grant is None or grant.expires < time.time():
            raise AadError(
                400,
                "invalid_grant",
                9002313,
                "Invalid request. Request is malformed or invalid (refresh token unknown or expired).",
            )
        if grant.app.client_id != client_id:
            raise AadError(400, "invalid_grant", 70000, "The provided refresh token was issued to another client.")
        if tenant is not None and tenant.key != grant.tenant.key:
            raise AadError(400, "invalid_grant", 70000, "The refresh token was issued by another tenant.")
        self._authenticate_client(grant.app, grant.tenant, form, public_allowed=True)
        scope = str(form.get("scope", "")) or " ".join(grant.scopes)
        return self._delegated_response(grant, scope, "", str(form.get("client_info", "")) == "1")

    # ------------------------------------------------------------------------------ authorize (sign-in form)

    def _authorize_get(self, request: web.Request, tenant_path: str) -> web.Response:
        tenant = self._resolve_tenant_path(tenant_path)
        params = {k: v for k, v in request.query.items()}
        client_id = params.get("client_id", "").lower()
        app = self._app_in_tenant(client_id, tenant) if tenant else self.find_app(client_id)
        if app is None:
            return _error_html(700016, f"Application with identifier '{client_id}' was not found in the directory.")
        redirect_uri = params.get("redirect_uri", "")
        if not any(_redirect_matches(redirect_uri, r) for r in app.redirect_uris):
            return _error_html(
                50011,
                f"The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs "
                f"configured for the application '{app.client_id}'.",
            )
        if params.get("response_type") != "code":
            return _redirect_error(
                redirect_uri,
                params.get("state"),
                "unsupported_response_type",
                700054,
                "response_type must be 'code'.",
                params.get("response_mode", "query"),
            )
        if params.get("code_challenge") and params.get("code_challenge_method", "plain").upper() not in (
            "S256",
            "PLAIN",
        ):
            return _redirect_error(
                redirect_uri,
                params.get("state"),
                "invalid_request",
                501491,
                "Invalid size of Code_Challenge parameter or unsupported code_challenge_method.",
                params.get("response_mode", "query"),
            )
        try:
            self._parse_scopes(params.get("scope", ""))
        except AadError as e:
            return _redirect_error(
                redirect_uri, params.get("state"), e.error, e.code, e.message, params.get("response_mode", "query")
            )
        ctx = secrets.token_urlsafe(24)
        self._expire_signins()
        self._signins[ctx] = _SignIn(tenant_path=tenant_path, app=app, params=params, expires=time.time() + 900)
        log.info("entra: sign-in form for app=%s", app.key)
        return _signin_html(request.path, ctx, params.get("login_hint", ""), None)

    async def _authorize_post(self, request: web.Request, tenant_path: str) -> web.Response:
        form = await request.post()
        ctx = str(form.get("ctx", ""))
        signin = self._signins.get(ctx)
        if signin is None or signin.expires < time.time() or signin.tenant_path != tenant_path:
            return _error_html(50058, "The sign-in session expired or is unknown. Start the sign-in again.")
        if form.get("cancel"):  # the user closed the consent / sign-in page: "User declined to consent"
            del self._signins[ctx]
            return _redirect_error(signin.params.get("redirect_uri", ""), signin.params.get("state"), "access_denied",
                                   65004, "User declined to consent to access the app.",
                                   signin.params.get("response_mode", "query"))
        login = str(form.get("login", "")).strip().lower()
        password = str(form.get("passwd", ""))
        found = data.find_mailbox(login)
        path_tenant = self._resolve_tenant_path(tenant_path)
        if (
            found is None
            or not isinstance(found[0], data.CloudTenant)
            or (path_tenant is not None and found[0].key != path_tenant.key)
        ):
            log.info("entra: sign-in failed: unknown user")
            return _signin_html(
                request.path,
                ctx,
                login,
                "AADSTS50034: The user account does not exist in the directory. To sign into this "
                "application, the account must be added to the directory.",
            )
        tenant, user = found
        assert isinstance(tenant, data.CloudTenant)
        expected = data.DEMO_CREDENTIALS.get(user.password_credential or "", None)
        if expected is None or not secrets.compare_digest(expected, password):
            log.info("entra: sign-in failed for %s: AADSTS50126", user.address)
            return _signin_html(
                request.path,
                ctx,
                login,
                "AADSTS50126: Error validating credentials due to invalid username or password.",
            )
        if signin.app.tenant_key != tenant.key:
            return _redirect_error(
                signin.params.get("redirect_uri", ""),
                signin.params.get("state"),
                "unauthorized_client",
                700016,
                f"Application with identifier '{signin.app.client_id}' was not found in the "
                f"directory '{tenant.display_name}'.",
                signin.params.get("response_mode", "query"),
            )
        del self._signins[ctx]
        params = signin.params
        code = secrets.token_urlsafe(48)
        self._codes[code] = _Grant(
            tenant=tenant,
            app=signin.app,
            user=user,
            scopes=tuple(params.get("scope", "").split()),
            redirect_uri=params.get("redirect_uri", ""),
            code_challenge=params.get("code_challenge", ""),
            code_challenge_method=params.get("code_challenge_method", "plain"),
            nonce=params.get("nonce", ""),
            expires=time.time() + CODE_LIFETIME,
        )
        query = {"code": code}
        if "state" in params:
            query["state"] = params["state"]
        query["session_state"] = str(uuid.uuid4())
        log.info(
            "entra: sign-in of %s for app=%s, returning the code (%s)",
            user.address,
            signin.app.key,
            params.get("response_mode", "query"),
        )
        return _to_client(params["redirect_uri"], query, params.get("response_mode", "query"))

    # ------------------------------------------------------------------------------ device code flow

    async def _device_authorization(self, request: web.Request, tenant_path: str) -> web.Response:
        """``POST /{tenant}/oauth2/v2.0/devicecode``: device_code, user_code, verification_uri, interval."""
        form = dict(await request.post())
        tenant = self._resolve_tenant_path(tenant_path)
        client_id = str(form.get("client_id", "")).lower()
        app = self._app_in_tenant(client_id, tenant) if tenant else self.find_app(client_id)
        if app is None:
            raise AadError(400, "unauthorized_client", 700016,
                           f"Application with identifier '{client_id}' was not found in the directory.")
        if not app.public_client:
            raise AadError(400, "invalid_client", 7000218, "The request body must contain the following parameter: "
                           "'client_assertion' or 'client_secret'.")
        scope = str(form.get("scope", ""))
        self._parse_scopes(scope)
        device_code = secrets.token_urlsafe(48)
        user_code = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(9))
        self._device_codes[device_code] = _DeviceCode(user_code, tenant_path, app, scope,
                                                      time.time() + DEVICE_CODE_LIFETIME)
        log.info("entra: device code issued for app=%s", app.key)
        return web.json_response({
            "device_code": device_code, "user_code": user_code, "verification_uri": DEVICE_LOGIN_URL,
            "expires_in": DEVICE_CODE_LIFETIME, "interval": DEVICE_CODE_INTERVAL,
            "message": f"To sign in, use a web browser to open the page {DEVICE_LOGIN_URL} and enter the code "
            f"{user_code} to authenticate.",
        })

    async def _device_login(self, request: web.Request) -> web.Response:
        """The verification page: the user enters the code and signs in (or cancels)."""
        if request.method == "GET":
            return _device_html("", None)
        form = await request.post()
        code = str(form.get("otc", "")).strip().upper()
        entry = next((d for d in self._device_codes.values() if d.user_code == code and d.state == "pending"), None)
        if entry is None or entry.expires < time.time():
            return _device_html("", "AADSTS70000: The code you entered has expired or is not valid.")
        if form.get("cancel"):
            entry.state = "declined"
            return web.Response(text="<html><body><p id='done'>Sign-in cancelled.</p></body></html>",
                                content_type="text/html")
        login = str(form.get("login", "")).strip().lower()
        found = data.find_mailbox(login)
        expected = data.DEMO_CREDENTIALS.get(found[1].password_credential or "") if found else None
        if (found is None or not isinstance(found[0], data.CloudTenant) or expected is None
                or not secrets.compare_digest(expected, str(form.get("passwd", "")))):
            return _device_html(code, "AADSTS50126: Error validating credentials due to invalid username or password.")
        tenant, user = found
        assert isinstance(tenant, data.CloudTenant)
        if entry.app.tenant_key != tenant.key:
            return _device_html(code, f"AADSTS700016: Application with identifier '{entry.app.client_id}' was not "
                                f"found in the directory '{tenant.display_name}'.")
        entry.state = "approved"
        entry.grant = _Grant(tenant=tenant, app=entry.app, user=user, scopes=tuple(entry.scope.split()))
        log.info("entra: device code approved by %s", user.address)
        return web.Response(text="<html><body><p id='done'>You have signed in. You may now close this window."
                            "</p></body></html>", content_type="text/html")

    def _redeem_device_code(self, form: dict[str, Any], client_id: str) -> web.Response:
        code = str(form.get("device_code", ""))
        entry = self._device_codes.get(code)
        if entry is None or entry.app.client_id != client_id:
            raise AadError(400, "bad_verification_code", 70000, "The device code is not valid.")
        if entry.expires < time.time():
            del self._device_codes[code]
            raise AadError(400, "expired_token", 70020, "The provided value for the input parameter 'device_code' "
                           "is not valid. This device code has expired.")
        if entry.state == "declined":
            del self._device_codes[code]
            raise AadError(400, "authorization_declined", 70000, "The end user declined the authorization request.")
        if entry.state == "pending" or entry.grant is None:
            raise AadError(400, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is "
                           "pending. Continue polling.")
        del self._device_codes[code]
        return self._delegated_response(entry.grant, entry.scope, "", str(form.get("client_info", "")) == "1")

    def _expire_signins(self) -> None:
        now = time.time()
        for store in (self._signins, self._codes):
            for key in [k for k, v in store.items() if v.expires < now]:
                del store[key]


def _invalid_scope(scope: str) -> AadError:
    return AadError(
        400,
        "invalid_scope",
        70011,
        f"The provided request must include a 'scope' input parameter. The provided value for the input "
        f"parameter 'scope' is not valid. The scope {scope} is not valid.",
    )


def _redirect_matches(given: str, registered: str, *, exact: bool = False) -> bool:
    """Entra's redirect URI matching: exact, except that the port of ``http://localhost`` is ignored."""
    if not given:
        return False
    g, r = urlsplit(given), urlsplit(registered)
    if exact:
        return given == registered
    if g.scheme != r.scheme or (g.hostname or "") != (r.hostname or ""):
        return False
    if (g.path or "/") != (r.path or "/"):
        return False
    if g.hostname in ("localhost", "127.0.0.1") and g.scheme == "http":
        return True
    return g.port == r.port


def _to_client(redirect_uri: str, values: dict[str, str], response_mode: str) -> web.Response:
    """Deliver an authorization response: 302 with a query string, or an auto-submitted form (form_post)."""
    if response_mode == "form_post":
        inputs = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in values.items()
        )
        text = (
            "<!DOCTYPE html><html><head><title>Working...</title></head><body>"
            f'<form id="response" method="post" action="{html.escape(redirect_uri)}">{inputs}'
            '<noscript><button type="submit">Continue</button></noscript></form>'
            "<script>document.forms[0].submit();</script></body></html>"
        )
        return web.Response(text=text, content_type="text/html")
    sep = "&" if "?" in redirect_uri else "?"
    raise web.HTTPFound(redirect_uri + sep + urlencode(values))


def _redirect_error(
    redirect_uri: str, state: str | None, error: str, code: int, message: str, response_mode: str = "query"
) -> web.Response:
    values = {"error": error, "error_description": f"AADSTS{code}: {message}", "error_uri": f"{BASE}/error?code={code}"}
    if state:
        values["state"] = state
    log.info("entra: authorize error AADSTS%s returned to the client", code)
    return _to_client(redirect_uri, values, response_mode)


def _error_html(code: int, message: str) -> web.Response:
    text = (
        "<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body>"
        f'<h1>Sorry, but we\'re having trouble signing you in.</h1><p id="error">AADSTS{code}: '
        f"{html.escape(message)}</p></body></html>"
    )
    log.info("entra: authorize error page AADSTS%s", code)
    return web.Response(text=text, content_type="text/html", status=400)


def _device_html(code: str, error: str | None) -> web.Response:
    err = f'<p id="error" role="alert">{html.escape(error)}</p>' if error else ""
    text = (
        "<!DOCTYPE html><html><head><title>Enter code</title></head><body><h1>calwizard sandbox — enter code</h1>"
        f'{err}<form id="devicelogin" method="post" action="/devicelogin">'
        f'<label>Code <input name="otc" value="{html.escape(code)}"></label>'
        '<label>User name <input type="email" name="login"></label>'
        '<label>Password <input type="password" name="passwd"></label>'
        '<button type="submit">Sign in</button><button type="submit" name="cancel" value="1">Cancel</button>'
        "</form></body></html>"
    )
    return web.Response(text=text, content_type="text/html")


def _signin_html(action: str, ctx: str, login: str, error: str | None) -> web.Response:
    err = f'<p id="error" role="alert">{html.escape(error)}</p>' if error else ""
    text = (
        "<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body>"
        "<h1>calwizard sandbox — sign in</h1>"
        f'{err}<form id="signin" method="post" action="{html.escape(action)}">'
        f'<input type="hidden" name="ctx" value="{html.escape(ctx)}">'
        f'<label>User name <input type="email" name="login" value="{html.escape(login)}"></label>'
        '<label>Password <input type="password" name="passwd"></label>'
        '<button type="submit">Sign in</button><button type="submit" name="cancel" value="1">Cancel</button>'
        "</form></body></html>"
    )
    return web.Response(text=text, content_type="text/html")


def certificate_thumbprint_sha1(cert: x509.Certificate) -> str:
    """Upper-case hex SHA-1 thumbprint (as the Entra portal shows it)."""
    return cert.fingerprint(hashes.SHA1()).hex().upper()
