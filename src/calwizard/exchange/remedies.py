"""What to do about an EWS answer, by ResponseCode and by access model: the remedy texts of validation, the engine's
log and the wizard, in one table.

Sources (Microsoft Learn): "Handling notification-related errors in EWS in Exchange" (ErrorExceededConnectionCount,
ErrorExceededSubscriptionCount), "EWS throttling in Exchange" (EWSMaxSubscriptions, HangingConnectionLimit,
ErrorServerBusy), "New-ThrottlingPolicy" / "Set-ThrottlingPolicyAssociation" (Exchange Server PowerShell),
"Impersonation and EWS in Exchange", "Delegate access and EWS in Exchange" (seed 001), "Add-MailboxFolderPermission".

Rules the texts keep:

* Never advise what stops the engine from starting: lowering "max subscriptions per connection" makes the engine
  need *more* streaming connections (users / setting), and above the account's 10 it refuses to start; the fix for
  too many connections is a *higher* setting.
* Name what the configured access model needs (:func:`access_denied_remedy`): impersonation rights for
  impersonation, the app's RBAC scope for app-only, a folder permission for delegate access — never "grant
  Reviewer" when the requests impersonate.

:data:`RESPONSE_CODE_REMEDIES` is keyed by EWS ResponseCode, for a classifier that names the code.
"""

from __future__ import annotations

from typing import Any

from calwizard.i18n import QT_TRANSLATE_NOOP, translate

HANGING_CONNECTION_LIMIT = 10
"""Streaming (hanging) connections per account: Exchange Online's fixed limit, and the most the engine opens
("Handling notification-related errors in EWS in Exchange"; on-premises, the EWS web.config's
HangingConnectionLimit)."""
MAX_SUBSCRIPTIONS_PER_CONNECTION = 200
"""Subscriptions one GetStreamingEvents connection carries at most (affinity groups of up to 200)."""

THROTTLING_POLICY_SCRIPT = (
    'New-ThrottlingPolicy -Name "Calendar sync" -EwsMaxSubscriptions Unlimited -EwsMaxConcurrency 100 '
    "-ThrottlingPolicyScope Regular\n"
    'Set-ThrottlingPolicyAssociation -Identity "<service account>" -ThrottlingPolicy "Calendar sync"'
)
"""Exchange Management Shell (on-premises): a throttling policy of its own for the service account."""

_EXCEEDED_SUBSCRIPTION_COUNT = QT_TRANSLATE_NOOP(
    "exchange", "The account holds more EWS subscriptions than its throttling policy allows (EWSMaxSubscriptions; "
                "one subscription per synced mailbox, counted against the service account). On-premises, an Exchange "
                "administrator gives the service account a throttling policy of its own (Exchange Management "
                "Shell):\n{script}\nExchange Online's policies cannot be changed: split the users over two service "
                "accounts or apps (two configurations), or use Microsoft Graph. Other programs using the same account "
                "count too. Keep 'Max subscriptions per connection' as it is: a lower value needs more streaming "
                "connections, not fewer subscriptions.")
EXCEEDED_CONNECTION_COUNT = QT_TRANSLATE_NOOP(
    "exchange", "The account has more streaming connections open than Exchange allows (10 per account in Exchange "
                "Online; on-premises the EWS HangingConnectionLimit). The engine puts up to 'Max subscriptions per "
                "connection' mailboxes on one connection: raise that setting (up to 200) so that fewer connections "
                "are needed, make sure no other program streams with the same account, or split the users over two "
                "service accounts. On-premises, an administrator can also raise HangingConnectionLimit in the EWS "
                "web.config of the Client Access servers.")
_EXCEEDED_CONCURRENCY = QT_TRANSLATE_NOOP(
    "exchange", "Exchange refused requests because the account had more in flight than its throttling policy allows "
                "(EWSMaxConcurrency: 27 in Exchange Online and Exchange 2013 or newer). calwizard keeps at most 27 in "
                "flight, sends fewer at once after such a refusal and tries again, so other programs using the same "
                "account (or, with impersonation, the same mailbox) share the budget. Stop or slow down those "
                "programs, or use a service account of its own; on-premises, an Exchange administrator can give the "
                "service account a throttling policy of its own (Exchange Management Shell):\n{script}")
_SERVER_BUSY = QT_TRANSLATE_NOOP(
    "exchange", "Exchange is throttling the account (ErrorServerBusy): the requests are retried after the wait the "
                "server asks for. If it persists, give the service account a throttling policy of its own "
                "(on-premises, Exchange Management Shell):\n{script}")
EXCEEDED_SUBSCRIPTION_COUNT = _EXCEEDED_SUBSCRIPTION_COUNT.format(script=THROTTLING_POLICY_SCRIPT)
EXCEEDED_CONCURRENCY = _EXCEEDED_CONCURRENCY.format(script=THROTTLING_POLICY_SCRIPT)
SERVER_BUSY = _SERVER_BUSY.format(script=THROTTLING_POLICY_SCRIPT)
_TEMPLATES = {EXCEEDED_SUBSCRIPTION_COUNT: _EXCEEDED_SUBSCRIPTION_COUNT, SERVER_BUSY: _SERVER_BUSY,
              EXCEEDED_CONNECTION_COUNT: EXCEEDED_CONNECTION_COUNT, EXCEEDED_CONCURRENCY: _EXCEEDED_CONCURRENCY}


def localized(text: str) -> str:
    """One of this module's remedy constants (English, as written above) in the interface language; any other
    text unchanged."""
    template = _TEMPLATES.get(text)
    return text if template is None else translate("exchange", template).format(script=THROTTLING_POLICY_SCRIPT)

RESPONSE_CODE_REMEDIES: dict[str, str] = {
    "ErrorExceededSubscriptionCount": EXCEEDED_SUBSCRIPTION_COUNT,
    "ErrorExceededConnectionCount": EXCEEDED_CONNECTION_COUNT,
    "ErrorServerBusy": SERVER_BUSY,
}
"""EWS ResponseCode -> remedy (``<service account>`` is replaced by :func:`remedy_for_code`)."""


def remedy_for_code(code: str, service_account: str = "") -> str | None:
    """The remedy for an EWS ResponseCode, with the service account filled in; None when this table has none."""
    text = RESPONSE_CODE_REMEDIES.get(code)
    if text is None:
        return None
    return localized(text).replace("<service account>", service_account or "<service account>")


def connections_needed(users: int, per_connection: int) -> int:
    """Streaming connections ``users`` mailboxes need at ``per_connection`` subscriptions each (ceiling)."""
    return max(0, -(-users // max(1, per_connection)))


def streaming_limit_remedy(users: int, per_connection: int, sync_type: Any, shards: int | None = None) -> str:
    """What to do when ``users`` mailboxes need more than :data:`HANGING_CONNECTION_LIMIT` connections;
    ``shards``: the number of engine instances that would carry them
    (:func:`calwizard.settings.shard.propose_shards`)."""
    least = connections_needed(users, HANGING_CONNECTION_LIMIT)  # the setting that would fit, if <= 200
    steps = []
    if least <= MAX_SUBSCRIPTIONS_PER_CONNECTION:
        steps.append(translate("exchange", "raise 'Max subscriptions per connection' to at least {least} (Advanced "
                                           "page; up to 200)").format(least=least))
    if shards and shards > 1:
        steps.append(translate("exchange", "run the engine as {shards} shards, each with its own state directory "
                                           "(calwizard engine run CONFIG --shard K/{shards} for K = 0 … {last}; each "
                                           "shard's users fit one account's streaming budget)").format(
            shards=shards, last=shards - 1))
    steps.append(translate("exchange", "split the users over two configurations, each with its own service account "
                                       "(the limit is per account)"))
    if getattr(sync_type, "is_cloud", False):
        steps.append(translate("exchange", "or use Microsoft Graph (sync type cloud_graph), which has no streaming "
                                           "connection limit"))
    return translate("exchange", "Either {steps}.").format(steps=translate("exchange", "; or ").join(steps))
