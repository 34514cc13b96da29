"""The sync engine: calendars to PBX presence (seed ``002_…calendar-pages.txt``, "Concepts",
"Synchronization", "Communication with Exchange", "Presence").

Pure parts (no I/O, no clock — ``now`` is passed in): :mod:`~calwizard.engine.model` (the appointment),
:mod:`~calwizard.engine.mapping` (free/busy -> activity, priority words), :mod:`~calwizard.engine.presence`
(the presence string).

The running engine: :mod:`~calwizard.engine.sync` (users, reads, statuses, presence changes),
:mod:`~calwizard.engine.backend` (what it needs from a calendar service; EWS in
:mod:`~calwizard.engine.ews_backend` over :mod:`~calwizard.engine.ews_soap`, change notifications in
:mod:`~calwizard.engine.notifications`), :mod:`~calwizard.engine.scheduler` (timers),
:mod:`~calwizard.engine.store` (SQLite state), :mod:`~calwizard.engine.sinks` (where changes go),
:mod:`~calwizard.engine.runner` (assembly) and :mod:`~calwizard.engine.cli` (``calwizard engine run|status``).
"""
