"""The whole engine against the hostile server: start it on an on-premises configuration whose EWS URL is the
hostile server, wait (with a hang guard) until every user has the status ``error``, hand the engine over, stop it."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from calwizard.settings import Settings

PASSWORD = "not-a-real-password-2"
"""The service account's password in these configurations (tests check it never reaches the hostile server)."""


@contextlib.asynccontextmanager
async def engine_in_error(hostile: Any, state_dir: Path, *, overrides: dict[str, str] | None = None,
                          timeout_seconds: float = 1, guard_seconds: float = 60) -> AsyncIterator[Any]:
    """Yield the running engine once every user (one: ``anna``) has the status ``error`` with a detail; fails when
    the engine ends first or ``guard_seconds`` pass. The engine is stopped afterwards."""
    from tests.integration.engine.engine_helpers import RecordingSink

    from calwizard.engine.runner import run_engine
    from calwizard.secretrefs import make_fetcher

    os.environ["CW_HOSTILE_PW"] = PASSWORD
    settings = Settings.model_validate({
        "pbx": {"master_pbx_name": "pbx1"},
        "exchange": {"sync_type": "on_premises", "user": "svc@contoso.test", "password": {"env": "CW_HOSTILE_PW"},
                     "ews_url": hostile.url(), "ca_file": str(hostile.ca_file),
                     "host_overrides": overrides if overrides is not None else hostile.host_overrides,
                     "timeout_seconds": timeout_seconds},
        "mailboxes": [{"pbx_name": "anna", "addresses": "anna@contoso.test"}],
    })
    stop = asyncio.Event()
    box: dict[str, Any] = {}
    task = asyncio.ensure_future(run_engine(settings, make_fetcher(settings), sink=RecordingSink(),
                                            state_dir=state_dir, stop=stop,
                                            on_engine=lambda e: box.setdefault("engine", e)))
    try:
        for _ in range(int(guard_seconds * 10)):
            engine = box.get("engine")
            if engine is not None and engine.users and all(u.status == "error" and u.detail
                                                           for u in engine.users.values()):
                break
            assert not task.done(), task
            await asyncio.sleep(0.1)
        assert "engine" in box, "the engine did not start"
        yield box["engine"]
        assert not task.done(), "the engine keeps running (and retrying)"
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)
