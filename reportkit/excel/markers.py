"""The row and sheet markers template authors type into cells.

``{%tr for x in items %}`` … ``{%tr endfor %}`` repeats the rows between two marker
rows; ``{%tr if %}`` / ``{%tr elif %}`` / ``{%tr else %}`` / ``{%tr endif %}`` keeps or drops
them; ``{%tr set x = … %}`` names a value. ``{%sheet for u in units %}`` in the first
row of a sheet makes one sheet per item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import _

_MARKER = re.compile(r"^\s*\{%-?\s*(tr|sheet)\s+(.*?)\s*-?%\}\s*$", re.S)
_LOOSE = re.compile(r"\{%-?\s*(tr|sheet)\b")
ROW_KEYWORDS = {"for", "endfor", "if", "elif", "else", "endif", "set"}


@dataclass(frozen=True)
class Marker:
    scope: str  # "tr" or "sheet"
    keyword: str  # "for", "endfor", "if", ...
    statement: str  # the Jinja statement without its delimiters: "for x in items"


def parse_marker(text: str) -> Marker | None:
    """The marker a cell holds, or None when it is an ordinary cell.

    Raises ValueError with a plain message for a marker that is mistyped.
    """
    found = _MARKER.match(text)
    if found is None:
        if _LOOSE.search(text):
            raise ValueError(
                _("a {{%tr …%}} or {{%sheet …%}} marker must be alone in its cell: {text}").format(
                    text=repr(text.strip()[:60])
                )
            )
        return None
    scope, statement = found.groups()
    keyword = statement.split(None, 1)[0] if statement else ""
    if scope == "tr" and keyword not in ROW_KEYWORDS:
        raise ValueError(
            _(
                "unknown row marker {{%tr {keyword} %}}; use for/endfor, if/elif/else/endif or set"
            ).format(keyword=keyword)
        )
    if scope == "sheet" and keyword != "for":
        raise ValueError(_("a sheet marker is {{%sheet for item in items %}}"))
    return Marker(scope, keyword, statement)
