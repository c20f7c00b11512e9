"""The operator's table: one row per unit, what it handed in, its figures and what stands out.

Two flags help the operator read thirty rows: a figure that changed by more than half
against last year, and a rate far from the other units' (a modified z-score above 3.5,
computed from the median and the median absolute deviation, so one odd unit does not hide
itself by pulling the mean).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median
from typing import Any

from ..formatting import change as change_text
from ..formatting import percent
from .config import ServeConfig
from .store import Version

BIG_CHANGE = 0.5
OUTLIER_SCORE = 3.5
_MIN_UNITS_FOR_OUTLIERS = 4


@dataclass
class Row:
    """One unit in the operator's table."""

    code: str
    name: str
    version: Version | None
    key: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> indicator
    rates: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> rate
    flags: list[str] = field(default_factory=list)

    @property
    def received(self) -> bool:
        return self.version is not None

    @property
    def valid(self) -> bool:
        return bool(self.version and self.version.valid)

    @property
    def problem_count(self) -> int:
        return len(self.version.problems) if self.version else 0


@dataclass
class Overview:
    """The table's rows and the columns its figures fill."""

    rows: list[Row]
    key_columns: list[tuple[str, str]]  # (indicator code, label)
    rate_columns: list[tuple[str, str]]  # (rate code, label)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "units": len(self.rows),
            "received": sum(r.received for r in self.rows),
            "valid": sum(r.valid for r in self.rows),
        }


def overview(config: ServeConfig, latest: dict[str, Version]) -> Overview:
    """Every unit of the list with its newest version, figures and flags."""
    rows = []
    key_columns: dict[str, str] = {}
    rate_columns: dict[str, str] = {}
    for code, unit in config.units.items():
        row = Row(code, str(unit.get("short_name") or unit["name"]), latest.get(code))
        figures = row.version.figures if row.version and row.version.figures else None
        if figures:
            groups_seen = set()
            for item in figures["indicators"]:
                group = item.get("group")
                if len(row.key) < 3 and group not in groups_seen:
                    groups_seen.add(group)
                    row.key[item["code"]] = item
                    key_columns.setdefault(item["code"], item["label"])
                change = item.get("change")
                if change is not None and abs(change) > BIG_CHANGE:
                    row.flags.append(f"{item['label']}: {change_text(change)} so với năm trước")
            for item in figures["rates"]:
                row.rates[item["code"]] = item
                rate_columns.setdefault(item["code"], item["label"])
        rows.append(row)
    _flag_outliers(rows, list(rate_columns))
    return Overview(rows, list(key_columns.items()), list(rate_columns.items()))


def _flag_outliers(rows: list[Row], rate_codes: list[str]) -> None:
    for code in rate_codes:
        values = [
            (row, row.rates[code]["rate"])
            for row in rows
            if row.rates.get(code, {}).get("rate") is not None
        ]
        if len(values) < _MIN_UNITS_FOR_OUTLIERS:
            continue
        middle = median(v for _, v in values)
        spread = median(abs(v - middle) for _, v in values)
        if spread == 0:
            continue
        for row, value in values:
            if 0.6745 * abs(value - middle) / spread > OUTLIER_SCORE:
                row.flags.append(
                    f"{row.rates[code]['label']} {percent(value)} khác xa các đơn vị khác "
                    f"(trung vị {percent(middle)})"
                )


SORT_KEYS = {
    "ten": lambda row: row.name,
    "nop": lambda row: (row.received, row.version.received if row.version else ""),
    "loi": lambda row: (row.received, row.valid, -row.problem_count),
    "canh-bao": lambda row: len(row.flags),
}


def sort_rows(rows: list[Row], key: str, descending: bool) -> list[Row]:
    """Rows by a column the operator clicked: a name, a figure code or a rate code."""
    if key in SORT_KEYS:
        return sorted(rows, key=SORT_KEYS[key], reverse=descending)

    def figure(row: Row) -> tuple[bool, float]:
        item = row.rates.get(key) or row.key.get(key) or {}
        value = item.get("rate", item.get("value"))
        return (value is not None, value or 0)

    return sorted(rows, key=figure, reverse=descending)
