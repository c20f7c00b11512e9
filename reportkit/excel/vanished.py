"""Dropping what sat only on rows a render removed (marker rows, an empty loop's rows).

Conditional formats, data validations, selections, protected ranges and ignored errors
whose every cell vanished go with those cells, as Excel drops them when the rows are
deleted; moving them onto a neighbouring row would format or restrict the wrong cells.
A vanished ``sqref`` is written as ``VANISHED`` first and its element removed here.
"""

from __future__ import annotations

import re

VANISHED = "\x11"

# Elements that hold a vanished sqref (as an attribute or an <xm:sqref> child).
_HOLDERS = (
    "conditionalFormatting",
    "dataValidation",
    "selection",
    "protectedRange",
    "ignoredError",
)
_HOLDER = re.compile(
    r"<(?P<p>\w+:)?(?P<n>" + "|".join(_HOLDERS) + r")\b(?:[^>]*?/>|[^>]*>"
    r"(?:(?!</(?P=p)?(?P=n)>).)*?</(?P=p)?(?P=n)>)",
    re.S,
)
_EMPTY = re.compile(
    r"<(?P<p>\w+:)?(?P<n>dataValidations|conditionalFormattings|protectedRanges|ignoredErrors"
    r"|ext|extLst)\b[^>]*>\s*</(?P=p)?(?P=n)>"
)
_COUNTED = re.compile(
    r"<(?P<p>\w+:)?dataValidations\b(?P<a>[^>]*)>(?P<body>.*?)</(?P=p)?dataValidations>", re.S
)


def without_vanished(xml: str) -> str:
    """``xml`` without the elements whose sqref vanished, nor the containers they left empty."""
    if VANISHED not in xml:
        return xml
    xml = _HOLDER.sub(lambda m: "" if VANISHED in m.group() else m.group(), xml)
    previous = None
    while previous != xml:
        previous, xml = xml, _EMPTY.sub("", xml)
    return _COUNTED.sub(_recount, xml)


def _recount(match: re.Match) -> str:
    prefix = match.group("p") or ""
    count = len(re.findall(rf"<{prefix}dataValidation\b", match.group("body")))
    attrs = re.sub(r'\scount="\d+"', f' count="{count}"', match.group("a"))
    return f"<{prefix}dataValidations{attrs}>{match.group('body')}</{prefix}dataValidations>"
