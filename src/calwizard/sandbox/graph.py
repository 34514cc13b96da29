"""Microsoft Graph v1.0 on ``graph.sandbox.test`` (work in progress: answers 404 for now)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from calwizard.sandbox.server import Sandbox


async def handle(sandbox: Sandbox, request: web.Request) -> web.StreamResponse:
    """Serve a request to ``graph.sandbox.test``."""
    return web.json_response(
        {"error": {"code": "NotFound", "message": "The calwizard sandbox does not serve Microsoft Graph yet."}},
        status=404,
    )
