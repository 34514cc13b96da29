"""Test-wide settings: Qt runs offscreen (NOTES.md: without a platform the process aborts)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# English unless a test asks for another language (calwizard.i18n: CALWIZARD_LANG wins over the system's)
os.environ.setdefault("CALWIZARD_LANG", "en")
