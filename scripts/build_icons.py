#!/usr/bin/env python3
"""Generate the application icons from the one vector source, ``resources/icons/calwizard.svg``.

Writes, next to the SVG:

* ``calwizard-<N>.png`` for N in 16, 24, 32, 48, 64, 128, 256, 512, 1024 (window icon, Linux);
* ``calwizard.ico`` (Windows executables; PNG-compressed entries 16-256 px, Vista and later);
* ``calwizard.icns`` (macOS ``.app``; PNG entries 16-1024 px incl. the @2x variants).

Rendering uses PySide6's QSvgRenderer (QtSvg is in PySide6-Essentials); the ICO and ICNS
containers are packed here by hand, so neither Pillow nor macOS's ``iconutil`` is needed.
Run it after editing the SVG and commit the results:

    python scripts/build_icons.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "resources" / "icons" / "calwizard.svg"
NAME = "calwizard"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, and their pixel size (Apple's icns format, "@2x" = retina).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic13", 256),  # 128@2x
    (b"ic08", 256),
    (b"ic14", 512),  # 256@2x
    (b"ic09", 512),
    (b"ic10", 1024),  # 512@2x
)


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """Render ``svg`` at each size to PNG bytes (transparent background, antialiased)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 - keeps Qt alive
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"build_icons: {svg} is not an SVG that QtSvg can render")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buf, "PNG"):
            raise SystemExit(f"build_icons: could not encode the {size}px PNG")
        buf.close()
        out[size] = bytes(data.data())
    return out


def pack_ico(pngs: dict[int, bytes], sizes: tuple[int, ...]) -> bytes:
    """An ICO file (ICONDIR + ICONDIRENTRY per image) whose images are PNG streams."""
    header = struct.pack("<HHH", 0, 1, len(sizes))
    entries, blobs = b"", b""
    offset = len(header) + 16 * len(sizes)
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def pack_icns(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns' + big-endian total length, then (type, length, PNG) elements."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def build(out_dir: Path, svg: Path = SOURCE) -> list[Path]:
    """Write every icon file to ``out_dir``; return the paths written."""
    sizes = tuple(sorted(set(PNG_SIZES) | set(ICO_SIZES) | {s for _, s in ICNS_TYPES}))
    pngs = render_pngs(svg, sizes)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for size in PNG_SIZES:
        p = out_dir / f"{NAME}-{size}.png"
        p.write_bytes(pngs[size])
        written.append(p)
    ico = out_dir / f"{NAME}.ico"
    ico.write_bytes(pack_ico(pngs, ICO_SIZES))
    icns = out_dir / f"{NAME}.icns"
    icns.write_bytes(pack_icns(pngs))
    return [*written, ico, icns]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--svg", type=Path, default=SOURCE, help="the vector source (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=SOURCE.parent, help="output directory (default: %(default)s)")
    args = ap.parse_args(argv)
    for p in build(args.out, args.svg):
        print(f"{p.stat().st_size:>8}  {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
