"""Where the PBX checks sit in the plan, and what they report before touching the network."""

from __future__ import annotations

from pydantic import SecretStr

from calwizard.checks import inputs, pbx
from calwizard.checks.base import CheckStatus
from calwizard.checks.context import CheckContext, ResolvedSecrets
from calwizard.checks.plan import build_plan
from calwizard.exchange.http import HttpPolicy
from calwizard.settings.model import Settings


def settings(**pbx_fields: object) -> Settings:
    return Settings.model_validate({
        "pbx": {"master_pbx_name": "master", **pbx_fields},
        "exchange": {"sync_type": "on_premises", "user": "svc@contoso.com", "password": {"env": "PW"}},
    })


def ctx_for(s: Settings) -> CheckContext:
    return CheckContext(settings=s, secrets=ResolvedSecrets(), http=HttpPolicy())


def test_no_pbx_connection_no_pbx_checks() -> None:
    assert not [spec for spec in build_plan(settings()) if spec.id.startswith("pbx.")]


def test_users_from_the_pbx_feed_the_mailbox_check() -> None:
    plan = {spec.id: spec for spec in build_plan(settings(address="pbx.example.com"))}
    assert plan["pbx.users"].needs == ("pbx.connect",) and plan["pbx.connect"].needs == ()
    assert "pbx.users" in plan["ews.mailboxes"].needs
    assert plan["ews.streaming"].needs == ("pbx.users",), "the streaming budget counts the PBX's users"
    listed = {spec.id: spec for spec in build_plan(settings(address="pbx.example.com", user_source="list"))}
    assert "pbx.users" not in listed["ews.mailboxes"].needs and "pbx.users" in listed
    assert listed["ews.streaming"].needs == ()


async def test_streaming_waits_for_the_pbx_users() -> None:
    """Without pbx.users' result the budget of the PBX's users is unknown: skipped under its own id."""
    plan = {spec.id: spec for spec in build_plan(settings(address="pbx.example.com"))}
    got = await plan["ews.streaming"].func(ctx_for(settings(address="pbx.example.com")))
    assert [(r.id, r.status) for r in got] == [("ews.streaming", CheckStatus.SKIPPED)]


async def test_a_missing_app_object_password_fails_the_pbx_check_not_the_inputs() -> None:
    ctx = ctx_for(settings(address="pbx.example.com"))
    ctx.secrets.values["password"] = SecretStr("x")
    results = {r.id: r for r in await inputs.check_inputs(ctx)}
    assert results["inputs"].status is CheckStatus.OK, "the Exchange checks are not held up by the PBX"
    assert ("pbx.app_password", "No App object password is configured") in [
        (f, m) for f, m, _r in inputs.problems(ctx)], "the wizard still blocks Next on the PBX page"
    got = await pbx.check_connect(ctx)
    assert got[0].status is CheckStatus.FAILED and got[0].evidence["field"] == "pbx.app_password"
