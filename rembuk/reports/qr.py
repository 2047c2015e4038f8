"""QR codes of a village's share link, for the printed sheet (segno, no network, no Pillow).

The URL comes from the caller (the meetings app issues share links); these helpers only draw.
"""

from __future__ import annotations

import io

import segno


def qr_svg_data_uri(url: str) -> str:
    """A vector QR code as a data URI, for an <img> in a PDF (sharp at any poster size)."""
    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000", light="#fff")


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """A PNG QR code for DOCX and XLSX, which cannot hold SVG everywhere."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
