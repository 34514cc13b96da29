"""Access tokens for the engine's backends, from msal only.

One long-lived msal application is kept per backend: ``acquire_token_for_client`` (app-only) and
``acquire_token_silent`` (delegated) serve the cached token and renew it; the engine asks for a new one
:data:`TOKEN_EARLY_RENEWAL` seconds before the current one expires, and once more when the service answers 401.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from typing import Any

from calwizard.checks.context import CheckContext
from calwizard.engine.backend import BackendError
from calwizard.errors import UserFacingError
from calwizard.i18n import translate
from calwizard.settings.model import SyncType

log = logging.getLogger("calwizard.engine")

TOKEN_EARLY_RENEWAL = 300
"""Seconds before a token's expiry at which the engine renews it."""



class TokenSource:
    """Access tokens from msal for EWS (``https://outlook.office365.com/.default``) or, for ``cloud_graph``,
    Microsoft Graph (``https://graph.microsoft.com/.default``): app-only by client credentials (secret or
    certificate), delegated from the cached sign-in.

    Thread-safe; the msal calls block (requests) and run in a thread.
    """

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self._app: Any = None
        self._account: Any = None
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self._token = ""
        self._renew_at = 0.0
        self.renewals = 0

    async def prime(self) -> str:
        """The first token (start-up): raises :class:`UserFacingError` with Entra's remedy, or saying that Entra ID
        cannot be reached (the sentence in the interface language: it is the engine's start-up refusal)."""
        try:
            return await self._get(force=False)
        except OSError as exc:
            raise UserFacingError(
                translate("engine", "Entra ID cannot be reached: {error}").format(error=type(exc).__name__),
                remedy=translate("engine", "Check the network path (proxy, firewall) to the sign-in host.")) from None

    async def token(self, force: bool = False) -> str:
        """The current access token; renewed (in a thread: msal blocks) when it is about to expire or when
        ``force`` (Exchange answered 401). Raises :class:`BackendError` (``unauthorized`` when Entra refuses,
        ``network`` when it cannot be reached) so that a failed renewal is retried like any EWS failure."""
        try:
            return await self._get(force)
        except UserFacingError as exc:
            raise BackendError("unauthorized", f"token renewal refused: {exc.message}") from None
        except OSError as exc:
            raise BackendError("network", f"Entra ID unreachable: {type(exc).__name__}") from None

    async def _get(self, force: bool) -> str:
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            if force or not self._token or time.monotonic() >= self._renew_at:
                got = await asyncio.to_thread(self.acquire, force=force)
                if got["access_token"] != self._token and self._token:
                    self.renewals += 1
                    log.info("access token renewed")
                self._token = got["access_token"]
                self._renew_at = time.monotonic() + max(got["expires_in"] - TOKEN_EARLY_RENEWAL, 30)
            return self._token

    def _build(self) -> None:
        from calwizard.exchange import entra
        from calwizard.exchange.clouds import endpoints_for

        ex = self.ctx.settings.exchange
        endpoints = endpoints_for(ex)
        if ex.sync_type == SyncType.CLOUD_DELEGATED and ex.scopes:
            self._scopes = list(ex.scopes)
        else:
            self._scopes = [endpoints.graph_scope if ex.sync_type.uses_graph else endpoints.ews_scope]
        if ex.sync_type.is_app_only:
            credential, _cert = entra.app_credential(ex, self.ctx.secrets.get)
            self._app = entra.build_confidential_app(ex, endpoints, self.ctx.http, credential)
            return
        import msal

        cache = msal.SerializableTokenCache()
        if self.ctx.token_cache:
            cache.deserialize(self.ctx.token_cache)
        secret = self.ctx.secrets.get("client_secret")
        if secret:
            self._app = entra.build_confidential_app(ex, endpoints, self.ctx.http, secret, token_cache=cache)
        else:
            self._app = entra.build_public_app(ex, endpoints, self.ctx.http, token_cache=cache)
        accounts = self._app.get_accounts(username=ex.user) or self._app.get_accounts()
        if not accounts:
            raise UserFacingError(
                translate("engine", "no signed-in session for {user}").format(
                    user=ex.user or translate("engine", "the user")),
                remedy=translate("engine", "Sign in on the wizard's Entra app page; the engine then runs headless."))
        self._account = accounts[0]

    def acquire(self, *, force: bool = False) -> dict[str, Any]:
        """``{"access_token", "expires_in"}``. Raises :class:`UserFacingError` (with the AADSTS remedy)."""
        from calwizard.exchange import entra

        with self._lock:
            if self._app is None:
                try:
                    self._build()
                except RecursionError:  # an "authority" answering JSON nested beyond the parser's depth
                    raise UserFacingError(
                        translate("engine", "Entra ID cannot be used: the authority's answer is not Entra ID JSON"),
                        remedy=translate("engine", "Check the cloud setting and the host overrides.")) from None
                except (ValueError, OSError) as exc:  # msal could not load the authority (network, tenant)
                    raise UserFacingError(
                        translate("engine", "Entra ID cannot be used: {error}").format(error=str(exc)[:200]),
                        remedy=translate("engine", "Check the tenant ID, the cloud setting and the network path to "
                                         "the sign-in host.")) from None
            try:
                if self._account is None:
                    if force:
                        with contextlib.suppress(AttributeError):
                            self._app.remove_tokens_for_client()
                    result = self._app.acquire_token_for_client(scopes=self._scopes)
                else:
                    result = self._app.acquire_token_silent_with_error(
                        self._scopes, account=self._account, force_refresh=force) or {"error": "not_signed_in"}
            except RecursionError:  # msal parses the token endpoint's JSON: nested beyond the parser's depth
                result = {"error": "invalid_response", "error_description": "the token endpoint's answer is not "
                          "Entra ID JSON (nested too deeply)"}
        if "access_token" not in result:
            raise entra.explain_token_error(result, field="exchange.client_secret")
        return {"access_token": result["access_token"], "expires_in": int(result.get("expires_in") or 3600)}
