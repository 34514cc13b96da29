"""User for name resolving: the names tried and who resolves them (one rule for validate, preview and engine)."""

from __future__ import annotations

from calwizard.exchange.names import describe, name_candidates, resolver_for
from calwizard.settings.model import AccessModel, ExchangeSettings, Mailbox, PbxSettings, Settings, SyncType


def settings(mode: str, sync_type: SyncType = SyncType.ON_PREMISES, domain: str = "contoso.com",
             model: AccessModel = AccessModel.IMPERSONATION) -> Settings:
    return Settings(pbx=PbxSettings(domain=domain), exchange=ExchangeSettings(
        sync_type=sync_type, user="svc@contoso.com", name_resolving_user=mode, access_model=model))


BEN = Mailbox(pbx_name="ben", addresses=["ben.miller@contoso.com", "BEN.MILLER@contoso.com", "b@contoso.com"])


def test_service_account_mode_tries_the_users_addresses_as_the_service_account() -> None:
    s = settings("service_account")
    assert name_candidates(BEN, s) == ["ben.miller@contoso.com", "b@contoso.com"]
    assert resolver_for(s.exchange, "b@contoso.com") is None
    cloud = settings("service_account", SyncType.CLOUD_APP_ONLY)
    assert resolver_for(cloud.exchange, "b@contoso.com") == "svc@contoso.com"  # app-only must impersonate someone
    assert "service account" in describe(s)


def test_per_user_mode_adds_username_at_pbx_domain_and_resolves_as_that_user() -> None:
    s = settings("per_user")
    assert name_candidates(BEN, s) == ["ben.miller@contoso.com", "b@contoso.com", "ben@contoso.com"]
    assert resolver_for(s.exchange, "ben@contoso.com") == "ben@contoso.com"
    assert "ben@contoso.com" not in name_candidates(BEN, settings("per_user", domain=""))
    listed = Mailbox(pbx_name="ben", addresses=["BEN@contoso.com"])
    assert name_candidates(listed, s) == ["BEN@contoso.com"]  # already there
    assert "<user name>@contoso.com" in describe(s) and "impersonation" in describe(s)


def test_delegate_access_cannot_impersonate_so_the_service_account_resolves() -> None:
    s = settings("per_user", model=AccessModel.DELEGATE)
    assert resolver_for(s.exchange, "ben@contoso.com") is None
    assert name_candidates(BEN, s)[-1] == "ben@contoso.com"  # the names are still built from the PBX's data
    assert "delegate access cannot impersonate" in describe(s)
