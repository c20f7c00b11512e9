"""A copy of a filled form with each problem cell marked red and explained in a comment.

Unit staff fix a form best where they typed it: they open the copy, hover over the red
cells and read what is wrong. The form itself is never changed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..atomic import atomic_path
from ..errors import Problem
from ..readonly import refuse_input
from . import styles
from .reader import open_workbook

_PLACE = re.compile(r"^'?(?P<sheet>[^!]+?)'?(?:!(?P<cell>\$?[A-Z]{1,3}\$?\d+))?$")
_AUTHOR = "reportkit"


def annotate(
    form_path: str | os.PathLike, problems: Iterable[Problem], target: str | os.PathLike
) -> Path:
    """Write ``target``: the form with every located problem marked; return its path."""
    source, target = Path(form_path), Path(target)
    refuse_input(target, source)
    book = open_workbook(source)
    notes: dict[tuple[str, str], list[str]] = {}
    for problem in problems:
        match = _PLACE.match(problem.location or "")
        if not match or match["sheet"] not in book.sheetnames:
            continue
        cell = (match["cell"] or "A1").replace("$", "")
        notes.setdefault((match["sheet"], cell), []).append(problem.message)
    from openpyxl.comments import Comment

    for (sheet, address), texts in notes.items():
        worksheet = book[sheet]
        cell = _writable(worksheet, address)
        cell.fill = styles.fill(styles.ERROR_COLOUR)
        text = "\n".join(texts)
        cell.comment = Comment(text, _AUTHOR, height=80 + 20 * text.count("\n"), width=320)
    with atomic_path(target) as temporary:
        book.save(temporary)
    return target


def _writable(worksheet, address: str):
    """The cell at ``address``, or the corner of the merged range it belongs to."""
    for merged in worksheet.merged_cells.ranges:
        if address in merged:
            return worksheet.cell(merged.min_row, merged.min_col)
    return worksheet[address]
