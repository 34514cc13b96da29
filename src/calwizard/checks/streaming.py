"""``ews.streaming`` — do the mailboxes fit on the streaming connections Exchange allows? (offline)

The engine follows changes with EWS streaming notifications: one subscription per mailbox, grouped up to
``exchange.max_subscriptions_per_connection`` (the PBX Manager's "Max subscriptions per connection", at most 200
per GetStreamingEvents connection) per connection, and at most 10 connections per account (Exchange Online's
hanging connection limit; "Handling notification-related errors in EWS in Exchange"). Connections needed =
mailboxes / setting, rounded up; above 10 the engine refuses to start, so validation fails first, saying by how
much and what to change (:func:`calwizard.exchange.remedies.streaming_limit_remedy`). The check also reports the
account's streaming budget (10 x the setting) and proposes the number of engine shards (``--shard K/N``,
:mod:`calwizard.settings.shard`) whose users each fit it. With users from the PBX it counts the PBX's users that
have an address to try (what ``pbx.users`` replicated, after the user filter; the configured list overrides
addresses, it adds no users), and runs after ``pbx.users``.
"""

from __future__ import annotations

from calwizard.checks.base import CheckResult, failed, ok
from calwizard.checks.context import CheckContext
from calwizard.exchange.remedies import HANGING_CONNECTION_LIMIT, connections_needed, streaming_limit_remedy
from calwizard.i18n import translate
from calwizard.settings.shard import propose_shards, streaming_budget


async def check_streaming(ctx: CheckContext) -> CheckResult:
    """The streaming budget of ``ctx.settings.mailboxes`` — with users from the PBX, the PBX's users (the plan wraps
    this check in :func:`calwizard.checks.pbx.from_pbx`, which hands it the mailboxes ``pbx.users`` found)."""
    ex = ctx.settings.exchange
    users = len(ctx.settings.mailboxes)
    what = translate("checks", "users from the PBX") if ctx.settings.pbx.users_from_pbx else "mailboxes"
    per = ex.max_subscriptions_per_connection
    needed = connections_needed(users, per)
    budget = streaming_budget(per)
    shards = propose_shards([m.pbx_name for m in ctx.settings.mailboxes], budget)
    evidence = {"mailboxes": users, "source": "pbx" if ctx.settings.pbx.users_from_pbx else "list",
                "per_connection": per, "connections_needed": needed,
                "connection_limit": HANGING_CONNECTION_LIMIT, "field": "exchange.max_subscriptions_per_connection",
                "budget_per_account": budget, "shards": shards}
    if needed > HANGING_CONNECTION_LIMIT:
        return failed("ews.streaming", translate("checks", "{users} {what} need {needed} streaming "
                                                           "connections at {per} subscriptions per "
                                                           "connection; Exchange allows "
                                                           "{HANGING_CONNECTION_LIMIT} per account "
                                                           "({budget} mailboxes): {shards} shards would "
                                                           "carry them").format(
                                                               users=users, what=what, needed=needed, per=per,
                                                               HANGING_CONNECTION_LIMIT=HANGING_CONNECTION_LIMIT,
                                                               budget=budget, shards=shards),
                      remedy=streaming_limit_remedy(users, per, ex.sync_type, shards), **evidence)
    return ok("ews.streaming", translate("checks", "{users} {what} need {needed} of "
                                                   "{HANGING_CONNECTION_LIMIT} streaming connections "
                                                   "({per} subscriptions per connection)").format(
                                                       users=users, what=what, needed=needed,
                                                       HANGING_CONNECTION_LIMIT=HANGING_CONNECTION_LIMIT,
                                                       per=per), **evidence)
