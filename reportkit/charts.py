"""A horizontal bar chart of rates as a PNG, for placing in a Word report.

Word has native charts, but writing their XML per report is heavy and LibreOffice draws
them differently; a small picture looks the same everywhere. Drawing is plain Pillow in the
document's serif, in a face with a glyph for every character drawn (see ``font_file``). A
batch draws one chart per unit, so a chart must cost a few milliseconds. Pillow is imported
only when a chart is drawn.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from .fonts import missing_letters, serif_faces, vietnamese_serif
from .formatting.numbers import percent

PX_PER_MM = 8  # 203 dpi, a label printer's: sharp on paper, and a batch encodes a third
# fewer pixels per unit than at 254 dpi (encoding is most of a chart's cost)
_DPI = PX_PER_MM * 25.4

_GREYS = 248  # palette entries 0..247 are greys from black to white (text, rules)
_BAR_INDEX, _TRACK_INDEX = _GREYS, _GREYS + 1
_GREY_TO_INDEX = [round(level * (_GREYS - 1) / 255) for level in range(256)]
_PALETTE = [
    *(round(i * 255 / (_GREYS - 1)) for i in range(_GREYS) for _ in range(3)),
    *(31, 78, 121),  # bar: dark blue, prints well in grey too
    *(232, 236, 241),  # track: the unfilled rest of a bar up to the scale's end
]
_WHITE_INDEX = _GREYS - 1
_RULE = 160
_SIZE = round(11 / 72 * 25.4 * PX_PER_MM)  # 11 pt in pixels at the chart's drawn width
_LINE = round(_SIZE * 1.25)
_NO_DATA = "Chưa có số liệu"

# Font files tried after the document's serif family as fontconfig finds it: the same family
# where fontconfig is absent (Windows, macOS), then faces with Vietnamese letters on nearly
# every Linux machine. Each is used only if it has every character the chart draws.
_FONT_FILES = {
    False: (
        "C:/Windows/Fonts/times.ttf",
        "/System/Library/Fonts/Supplemental/Times New Roman.ttf",
        "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
        "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ),
    True: (
        "C:/Windows/Fonts/timesbd.ttf",
        "/System/Library/Fonts/Supplemental/Times New Roman Bold.ttf",
        "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman_Bold.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
        "/usr/share/fonts/truetype/croscore/Tinos-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
}

def bar_chart(
    rows: Iterable[Any],
    label: str = "label",
    value: str = "rate",
    *,
    title: str | None = None,
    scale: float | None = None,
    width_mm: float = 150,
) -> bytes:
    """PNG bytes of one horizontal bar per row: its label on the left, its rate as "96,7%".

    ``rows`` are mappings or objects; ``label`` and ``value`` name the attributes to read.
    Values are fractions (0.967 is 96,7%); a row without a value is left out. Bars are
    drawn against ``scale`` (default 100%, or the largest value when that is more).
    """
    from PIL import Image, ImageDraw

    bars = [(str(_read(row, label) or ""), _read(row, value)) for row in rows]
    bars = [(text, float(number)) for text, number in bars if number is not None]
    end = max([scale or 1.0, *(v for _, v in bars)])

    width = round(width_mm * PX_PER_MM)
    pad = 3 * PX_PER_MM
    label_width = round(width * 0.42)
    bar_left = pad + label_width + pad
    bar_span = width - bar_left - 16 * PX_PER_MM - pad
    bar_height = round(_LINE * 0.9)

    numbers = [number for _, number in bars]
    values = [percent(number) for number in numbers]
    plain = font_file("".join(text for text, _ in bars) + _NO_DATA, False)
    bold = font_file((title or "") + "".join(values), True)
    wrapped = [_wrapped(text, plain, label_width) for text, _ in bars]
    row_heights = [max(len(lines), 1) * _LINE + 4 * PX_PER_MM for lines in wrapped]
    title_lines = _wrapped(title, bold, width - 2 * pad) if title else ()
    top = pad + len(title_lines) * _LINE + (pad if title_lines else 0)
    height = top + (sum(row_heights) if bars else _LINE) + pad

    # A palette image: greys for text and rules, two more entries for the bars. It encodes
    # several times faster than RGB, and text stamps are rendered once per process.
    image = Image.new("L", (width, height), _WHITE_INDEX)
    for index, line in enumerate(title_lines):
        stamp = _stamp(line, bold)
        image.paste(stamp, ((width - stamp.width) // 2, pad + index * _LINE))
    if not bars:
        image.paste(_stamp(_NO_DATA, plain), (pad, top))
    draw = ImageDraw.Draw(image)
    y = top
    for number, shown, lines, row_height in zip(numbers, values, wrapped, row_heights, strict=True):
        middle = y + row_height // 2
        for index, line in enumerate(lines):
            image.paste(
                _stamp(line, plain), (pad, middle - len(lines) * _LINE // 2 + index * _LINE)
            )
        bar_top = middle - bar_height // 2
        bar_bottom = bar_top + bar_height
        draw.rectangle((bar_left, bar_top, bar_left + bar_span, bar_bottom), _TRACK_INDEX)
        filled = round(bar_span * max(number, 0.0) / end)
        if filled > 0:
            draw.rectangle((bar_left, bar_top, bar_left + filled, bar_bottom), _BAR_INDEX)
        value_left = bar_left + bar_span + 2 * PX_PER_MM
        image.paste(_stamp(shown, bold), (value_left, middle - _LINE // 2))
        y += row_height
    if bars:
        draw.line((bar_left, top, bar_left, y), _GREY_TO_INDEX[_RULE], 2)
    image.putpalette(_PALETTE)

    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1, dpi=(_DPI, _DPI))
    return out.getvalue()


def _read(row: Any, name: str) -> Any:
    """``row[name]`` for a mapping, else the attribute (None when there is neither)."""
    if isinstance(row, Mapping):
        return row.get(name)
    return getattr(row, name, None)


@lru_cache(maxsize=256)
def _wrapped(text: str, font_path: str | None, width: int) -> tuple[str, ...]:
    """``text`` broken between words into lines no wider than ``width`` pixels."""
    font = _font(font_path)
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return tuple(lines)


@lru_cache(maxsize=2048)
def _stamp(text: str, font_path: str | None) -> Any:
    """One line of text as a palette-indexed picture, one line high, ready to paste."""
    from PIL import Image, ImageDraw

    font = _font(font_path)
    left, _, right, _ = font.getbbox(text)
    stamp = Image.new("L", (max(right - min(left, 0), 1), _LINE), 255)
    ImageDraw.Draw(stamp).text((-min(left, 0), (_LINE - _SIZE) // 2), text, 0, font)
    return stamp.point(_GREY_TO_INDEX)


def font_file(text: str, bold: bool) -> str | None:
    """The font file to draw ``text`` with: the first candidate with a glyph for each of
    its characters, else the one missing the fewest; None (Pillow's own font) when no
    candidate is a font."""
    best, best_missing = None, None
    for path in _candidates(bold):
        missing = len(missing_letters(path, text))
        if missing == 0:
            return path
        if (best_missing is None or missing < best_missing) and _loads(path):
            best, best_missing = path, missing
    return best


@lru_cache(maxsize=2)
def _candidates(bold: bool) -> tuple[str, ...]:
    """Font files in order of preference: the document's Vietnamese-complete serif as
    fontconfig finds it, then the usual files, then the family's other faces."""
    covering, _ = serif_faces()
    family = vietnamese_serif()
    style = "Bold" if bold else "Regular"
    own = [f.file for f in covering if f.family == family and f.style == style]
    others = [f.file for f in covering if f.style == style]
    return tuple(dict.fromkeys([*own, *_FONT_FILES[bold], *others]))


@lru_cache(maxsize=8)
def _font(path: str | None) -> Any:
    """The TrueType font at ``path`` at the chart's size (Pillow's own for None)."""
    from PIL import ImageFont

    if path is None:
        return ImageFont.load_default(_SIZE)
    return ImageFont.truetype(path, _SIZE)


def _loads(path: str) -> bool:
    from PIL import ImageFont

    try:
        ImageFont.truetype(path, _SIZE)
    except OSError:
        return False
    return True
