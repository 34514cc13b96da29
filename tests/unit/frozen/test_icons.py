"""scripts/build_icons.py: the ICO/ICNS containers it packs, and the committed icon files."""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
ICONS = REPO / "resources" / "icons"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _load_build_icons():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("calwizard_build_icons", REPO / "scripts" / "build_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bi = _load_build_icons()


def _fake_pngs(sizes) -> dict[int, bytes]:  # type: ignore[no-untyped-def]
    return {s: PNG_MAGIC + struct.pack(">I", s) * 3 for s in sizes}


def _read_ico(data: bytes) -> list[tuple[int, bytes]]:
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    out = []
    for i in range(count):
        w, h, _, _, planes, bpp, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert w == h and planes == 1 and bpp == 32
        out.append((w or 256, data[offset : offset + size]))
    return out


def _read_icns(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    out, i = [], 8
    while i < len(data):
        kind, length = data[i : i + 4], struct.unpack(">I", data[i + 4 : i + 8])[0]
        out.append((kind, data[i + 8 : i + length]))
        i += length
    assert i == len(data)
    return out


def test_pack_ico_round_trip() -> None:
    pngs = _fake_pngs(bi.ICO_SIZES)
    entries = _read_ico(bi.pack_ico(pngs, bi.ICO_SIZES))
    assert [s for s, _ in entries] == list(bi.ICO_SIZES)
    assert all(blob == pngs[s] for s, blob in entries)


def test_pack_icns_round_trip() -> None:
    pngs = _fake_pngs({s for _, s in bi.ICNS_TYPES})
    entries = _read_icns(bi.pack_icns(pngs))
    assert [k for k, _ in entries] == [k for k, _ in bi.ICNS_TYPES]
    assert all(blob == pngs[dict(bi.ICNS_TYPES)[k]] for k, blob in entries)


def test_committed_icons_are_complete() -> None:
    assert (ICONS / "calwizard.svg").is_file()
    for size in bi.PNG_SIZES:
        data = (ICONS / f"calwizard-{size}.png").read_bytes()
        assert data.startswith(PNG_MAGIC)
        width, height = struct.unpack(">II", data[16:24])  # IHDR
        assert (width, height) == (size, size)
    ico = _read_ico((ICONS / "calwizard.ico").read_bytes())
    assert [s for s, _ in ico] == list(bi.ICO_SIZES) and all(b.startswith(PNG_MAGIC) for _, b in ico)
    icns = _read_icns((ICONS / "calwizard.icns").read_bytes())
    assert {k for k, _ in icns} >= {b"ic07", b"ic08", b"ic09", b"ic10"}
    assert all(b.startswith(PNG_MAGIC) for _, b in icns)


def test_the_svg_renders(qapp) -> None:  # type: ignore[no-untyped-def]  # a QApplication, shared with GUI tests
    """The vector source renders with QtSvg, as build_icons.py does."""
    pngs = bi.render_pngs(ICONS / "calwizard.svg", (32,))
    data = pngs[32]
    assert data.startswith(PNG_MAGIC) and struct.unpack(">II", data[16:24]) == (32, 32)
