"""Which installed fonts can set Vietnamese, asked of the fonts themselves, not their names.

The documents are set in Times New Roman. Where it is absent, a face with the same metrics
(Liberation Serif 2, Tinos) keeps Word's line breaks and page counts, but only if it has
every Vietnamese letter: Liberation Serif 1.x has the name and the metrics and lacks ể, ố,
ợ, which LibreOffice then takes from another face, letter by letter. So coverage is checked
against the font's character map (fontconfig's, or the file's own through fontTools).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

# The documents' face, then its metric twins, preferred in this order.
SERIF_FAMILIES = ("Times New Roman", "Liberation Serif", "Tinos")
STYLES = ("Regular", "Bold", "Italic", "Bold Italic")

_VOWELS = "aăâeêioôơuưy"
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
VIETNAMESE = "".join(
    sorted(
        {
            c
            for letter in [*"abcdefghijklmnopqrstuvwxyzđ", *_VOWELS]
            for c in (letter, letter.upper())
        }
        | {
            unicodedata.normalize("NFC", v + tone)
            for vowel in _VOWELS
            for v in (vowel, vowel.upper())
            for tone in _TONES
        }
    )
)
"""Every letter of Vietnamese, lower and upper case, precomposed (NFC) as text is stored."""


@dataclass(frozen=True)
class Face:
    """One installed font file: its family, style and path."""

    family: str
    style: str
    file: str


def fontconfig_charset(chars: str) -> str:
    """``chars`` as a fontconfig charset value ("1ea0-1ef9 110-111 …") for a query."""
    points = sorted({ord(c) for c in chars})
    ranges: list[list[int]] = []
    for point in points:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return " ".join(f"{a:x}" if a == b else f"{a:x}-{b:x}" for a, b in ranges)


@lru_cache(maxsize=1)
def serif_faces() -> tuple[tuple[Face, ...], tuple[Face, ...]]:
    """The installed faces of SERIF_FAMILIES: (those with every Vietnamese letter, the rest).

    Each list is in the preferred family order. Empty when fontconfig is not installed.
    """
    covering = set(_fc_list(":charset=" + fontconfig_charset(VIETNAMESE)))
    faces = [f for f in _fc_list(":") if f.family in SERIF_FAMILIES]
    faces.sort(key=lambda f: (SERIF_FAMILIES.index(f.family), f.style, f.file))
    return (
        tuple(f for f in faces if f in covering),
        tuple(f for f in faces if f not in covering),
    )


def vietnamese_serif() -> str | None:
    """The first family of SERIF_FAMILIES with every Vietnamese letter in every style."""
    covering, _ = serif_faces()
    for family in SERIF_FAMILIES:
        styles = {f.style for f in covering if f.family == family}
        if set(STYLES) <= styles:
            return family
    return None


def fontconfig_file(folder: Path) -> Path | None:
    """A fontconfig file for LibreOffice: the system's fonts (or those of the configuration
    FONTCONFIG_FILE names), and Times New Roman set in a Vietnamese-complete metric twin
    when it is absent or lacks letters.

    Faces of our serif families that lack Vietnamese letters are hidden, so LibreOffice
    never mixes them with a complete face; the twin is preferred for Times New Roman.
    None when no complete family is installed (LibreOffice then does as it always does).
    """
    family = vietnamese_serif()
    if family is None:
        return None
    _, lacking = serif_faces()
    rejected = "".join(f"<glob>{escape(face.file)}</glob>" for face in lacking)
    system = escape(os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf")
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{system}</include>\n'
        f"  <selectfont><rejectfont>{rejected}</rejectfont></selectfont>\n"
        '  <match target="pattern">\n'
        '    <test name="family"><string>Times New Roman</string></test>\n'
        f'    <edit name="family" mode="append" binding="strong"><string>{escape(family)}'
        "</string></edit>\n"
        "  </match>\n</fontconfig>\n"
    )
    path = folder / "fonts.conf"
    path.write_text(text, encoding="utf-8")
    return path


def missing_letters(path: str, text: str) -> str:
    """The characters of ``text`` (spaces aside) that the font file at ``path`` has no glyph
    for; all of them when the file cannot be read as a font."""
    wanted = {c for c in text if not c.isspace()}
    return "".join(sorted(wanted - _characters(path)))


@lru_cache(maxsize=32)
def _characters(path: str) -> frozenset[str]:
    """The characters the font file maps to a glyph (empty for a file that is no font)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            return frozenset(map(chr, font.getBestCmap() or {}))
    except (OSError, TTLibError, AssertionError, KeyError):
        return frozenset()


def _fc_list(pattern: str) -> list[Face]:
    """fontconfig's faces matching ``pattern`` (nothing when fc-list is not installed)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        listed = subprocess.run(
            [fc_list, "--format", "%{family[0]}\t%{style[0]}\t%{file}\n", pattern],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [Face(*line.split("\t")) for line in listed.splitlines() if line.count("\t") == 2]
