"""The sandbox server itself: TLS and virtual hosts, latency, the never-answering host, shutdown, data."""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
import requests
from cryptography import x509
from sandbox_helpers import wait_until

from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.store import align_15

pytestmark = pytest.mark.integration


def test_properties(sandbox: Sandbox) -> None:
    assert sandbox.url == f"https://127.0.0.1:{sandbox.port}"
    assert sandbox.port and sandbox.http_port and sandbox.port != sandbox.http_port
    for host in data.ALL_HOSTS:
        assert sandbox.host_overrides[f"{host}:443"] == f"127.0.0.1:{sandbox.port}"
        assert sandbox.host_overrides[f"{host}:80"] == f"127.0.0.1:{sandbox.http_port}"


def test_certificate_covers_every_host(sandbox: Sandbox) -> None:
    ctx = ssl.create_default_context(cafile=str(sandbox.ca_file))
    for host in data.ALL_HOSTS:
        with (
            socket.create_connection(("127.0.0.1", sandbox.port)) as raw,
            ctx.wrap_socket(raw, server_hostname=host) as tls,
        ):
            cert = x509.load_der_x509_certificate(tls.getpeercert(binary_form=True))
            sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            assert host in sans.get_values_for_type(x509.DNSName)


def test_direct_ip_access_and_unknown_host(sandbox: Sandbox) -> None:
    r = requests.get(sandbox.url, verify=str(sandbox.ca_file), timeout=10)
    assert r.status_code == 200 and data.LOGIN_HOST in r.text
    r = requests.get(sandbox.url, headers={"Host": "elsewhere.test"}, verify=str(sandbox.ca_file), timeout=10)
    assert r.status_code == 421


def test_keys_are_reused(sandbox: Sandbox, sandbox_data_dir: Path) -> None:
    before = (sandbox_data_dir / "ca.pem").read_bytes()
    other = Sandbox(sandbox_data_dir)
    assert (sandbox_data_dir / "ca.pem").read_bytes() == before
    assert other.keys.app_ok_cert == sandbox.keys.app_ok_cert


def test_seed_data_is_relative_to_start(sandbox: Sandbox) -> None:
    base = align_15(sandbox.started_at)
    for mbx in data.all_mailboxes():
        items = sandbox.store.list(mbx.address)
        assert len(items) == 8
        assert any(a.start <= base < a.end and a.free_busy == "Busy" for a in items), mbx.address
        assert any(a.free_busy == "OOF" and a.is_all_day for a in items)
        assert any(a.sensitivity == "Private" for a in items)
        overlapping = [
            (a, b)
            for a in items
            for b in items
            if a is not b and a.overlaps(b.start, b.end) and not a.is_all_day and not b.is_all_day
        ]
        assert overlapping
    assert [a.start for a in sandbox.store.list(data.CONTOSO_ANNA)] != [
        a.start for a in sandbox.store.list(data.FABRIKAM_BOB)
    ]


def test_store_listeners(sandbox: Sandbox) -> None:
    seen: list[tuple[str, str]] = []
    unsubscribe = sandbox.store.subscribe(lambda kind, appt: seen.append((kind, appt.subject)))
    try:
        now = datetime.now(UTC)
        appt = sandbox.store.create(data.NORTHWIND_ERIN, "listener", now, now)
        sandbox.store.change(data.NORTHWIND_ERIN, appt.uid, subject="listener 2")
        sandbox.store.delete(data.NORTHWIND_ERIN, appt.uid)
    finally:
        unsubscribe()
    assert seen == [("created", "listener"), ("modified", "listener 2"), ("deleted", "listener 2")]


def test_data_lookups() -> None:
    assert data.find_tenant(data.FABRIKAM_DOMAIN) is data.FABRIKAM
    assert data.find_tenant(data.NORTHWIND_TENANT_ID) is data.NORTHWIND
    assert data.find_mailbox(data.CONTOSO_ANNA_SECONDARY)[1].address == data.CONTOSO_ANNA
    assert data.find_app(data.APP_SCOPED_CLIENT_ID).mailbox_scope == data.APP_SCOPED_MAILBOXES
    assert data.org_for_domain(data.SLOW_DOMAIN) is data.CONTOSO


# ------------------------------------------------------------------------------------------ slow.test


def test_slow_host_never_answers(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    with pytest.raises(requests.exceptions.ReadTimeout):
        sandbox_policy.requests_session().get(f"https://{data.SLOW_HOST}/autodiscover/autodiscover.xml", timeout=0.5)


async def test_slow_host_times_out_with_aiohttp(sandbox_policy: HttpPolicy) -> None:
    async with sandbox_policy.aiohttp_session() as s:
        with pytest.raises(asyncio.TimeoutError):
            async with s.get(f"http://{data.SLOW_HOST}/", timeout=aiohttp.ClientTimeout(total=0.5)):
                pass


def test_stop_is_not_blocked_by_held_requests(sandbox_data_dir: Path, tmp_path: Path) -> None:
    sb = Sandbox(sandbox_data_dir).start()
    policy = HttpPolicy(ca_file=sb.ca_file, host_overrides=sb.host_overrides, cache_dir=tmp_path)
    policy.verify_path()  # write the CA bundle once: HttpPolicy's first write is not safe against a race
    with ThreadPoolExecutor(max_workers=2) as pool:
        held = [
            pool.submit(policy.requests_session().get, f"https://{data.SLOW_HOST}/", timeout=60),
            pool.submit(policy.requests_session().get, f"http://{data.SLOW_HOST}/", timeout=60),
        ]
        wait_until(lambda: sb.held_requests() == 2, what="slow.test holding both requests")
        began = time.monotonic()
        sb.stop()
        stopped_after = time.monotonic() - began
        for f in held:
            with pytest.raises(requests.exceptions.ConnectionError):
                f.result(timeout=10)
    assert stopped_after < 5


# ------------------------------------------------------------------------------------------ latency


def test_latency_is_injected(sandbox_data_dir: Path, tmp_path: Path) -> None:
    with Sandbox(sandbox_data_dir, latency_ms=300) as sb:
        policy = HttpPolicy(ca_file=sb.ca_file, host_overrides=sb.host_overrides, cache_dir=tmp_path)
        s = policy.requests_session()
        url = f"https://{data.LOGIN_HOST}/_sandbox/credentials/{data.CRED_APP_OK_SECRET}"
        s.get(url)  # connection set up
        began = time.monotonic()
        assert s.get(url).status_code == 200
        assert time.monotonic() - began >= 0.3
