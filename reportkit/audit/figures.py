"""The figures a document may state: every number of a render context, and how to read one.

A printed figure is a claim about the data. This module lists what the data supports (each
count, score, rate, change, difference, date and year of the context, and the numbers typed
into its texts) and decides whether a number as printed ("96,7%", "3.316", "85,5") is one
of them, rounded honestly: a figure may lose decimals, never land on 0 or 100 it is not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# "3.316", "96,7", "1.234,5", "2026": Vietnamese grouping and decimal mark, then "%" or not
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w])(\s?%)?")
_BOUNDARIES = (Decimal(0), Decimal(100))
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Printed:
    """A number as a document prints it: its value, its decimals and whether it is a percent."""

    value: Decimal
    decimals: int
    percent: bool
    text: str


def read_numbers(text: str) -> Iterator[Printed]:
    """Every number written the Vietnamese way in ``text``."""
    for match in NUMBER.finditer(text):
        whole, fraction, percent = match.group(1), match.group(2), match.group(3)
        digits = whole.replace(".", "") + ("." + fraction if fraction else "")
        yield Printed(Decimal(digits), len(fraction or ""), bool(percent), match.group(0).strip())


@dataclass
class Figures:
    """What the data supports: ``plain`` figures (counts, scores, dates, years) and the
    ``percent`` ones (fractions × 100, and values with a "%" unit beside them).

    A number printed with "%" must be a percent figure: "0%" is never a count of 0.
    """

    plain: set[Decimal] = field(default_factory=set)
    percent: set[Decimal] = field(default_factory=set)


# context entries about the printing, not figures: precision per indicator, the kind's version
_NOT_FIGURES = ("digits", "kind")


def _add(figures: Figures, value: Any, percent_unit: bool) -> None:
    """The numbers one context value stands for, as they may be printed (sign dropped)."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float, Decimal)):
        number = abs(Decimal(str(value)))
        figures.plain.add(number)
        if percent_unit:
            figures.percent.add(number)
        if not isinstance(value, int):  # a rate, change or points: a fraction shown as a percent
            figures.percent.add(number * _HUNDRED)
    elif isinstance(value, (dt.date, dt.datetime)):
        figures.plain.update((Decimal(value.day), Decimal(value.month), Decimal(value.year)))
    elif isinstance(value, str):
        for printed in read_numbers(value):  # a number typed in a text is the data's own
            (figures.percent if printed.percent else figures.plain).add(printed.value)


def context_figures(context: Any) -> Figures:
    """Every figure anywhere in a render context (dicts, lists, values)."""
    figures = Figures()
    stack: list[tuple[Any, bool]] = [(context, False)]
    while stack:
        value, percent_unit = stack.pop()
        if isinstance(value, dict):
            unit = any(isinstance(v, str) and v.startswith("%") for v in value.values())
            stack.extend((v, unit) for k, v in value.items() if k not in _NOT_FIGURES)
        elif isinstance(value, (list, tuple)):
            stack.extend((item, False) for item in value)
        else:
            _add(figures, value, percent_unit)
    return figures


def _rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def honestly_printed(printed: Printed, figure: Decimal) -> bool:
    """``figure`` rounded to the printed decimals is the printed value; the rounding did not
    make a figure that is not 0 or 100 read as one; and a figure printed whole is whole at
    one decimal (96,7% is not "97%", 85,5 points not "86")."""
    if _rounded(figure, printed.decimals) != printed.value:
        return False
    if printed.decimals == 0 and _rounded(figure, 1) != _rounded(figure, 0):
        return False
    return not any(printed.value == bound != figure for bound in _BOUNDARIES)


def traced(printed: Printed, figures: Figures) -> bool:
    """Whether some figure of the data is what ``printed`` states."""
    candidates = figures.percent if printed.percent else figures.plain | figures.percent
    if printed.value in candidates:
        return True
    return any(honestly_printed(printed, figure) for figure in candidates)
