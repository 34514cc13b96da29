"""Microsoft Graph v1.0 of the sandbox: real msal tokens, real HTTPS (requests through HttpPolicy)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from sandbox_helpers import confidential_app

from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import Sandbox, data, graph

BASE = f"https://{data.GRAPH_HOST}/v1.0"


def graph_token(policy: HttpPolicy, client_id: str, secret_name: str) -> str:
    app = confidential_app(policy, client_id, data.FABRIKAM_TENANT_ID, data.credential(secret_name))
    result = app.acquire_token_for_client([data.GRAPH_SCOPE])
    assert "access_token" in result, result
    return str(result["access_token"])


@pytest.fixture(scope="module")
def ok_token(sandbox_policy: HttpPolicy) -> str:
    return graph_token(sandbox_policy, data.APP_OK_CLIENT_ID, data.CRED_APP_OK_SECRET)


@pytest.fixture(scope="module")
def http(sandbox_policy: HttpPolicy) -> requests.Session:
    return sandbox_policy.requests_session()


def get(http: requests.Session, token: str, url: str, **kw: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}", **kw.pop("headers", {})}
    return http.get(url if url.startswith("https://") else BASE + url, headers=headers, timeout=20, **kw)


def window(sandbox: Sandbox, hours: int = 48) -> dict[str, str]:
    start = sandbox.started_at - timedelta(hours=1)
    return {
        "startDateTime": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "endDateTime": (start + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def test_calendar_view_shapes_and_paging(sandbox: Sandbox, http: requests.Session, ok_token: str) -> None:
    r = get(http, ok_token, f"/users/{data.FABRIKAM_ALICE}/calendarView", params=window(sandbox, 96))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["@odata.context"].endswith("/calendarView")
    events = body["value"]
    assert len(events) == 8 and "@odata.nextLink" not in body
    ev = events[0]
    for key in ("id", "subject", "start", "end", "showAs", "isAllDay", "sensitivity", "organizer", "changeKey"):
        assert key in ev
    assert ev["start"]["timeZone"] == "UTC" and ev["start"]["dateTime"].endswith(".0000000")
    assert {e["showAs"] for e in events} >= {"busy", "tentative", "oof", "workingElsewhere", "free"}
    assert any(e["sensitivity"] == "private" for e in events)
    assert any(e["isAllDay"] for e in events)

    # $top + $select: pages linked by @odata.nextLink, only the selected properties
    params = window(sandbox, 96) | {"$top": "3", "$select": "subject,showAs"}
    url: str | None = f"{BASE}/users/{data.FABRIKAM_ALICE}/calendarView"
    seen: list[dict[str, Any]] = []
    pages = 0
    while url:
        r = get(http, ok_token, url, params=params if pages == 0 else None)
        assert r.status_code == 200, r.text
        seen += r.json()["value"]
        url = r.json().get("@odata.nextLink")
        pages += 1
    assert pages == 3 and [e["id"] for e in seen] == [e["id"] for e in events]
    assert set(seen[0]) == {"@odata.etag", "id", "subject", "showAs"}

    # the object ID works like the UPN; a window is mandatory
    r = get(http, ok_token, f"/users/{data.object_id(data.FABRIKAM_ALICE)}/calendarView", params=window(sandbox))
    assert r.status_code == 200 and r.json()["value"]
    r = get(http, ok_token, f"/users/{data.FABRIKAM_ALICE}/calendarView")
    assert r.status_code == 400 and r.json()["error"]["code"] == "ErrorInvalidParameter"


def test_errors(sandbox: Sandbox, sandbox_policy: HttpPolicy, http: requests.Session, ok_token: str) -> None:
    r = http.get(f"{BASE}/users/{data.FABRIKAM_ALICE}/calendarView", params=window(sandbox), timeout=20)
    assert r.status_code == 401 and r.json()["error"]["code"] == "InvalidAuthenticationToken"
    # a token for EWS is not one for Graph
    ews = sandbox.issue_access_token(data.FABRIKAM, data.OUTLOOK_RESOURCE, app=data.app_by_key("app-ok"))
    assert get(http, ews, f"/users/{data.FABRIKAM_ALICE}/calendarView", params=window(sandbox)).status_code == 401
    # unknown user
    r = get(http, ok_token, f"/users/{data.FABRIKAM_UNKNOWN}/calendarView", params=window(sandbox))
    assert r.status_code == 404 and r.json()["error"]["code"] == "ErrorInvalidUser"
    # no admin consent: no roles -> 403 ErrorAccessDenied
    noconsent = graph_token(sandbox_policy, data.APP_NOCONSENT_CLIENT_ID, data.CRED_APP_NOCONSENT_SECRET)
    r = get(http, noconsent, f"/users/{data.FABRIKAM_ALICE}/calendarView", params=window(sandbox))
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "ErrorAccessDenied"
    assert r.json()["error"]["message"] == "Access is denied. Check credentials and try again."
    # RBAC for Applications: app-scoped reads alice, not the CEO
    scoped = graph_token(sandbox_policy, data.APP_SCOPED_CLIENT_ID, data.CRED_APP_SCOPED_SECRET)
    assert get(http, scoped, f"/users/{data.FABRIKAM_ALICE}/calendarView", params=window(sandbox)).status_code == 200
    r = get(http, scoped, f"/users/{data.FABRIKAM_CEO}/calendarView", params=window(sandbox))
    assert r.status_code == 403 and r.json()["error"]["code"] == "ErrorAccessDenied"


def test_read_basic_hides_the_body_not_the_subject(sandbox: Sandbox, http: requests.Session) -> None:
    basic = sandbox.issue_access_token(
        data.FABRIKAM, data.GRAPH_RESOURCE, app=data.app_by_key("app-ok"), roles=("Calendars.ReadBasic",)
    )
    r = get(http, basic, f"/users/{data.FABRIKAM_BOB}/calendarView", params=window(sandbox))
    assert r.status_code == 200
    ev = r.json()["value"][0]
    assert "body" not in ev and "bodyPreview" not in ev
    assert ev["subject"] and "showAs" in ev and "organizer" in ev


def test_get_user(sandbox: Sandbox, http: requests.Session, ok_token: str) -> None:
    # Calendars.Read does not allow reading the directory
    r = get(http, ok_token, f"/users/{data.FABRIKAM_ALICE}")
    assert r.status_code == 403 and r.json()["error"]["code"] == "Authorization_RequestDenied"
    reader = sandbox.issue_access_token(
        data.FABRIKAM, data.GRAPH_RESOURCE, app=data.app_by_key("app-ok"), roles=("User.Read.All",)
    )
    r = get(http, reader, f"/users/{data.FABRIKAM_ALICE}")
    assert r.status_code == 200
    assert r.json()["userPrincipalName"] == data.FABRIKAM_ALICE
    assert r.json()["id"] == data.object_id(data.FABRIKAM_ALICE)
    assert get(http, reader, f"/users/{r.json()['id']}").json()["displayName"] == "Alice Wong"
    r = get(http, reader, f"/users/{data.FABRIKAM_UNKNOWN}")
    assert r.status_code == 404 and r.json()["error"]["code"] == "Request_ResourceNotFound"


def delta_round(http: requests.Session, token: str, url: str, params: dict[str, str] | None = None,
                page_size: int = 3) -> tuple[list[dict[str, Any]], str, int]:
    entries: list[dict[str, Any]] = []
    pages = 0
    next_url: str | None = url
    while True:
        assert next_url is not None
        r = get(http, token, next_url, params=params if pages == 0 else None,
                headers={"Prefer": f"odata.maxpagesize={page_size}"})
        assert r.status_code == 200, r.text
        body = r.json()
        entries += body["value"]
        pages += 1
        if "@odata.deltaLink" in body:
            return entries, body["@odata.deltaLink"], pages
        next_url = body["@odata.nextLink"]
        assert "$skiptoken=" in next_url


def test_delta(sandbox: Sandbox, http: requests.Session, ok_token: str) -> None:
    mbx = data.FABRIKAM_CAROL
    first, delta_link, pages = delta_round(
        http, ok_token, f"{BASE}/users/{mbx}/calendarView/delta", window(sandbox, 96)
    )
    assert len(first) == 8 and pages == 3 and "$deltatoken=" in delta_link
    # nothing changed: an empty round
    again, delta_link, _ = delta_round(http, ok_token, delta_link)
    assert again == []
    # create, change, delete (and a change in another mailbox that must not show); the seed is restored after
    base = sandbox.started_at.replace(microsecond=0)
    created = sandbox.store.create(mbx, "Graph delta test", base + timedelta(hours=1), base + timedelta(hours=2))
    victim, changed = [a for a in sandbox.store.list(mbx) if a.uid != created.uid][:2]
    other = sandbox.store.create(data.FABRIKAM_BOB, "Elsewhere", base, base + timedelta(hours=1))
    try:
        sandbox.store.change(mbx, changed.uid, free_busy="OOF")
        sandbox.store.delete(mbx, victim.uid)
        entries, delta_link, _ = delta_round(http, ok_token, delta_link)
        by_id = {e["id"]: e for e in entries}
        assert len(entries) == 3
        assert by_id[created.item_id]["subject"] == "Graph delta test"
        assert by_id[changed.item_id]["showAs"] == "oof"
        assert by_id[victim.item_id] == {"id": victim.item_id, "@removed": {"reason": "deleted"}}
        # moved out of the window -> removed
        far = datetime(2030, 1, 1, tzinfo=UTC)
        sandbox.store.change(mbx, created.uid, start=far, end=far + timedelta(hours=1))
        entries, _, _ = delta_round(http, ok_token, delta_link)
        assert entries == [{"id": created.item_id, "@removed": {"reason": "deleted"}}]
    finally:
        sandbox.store.delete(mbx, created.uid)
        sandbox.store.delete(data.FABRIKAM_BOB, other.uid)
        if sandbox.store.get(mbx, victim.uid) is None:
            sandbox.store.add(victim)
        sandbox.store.change(mbx, changed.uid, free_busy=changed.free_busy)


def test_batch(sandbox: Sandbox, http: requests.Session, ok_token: str) -> None:
    q = "startDateTime={startDateTime}&endDateTime={endDateTime}".format(**window(sandbox))
    requests_ = [
        {"id": "1", "method": "GET", "url": f"/users/{data.FABRIKAM_ALICE}/calendarView?{q}&$select=showAs"},
        {"id": "2", "method": "GET", "url": f"/users/{data.FABRIKAM_UNKNOWN}/calendarView?{q}"},
        {"id": "3", "method": "GET", "url": f"/users/{data.FABRIKAM_BOB}/calendarView/delta?{q}"},
    ]
    headers = {"Authorization": f"Bearer {ok_token}"}
    r = http.post(f"{BASE}/$batch", json={"requests": requests_}, headers=headers, timeout=20)
    assert r.status_code == 200, r.text
    by_id = {x["id"]: x for x in r.json()["responses"]}
    assert by_id["1"]["status"] == 200 and by_id["1"]["body"]["value"]
    assert by_id["2"]["status"] == 404 and by_id["2"]["body"]["error"]["code"] == "ErrorInvalidUser"
    assert by_id["3"]["status"] == 200 and "@odata.deltaLink" in by_id["3"]["body"]
    too_many = [{"id": str(i), "method": "GET", "url": f"/users/{data.FABRIKAM_ALICE}/calendarView?{q}"}
                for i in range(21)]
    r = http.post(f"{BASE}/$batch", json={"requests": too_many}, headers=headers, timeout=20)
    assert r.status_code == 400 and r.json()["error"]["code"] == "BadRequest"


def test_mailbox_concurrency_throttling(sandbox: Sandbox, sandbox_policy: HttpPolicy, ok_token: str) -> None:
    svc = graph.service(sandbox)
    url = f"{BASE}/users/{data.FABRIKAM_ROOM}/calendarView"
    params = window(sandbox)
    svc.pause()
    try:
        with ThreadPoolExecutor(6) as pool:
            futures = [
                pool.submit(get, sandbox_policy.requests_session(), ok_token, url, params=params) for _ in range(6)
            ]
            # the two requests over the limit are answered at once, while four are held
            completed = as_completed(futures, timeout=20)
            throttled = [next(completed).result(), next(completed).result()]
            svc.resume()
            results = [f.result() for f in futures]
    finally:
        svc.resume()
    assert all(r.status_code == 429 for r in throttled)
    assert sorted(r.status_code for r in results) == [200, 200, 200, 200, 429, 429]
    t = next(r for r in results if r.status_code == 429)
    assert t.headers["Retry-After"] == "1" and t.json()["error"]["code"] == "ApplicationThrottled"
