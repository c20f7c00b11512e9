"""Reading back the PDFs LibreOffice prints, as poppler's pdfinfo and pdftotext show them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def pdf_pages(pdf: Path) -> tuple[int, list[tuple[float, float]]]:
    """The number of pages and each page's (width, height) in points."""
    info = subprocess.run(
        ["pdfinfo", "-l", "99", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    return pages, [(float(width), float(height)) for width, height in sizes]


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """The text of ``pdf`` (or of one page) laid out as printed."""
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


# Times New Roman's word boxes are 1.3 times its type size (12 pt type, 15.6 pt boxes).
_BOX_PER_POINT = 1.3


def smallest_type(pdf: Path) -> dict[int, float]:
    """Per page, the smallest type printed on it, in points, from pdftotext's word boxes."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    smallest: dict[int, float] = {}
    for number, page in enumerate(boxes.split("<page ")[1:], start=1):
        heights = [
            float(y_max) - float(y_min)
            for y_min, y_max in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)
        ]
        if heights:
            smallest[number] = round(min(heights) / _BOX_PER_POINT, 1)
    return smallest
