"""Benchmark: full validation with WAN latency, side by side.

    python bench/validate_latency.py [--latency-ms 100]
    python bench/validate_latency.py --mailboxes 1000 [--latency-ms 100] [--paths current,legacy]

Without ``--mailboxes``: ``autodiscover-slow-candidate`` (a firewalled Autodiscover candidate), calwizard vs.
stock exchangelib (below). With ``--mailboxes N``: ``onprem-ok`` with N generated mailboxes on a sandbox in its
own process (see "At scale" below).

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

**At scale** (``--mailboxes N``): ``calwizard validate``'s code path for ``onprem-ok`` with N generated mailboxes,
once per code path in ``--paths``:

* ``current`` — the mailbox check as shipped: every EWS request of the validation goes through the engine's
  per-account limiter (:class:`calwizard.exchange.limiter.AccountLimiter`: EWSMaxConcurrency 27 in flight,
  ErrorServerBusy pauses the whole account).
* ``legacy`` — the code path before the limiter was shared (``CheckContext.ews_path = "legacy"``: at most 10
  exchangelib calls in flight, each retrying ErrorServerBusy on its own).

The round-trip bound is ``mailboxes x EWS requests per mailbox x latency / 27`` with the requests the sandbox
really counted for the mailbox checks (ResolveNames and FindItem per mailbox). Goal: ``current`` within 1.5x of
it. The sandbox enforces EWSMaxConcurrency 27 per account (more in flight answer ErrorServerBusy).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
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


EWS_CONCURRENCY = 27
"""EWSMaxConcurrency: the sandbox's limit per account, and the divisor of the round-trip bound."""


def run_at_scale(mailboxes: int, latency_ms: int, paths: list[str]) -> dict:
    """``validate`` of ``onprem-ok`` with ``mailboxes`` generated mailboxes, once per code path."""
    from calwizard.sandbox.control import ControlClient
    from calwizard.settings.model import Mailbox

    sys.path.insert(0, str(Path(__file__).parent))
    from sandbox_process import cpu_of, load_average, sandbox_process

    out: dict = {"bench": "validate_latency", "scenario": "onprem-ok", "mailboxes": mailboxes,
                 "latency_ms": latency_ms, "ews_concurrency": EWS_CONCURRENCY, "load_average_before": load_average()}
    with tempfile.TemporaryDirectory() as tmp, sandbox_process(Path(tmp) / "sandbox", latency_ms=latency_ms,
                                                               mailboxes=mailboxes,
                                                               concurrency=EWS_CONCURRENCY) as sb:
        http = HttpPolicy(ca_file=sb.ca_file, host_overrides=sb.host_overrides, timeout=60,
                          cache_dir=Path(tmp) / "ca")
        control = ControlClient(http)
        for path in paths:
            settings = scenario_settings("onprem-ok", sb.host_overrides, sb.ca_file, Path(tmp) / "sandbox")
            settings.mailboxes = [Mailbox(pbx_name=f"user{i:04d}", addresses=[d.bulk_address(i)])
                                  for i in range(1, mailboxes + 1)]
            ctx = make_context(settings, make_fetcher(settings))
            ctx.ews_path = path
            control.reset_stats()
            cpu0, sb_cpu0 = time.process_time(), cpu_of(sb.pid)
            start = time.perf_counter()
            results = asyncio.run(validate(ctx))
            elapsed = time.perf_counter() - start
            stats = control.stats()
            failed = [r.summary for r in results if not r.passed]
            requests = stats["requests"]
            per_mailbox = (requests.get("ResolveNames", 0) + requests.get("FindItem", 0)
                           + requests.get("GetFolder", 0)) / (mailboxes + 1)
            bound = mailboxes * per_mailbox * latency_ms / 1000 / EWS_CONCURRENCY
            out[path] = {
                "seconds": round(elapsed, 3),
                "failed_checks": failed[:5],
                "ews_requests": requests,
                "server_busy": stats.get("server_busy"),
                "requests_per_mailbox": round(per_mailbox, 3),
                "round_trip_bound_s": round(bound, 3),
                "vs_bound": round(elapsed / bound, 2) if bound else None,
                "cpu_client_s": round(time.process_time() - cpu0, 2),
                "cpu_sandbox_s": round(cpu_of(sb.pid) - sb_cpu0, 2),
            }
        control.close()
    if "current" in out and "legacy" in out:
        out["speedup_current_vs_legacy"] = round(out["legacy"]["seconds"] / out["current"]["seconds"], 2)
    out["load_average_after"] = load_average()
    out["cpus"] = os.cpu_count()
    out["goals"] = {"current_vs_bound_at_most": 1.5}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--latency-ms", type=int, default=100)
    ap.add_argument("--mailboxes", type=int, default=0,
                    help="validate onprem-ok with this many generated mailboxes (sandbox in its own process)")
    ap.add_argument("--paths", default="current,legacy",
                    help="with --mailboxes: code paths to time, comma-separated: current, legacy")
    args = ap.parse_args()
    if args.mailboxes:
        paths = [p.strip() for p in args.paths.split(",") if p.strip()]
        if set(paths) - {"current", "legacy"}:
            ap.error("--paths takes current and/or legacy")
        print(json.dumps(run_at_scale(args.mailboxes, args.latency_ms, paths)), flush=True)
        return
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
