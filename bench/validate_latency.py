"""Benchmark: full validation of ``autodiscover-slow-candidate`` with WAN latency, side by side.

    python bench/validate_latency.py [--latency-ms 100]

Both sides run in one process against the same sandbox (``--latency-ms`` delays every answer):

* **calwizard** — ``calwizard.checks.plan.validate``: every Autodiscover candidate probed concurrently
  under one deadline, mailboxes checked concurrently.
* **stock exchangelib** — ``Account(autodiscover=True)`` (exchangelib's sequential SOAP Autodiscover:
  https://D, then https://autodiscover.D, … each with a 10 s timeout) followed by the same EWS calls
  made one after another: ResolveNames + calendar (GetFolder) + 48-hour CalendarView for the user and
  for every mailbox. The sandbox has no DNS, so exchangelib's DNS pre-check of each candidate host is
  replaced by the host override table (the only change; connections still go through exchangelib).

Prints one JSON line: both times (seconds), their ratio, the number of dependent round trips on
calwizard's critical path and ``dependent_round_trips * latency``. Goals: ratio >= 10 and calwizard
within 1.5x of the round-trip bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from calwizard.checks.plan import make_context, validate
from calwizard.exchange.http import HttpPolicy, install_exchangelib_policy
from calwizard.sandbox import Sandbox
from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.secretrefs import make_fetcher

SCENARIO = "autodiscover-slow-candidate"

# Dependent round trips on calwizard's critical path (each waits for the previous answer; TLS handshakes on
# loopback carry no injected latency and are not counted):
#   Autodiscover POX with NTLM: negotiate -> challenge, authenticate -> settings          2
#   EWS (service account and every mailbox at once, ResolveNames and FindItem together):
#     requests_ntlm's anonymous request -> 401, negotiate -> challenge,
#     authenticate + the request itself -> answer                                          3
DEPENDENT_ROUND_TRIPS = 5


def run_calwizard(sb: Sandbox, data_dir: Path) -> float:
    settings = scenario_settings(SCENARIO, sb.host_overrides, sb.ca_file, data_dir)
    ctx = make_context(settings, make_fetcher(settings))  # secrets resolved before timing
    start = time.perf_counter()
    results = asyncio.run(validate(ctx))
    elapsed = time.perf_counter() - start
    failed = [r for r in results if not r.passed]
    if failed:
        raise SystemExit(f"calwizard validation failed: {[r.summary for r in failed]}")
    return elapsed


def run_stock_exchangelib(sb: Sandbox, data_dir: Path) -> float:
    from exchangelib import DELEGATE, IMPERSONATION, Account, Credentials, EWSDateTime
    from exchangelib.autodiscover import Autodiscovery, clear_cache
    from exchangelib.protocol import CachingProtocol

    settings = scenario_settings(SCENARIO, sb.host_overrides, sb.ca_file, data_dir)
    password = make_fetcher(settings)(settings.exchange.password)  # type: ignore[arg-type]
    install_exchangelib_policy(HttpPolicy(ca_file=sb.ca_file, host_overrides=sb.host_overrides,
                                          cache_dir=data_dir / "cache"))
    CachingProtocol.clear_cache()
    clear_cache()
    overrides = {k.split(":")[0] for k in sb.host_overrides}

    def ensure_valid_hostname(self, url):  # type: ignore[no-untyped-def]
        from urllib.parse import urlparse

        from exchangelib.errors import TransportError

        if urlparse(url).hostname not in overrides:
            raise TransportError(f"{url!r} has no DNS entry")

    Autodiscovery._ensure_valid_hostname = ensure_valid_hostname  # type: ignore[method-assign]
    creds = Credentials(d.CONTOSO_SVC_NTLM_USER, password)
    start = time.perf_counter()
    account = Account(primary_smtp_address=settings.exchange.user, credentials=creds, autodiscover=True,
                      access_type=DELEGATE)
    now = datetime.now(UTC)
    window = (EWSDateTime.from_datetime(now), EWSDateTime.from_datetime(now + timedelta(hours=48)))
    for mailbox in [settings.exchange.user, *(m.primary for m in settings.mailboxes)]:
        list(account.protocol.resolve_names([mailbox]))
        target = Account(primary_smtp_address=mailbox, config=account.protocol.config, autodiscover=False,
                         access_type=IMPERSONATION)
        list(target.calendar.view(*window))
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--latency-ms", type=int, default=100)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        with Sandbox(data_dir, latency_ms=args.latency_ms) as sb:
            ours = run_calwizard(sb, data_dir)
            stock = run_stock_exchangelib(sb, data_dir)
    bound = DEPENDENT_ROUND_TRIPS * args.latency_ms / 1000
    print(json.dumps({
        "bench": "validate_latency",
        "scenario": SCENARIO,
        "latency_ms": args.latency_ms,
        "calwizard_s": round(ours, 3),
        "stock_exchangelib_s": round(stock, 3),
        "speedup": round(stock / ours, 2),
        "dependent_round_trips": DEPENDENT_ROUND_TRIPS,
        "round_trip_bound_s": round(bound, 3),
        "calwizard_vs_bound": round(ours / bound, 2),
        "goals": {"speedup_at_least": 10, "vs_bound_at_most": 1.5},
    }))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
