"""The Autodiscover check: which EWS URL and Exchange version to use.

On-premises: POX and SOAP Autodiscover with NTLM over the seed's candidate URLs (or the explicit URL),
all probed concurrently under one deadline (:mod:`calwizard.exchange.autodiscover`); an Autodiscover
``Error`` a server sends is the summary and the remedy. An Exchange version older than Exchange 2013
(POX ``ServerVersion``, SOAP ``CasVersion``) fails the check. Cloud:
Autodiscover v2 JSON at the cloud's Exchange Online host (anonymous), or — when an explicit
Autodiscover URL is configured — POX with the bearer token. Sets ``facts["ews_url"]`` (per
"Exchange server to use") and ``facts["ews_build"]``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from calwizard.checks.base import CheckResult, failed, ok, warning
from calwizard.checks.context import CheckContext
from calwizard.checks.ews import REMEDIES
from calwizard.errors import UserFacingError
from calwizard.exchange import autodiscover as ad
from calwizard.exchange.clouds import endpoints_for
from calwizard.exchange.ews import EXCHANGE_ONLINE_BUILD, version_error
from calwizard.i18n import translate
from calwizard.settings.model import SyncType

CHECK_ID = "autodiscover"


async def check_autodiscover(ctx: CheckContext) -> CheckResult:
    """Find the EWS URL (see the module docstring); an EWS URL that is not ``https://`` — configured or reported
    by Autodiscover — fails the check: credentials never travel over plain HTTP."""
    return _https_only(ctx, await _discover(ctx))


def _https_only(ctx: CheckContext, result: CheckResult) -> CheckResult:
    url = str(ctx.facts.get("ews_url") or "")
    if result.status == "failed" or not url or urlsplit(url).scheme.lower() == "https":
        return result
    ctx.facts.pop("ews_url", None)
    what = (translate("checks", "password (NTLM)") if ctx.settings.exchange.sync_type == SyncType.ON_PREMISES
            else translate("checks", "access token"))
    return failed(CHECK_ID, translate("checks", "The EWS URL {url} uses plain HTTP: the {what} would travel "
                                                "unencrypted").format(url=url, what=what),
                  remedy=translate("checks", "Use the https:// URL of EWS (https://<mail server>/EWS/Exchange.asmx); "
                                             "calwizard never sends credentials over plain HTTP."),
                  detail=result.detail, ews_url=url,
                  source="configured" if ctx.settings.exchange.ews_url else "Autodiscover")


async def _discover(ctx: CheckContext) -> CheckResult:
    ex = ctx.settings.exchange
    if ex.ews_url:
        ctx.facts["ews_url"] = ex.ews_url
        ctx.facts["ews_build"] = EXCHANGE_ONLINE_BUILD if ex.sync_type.is_cloud else None
        return ok(CHECK_ID, translate("checks", "EWS URL set explicitly: {ews_url} (Autodiscover not used)").format(
            ews_url=ex.ews_url), ews_url=ex.ews_url)
    deadline = ex.timeout_seconds
    if ex.sync_type.is_cloud and not ex.autodiscover_url:
        chain: list[ad.Attempt] = []
        url = endpoints_for(ex).autodiscover_v2_url(ex.user, "EWS")
        try:
            ews_url = await ad.discover_v2(ctx.http, url, chain)
        except UserFacingError as exc:
            return failed(CHECK_ID, translate("checks", "Autodiscover v2 failed for {user}: {message}").format(
                user=ex.user, message=exc.message),
                          remedy=exc.remedy or "", detail=exc.detail, chain=[a.to_json() for a in chain])
        ctx.facts["ews_url"] = ews_url
        ctx.facts["ews_build"] = EXCHANGE_ONLINE_BUILD
        return ok(CHECK_ID, translate("checks", "Autodiscover v2: EWS at {ews_url}").format(
            ews_url=ews_url), detail=translate("checks", "Exchange Online (Autodiscover v2 JSON)"),
                  ews_url=ews_url, external_ews_url=ews_url, internal_ews_url=ews_url,
                  chain=[a.to_json() for a in chain])
    if ex.sync_type == SyncType.ON_PREMISES:
        auth = ad.ntlm_authenticator(ex.ntlm_username, ctx.secrets.get("password") or "")
    else:
        auth = ad.bearer_authenticator(ctx.facts.get("access_token", ""), ex.user)
    runner = ad.Autodiscover(ctx.http, auth, deadline)
    try:
        res = await runner.discover(ex.user, ex.autodiscover_url)
    except ad.AutodiscoverFailed as exc:
        return failed(CHECK_ID, exc.message, remedy=exc.remedy or "",
                      detail="\n".join(f"{a.url}: {a.outcome}" for a in exc.chain),
                      chain=[a.to_json() for a in exc.chain])
    chosen = res.ews_url(ex.exchange_server.value)
    ctx.facts["autodiscover"] = res
    ctx.facts["ews_url"] = chosen
    ctx.facts["ews_build"] = res.build
    version = ".".join(map(str, res.build)) if res.build else translate("checks", "not reported")
    too_old = version_error(res.build, translate("checks", "Autodiscover at {source_url}").format(
        source_url=res.source_url))
    if too_old is not None:
        return failed(CHECK_ID, too_old.message, remedy=translate("checks", REMEDIES["unsupported_version"]),
                      detail="\n".join(f"{a.url}: {a.outcome}" for a in res.chain), kind=too_old.kind,
                      exchange_version=version, server_version=res.server_version, source_url=res.source_url,
                      chain=[a.to_json() for a in res.chain])
    evidence = dict(
        ews_url=chosen, external_ews_url=res.external_ews_url, internal_ews_url=res.internal_ews_url,
        server_version=res.server_version, exchange_version=version, source_url=res.source_url,
        email=res.email, chain=[a.to_json() for a in res.chain],
    )
    detail = "\n".join(f"{a.url}: {a.outcome}" for a in res.chain)
    wanted = res.internal_ews_url if ex.exchange_server.value == "internal" else res.external_ews_url
    if not wanted:
        return warning(CHECK_ID, translate("checks", "Autodiscover reported no {value} EWS URL; using "
                                                     "{chosen}").format(value=ex.exchange_server.value, chosen=chosen),
                       remedy=translate("checks", "Set 'Exchange server to use' to the other value, or "
                                                  "configure the missing URL on the Exchange virtual "
                                                  "directory."), detail=detail, **evidence)
    return ok(CHECK_ID, translate("checks", "Autodiscover: EWS at {chosen} (Exchange {version}) via "
                                            "{source_url}").format(
                                                chosen=chosen, version=version, source_url=res.source_url),
              detail=detail, **evidence)
