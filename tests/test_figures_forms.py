"""Decimals typed the Vietnamese way in an entry form (issue #10, point 3).

For a decimal field (the DTI score) "," is the decimal mark and "." groups thousands; a
count keeps the reading it had. What cannot be read without guessing is an error at its cell.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter
from test_forms_support import at, edit, make_filled, problems_of

from reportkit.data.kinds import load_kind
from reportkit.forms import read_form
from reportkit.forms.layout import plan_form

COUNTS = "Chỉ tiêu"


def _cell_of(path: tuple[str, ...]) -> str:
    """Where the cds form puts a field, as its plan says (the layout may move)."""
    plan = plan_form(load_kind("cds").schema, year=2025)
    slot = next(s for s in plan.slots() if s.path == path)
    assert slot.sheet == COUNTS
    return f"{get_column_letter(slot.column)}{slot.row}"


SCORE = _cell_of(("counts", "dti_score"))
ISSUED = _cell_of(("counts", "issued_docs"))


@pytest.fixture(scope="module")
def filled_form(tmp_path_factory) -> Path:
    return make_filled(tmp_path_factory.mktemp("filled"))


@pytest.mark.parametrize(
    ("typed", "read"),
    [("85,125", 85.125), ("1.234,5", 1234.5), ("85,5 điểm", 85.5), ("86", 86), ("1.234", 1234)],
)
def test_a_score_is_read_the_vietnamese_way(filled_form, tmp_path, typed, read):
    form = edit(filled_form, tmp_path / "score.xlsx", {(COUNTS, SCORE): typed})
    assert read_form(form).data["counts"]["dti_score"] == read


@pytest.mark.parametrize("typed", ["85.5", "1,234,5", "1,234.5"])
def test_a_score_that_needs_a_guess_is_an_error_at_its_cell(filled_form, tmp_path, typed):
    form = edit(filled_form, tmp_path / "guess.xlsx", {(COUNTS, SCORE): typed})
    messages = at(problems_of(form), f"'{COUNTS}'!{SCORE}")
    assert messages == [
        "Điểm Bộ chỉ số DTI ngành Kiểm sát nhân dân: phải là số không âm; viết số thập phân "
        "bằng dấu phẩy và chỉ dùng dấu chấm để phân cách hàng nghìn, ví dụ 85,5 hoặc 1.234,5; "
        f'đã nhập: "{typed}"'
    ]


@pytest.mark.parametrize("typed", ["3.429", "3,429", "3 429"])
def test_a_count_keeps_its_reading(filled_form, tmp_path, typed):
    form = edit(filled_form, tmp_path / "count.xlsx", {(COUNTS, ISSUED): typed})
    assert read_form(form).data["counts"]["issued_docs"] == 3429
