"""A block filled by picking one entry of a list: the unit chosen from a drop-down.

One form serves every unit of a units list: the unit's name is a drop-down of the list's
names, and the unit's other fields (code, level, parent…) fill themselves in locked cells
by a lookup formula. The list is kept in the form, so the reader takes those fields from
the entry picked rather than trusting the formulas' cached results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .layout import SHEET_LISTS, FieldPath, FormPlan, Slot, column_letter


@dataclass
class Pick:
    """Entries for the object at ``block``; ``key`` is the field picked from the drop-down."""

    block: FieldPath
    key: str
    entries: list[dict[str, Any]] = field(default_factory=list)

    def fields(self) -> list[str]:
        """Every field some entry gives, in first-seen order, the key first."""
        names = [self.key]
        for entry in self.entries:
            names += [name for name in entry if name not in names]
        return names

    def key_path(self) -> FieldPath:
        return (*self.block, self.key)

    def filled(self, plan: FormPlan) -> list[Slot]:
        """The slots the picked entry fills (every field of the entries but the key)."""
        wanted = {(*self.block, name) for name in self.fields()[1:]}
        return [slot for slot in plan.slots() if slot.path in wanted]

    def entry(self, key_value: Any) -> dict[str, Any] | None:
        return next((e for e in self.entries if str(e.get(self.key)) == str(key_value)), None)


def write_pick_table(worksheet, pick: Pick, plan: FormPlan, first_column: int, shown):
    """The entries on the lists sheet; returns (key range, {slot path: lookup formula})."""
    from .writer import put

    names = pick.fields()
    last_row = len(pick.entries) + 1
    ranges = {}
    for offset, name in enumerate(names):
        column = first_column + offset
        slot = plan.slot((*pick.block, name))
        put(worksheet.cell(1, column), slot.field.label if slot else name)
        for row, entry in enumerate(pick.entries, start=2):
            value = entry.get(name)
            put(worksheet.cell(row, column), shown(slot.field, value) if slot else value)
        letter = column_letter(column)
        ranges[name] = f"'{SHEET_LISTS}'!${letter}$2:${letter}${last_row}"
    key_slot = plan.slot(pick.key_path())
    key_cell = f"${column_letter(key_slot.column)}${key_slot.row}"
    formulas = {
        slot.path: (
            f'=IFERROR(INDEX({ranges[slot.path[-1]]},MATCH({key_cell},{ranges[pick.key]},0))&"","")'
        )
        for slot in pick.filled(plan)
    }
    return ranges[pick.key], formulas
