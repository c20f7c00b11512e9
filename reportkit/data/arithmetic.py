"""The arithmetic every derived figure shares: sums, shares and changes that keep "unknown"
apart from 0.

The derivation, the figures by year and the consolidated report all call these, so a
missing figure is treated the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def sum_given(values: Iterable[Any]) -> int | float | None:
    """The sum of the values that are known, or None when none is."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def ratio(numerator: Any, denominator: Any) -> float | None:
    """A fraction, or None when either side is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def change(value: Any, before: Any) -> float | None:
    """Relative change against the previous year (0.125 = +12,5%); 0 → 0 is no change (0.0);
    None without a base (no previous figure, or some after none: no percentage says that)."""
    if value is None or before is None:
        return None
    if not before:
        return 0.0 if value == 0 else None
    return (value - before) / before
