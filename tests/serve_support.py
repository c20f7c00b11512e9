"""Shared helpers for the web service tests: a service on a temporary data folder, its
links, and filled forms made the way a unit makes them (downloaded, typed in, saved).

Holds no tests; test_serve*.py and bench/serve_load.py import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter
from test_forms_support import edit, fill

from reportkit.data.kinds import load_kind
from reportkit.data.loader import load_data
from reportkit.forms.layout import plan_form
from reportkit.serve.config import load_config
from reportkit.serve.links import issue_links
from reportkit.serve.store import Store

ROOT = Path(__file__).resolve().parent.parent
UNITS = ROOT / "samples" / "units-thanh-hoa.yaml"
THIS_YEAR = ROOT / "samples" / "thanh-hoa-khu-vuc"
LAST_YEAR = ROOT / "samples" / "thanh-hoa-khu-vuc-2024"
BASE = "http://127.0.0.1:8080"


def count_cell(code: str) -> tuple[int, int]:
    """(row, column) of a count in the cds form's "Chỉ tiêu" sheet, as the form's plan has it."""
    plan = plan_form(load_kind("cds").schema, year=2025)
    slot = next(s for s in plan.slots() if s.path == ("counts", code))
    return slot.row, slot.column


def count_address(code: str) -> str:
    row, column = count_cell(code)
    return f"{get_column_letter(column)}{row}"


ISSUED = count_address("issued_docs")  # where the mistakes are typed
ADMIN = count_address("admin_docs")


@dataclass
class Links:
    """Each unit's link path and the operator's, as the CSV gives them."""

    units: dict[str, str]
    operator: str


def make_config(data_dir: Path, **options):
    options.setdefault("previous_dir", LAST_YEAR)
    options.setdefault("province", THIS_YEAR / "province.yaml")
    return load_config(year=2025, units_file=UNITS, data_dir=data_dir, **options)


def make_links(config, base: str = BASE) -> Links:
    issued = issue_links(config, Store(config.data_dir), base)
    units = {link.code: link.url.removeprefix(base) for link in issued if link.code}
    operator = next(link.url.removeprefix(base) for link in issued if not link.code)
    return Links(units, operator)


def sample_of(code: str) -> dict:
    """This year's sample data of a Thanh Hóa regional unit (``thanh-hoa-kv1`` → khu-vuc-01)."""
    number = int(code.rsplit("kv", 1)[1])
    return load_data(THIS_YEAR / f"khu-vuc-{number:02d}.yaml").data


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def filled(blank: Path, code: str, out: Path) -> Path:
    """The unit's blank form filled with its sample, as its staff would type it."""
    return fill(blank, sample_of(code), out)


def with_mistakes(form: Path, out: Path) -> Path:
    """A filled form with a word in one count cell and a formula in another."""
    return edit(form, out, {("Chỉ tiêu", ISSUED): "nhiều", ("Chỉ tiêu", ADMIN): f"={ISSUED}-100"})
