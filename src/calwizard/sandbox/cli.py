"""``calwizard sandbox``: serve the sandbox tenant in the foreground until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import sys

from calwizard.sandbox import data
from calwizard.sandbox.scenarios import write_configs


async def serve_sandbox(args: argparse.Namespace) -> int:
    """Start the sandbox, write the scenario configurations, print ``ready URL`` and serve until stopped.

    Returns:
        0 after a clean shutdown (SIGINT/SIGTERM).
    """
    import signal

    from calwizard.sandbox.server import Sandbox

    sb = Sandbox(args.data_dir, port=args.port, http_port=args.http_port, latency_ms=args.latency_ms,
                 ews_concurrency=args.ews_concurrency, bulk_mailboxes=getattr(args, "bulk_mailboxes", 0) or 0,
                 role_propagation_seconds=getattr(args, "role_propagation_seconds", 0.0) or 0.0,
                 shard_accounts=getattr(args, "shard_accounts", 0) or 0)

    def ready(s: Sandbox) -> None:
        paths = write_configs(args.data_dir, s.host_overrides, s.ca_file)
        print(f"CA certificate: {s.ca_file}", file=sys.stderr)
        print(f"configurations: {len(paths)} scenarios in {args.data_dir / 'configs'}", file=sys.stderr)
        print(f"control API: https://control.sandbox.test/v1/ (e.g. curl --cacert {s.ca_file} --connect-to "
              f"control.sandbox.test:443:127.0.0.1:{s.port} https://control.sandbox.test/v1/stats)", file=sys.stderr)
        print(f"innovaphone PBX: wss://{data.PBX_HOST}/PBX0/APPS/websocket (PBX name {data.PBX_NAME}, App object "
              f"{data.PBX_APP}; scenarios pbx-*)", file=sys.stderr)
        shards = data.shard_accounts_count()
        if shards:
            first, cred = data.shard_account(0)
            print(f"service accounts for shards: {first} … svc-shard{shards - 1} (NTLM CONTOSO\\svc-shardK; password "
                  f"{{sandbox = \"{cred.replace('0', 'K')}\"}})", file=sys.stderr)
        print(f"ready {s.url}", flush=True)

    import asyncio

    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    for sig in (signal.SIGTERM, signal.SIGINT):
        # Windows has no add_signal_handler: Ctrl+C raises KeyboardInterrupt instead
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, task.cancel)  # type: ignore[union-attr]
    with contextlib.suppress(asyncio.CancelledError):
        await sb.serve(ready=ready)
    return 0
