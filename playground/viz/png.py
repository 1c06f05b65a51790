"""PNG file bytes from an RGB array, with zlib only: the digits page's inline images, the
dataset thumbnails and the class gallery (encoded once, so no page run encodes them again), and
as a `data:` URL, which `st.image` passes to the page as it is — given bytes, it opens every
picture with PIL and files it with the media manager again in every run. Pure NumPy."""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np

Array = np.ndarray


def png_bytes(rgb: Array) -> bytes:
    """An (h, w, 3) uint8 image as PNG file bytes (zlib only: no imaging library needed)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    height, width, _ = rgb.shape
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # filter byte 0 per row, then RGB
    rows[:, 1:] = rgb.reshape(height, -1)

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6))
        + chunk(b"IEND", b"")
    )


def png_data_url(png: bytes) -> str:
    """PNG file bytes as a `data:image/png;base64,...` URL."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
