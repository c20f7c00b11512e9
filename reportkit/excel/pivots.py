"""Pivot tables on sheets whose rows a render moves: where they sit, and what they read.

A pivot table's place (``<location ref>``) moves with the rows of its sheet, and the range
its cache reads (``<worksheetSource ref sheet>``) grows over the loop rows it covers, as a
chart's series do. The records stored in the cache are the template's, so the cache is
marked to be refreshed when the file is opened. Pivot tables on a sheet repeated per item
are left as they are: their copies would share one cache.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import unescape

from .reftext import RefText, compile_refs
from .sheet import CompiledSheet
from .workbook import Structure

_SOURCE_SHEET = re.compile(r'<(?:\w+:)?worksheetSource\b[^>]*\bsheet="([^"]*)"')
_CACHE_ROOT = re.compile(r"<(?:\w+:)?pivotCacheDefinition\b[^>]*?(/?)>")
_REFRESH = re.compile(r'\srefreshOnLoad="[^"]*"')


def compile_pivots(
    structure: Structure, parts: dict[str, bytes], sheets: list[CompiledSheet]
) -> dict[str, tuple[str, RefText]]:
    """{part: (the sheet its references are on, its text with the references marked)}."""
    found: dict[str, tuple[str, RefText]] = {}
    for sheet in sheets:
        if sheet.repeat:
            continue
        for table in structure.rels.get(sheet.part, []):
            if table.type != "pivotTable" or table.target not in parts:
                continue
            found[table.target] = (sheet.title, compile_refs(parts[table.target].decode("utf-8")))
            for cache in structure.rels.get(table.target, []):
                if cache.type == "pivotCacheDefinition" and cache.target in parts:
                    compiled = _compile_cache(parts[cache.target].decode("utf-8"))
                    if compiled is not None:
                        found[cache.target] = compiled
    return found


def _compile_cache(text: str) -> tuple[str, RefText] | None:
    """A cache set to refresh on open, with the sheet its source range is on ("" when it
    reads a table or a name, which follow the rows by themselves); None if unreadable."""
    root = _CACHE_ROOT.search(text)
    if root is None:
        return None
    opening = _REFRESH.sub("", root.group(0))
    end = len(opening) - len(root.group(1)) - 1
    opening = opening[:end] + ' refreshOnLoad="1"' + opening[end:]
    text = text[: root.start()] + opening + text[root.end() :]
    source = _SOURCE_SHEET.search(text)
    sheet = unescape(source.group(1), {"&quot;": '"', "&apos;": "'"}) if source else ""
    return sheet, compile_refs(text)
