"""Cell styles that show dates, for tags that receive a date in a General cell.

A date is a number to Excel; it reads as a date only through the cell's number format.
When a tag cell's style has no date format, a copy of that style with one is added to
styles.xml once, at compile time, and used when the value turns out to be a date.
"""

from __future__ import annotations

import re

_BUILTIN_DATES = set(range(14, 23)) | set(range(27, 37)) | {45, 46, 47} | set(range(50, 59))
_DATE, _DATETIME, _TIME = 14, 22, 21
_CELL_XFS = re.compile(r"(<cellXfs\b[^>]*>)(.*?)(</cellXfs>)", re.S)
_XF = re.compile(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", re.S)
_NUM_FMT = re.compile(r'<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"')
_FMT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


class DateStyles:
    """Finds or adds the date twins of the styles of tag cells."""

    def __init__(self, styles_xml: str | None):
        self.xml = styles_xml
        self._changed = False
        self._twins: dict[int, tuple[int, int, int]] = {}
        self._xfs: list[str] = []
        self._date_formats: set[int] = set(_BUILTIN_DATES)
        if styles_xml is None:
            return
        found = _CELL_XFS.search(styles_xml)
        if found:
            self._xfs = _XF.findall(found.group(2))
        for fmt_id, code in _NUM_FMT.findall(styles_xml):
            if _is_date_code(code):
                self._date_formats.add(int(fmt_id))

    def twins(self, style: int) -> tuple[int, int, int]:
        """Style indexes to use for a date, a datetime and a time in a cell of ``style``."""
        if style in self._twins:
            return self._twins[style]
        if style >= len(self._xfs) or self._num_fmt(style) in self._date_formats:
            result = (style, style, style)
        else:
            result = tuple(self._add_twin(style, fmt) for fmt in (_DATE, _DATETIME, _TIME))
        self._twins[style] = result
        return result

    def _num_fmt(self, style: int) -> int:
        found = re.search(r'numFmtId="(\d+)"', self._xfs[style])
        return int(found.group(1)) if found else 0

    def _add_twin(self, style: int, fmt: int) -> int:
        xf = self._xfs[style]
        if 'numFmtId="' in xf:
            xf = re.sub(r'numFmtId="\d+"', f'numFmtId="{fmt}"', xf, count=1)
        else:
            xf = xf.replace("<xf", f'<xf numFmtId="{fmt}"', 1)
        if 'applyNumberFormat="' in xf:
            xf = re.sub(r'applyNumberFormat="\w+"', 'applyNumberFormat="1"', xf, count=1)
        else:
            xf = xf.replace("<xf", '<xf applyNumberFormat="1"', 1)
        self._xfs.append(xf)
        self._changed = True
        return len(self._xfs) - 1

    def result(self) -> str | None:
        """The new styles.xml, or None when nothing was added."""
        if not self._changed or self.xml is None:
            return None
        body = "".join(self._xfs)

        def replace(match: re.Match) -> str:
            opening = re.sub(r'count="\d+"', f'count="{len(self._xfs)}"', match.group(1))
            return opening + body + match.group(3)

        return _CELL_XFS.sub(replace, self.xml, count=1)


def _is_date_code(code: str) -> bool:
    cleaned = _FMT_NOISE.sub("", code.replace("&quot;", '"')).lower()
    return any(char in cleaned for char in "dmyhs") and "general" not in cleaned
