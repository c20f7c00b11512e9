"""Vietnamese formatting of numbers, percents, dates and words, as Jinja filters.

The functions are plain Python (the CLI and the report code call them directly) and are
registered as filters in :func:`register_filters`, the one place their names are given.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from .dates import date_short, date_vi, month_year
from .numbers import change, number, percent, points, ratio
from .text import capitalize_vi, lower_vi, upper_vi
from .words import letter, roman, words, words_capitalized

if TYPE_CHECKING:
    from jinja2 import Environment

FILTERS: dict[str, Callable[..., str]] = {
    "number": number,
    "percent": percent,
    "ratio": ratio,
    "change": change,
    "points": points,
    "date_vi": date_vi,
    "date_short": date_short,
    "month_year": month_year,
    "words": words,
    "words_capitalized": words_capitalized,
    "roman": roman,
    "letter": letter,
    "upper_vi": upper_vi,
    "lower_vi": lower_vi,
    "capitalize_vi": capitalize_vi,
}

__all__ = ["FILTERS", "register_filters", *FILTERS]


def _passing_undefined(function: Callable[..., str], undefined: type) -> Callable[..., Any]:
    """Hand an undefined value straight back, so the environment decides what it means.

    A strict environment then reports the missing name where it is printed; a lenient one
    prints it empty, like a missing (None) figure.
    """

    @wraps(function)
    def filter_(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, undefined):
            return value
        return function(value, *args, **kwargs)

    return filter_


def register_filters(env: Environment) -> None:
    """Register every formatting filter on ``env``."""
    from jinja2 import Undefined

    for name, function in FILTERS.items():
        env.filters[name] = _passing_undefined(function, Undefined)
    from ..charts import bar_chart  # a picture (PNG bytes) for the Word engine's image filter

    env.filters["bar_chart"] = bar_chart
