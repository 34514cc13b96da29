"""``ews.streaming`` — do the mailboxes fit on the streaming connections Exchange allows? (offline)

The engine follows changes with EWS streaming notifications: one subscription per mailbox, grouped up to
``exchange.max_subscriptions_per_connection`` (the PBX Manager's "Max subscriptions per connection", at most 200
per GetStreamingEvents connection) per connection, and at most 10 connections per account (Exchange Online's
hanging connection limit; "Handling notification-related errors in EWS in Exchange"). Connections needed =
mailboxes / setting, rounded up; above 10 the engine refuses to start, so validation fails first, saying by how
much and what to change (:func:`calwizard.exchange.remedies.streaming_limit_remedy`).
"""

from __future__ import annotations

from calwizard.checks.base import CheckResult, failed, ok
from calwizard.checks.context import CheckContext
from calwizard.exchange.remedies import HANGING_CONNECTION_LIMIT, connections_needed, streaming_limit_remedy


async def check_streaming(ctx: CheckContext) -> CheckResult:
    ex = ctx.settings.exchange
    users = len(ctx.settings.mailboxes)
    per = ex.max_subscriptions_per_connection
    needed = connections_needed(users, per)
    evidence = {"mailboxes": users, "per_connection": per, "connections_needed": needed,
                "connection_limit": HANGING_CONNECTION_LIMIT, "field": "exchange.max_subscriptions_per_connection"}
    if needed > HANGING_CONNECTION_LIMIT:
        return failed("ews.streaming", f"{users} mailboxes need {needed} streaming connections at {per} subscriptions "
                      f"per connection; Exchange allows {HANGING_CONNECTION_LIMIT} per account",
                      remedy=streaming_limit_remedy(users, per, ex.sync_type), **evidence)
    return ok("ews.streaming", f"{users} mailboxes need {needed} of {HANGING_CONNECTION_LIMIT} streaming connections "
              f"({per} subscriptions per connection)", **evidence)
