"""The sandbox's EWS behaves like a real mailbox for other EWS clients too: ews-javascript-api (a port of
Microsoft's EWS Managed API, run with Node.js) reads it over NTLM and impersonation.

The client lives in ``tests/integration/ewsjs`` (``package.json`` + lock file; ``.ci/run`` installs it with
``npm ci``). The test installs it itself when it is missing and skips only when Node.js or the package cannot
be installed.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.ewsshapes import icalendar

pytestmark = pytest.mark.integration

EWSJS = Path(__file__).parents[1] / "ewsjs"


@pytest.fixture(scope="module")
def node() -> str:
    exe = shutil.which("node")
    npm = shutil.which("npm")
    if exe is None or npm is None:
        pytest.skip("Node.js is not installed (.ci/run installs it)")
    if not (EWSJS / "node_modules" / "ews-javascript-api").is_dir():
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=EWSJS,
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.skip(f"ews-javascript-api cannot be installed: {done.stderr.strip()[-300:]}")
    return exe


@pytest.fixture(scope="module")
def ewsjs(node: str, sandbox: Sandbox) -> dict:
    env = dict(
        os.environ,
        EWS_URL=f"https://{data.CONTOSO_MAIL_HOST}:{sandbox.port}/EWS/Exchange.asmx",
        EWS_USER=data.CONTOSO_SVC_NTLM_USER,
        EWS_PASSWORD=data.credential(data.CRED_CONTOSO_SVC_PASSWORD),
        IMPERSONATE=data.CONTOSO_ANNA,
        AMBIGUOUS=data.CONTOSO_CHRIS,
        NODE_EXTRA_CA_CERTS=str(sandbox.ca_file),
    )
    run = subprocess.run([node, str(EWSJS / "client.js")], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_every_distinguished_folder_binds(ewsjs: dict) -> None:
    folders = ewsjs["folders"]
    assert set(folders) == {"Root", "MsgFolderRoot", "Inbox", "Calendar", "Contacts", "Tasks", "SentItems", "Drafts",
                            "DeletedItems", "JunkEmail", "Outbox"}
    assert folders["Calendar"] == {"displayName": "Calendar", "childFolderCount": 0, "className": "CalendarFolder"}
    assert folders["Contacts"]["className"] == "ContactsFolder" and folders["Tasks"]["className"] == "TasksFolder"
    assert folders["SentItems"]["displayName"] == "Sent Items"
    assert folders["MsgFolderRoot"]["childFolderCount"] == 9
    assert ewsjs["server"]["major"] == 15 and ewsjs["server"]["minor"] == 2


def test_shapes_are_honoured(ewsjs: dict) -> None:
    assert ewsjs["idOnlyFolder"] == {"id": True, "displayNameLoaded": False}  # FolderShape IdOnly: ids only
    assert ewsjs["appointments"], "the impersonated mailbox has appointments in the next 48 hours"
    for a in ewsjs["appointments"]:
        assert a["subject"] and a["start"] < a["end"]
        assert a["locationLoaded"] is False  # not asked for, not sent


def test_requested_extended_properties_are_returned(ewsjs: dict, sandbox: Sandbox) -> None:
    numbers = {"Free": 0, "Tentative": 1, "Busy": 2, "OOF": 3, "WorkingElsewhere": 4}
    for a in ewsjs["appointments"]:
        assert a["ext"]["tag:55"] == a["subject"]  # PidTagSubject 0x0037
        assert a["ext"]["id:33285"] == numbers[a["freeBusy"]]  # PidLidBusyStatus 0x8205 (PSETID_Appointment)


def test_mime_content_is_the_icalendar(ewsjs: dict, sandbox: Sandbox) -> None:
    first = ewsjs["appointments"][0]
    mime = ewsjs["mime"]
    assert mime["characterSet"] == "UTF-8"
    assert mime["text"].startswith("BEGIN:VCALENDAR\r\n") and "BEGIN:VEVENT" in mime["text"]
    assert f"SUMMARY;LANGUAGE=en-US:{first['subject']}" in mime["text"]
    appt = next(a for a in sandbox.store.list(data.CONTOSO_ANNA) if a.item_id == first["id"])
    assert mime["text"] == icalendar(appt)


def test_convert_id_round_trip(ewsjs: dict) -> None:
    conv = ewsjs["convertId"]
    assert conv["format"] == "HexEntryId" and all(c in "0123456789ABCDEF" for c in conv["hex"])
    assert conv["roundTrip"] is True
    assert base64.b64decode(conv["back"]) == base64.b64decode(ewsjs["appointments"][0]["id"])


def test_resolve_names_lists_every_candidate(ewsjs: dict) -> None:
    assert sorted(r["address"] for r in ewsjs["resolve"]) == [data.CONTOSO_CHRIS_MAYER, data.CONTOSO_CHRIS_MEYER]


def test_item_shape_id_only_returns_ids_only(sandbox: Sandbox, sandbox_policy) -> None:  # type: ignore[no-untyped-def]
    """The raw answer: ItemShape IdOnly without AdditionalProperties is t:ItemId and nothing else."""
    from requests_ntlm import HttpNtlmAuth

    from calwizard.sandbox.soap import T_NS, parse

    body = (
        '<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" '
        'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><s:Header>'
        '<t:RequestServerVersion Version="Exchange2013_SP1"/></s:Header><s:Body>'
        '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>'
        '<m:IndexedPageItemView MaxEntriesReturned="5" Offset="0" BasePoint="Beginning"/>'
        '<m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>'
        "</s:Body></s:Envelope>"
    )
    r = sandbox_policy.requests_session().post(
        data.CONTOSO_EWS_URL, data=body.encode(), headers={"Content-Type": "text/xml; charset=utf-8"},
        auth=HttpNtlmAuth(data.CONTOSO_ANNA, data.credential(data.CRED_CONTOSO_ANNA_PASSWORD)))
    assert r.status_code == 200
    items = list(parse(r.content).iter(f"{{{T_NS}}}CalendarItem"))
    assert items and all([c.tag for c in item] == [f"{{{T_NS}}}ItemId"] for item in items)
