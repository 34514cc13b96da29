"""Fixtures shared by the unit tests."""

from __future__ import annotations

import pytest

from calwizard import i18n


@pytest.fixture
def german():  # type: ignore[no-untyped-def]
    """German through the Qt-free catalog reader, as ``calwizard validate`` uses it (a GUI test in the same process
    may have routed translate() to Qt: that is undone for the test and restored after it)."""
    before, backend = i18n.language(), i18n._backend
    i18n.install(None)
    i18n.set_language("de")
    yield
    i18n.set_language(before)
    i18n.install(backend)
