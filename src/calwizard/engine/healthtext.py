"""The engine's health report as text for ``engine status`` and ``engine service-status``: one module below both
commands, so neither imports the other. The words are in the interface language (:mod:`calwizard.i18n`); the
component names and values the endpoint reports (``exchange``, an error's text) stay as they are."""

from __future__ import annotations

from typing import Any

from calwizard.i18n import QT_TRANSLATE_NOOP, translate

STATUS_WORDS = {
    "running": QT_TRANSLATE_NOOP("engine_status", "running"),
    "not running": QT_TRANSLATE_NOOP("engine_status", "not running"),
    "unknown": QT_TRANSLATE_NOOP("engine_status", "unknown"),
    "never": QT_TRANSLATE_NOOP("engine_status", "never"),
    "pending": QT_TRANSLATE_NOOP("engine_status", "pending"),
    "resolved": QT_TRANSLATE_NOOP("engine_status", "resolved"),
    "not_found": QT_TRANSLATE_NOOP("engine_status", "not_found"),
    "ambiguous": QT_TRANSLATE_NOOP("engine_status", "ambiguous"),
    "no_email": QT_TRANSLATE_NOOP("engine_status", "no_email"),
    "access_denied": QT_TRANSLATE_NOOP("engine_status", "access_denied"),
    "error": QT_TRANSLATE_NOOP("engine_status", "error"),
    "added": QT_TRANSLATE_NOOP("engine_status", "added"),
    "changed": QT_TRANSLATE_NOOP("engine_status", "changed"),
    "removed": QT_TRANSLATE_NOOP("engine_status", "removed"),
    "healthy": QT_TRANSLATE_NOOP("engine_status", "healthy"),
    "degraded": QT_TRANSLATE_NOOP("engine_status", "degraded"),
    "unhealthy": QT_TRANSLATE_NOOP("engine_status", "unhealthy"),
}
"""The words of ``engine status``'s text (a user's status, an event's kind): in English the identifiers of the JSON
and the state database (``access_denied``), in another language words (``kein Zugriff``)."""


def status_word(word: str) -> str:
    """``word`` (a key of :data:`STATUS_WORDS`) in the interface language; any other word as it is."""
    return translate("engine_status", STATUS_WORDS[word]) if word in STATUS_WORDS else word


def print_health(health: dict[str, Any]) -> None:
    """Print the running engine's health (the JSON of ``/healthz`` plus ``http_status``, see
    :mod:`calwizard.engine.health`) in a few lines on stdout: overall status, then one line per component."""
    comps = health.get("components", {})
    shard = translate("engine_health", ", shard {shard}").format(shard=health["shard"]) if health.get("shard") else ""
    line = translate("engine_health", "health: {status} (HTTP {http}{shard})").format(
        status=status_word(str(health.get("status"))), http=health.get("http_status"), shard=shard)
    if health.get("failing"):
        line += translate("engine_health", "; failing: {names}").format(names=", ".join(health["failing"]))
    if health.get("degraded"):
        line += translate("engine_health", "; needs attention: {names}").format(names=", ".join(health["degraded"]))
    print(line)
    if ex := comps.get("exchange"):
        failure = ex.get("last_failure") or {}
        state = translate("engine_health", "connected") if ex.get("connected") else \
            translate("engine_health", "NOT connected")
        line = translate("engine_health", "  exchange: {state} ({backend})").format(state=state,
                                                                                    backend=ex.get("backend"))
        if failure:
            line += translate("engine_health", "; last failure {kind} at {at}").format(kind=failure.get("kind"),
                                                                                      at=failure.get("at"))
        print(line)
    if st := comps.get("streams"):
        print(translate("engine_health", "  streams: {open}/{groups} connection(s) open, {subscriptions} "
                        "subscription(s); {drops} drop(s), {renewals} renewal(s)").format(
            open=st.get("connections_open"), groups=st.get("groups"), subscriptions=st.get("subscriptions"),
            drops=st.get("drops"), renewals=st.get("renewals")))
    if dl := comps.get("delta"):
        print(translate("engine_health", "  delta queries: {watched} mailbox(es), {polls} poll(s), last {seconds} s "
                        "ago").format(
            watched=dl.get("watched"), polls=dl.get("polls"), seconds=dl.get("seconds_since_last_poll")))
    if us := comps.get("users"):
        counts = ", ".join(f"{status_word(k).replace('_', ' ')} {v}" for k, v in us.items()
                           if k not in ("ok", "required", "total") and isinstance(v, int) and v)
        print(translate("engine_health", "  users: {total} ({ok} ok").format(total=us.get("total"), ok=us.get("ok"))
              + (f", {counts}" if counts else "") + ")")
    if sy := comps.get("sync"):
        print(translate("engine_health", "  last full sync {when}; last change {change}").format(
            when=sy.get("last_full_sync") or status_word("never"),
            change=sy.get("last_change") or translate("engine_health", "none")))
    if pbx := comps.get("pbx"):
        print("  " + pbx_line(pbx))
    for name, comp in comps.items():
        if name not in ("exchange", "streams", "delta", "users", "sync", "sink", "pbx"):
            state = translate("engine_health", "ok") if comp.get("ok") else translate("engine_health", "NOT ok")
            print(translate("engine_health", "  {name}: {state}").format(name=name, state=state))


def pbx_line(pbx: dict[str, Any]) -> str:
    """The ``pbx`` component of ``/healthz`` (a dict as :class:`calwizard.engine.health.PbxProbe` reports it) in one
    line of text."""
    name = f" {pbx['pbx']}" if pbx.get("pbx") else ""
    if pbx.get("connected"):
        head = translate("engine_health", "PBX{name}: connected").format(name=name)
    else:
        down = translate("engine_health", " for {seconds} s").format(seconds=pbx["seconds_disconnected"]) \
            if "seconds_disconnected" in pbx else ""
        head = translate("engine_health", "PBX{name}: NOT connected{down}").format(name=name, down=down)
        if not pbx.get("ok"):
            head += translate("engine_health", " (beyond the grace period)")
    facts = []
    if "users_replicated" in pbx:
        facts.append(translate("engine_health", "{count} user(s) replicated ({on_pbx} on the PBX)").format(
            count=pbx["users_replicated"], on_pbx=pbx.get("users_on_pbx")))
    if "presence_sets" in pbx:
        facts.append(translate("engine_health", "{sent} SetPresence sent, {failed} failed, last {when}").format(
            sent=pbx["presence_sets"], failed=pbx["presence_set_failures"],
            when=pbx.get("last_set_presence") or status_word("never")))
    facts.append(translate("engine_health", "{count} reconnect(s)").format(count=pbx.get("reconnects", 0)))
    if pbx.get("failed_attempts"):
        facts.append(translate("engine_health", "{count} failed attempt(s)").format(count=pbx["failed_attempts"]))
    if pbx.get("last_error") and not pbx.get("connected"):
        facts.append(translate("engine_health", "last error: {error}").format(error=pbx["last_error"]))
    return f"{head}; " + "; ".join(facts)
