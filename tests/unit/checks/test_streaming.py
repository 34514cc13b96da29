"""Max subscriptions per connection: connections needed = mailboxes / setting, at most 10 per account; remedies that
never make things worse."""

from __future__ import annotations

from pathlib import Path

import pytest

from calwizard.checks.base import CheckStatus
from calwizard.checks.context import CheckContext, ResolvedSecrets
from calwizard.checks.plan import build_plan
from calwizard.checks.streaming import check_streaming
from calwizard.engine.runner import build_engine
from calwizard.errors import ConfigError
from calwizard.exchange import remedies
from calwizard.exchange.http import HttpPolicy
from calwizard.settings.model import ExchangeSettings, Mailbox, SecretRef, Settings, SyncType
from calwizard.settings.shard import shard_loads


def settings(users: int, per: int, sync_type: SyncType = SyncType.ON_PREMISES) -> Settings:
    return Settings(exchange=ExchangeSettings(sync_type=sync_type, user="svc@contoso.test",
                                              password=SecretRef(env="PW"), max_subscriptions_per_connection=per),
                    mailboxes=[Mailbox(pbx_name=f"u{i}", addresses=[f"u{i}@contoso.test"]) for i in range(users)])


async def run(s: Settings):  # type: ignore[no-untyped-def]
    return await check_streaming(CheckContext(settings=s, secrets=ResolvedSecrets(), http=HttpPolicy()))


@pytest.mark.parametrize(("users", "per", "needed"), [(0, 200, 0), (1, 200, 1), (200, 200, 1), (201, 200, 2),
                                                      (2000, 200, 10), (10, 1, 10), (100, 10, 10)])
async def test_connections_needed_within_the_limit(users: int, per: int, needed: int) -> None:
    r = await run(settings(users, per))
    assert r.status is CheckStatus.OK
    assert r.evidence["connections_needed"] == needed
    assert r.summary == (f"{users} mailboxes need {needed} of 10 streaming connections "
                         f"({per} subscriptions per connection)")


async def test_above_ten_connections_fails_with_the_setting_that_would_fit() -> None:
    r = await run(settings(1500, 100))
    assert r.status is CheckStatus.FAILED
    shards = r.evidence["shards"]
    assert r.summary == ("1500 mailboxes need 15 streaming connections at 100 subscriptions per connection; "
                         f"Exchange allows 10 per account (1000 mailboxes): {shards} shards would carry them")
    assert r.evidence["budget_per_account"] == 1000 and shards >= 2
    assert f"--shard K/{shards}" in r.remedy
    names = [m.pbx_name for m in settings(1500, 100).mailboxes]
    assert max(shard_loads(names, shards)) <= 1000 < max(shard_loads(names, shards - 1))
    assert "raise 'Max subscriptions per connection' to at least 150" in r.remedy
    assert "own service account" in r.remedy and "Microsoft Graph" not in r.remedy  # on-premises has no Graph
    cloud = await run(settings(2001, 200, SyncType.CLOUD_APP_ONLY))
    assert cloud.status is CheckStatus.FAILED
    assert "Max subscriptions" not in cloud.remedy  # 200 is the most: only another account or Graph help
    assert "Microsoft Graph" in cloud.remedy and r.evidence["field"] == "exchange.max_subscriptions_per_connection"


def test_the_check_is_in_every_ews_plan_and_not_in_graphs() -> None:
    for sync_type in (SyncType.ON_PREMISES, SyncType.CLOUD_APP_ONLY, SyncType.CLOUD_DELEGATED):
        assert "ews.streaming" in [s.id for s in build_plan(settings(1, 200, sync_type))]
    assert "ews.streaming" not in [s.id for s in build_plan(settings(1, 200, SyncType.CLOUD_GRAPH))]


async def test_the_engine_refuses_the_same_configuration_with_the_same_remedy(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as exc:
        build_engine(settings(1500, 100), lambda ref: "pw", sink="stdout", state_dir=tmp_path)
    assert "15 streaming connections" in exc.value.message
    assert exc.value.remedy == (await run(settings(1500, 100))).remedy


def test_subscription_and_connection_remedies_never_advise_lowering_the_setting() -> None:
    for code in ("ErrorExceededSubscriptionCount", "ErrorExceededConnectionCount", "ErrorServerBusy"):
        text = remedies.remedy_for_code(code, "svc-calendar@contoso.test")
        assert text is not None and "lower" not in text.replace("a lower value needs more", "")
    sub = remedies.remedy_for_code("ErrorExceededSubscriptionCount", "svc-calendar@contoso.test") or ""
    assert "EWSMaxSubscriptions" in sub and "New-ThrottlingPolicy" in sub
    assert 'Set-ThrottlingPolicyAssociation -Identity "svc-calendar@contoso.test"' in sub
    conn = remedies.remedy_for_code("ErrorExceededConnectionCount") or ""
    assert "raise that setting" in conn and "HangingConnectionLimit" in conn
    assert remedies.remedy_for_code("ErrorItemNotFound") is None
