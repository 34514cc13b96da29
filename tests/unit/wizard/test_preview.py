"""The presence preview without Qt: mailbox choices, rows rendered by the engine, reading a calendar through a
backend (opened, resolved, read for 48 hours, always closed), and failures with their remedies."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from calwizard.engine.backend import BackendError, Resolution
from calwizard.engine.model import Appointment
from calwizard.errors import SecretError
from calwizard.settings.model import Mailbox, PbxSettings, PresenceMappingSettings, SecretRef, Settings, SyncType
from calwizard.wizard import preview as pv

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 9, 40, tzinfo=BERLIN)  # a Monday


def pbx() -> PbxSettings:
    return PbxSettings(master_pbx_name="pbx1", presence_language="en", presence_timezone="Europe/Berlin")


def appt(h1: int, m1: int, h2: int, m2: int, subject: str, fb: str = "busy", day: int = 0, **kw) -> Appointment:
    base = NOW.replace(hour=0, minute=0) + timedelta(days=day)
    return Appointment(start=base.replace(hour=h1, minute=m1), end=base.replace(hour=h2, minute=m2),
                       subject=subject, free_busy=fb, **kw)


def settings(sync_type: SyncType = SyncType.CLOUD_APP_ONLY) -> Settings:
    s = Settings(pbx=pbx(), mailboxes=[Mailbox(pbx_name="anna", addresses=["anna@contoso.test", "a@contoso.test"]),
                                       Mailbox(pbx_name="ben", addresses=["ben@contoso.test"])])
    s.exchange.sync_type = sync_type
    s.exchange.client_id = "11111111-2222-3333-4444-555555555555"
    s.exchange.user = "svc@contoso.test"
    return s


def no_secrets(ref) -> str:
    raise SecretError(f"{ref.describe()} cannot be read here", remedy="Type the value in the wizard.")


# --------------------------------------------------------------------------- mailboxes and rendering


def test_mailbox_choices_are_keyed_by_pbx_name() -> None:
    assert pv.mailbox_choices(settings()) == [("anna", "anna (anna@contoso.test)"), ("ben", "ben (ben@contoso.test)")]
    assert pv.find_mailbox(settings(), "ben").addresses == ["ben@contoso.test"]
    assert pv.find_mailbox(settings(), "carol") is None


def test_rows_now_and_at_every_change_today_rendered_by_the_engine() -> None:
    appts = [appt(9, 30, 10, 30, "Weekly team meeting"), appt(14, 0, 15, 0, "Planning"),
             appt(9, 0, 10, 0, "Tomorrow's meeting", day=1)]
    rows = pv.presence_rows(appts, NOW, pbx(), PresenceMappingSettings())
    assert [r.label for r in rows] == ["Now", "09:30", "10:30", "14:00", "15:00"]
    assert rows[0].activity == "busy" and rows[0].text.startswith("Weekly team meeting until 10:30")
    assert "#busy" in rows[0].text
    assert rows[2].text.startswith("Free until")
    at = pv.presence_at(appts, NOW, 14, 30, pbx(), PresenceMappingSettings(busy="do_not_disturb"))
    assert at.label == "14:30" and at.activity == "dnd" and at.text.startswith("Planning until 15:00 ")
    assert at.at == datetime(2026, 11, 23, 14, 30, tzinfo=BERLIN)


def test_appointment_cells_show_local_times_weekdays_and_all_day_dates() -> None:
    utc_now = NOW.astimezone(UTC)
    assert pv.appointment_cells(appt(9, 30, 10, 30, "Standup", organizer="o@x.test"), utc_now, BERLIN) == (
        "09:30", "10:30", "Standup", "Busy", "o@x.test")
    assert pv.appointment_cells(appt(8, 0, 9, 0, "Later", day=1, is_private=True), utc_now, BERLIN)[:3] == (
        "Tue 08:00", "Tue 09:00", "Later (private)")
    day = NOW.replace(hour=0, minute=0) + timedelta(days=1)
    whole = Appointment(start=day, end=day + timedelta(days=2), subject="Out of office", free_busy="oof",
                        is_all_day=True)
    assert pv.appointment_cells(whole, utc_now, BERLIN)[:3] == ("Tue 24.11.", "Wed 25.11.", "Out of office (all day)")


# --------------------------------------------------------------------------- failures


def test_failures_keep_or_add_the_remedy() -> None:
    s = settings(SyncType.ON_PREMISES)
    e = pv.failure(SecretError("the password cannot be read", field="exchange.password",
                               remedy="Type it on the Connection page."), s)
    assert (e.message, e.remedy) == ("the password cannot be read", "Type it on the Connection page.")
    assert str(e) == "the password cannot be read — Type it on the Connection page."
    e = pv.failure(BackendError("impersonation_denied", "ErrorImpersonateUserDenied"), s, "anna@contoso.test")
    assert e.message == "anna@contoso.test: ErrorImpersonateUserDenied"
    assert "ApplicationImpersonation" in e.remedy and "svc@contoso.test" in e.remedy
    e = pv.failure(BackendError("impersonation_denied", "denied"), settings(), "anna@contoso.test")
    assert "Test-ServicePrincipalAuthorization -Identity 11111111" in e.remedy and "anna@contoso.test" in e.remedy
    e = pv.failure(BackendError("ews_blocked", "HTTP 403"), settings())
    assert "EwsAllowedAppIDs" in e.remedy
    e = pv.failure(BackendError("access_denied", "403"), settings(SyncType.CLOUD_GRAPH))
    assert "RBAC for Applications" in e.remedy
    assert "network path" in pv.failure(TimeoutError(), s).remedy
    with pytest.raises(TypeError):
        pv.failure(KeyError("a bug"), s)


# --------------------------------------------------------------------------- reading


class FakeBackend:
    def __init__(self, primary: str | None = "anna@contoso.test", error: BaseException | None = None,
                 delay: float = 0.0) -> None:
        self.primary, self.error, self.delay = primary, error, delay
        self.calls: list[tuple] = []

    async def open(self) -> None:
        self.calls.append(("open",))

    async def resolve(self, addresses) -> Resolution:
        self.calls.append(("resolve", tuple(addresses)))
        return Resolution(self.primary, "Anna")

    async def read(self, address, start, end) -> list[Appointment]:
        self.calls.append(("read", address, start, end))
        await asyncio.sleep(self.delay)
        if self.error is not None:
            raise self.error
        return [appt(14, 0, 15, 0, "Later"), appt(9, 30, 10, 30, "Earlier")]

    async def close(self) -> None:
        self.calls.append(("close",))


async def test_read_resolves_reads_48_hours_and_closes() -> None:
    fake = FakeBackend()
    got = await pv.read_calendar(settings(), no_secrets, "anna", now=NOW, backend_factory=lambda ctx: fake)
    start = NOW.astimezone(UTC)
    assert fake.calls == [("open",), ("resolve", ("anna@contoso.test", "a@contoso.test")),
                          ("read", "anna@contoso.test", start, start + timedelta(hours=48)), ("close",)]
    assert (got.pbx_name, got.address, got.start, got.end) == ("anna", "anna@contoso.test", start,
                                                               start + timedelta(hours=48))
    assert [a.subject for a in got.appointments] == ["Earlier", "Later"]


async def test_read_failures_are_preview_errors_and_the_backend_is_closed() -> None:
    fake = FakeBackend(error=BackendError("access_denied", "ErrorAccessDenied"))
    with pytest.raises(pv.PreviewError) as err:
        await pv.read_calendar(settings(), no_secrets, "anna", backend_factory=lambda ctx: fake)
    assert err.value.message == "anna@contoso.test: ErrorAccessDenied"
    # the remedy fits the access model: app-only impersonates within the app's scope, so no folder permission
    assert "RBAC for Applications" in err.value.remedy and "Reviewer" not in err.value.remedy
    assert fake.calls[-1] == ("close",)
    onprem = settings(SyncType.ON_PREMISES)
    onprem.exchange.password = SecretRef(env="CW_TEST_PW")
    for model, expected in (("impersonation", "a folder permission does not change that"),
                            ("delegate", "Add-MailboxFolderPermission")):
        onprem.exchange.access_model = model  # type: ignore[assignment]
        with pytest.raises(pv.PreviewError) as err:
            await pv.read_calendar(onprem, lambda ref: "pw", "anna", backend_factory=lambda ctx: FakeBackend(
                error=BackendError("access_denied", "ErrorAccessDenied")))
        assert expected in err.value.remedy and "Reviewer" not in err.value.remedy

    fake = FakeBackend(primary=None)
    with pytest.raises(pv.PreviewError, match=r"no mailbox found for anna@contoso\.test; a@contoso\.test"):
        await pv.read_calendar(settings(), no_secrets, "anna", backend_factory=lambda ctx: fake)
    assert fake.calls[-1] == ("close",)

    with pytest.raises(pv.PreviewError, match="no mailbox 'carol'"):
        await pv.read_calendar(settings(), no_secrets, "carol", backend_factory=lambda ctx: FakeBackend())


async def test_a_missing_secret_stops_before_the_backend_opens() -> None:
    s = settings(SyncType.ON_PREMISES)
    s.exchange.password = SecretRef(store="t/exchange.password")
    opened: list[object] = []
    with pytest.raises(pv.PreviewError) as err:
        await pv.read_calendar(s, no_secrets, "anna", backend_factory=opened.append)
    assert not opened
    assert "cannot be read here" in err.value.message and err.value.remedy == "Type the value in the wizard."


async def test_timeout_and_cancel_close_the_backend() -> None:
    fake = FakeBackend(delay=10)
    with pytest.raises(pv.PreviewError, match="did not answer in time"):
        await pv.read_calendar(settings(), no_secrets, "anna", timeout=0.3, backend_factory=lambda ctx: fake)
    assert fake.calls[-1] == ("close",)

    fake = FakeBackend(delay=10)
    task = asyncio.ensure_future(pv.read_calendar(settings(), no_secrets, "anna", backend_factory=lambda ctx: fake))
    for _ in range(200):
        await asyncio.sleep(0.01)
        if any(c[0] == "read" for c in fake.calls):
            break
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert fake.calls[-1] == ("close",)
