"""calwizard.resources: the resources directory from source, frozen (sys._MEIPASS) and overridden."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from calwizard import resources

REPO = Path(__file__).resolve().parents[2]


def test_from_source_the_checkouts_resources_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(resources.ENV_VAR, raising=False)
    assert not resources.is_frozen()
    assert resources.root() == REPO / "resources"
    assert resources.require(resources.APP_ICON_SVG) == REPO / "resources" / "icons" / "calwizard.svg"


def test_frozen_uses_meipass(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(resources.ENV_VAR, raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.is_frozen()
    assert resources.path("icons/x.png") == tmp_path / "resources" / "icons" / "x.png"


def test_environment_override_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    assert resources.path("a/b.txt") == tmp_path / "a" / "b.txt"
    with pytest.raises(FileNotFoundError, match=r"'a/b.txt' not found"):
        resources.require("a/b.txt")
    assert resources.app_icon_files() == []


@pytest.mark.parametrize("bad", ["../secret", "/etc/passwd", "icons/../../x", "C:/x", "C:\\x", ""])
def test_paths_outside_the_resources_directory_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="relative to the resources directory"):
        resources.path(bad)


def test_backslashes_are_accepted_as_separators(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    assert resources.path("icons\\calwizard.svg") == tmp_path / "icons" / "calwizard.svg"


def test_app_icon_files_are_the_generated_pngs_smallest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(resources.ENV_VAR, raising=False)
    files = resources.app_icon_files()
    sizes = [int(f.stem.rsplit("-", 1)[1]) for f in files]
    assert sizes == sorted(sizes) and sizes[0] == 16 and 256 in sizes
    assert all(f.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") for f in files)


def test_app_icon_files_fall_back_to_the_svg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "calwizard.svg").write_text("<svg/>")
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    assert resources.app_icon_files() == [tmp_path / "icons" / "calwizard.svg"]
