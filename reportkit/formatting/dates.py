"""Dates as Vietnamese official documents write them (Decree 30/2020/NĐ-CP)."""

from __future__ import annotations

from datetime import date, datetime

from ..i18n import N_, _
from .mistakes import FilterValueError, wrong_kind


def as_date(value: object, filter_name: str) -> date:
    """A date from a date, a datetime or an ISO string such as "2026-01-09"."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise wrong_kind(filter_name, N_("a date"), value)
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise FilterValueError(
            _("{filter}: {value} is not a date (write it as YYYY-MM-DD)").format(
                filter=filter_name, value=repr(value)
            )
        ) from None


def _month(month: int) -> str:
    """Months 1 and 2 get a leading zero so nobody can turn them into 11 or 12; others do not."""
    return f"{month:02d}" if month < 3 else str(month)


def date_vi(value: object) -> str:
    """2026-01-09 → "ngày 09 tháng 01 năm 2026"; 2020-03-05 → "ngày 05 tháng 3 năm 2020"."""
    if value is None:
        return ""
    d = as_date(value, "date_vi")
    return f"ngày {d.day:02d} tháng {_month(d.month)} năm {d.year}"


def date_short(value: object) -> str:
    """2026-01-09 → "09/01/2026"."""
    if value is None:
        return ""
    d = as_date(value, "date_short")
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def month_year(value: object) -> str:
    """2026-01-09 → "tháng 01/2026"; 2020-03-05 → "tháng 3/2020"."""
    if value is None:
        return ""
    d = as_date(value, "month_year")
    return f"tháng {_month(d.month)}/{d.year}"
