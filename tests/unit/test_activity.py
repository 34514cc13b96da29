"""calwizard.activity: the requests a check sends are reported to the wizard's observer (method, address without
query, the check's id) from every HTTP stack, and nothing is reported when nobody observes."""

from __future__ import annotations

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from calwizard import activity
from calwizard.exchange.http import HttpPolicy


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def _server() -> ThreadingHTTPServer:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def test_requests_and_aiohttp_report_to_the_observer_of_their_context() -> None:
    srv = _server()
    url = f"http://127.0.0.1:{srv.server_address[1]}/autodiscover/autodiscover.xml?user=anna%40contoso.test"
    seen: list[tuple[str, str, str, str]] = []
    policy = HttpPolicy(timeout=5)
    try:
        policy.requests_session().get(url)  # nobody observes: nothing reported
        assert seen == []

        async def check() -> None:
            activity.CHECK.set("autodiscover")
            await asyncio.to_thread(policy.requests_session().get, url)  # requests (msal, exchangelib) in a thread
            async with policy.aiohttp_session() as session, session.get(url) as resp:
                assert resp.status == 200

        with activity.observing(lambda kind, req: seen.append((kind, req.check, req.method, req.url))):
            asyncio.run(check())
    finally:
        srv.shutdown()
    plain = url.split("?", 1)[0]
    assert seen == [("started", "autodiscover", "GET", plain), ("ended", "autodiscover", "GET", plain)] * 2
