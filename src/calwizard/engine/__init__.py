"""The sync engine: the appointment model, free/busy -> presence mapping and the presence
renderer (and, in later issues, the store, the sync loop, notifications and sinks).

Everything in :mod:`~calwizard.engine.model`, :mod:`~calwizard.engine.mapping` and
:mod:`~calwizard.engine.presence` is pure code: no I/O, no clock (``now`` is passed in).
"""
