"""The engine's health report as text for ``engine status`` and ``engine service-status``: one module below both
commands, so neither imports the other."""

from __future__ import annotations

from typing import Any


def print_health(health: dict[str, Any]) -> None:
    """Print the running engine's health (the JSON of ``/healthz`` plus ``http_status``, see
    :mod:`calwizard.engine.health`) in a few lines on stdout: overall status, then one line per component."""
    comps = health.get("components", {})
    shard = f", shard {health['shard']}" if health.get("shard") else ""
    print(f"health: {health.get('status')} (HTTP {health.get('http_status')}{shard})"
          + (f"; failing: {', '.join(health['failing'])}" if health.get("failing") else "")
          + (f"; needs attention: {', '.join(health['degraded'])}" if health.get("degraded") else ""))
    if ex := comps.get("exchange"):
        failure = ex.get("last_failure") or {}
        print(f"  exchange: {'connected' if ex.get('connected') else 'NOT connected'} ({ex.get('backend')})"
              + (f"; last failure {failure.get('kind')} at {failure.get('at')}" if failure else ""))
    if st := comps.get("streams"):
        print(f"  streams: {st.get('connections_open')}/{st.get('groups')} connection(s) open, "
              f"{st.get('subscriptions')} subscription(s); {st.get('drops')} drop(s), {st.get('renewals')} renewal(s)")
    if dl := comps.get("delta"):
        print(f"  delta queries: {dl.get('watched')} mailbox(es), {dl.get('polls')} poll(s), last "
              f"{dl.get('seconds_since_last_poll')} s ago")
    if us := comps.get("users"):
        counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in us.items() if k not in ("ok", "required", "total")
                           and isinstance(v, int) and v)
        print(f"  users: {us.get('total')} ({us.get('ok')} ok" + (f", {counts}" if counts else "") + ")")
    if sy := comps.get("sync"):
        print(f"  last full sync {sy.get('last_full_sync') or 'never'}; last change {sy.get('last_change') or 'none'}")
    if pbx := comps.get("pbx"):
        print("  " + pbx_line(pbx))
    for name, comp in comps.items():
        if name not in ("exchange", "streams", "delta", "users", "sync", "sink", "pbx"):
            print(f"  {name}: {'ok' if comp.get('ok') else 'NOT ok'}")


def pbx_line(pbx: dict[str, Any]) -> str:
    """The ``pbx`` component of ``/healthz`` (a dict as :class:`calwizard.engine.health.PbxProbe` reports it) in one
    line of text."""
    name = f" {pbx['pbx']}" if pbx.get("pbx") else ""
    if pbx.get("connected"):
        head = f"PBX{name}: connected"
    else:
        down = f" for {pbx['seconds_disconnected']} s" if "seconds_disconnected" in pbx else ""
        head = f"PBX{name}: NOT connected{down}" + ("" if pbx.get("ok") else " (beyond the grace period)")
    facts = []
    if "users_replicated" in pbx:
        facts.append(f"{pbx['users_replicated']} user(s) replicated ({pbx.get('users_on_pbx')} on the PBX)")
    if "presence_sets" in pbx:
        facts.append(f"{pbx['presence_sets']} SetPresence sent, {pbx['presence_set_failures']} failed, last "
                     f"{pbx.get('last_set_presence') or 'never'}")
    facts.append(f"{pbx.get('reconnects', 0)} reconnect(s)")
    if pbx.get("failed_attempts"):
        facts.append(f"{pbx['failed_attempts']} failed attempt(s)")
    if pbx.get("last_error") and not pbx.get("connected"):
        facts.append(f"last error: {pbx['last_error']}")
    return f"{head}; " + "; ".join(facts)
