"""Test-wide settings: Qt runs offscreen (NOTES.md: without a platform the process aborts)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
