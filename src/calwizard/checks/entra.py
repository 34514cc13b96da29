"""Entra ID checks (cloud sync types): tenant, token, permissions.

1. ``entra.tenant`` — OpenID Connect discovery for the tenant (Microsoft identity platform:
   "OpenID Connect on the Microsoft identity platform", ``/{tenant}/v2.0/.well-known/openid-configuration``);
   an unknown tenant answers 400 with AADSTS90002.
2. ``entra.token`` — a token is issued: client credentials with the client secret or the
   certificate assertion (app-only), or silently from the signed-in user's cached refresh
   token (delegated). AADSTS errors are mapped to remedies (:mod:`calwizard.exchange.entra`).
3. ``entra.permissions`` — the token carries what the sync type needs: ``full_access_as_app``
   in ``roles`` (app-only; a token without ``roles`` means admin consent is missing) or
   ``EWS.AccessAsUser.All`` in ``scp`` (delegated); for ``cloud_graph``, Microsoft Graph's ``Calendars.Read``
   (or ``Calendars.ReadBasic``) in ``roles``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from calwizard.checks.base import CheckResult, CheckStatus, failed, ok, warning
from calwizard.checks.context import CheckContext
from calwizard.errors import NetworkError, UserFacingError
from calwizard.exchange import entra
from calwizard.exchange.clouds import (
    EWS_DELEGATED_SCOPE,
    FULL_ACCESS_AS_APP,
    endpoints_for,
)
from calwizard.exchange.neterrors import translate_network_error
from calwizard.i18n import QT_TRANSLATE_NOOP, translate
from calwizard.settings.model import SyncType


def _net_failed(id: str, what: str, exc: NetworkError) -> CheckResult:
    return failed(id, f"{what}: {exc.message}", remedy=exc.remedy or "", detail=exc.detail, host=exc.host,
                  url=exc.url)


async def check_tenant(ctx: CheckContext) -> CheckResult:
    """Fetch the tenant's OpenID configuration; facts["tenant"] gets issuer and token endpoint."""
    import aiohttp

    ex = ctx.settings.exchange
    endpoints = endpoints_for(ex)
    tenant = entra.tenant_segment(ex)
    url = endpoints.openid_configuration_url(tenant)
    try:
        async with ctx.http.aiohttp_session() as session, session.get(url) as resp:
            body: Any = await resp.json(content_type=None)
            status = resp.status
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        return _net_failed("entra.tenant", translate("checks", "Entra ID cannot be reached"),
                           translate_network_error(exc, url))
    except ValueError:
        return failed("entra.tenant", translate("checks", "{authority_host} did not answer with OpenID "
                                                          "configuration JSON").format(
                                                              authority_host=endpoints.authority_host),
                      remedy=translate("checks", "Check the cloud setting and any proxy in between."), url=url)
    if status == 200 and isinstance(body, dict) and "token_endpoint" in body:
        issuer = str(body.get("issuer", ""))
        tid = issuer.rstrip("/").split("/")[-2] if issuer.endswith("/v2.0") else ""
        ctx.facts["tenant"] = {"issuer": issuer, "tenant_id": tid, "token_endpoint": body["token_endpoint"]}
        label = translate("checks", "Tenant {tenant} exists").format(
            tenant=tenant) + (translate("checks",
                                        " (tenant ID {tid})").format(tid=tid) if tid and tid != tenant else "")
        return ok("entra.tenant", label,
                  url=url, tenant_id=tid, issuer=issuer)
    err = entra.explain_token_error(body if isinstance(body, dict) else {}, field="exchange.tenant_id")
    return failed("entra.tenant", translate("checks", "Tenant {tenant}: {message}").format(
        tenant=repr(tenant), message=err.message), remedy=err.remedy or "",
                  detail=getattr(err, "detail", ""), url=url, http_status=status, aadsts=getattr(err, "code", None))


def _credential(ctx: CheckContext) -> str | dict[str, str]:
    credential, cert = entra.app_credential(ctx.settings.exchange, ctx.secrets.get)
    if cert is not None:
        ctx.facts["client_certificate"] = cert
    return credential


def _acquire_app_only(ctx: CheckContext, credential: str | dict[str, str]) -> dict[str, Any]:
    ex = ctx.settings.exchange
    endpoints = endpoints_for(ex)
    app = entra.build_confidential_app(ex, endpoints, ctx.http, credential)
    scope = endpoints.graph_scope if ex.sync_type.uses_graph else endpoints.ews_scope
    return app.acquire_token_for_client(scopes=[scope])


def _acquire_delegated(ctx: CheckContext) -> dict[str, Any]:
    import msal

    ex = ctx.settings.exchange
    endpoints = endpoints_for(ex)
    cache = msal.SerializableTokenCache()
    if ctx.token_cache:
        cache.deserialize(ctx.token_cache)
    secret = ctx.secrets.get("client_secret")
    if secret:
        app = entra.build_confidential_app(ex, endpoints, ctx.http, secret, token_cache=cache)
    else:
        app = entra.build_public_app(ex, endpoints, ctx.http, token_cache=cache)
    accounts = app.get_accounts(username=ex.user) or app.get_accounts()
    if not accounts:
        return {"error": "not_signed_in"}
    scopes = ex.scopes or [endpoints.ews_scope]
    result = app.acquire_token_silent_with_error(scopes, account=accounts[0]) or {"error": "not_signed_in"}
    if cache.has_state_changed:
        ctx.facts["token_cache"] = cache.serialize()
    return result


async def check_token(ctx: CheckContext) -> CheckResult:
    """Obtain an access token for EWS (or Microsoft Graph for cloud_graph); facts["access_token"] and
    facts["token_claims"] are set."""
    ex = ctx.settings.exchange
    cid = "entra.token"
    try:
        if ex.sync_type == SyncType.CLOUD_DELEGATED:
            result = await asyncio.to_thread(_acquire_delegated, ctx)
            how = translate("checks", "signed-in user {user}").format(user=ex.user)
        else:
            credential = await asyncio.to_thread(_credential, ctx)
            result = await asyncio.to_thread(_acquire_app_only, ctx, credential)
            how = translate("checks", "client certificate") if isinstance(credential, dict) \
                else translate("checks", "client secret")
    except UserFacingError as exc:
        return failed(cid, exc.message, remedy=exc.remedy or "", field=exc.field)
    except RecursionError:  # msal parses the authority's JSON: a hostile answer nested beyond the parser's depth
        return failed(cid, translate("checks", "{host} answered with something that is not Entra ID JSON").format(
                          host=endpoints_for(ex).authority_host),
                      remedy=translate("checks", "Check the cloud setting and the host overrides: this server is "
                                                 "not Entra ID."))
    except ValueError as exc:  # msal: authority/OpenID configuration could not be loaded
        return failed(cid, translate("checks", "Entra ID rejected the authority: {exc}").format(exc=exc),
                      remedy=translate("checks", "Check the tenant ID and the cloud setting."))
    except OSError as exc:  # requests' ConnectionError is an OSError
        url = endpoints_for(ex).authority(entra.tenant_segment(ex))
        return _net_failed(cid, translate("checks", "Entra ID cannot be reached"), translate_network_error(exc, url))
    if result.get("error") == "not_signed_in":
        return failed(cid, translate("checks", "No signed-in session for {value}").format(
                          value=ex.user or translate("checks", "the user")),
                      remedy=translate("checks", "Open the wizard's Entra app page and click 'Sign in' "
                                                 "(the token is then kept, encrypted, for headless "
                                                 "validation and the sync engine)."))
    if "access_token" not in result:
        field = "exchange.client_secret" if ex.sync_type.is_app_only else None
        err = entra.explain_token_error(result, field=field)
        return failed(cid, err.message, remedy=err.remedy or "", detail=getattr(err, "detail", ""),
                      aadsts=getattr(err, "code", None))
    ctx.facts["access_token"] = result["access_token"]
    claims = entra.decode_claims(result["access_token"])
    ctx.facts["token_claims"] = claims
    return _with_expiry(ctx, ok(cid, translate("checks", "Entra ID issued a token ({how})").format(
        how=how), audience=claims.get("aud"),
                                expires_in=result.get("expires_in")))


def _with_expiry(ctx: CheckContext, res: CheckResult) -> CheckResult:
    """A warning instead of ``res`` when the credential in use expires within 30 days (or its configured
    expiry date has passed although Entra still accepted it); 30/14/7 days as the engine's log
    (:mod:`calwizard.exchange.expiry`)."""
    from calwizard.exchange import expiry

    ex = ctx.settings.exchange
    cert = ctx.facts.get("client_certificate")
    expiries = expiry.configured_expiries(ex, cert.not_after if cert is not None else None)
    now = ctx.now()
    for e, sentence in expiry.warnings(expiries, now):
        if e.expires <= now:
            return warning(res.id, translate("checks", "Token issued, but {sentence}: the configured date "
                                                       "is wrong, or the credential stops working any "
                                                       "moment").format(sentence=sentence),
                           remedy=translate("checks", "Correct the date, or: {remedy}").format(remedy=e.remedy),
                           field=e.field, expires=e.expires.isoformat(), days_left=e.days_left(now))
        return warning(res.id, translate("checks", "Token issued, but {sentence}").format(
            sentence=sentence), remedy=e.remedy, field=e.field,
                       expires=e.expires.isoformat(), days_left=e.days_left(now),
                       not_after=e.expires.isoformat())
    if ex.client_secret is not None and not ex.client_certificate and ex.client_secret_expires is None \
            and ex.sync_type.is_app_only:
        return CheckResult(res.id, res.status, res.summary,
                           detail=translate("checks", "Enter the client secret's expiry date (Entra admin center > "
                                                      "Certificates & secrets) to be warned 30, 14 and 7 days "
                                                      "before it expires."),
                           evidence=res.evidence)
    return res


async def check_permissions(ctx: CheckContext) -> CheckResult:
    """Inspect the token's claims for the permission the sync type needs."""
    ex = ctx.settings.exchange
    claims: dict[str, Any] = ctx.facts.get("token_claims") or {}
    cid = "entra.permissions"
    if ex.sync_type.uses_graph:
        return _graph_permissions(ctx, claims)
    if ex.sync_type == SyncType.CLOUD_APP_ONLY:
        roles = claims.get("roles")
        if not roles:
            return failed(cid, translate("checks", "The token carries no application permissions: admin "
                                                   "consent is missing"),
                          remedy=translate("checks", "In {APP_BLADE} > API permissions, add Office 365 "
                                                     "Exchange Online > Application permissions > "
                                                     "{FULL_ACCESS_AS_APP} and click 'Grant admin consent'.").format(
                                                         APP_BLADE=translate("exchange", entra.APP_BLADE),
                                                         FULL_ACCESS_AS_APP=FULL_ACCESS_AS_APP),
                          roles=[])
        if FULL_ACCESS_AS_APP not in roles:
            return failed(cid, translate("checks", "The token lacks {FULL_ACCESS_AS_APP} (it has: {join})").format(
                FULL_ACCESS_AS_APP=FULL_ACCESS_AS_APP, join=', '.join(roles)),
                          remedy=translate("checks", "Add the application permission {FULL_ACCESS_AS_APP} "
                                                     "of Office 365 Exchange Online and grant admin "
                                                     "consent.").format(
                                                         FULL_ACCESS_AS_APP=FULL_ACCESS_AS_APP), roles=roles)
        return ok(cid, translate("checks", "Admin consent granted: {FULL_ACCESS_AS_APP}").format(
            FULL_ACCESS_AS_APP=FULL_ACCESS_AS_APP), roles=roles)
    scp = str(claims.get("scp", "")).split()
    if EWS_DELEGATED_SCOPE not in scp:
        return failed(cid, translate("checks", "The token lacks the delegated permission "
                                               "{EWS_DELEGATED_SCOPE}").format(EWS_DELEGATED_SCOPE=EWS_DELEGATED_SCOPE),
                      remedy=translate("checks", "Add Office 365 Exchange Online > Delegated permissions > "
                                                 "{EWS_DELEGATED_SCOPE}, grant consent and sign in again.").format(
                                                     EWS_DELEGATED_SCOPE=EWS_DELEGATED_SCOPE), scp=scp)
    return ok(cid, translate("checks", "Delegated permission {EWS_DELEGATED_SCOPE} granted").format(
        EWS_DELEGATED_SCOPE=EWS_DELEGATED_SCOPE), scp=scp)


GRAPH_CONSENT_REMEDY = QT_TRANSLATE_NOOP(
    "checks",
    "In {app_blade} > API permissions, click 'Add a permission' > Microsoft Graph > Application "
    "permissions > {permission}, then 'Grant admin consent for <tenant>' (a Global or Privileged Role "
    "Administrator must do it). Or authorize the app in Exchange Online only, with RBAC for Applications "
    "(New-ManagementRoleAssignment -Role \"Application {permission}\"), which limits it to the mailboxes in a scope."
)
TENANT_WIDE_CAVEAT = (
    QT_TRANSLATE_NOOP("checks", "An admin consent in Entra ID applies to every mailbox of the tenant and "
                                "is added to (not limited by) an Exchange RBAC for Applications scope: to "
                                "limit the app to the synced mailboxes, remove the Entra consent and "
                                "assign the role 'Application {permission}' in Exchange Online with a "
                                "management scope.")
)


def _graph_permissions(ctx: CheckContext, claims: dict[str, Any]) -> CheckResult:
    """cloud_graph: the token's ``roles`` carry Calendars.Read (or Calendars.ReadBasic, as configured)."""
    cid = "entra.permissions"
    wanted = ctx.settings.exchange.graph_permission.value
    roles = [str(r) for r in claims.get("roles") or ()]
    calendar_roles = [r for r in roles if r.startswith("Calendars.")]
    if not roles:
        # Not fatal: an app authorized through RBAC for Applications alone gets a token without roles; the
        # mailbox checks tell whether Exchange lets it read.
        return warning(cid, translate("checks", "The token carries no Microsoft Graph application "
                                                "permission: admin consent is missing (unless the app is "
                                                "authorized in Exchange Online with RBAC for Applications "
                                                "only)"),
                       remedy=translate("checks", GRAPH_CONSENT_REMEDY).format(
                           permission=wanted, app_blade=translate("exchange", entra.APP_BLADE)), roles=[])
    if not calendar_roles:
        return failed(cid, translate("checks", "The token lacks {wanted} (it has: {join})").format(
            wanted=wanted, join=', '.join(roles)),
                      remedy=translate("checks", GRAPH_CONSENT_REMEDY).format(
                           permission=wanted, app_blade=translate("exchange", entra.APP_BLADE)), roles=roles)
    if wanted == "Calendars.Read" and not {"Calendars.Read", "Calendars.ReadWrite"} & set(roles):
        return warning(cid, translate("checks", "The token carries {join}, not the configured "
                                                "Calendars.Read: enough for presence, but granted "
                                                "tenant-wide").format(join=', '.join(calendar_roles)),
                       remedy=translate("checks", "Set the Graph permission to Calendars.ReadBasic to match, or, "
                                                  "to limit the app to the synced mailboxes, remove that consent "
                                                  "and assign 'Application Calendars.Read' with Exchange RBAC for "
                                                  "Applications."),
                       roles=roles)
    extra = ""
    if wanted == "Calendars.ReadBasic" and "Calendars.Read" in roles:
        extra = translate("checks", " (more than the configured Calendars.ReadBasic)")
    return CheckResult(cid, CheckStatus.OK, translate("checks", "Admin consent granted: {join}{extra}").format(
        join=', '.join(calendar_roles), extra=extra),
                       detail=translate("checks", TENANT_WIDE_CAVEAT).format(permission=wanted),
                       evidence={"roles": roles})
