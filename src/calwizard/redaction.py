"""Keeping secrets out of every text calwizard writes for people: log lines (:mod:`calwizard.engine.logs`) and the
EWS protocol debug log (:mod:`calwizard.exchange.debuglog`).

:class:`Redactor` replaces known secret values (the running configuration's passwords, client secrets, token
cache; the passphrases in the environment) and anything shaped like a JWT (an OAuth access or ID token) by
:data:`MASK`. :class:`OwnerOnlyRotatingFileHandler` creates its files 0600.
"""

from __future__ import annotations

import logging.handlers
import os
import re
from collections.abc import Iterable

PASSPHRASE_ENVS = ("CALWIZARD_BUNDLE_PASSPHRASE", "CALWIZARD_STORE_PASSPHRASE")
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")
MASK = "[redacted]"


class Redactor:
    """The secret values a text must never contain (values shorter than 4 characters are ignored)."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._values: set[str] = set()
        self.add(values)
        self.add(os.environ.get(name, "") for name in PASSPHRASE_ENVS)

    def add(self, values: Iterable[str]) -> None:
        self._values.update(v for v in values if v and len(v) >= 4)

    def __call__(self, text: str) -> str:
        for value in sorted(self._values, key=len, reverse=True):
            if value in text:
                text = text.replace(value, MASK)
        return JWT.sub(MASK, text)


class OwnerOnlyRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file created owner-only (0600): logs say which users exist and what their calendars show."""

    def _open(self):  # type: ignore[no-untyped-def]
        from calwizard.fsutil import private_file

        private_file(self.baseFilename)  # 0600 before the first byte (an owner-only ACL on Windows), no umask race
        return super()._open()
