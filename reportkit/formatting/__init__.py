"""Vietnamese formatting of numbers, percents, dates and words, as Jinja filters."""

from __future__ import annotations

from jinja2 import Environment


def register_filters(env: Environment) -> None:
    """Register every formatting filter on ``env`` (the one place filters are named)."""
