"""The App object instructions have one source: README.md shows exactly what the wizard shows."""

from __future__ import annotations

from pathlib import Path

from calwizard.pbx.instructions import REQUIRED_APIS, app_object_instructions

README = Path(__file__).resolve().parents[3] / "README.md"


def test_readme_carries_the_wizard_text() -> None:
    assert app_object_instructions() in README.read_text(encoding="utf-8")


def test_instructions_name_the_object_and_every_api_check_box() -> None:
    text = app_object_instructions("cal-sync")
    assert "Name: cal-sync" in text
    for box in ("PbxApi", "TableUsers"):
        assert f'"{box}"' not in text and box in text
    assert REQUIRED_APIS == ("PbxApi", "PbxTableUsers")
    assert "/PBX0/APPS/websocket" in text and "not Admin" in text
