"""The presence preview of the wizard's Presence mapping page, as plain Python (no Qt).

Two sources of appointments feed the preview: the page's editable sample day, or one configured mailbox's
real calendar, read with the engine's own backend (:func:`calwizard.engine.runner.make_backend`) for the
engine's window (the next 48 hours, seed "Synchronization"). Either way the rows are rendered by the
engine's renderer (:func:`calwizard.engine.presence.compute_presence`) with the configured language,
timezone, priority words and mapping: the presence string the engine would send now, at every change
today, and at a time the technician picks.

:func:`read_calendar` is what the page runs (through qasync, cancelled when the page is left):
it opens the backend (token, Autodiscover), resolves the mailbox's addresses to the primary one as the
engine does, reads the window and closes the backend, within a timeout. Every failure becomes a
:class:`PreviewError` with a message and a remedy the page shows in its banner.

Heavy imports (the engine, the checks, exchangelib) happen in a worker thread on first use, never at
import time of this module.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from calwizard.i18n import translate

if TYPE_CHECKING:
    from calwizard.engine.model import Appointment
    from calwizard.settings.model import Mailbox, PbxSettings, PresenceMappingSettings, Settings

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=48)
"""How far ahead a mailbox's calendar is read: the engine's window (seed "Synchronization")."""

DEFAULT_TIMEOUT = 45.0
"""Seconds a whole read (token, Autodiscover, resolve, read) may take before it is given up."""

SAMPLE_SOURCE = ""
"""The source key of the page's sample appointments (a mailbox's key is its PBX name)."""


class PreviewError(Exception):
    """Reading a mailbox for the preview failed; ``message`` and ``remedy`` are safe to show."""

    def __init__(self, message: str, remedy: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.remedy = remedy

    def __str__(self) -> str:
        return f"{self.message} — {self.remedy}" if self.remedy else self.message


@dataclass(frozen=True)
class CalendarRead:
    """One mailbox's appointments for the preview.

    Attributes:
        pbx_name: the configured user.
        address: the address that was read (the primary SMTP address when it resolved).
        appointments: the appointments overlapping ``[start, end)``, by start time.
        start: when the read window begins (the time of the read).
        end: ``start`` + :data:`WINDOW`.
    """

    pbx_name: str
    address: str
    appointments: tuple[Appointment, ...]
    start: datetime
    end: datetime


@dataclass(frozen=True)
class PresenceRow:
    """One row of the preview: at ``at`` (label: "Now" or the local time) the engine sends ``text``."""

    label: str
    at: datetime
    activity: str
    text: str


# --------------------------------------------------------------------------- mailboxes


def mailbox_label(mailbox: Mailbox) -> str:
    """``anna (anna@contoso.com)``: the PBX name and the first address."""
    first = mailbox.addresses[0] if mailbox.addresses else ""
    return f"{mailbox.pbx_name} ({first})" if first else mailbox.pbx_name


def mailbox_choices(settings: Settings) -> list[tuple[str, str]]:
    """``(key, label)`` of the configured mailboxes, in order (the key is the PBX name)."""
    return [(m.pbx_name, mailbox_label(m)) for m in settings.mailboxes]


def find_mailbox(settings: Settings, key: str) -> Mailbox | None:
    return next((m for m in settings.mailboxes if m.pbx_name == key), None)


# --------------------------------------------------------------------------- reading


def failure(exc: BaseException, settings: Settings, address: str = "") -> PreviewError:
    """The :class:`PreviewError` for what :func:`read_calendar` met.

    :class:`~calwizard.errors.UserFacingError` keeps its message and remedy; a
    :class:`~calwizard.engine.backend.BackendError` gets the remedy the validation checks give for its
    kind (EWS) or the Microsoft Graph equivalent; a timeout says what to check. Anything else is not
    handled here: it is a bug and propagates.
    """
    from calwizard.engine.backend import BackendError
    from calwizard.errors import UserFacingError

    if isinstance(exc, PreviewError):
        return exc
    if isinstance(exc, UserFacingError):
        where = exc.url or exc.host
        return PreviewError(exc.message + (f" ({where})" if where else ""), exc.remedy or "")
    if isinstance(exc, BackendError):
        who = f"{address}: " if address else ""
        return PreviewError(f"{who}{exc.message}", _backend_remedy(exc.kind, settings, address))
    if isinstance(exc, TimeoutError):
        return PreviewError(translate("preview", "Exchange did not answer in time"),
                            translate("preview", "Check the network path to Exchange (proxy, firewall) and "
                                                 "try again; the Validate page shows which step is slow."))
    raise TypeError(f"not a preview failure: {exc!r}") from exc


def _backend_remedy(kind: str, settings: Settings, address: str) -> str:
    from calwizard.checks.ews import APP_ONLY_DENIED_REMEDY, EWS_BLOCKED_REMEDY, REMEDIES
    from calwizard.exchange.access import access_denied_remedy
    from calwizard.settings.model import SyncType

    ex = settings.exchange
    if fix := access_denied_remedy(ex, kind, address or "<mailbox>", settings.pbx.show_subject):
        return fix  # what the access model needs: impersonation scope, app scope or folder permission
    if ex.sync_type.uses_graph and kind == "unauthorized":
        return translate("preview", "Check the client secret or certificate and the admin consent of the "
                                    "app registration.")
    if kind == "ews_blocked" and ex.sync_type.is_cloud:
        return translate("checks", EWS_BLOCKED_REMEDY).replace("<client ID>", ex.client_id or "<client ID>")
    if kind == "impersonation_denied" and ex.sync_type == SyncType.CLOUD_APP_ONLY:
        remedy = translate("checks", APP_ONLY_DENIED_REMEDY)
        return remedy.replace("<client ID>", ex.client_id or "<client ID>").replace(
            "<mailbox>", address or "<mailbox>")
    remedy = translate("checks", REMEDIES.get(kind, REMEDIES["other"]))
    return remedy.replace("<service account>", ex.user or "<service account>")


def _open_context(settings: Settings, fetch: Callable[[Any], str]) -> tuple[Any, Any]:
    """In a worker thread: import the engine, resolve the secrets the backend needs (as ``engine run`` does)
    and build the TLS context once (loading a CA bundle blocks)."""
    runner = importlib.import_module("calwizard.engine.runner")
    plan = importlib.import_module("calwizard.checks.plan")
    ctx = plan.make_context(settings, fetch, debug_log="wizard")
    ex = settings.exchange
    runner.require_secrets(ctx, remedy=translate("preview", "Complete it on the Connection or Entra app page."))
    with contextlib.suppress(OSError, ValueError):  # an unusable CA file: the backend reports it
        ctx.http.ssl_context()
    for name in _warm_modules(ex.sync_type):  # what the backend would otherwise import on the event loop
        with contextlib.suppress(ImportError):  # then it fails there, with its own message
            importlib.import_module(name)
    return runner, ctx


def _warm_modules(sync_type: Any) -> list[str]:
    """The modules :meth:`CalendarBackend.open` imports on first use (exchangelib ~0.3 s, msal ~0.1 s): loaded in
    the worker so that opening the backend never blocks the window."""
    names = ["aiohttp"]
    if sync_type.is_cloud:
        names += ["msal", "calwizard.exchange.entra", "calwizard.exchange.clouds"]
    if sync_type.uses_ews:
        names += ["exchangelib.version", "calwizard.checks.autodiscover"]
    if sync_type.uses_graph:
        names += ["calwizard.engine.graph_backend"]
    return names


async def read_calendar(settings: Settings, fetch: Callable[[Any], str], key: str, *,
                        now: datetime | None = None, timeout: float = DEFAULT_TIMEOUT,
                        backend_factory: Callable[[Any], Any] | None = None) -> CalendarRead:
    """Read the next :data:`WINDOW` of the configured mailbox ``key`` (its PBX name) with the engine's backend.

    Args:
        settings: the configuration (as typed in the wizard).
        fetch: the secret fetcher of the checks (typed secrets first, then the references).
        key: the mailbox's PBX name.
        now: the start of the window (default: now).
        timeout: seconds for the whole read.
        backend_factory: ``ctx -> CalendarBackend`` (default: ``make_backend`` with one connection).

    Raises:
        PreviewError: the read failed (message and remedy for the page's banner).
        asyncio.CancelledError: the page was left; the backend is closed.
    """
    mailbox = find_mailbox(settings, key)
    if mailbox is None or not mailbox.addresses:
        raise PreviewError(translate("preview", "no mailbox {key} is configured").format(
            key=repr(key)), translate("preview", "Add the user on the Mailboxes page."))
    address = mailbox.addresses[0]
    try:
        async with asyncio.timeout(timeout):
            return await _read(settings, fetch, mailbox, now, backend_factory)
    except PreviewError:
        raise
    except Exception as exc:
        if _is_failure(exc):
            raise failure(exc, settings, address) from None
        raise


def _is_failure(exc: BaseException) -> bool:
    from calwizard.engine.backend import BackendError
    from calwizard.errors import UserFacingError

    return isinstance(exc, UserFacingError | BackendError | TimeoutError)


async def _read(settings: Settings, fetch: Callable[[Any], str], mailbox: Mailbox, now: datetime | None,
                backend_factory: Callable[[Any], Any] | None) -> CalendarRead:
    runner, ctx = await asyncio.to_thread(_open_context, settings, fetch)
    if backend_factory is None:
        from calwizard.engine.sync import EngineOptions

        options = EngineOptions(max_concurrency=2, max_streams=1)
        ctx.ews_concurrency = options.max_concurrency
        backend = runner.make_backend(ctx, options)
    else:
        backend = backend_factory(ctx)
    try:
        await backend.open()
        from calwizard.exchange.names import name_candidates

        tried = name_candidates(mailbox, settings)  # the engine's names, in its order
        resolution = await backend.resolve(tried)
        if resolution.primary is None:
            raise PreviewError(translate("preview", "{pbx_name}: no mailbox found for {join}").format(
                pbx_name=mailbox.pbx_name, join='; '.join(tried)),
                               _backend_remedy("not_found", settings, mailbox.addresses[0]))
        start = (now or datetime.now(UTC)).astimezone(UTC)
        end = start + WINDOW
        try:
            items = await backend.read(resolution.primary, start, end)
        except Exception as exc:
            if _is_failure(exc):
                raise failure(exc, settings, resolution.primary) from None
            raise
        appts = tuple(sorted(items, key=lambda a: (a.start, a.end, a.subject)))
        return CalendarRead(mailbox.pbx_name, resolution.primary, appts, start, end)
    finally:
        await _close(backend, ctx)


async def _close(backend: Any, ctx: Any) -> None:
    """Close the backend (bounded; also when the read was cancelled) and the checks' EWS thread pool."""
    try:
        async with asyncio.timeout(5):
            await backend.close()
    except Exception:  # closing is best effort: the read's own outcome is what the page shows
        log.warning("closing the preview's calendar backend failed", exc_info=True)
    finally:
        pool = ctx.facts.pop("_ews_pool", None)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


# --------------------------------------------------------------------------- rendering


def local_day(now: datetime, tz: ZoneInfo) -> datetime:
    """Local midnight (in ``tz``) of the day ``now`` falls on."""
    return now.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)


def presence_rows(appointments: Sequence[Appointment], now: datetime, pbx: PbxSettings,
                  mapping: PresenceMappingSettings) -> list[PresenceRow]:
    """The presence now and at every start and end of an appointment today (presence timezone)."""
    from calwizard.engine.presence import compute_presence

    tz = ZoneInfo(pbx.presence_timezone)
    day = local_day(now, tz).date()
    times = sorted({a.start for a in appointments} | {a.end for a in appointments})
    rows: list[tuple[str, datetime]] = [(translate("preview", "Now"), now)]
    rows += [(t.astimezone(tz).strftime("%H:%M"), t) for t in times if t.astimezone(tz).date() == day]
    out = []
    for label, t in rows:
        p = compute_presence(t, appointments, pbx, mapping)
        out.append(PresenceRow(label, t, str(p.activity.value), p.text))
    return out


def presence_at(appointments: Sequence[Appointment], now: datetime, hour: int, minute: int, pbx: PbxSettings,
                mapping: PresenceMappingSettings) -> PresenceRow:
    """The presence at ``hour:minute`` today (the day of ``now`` in the presence timezone)."""
    from calwizard.engine.presence import compute_presence

    tz = ZoneInfo(pbx.presence_timezone)
    at = datetime.combine(local_day(now, tz).date(), time(hour, minute), tzinfo=tz)
    p = compute_presence(at, appointments, pbx, mapping)
    return PresenceRow(f"{hour:02d}:{minute:02d}", at, str(p.activity.value), p.text)


def appointment_cells(appt: Appointment, now: datetime, tz: ZoneInfo) -> tuple[str, str, str, str, str]:
    """Start, end, subject, free/busy, organizer of a read appointment, for the page's table: times in the
    presence timezone, with the weekday when not today; all-day appointments show their first and last day."""
    today = local_day(now, tz).date()

    def when(t: datetime) -> str:
        local = t.astimezone(tz)
        return local.strftime("%H:%M") if local.date() == today else local.strftime("%a %H:%M")

    if appt.is_all_day:
        start, end = appt.start.astimezone(tz), (appt.end - timedelta(days=1)).astimezone(tz)
        cells = (start.strftime("%a %d.%m."), end.strftime("%a %d.%m."))
    else:
        cells = (when(appt.start), when(appt.end))
    subject = appt.subject + (translate("preview", " (private)") if appt.is_private else "") \
        + (translate("preview", " (all day)") if appt.is_all_day else "")
    return (*cells, subject, appt.free_busy, appt.organizer)


__all__ = [
    "DEFAULT_TIMEOUT",
    "SAMPLE_SOURCE",
    "WINDOW",
    "CalendarRead",
    "PresenceRow",
    "PreviewError",
    "appointment_cells",
    "failure",
    "find_mailbox",
    "local_day",
    "mailbox_choices",
    "mailbox_label",
    "presence_at",
    "presence_rows",
    "read_calendar",
]
