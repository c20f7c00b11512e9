"""A form prints as a person expects: A4, as wide as the page, readable, no pages of blanks."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helpers import pdf_pages, pdf_text, smallest_type
from test_forms_support import make_blank, make_filled

from reportkit.pdf import convert

A4_LANDSCAPE = (841.9, 595.3)
SMALLEST_READABLE = 7.5  # points, after fitting a sheet to the page width
MOST_PAGES = 12  # guide, unit, figures, five tables, three of paragraphs, with room


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("printed")
    forms = [make_blank(folder), make_filled(folder)]
    return {pdf.stem: pdf for pdf in convert(forms, outdir=folder)}


@pytest.mark.libreoffice
@pytest.mark.parametrize("form", ["blank", "filled"])
def test_a_form_prints_on_a4_in_few_pages_with_readable_type(printed, form):
    pages, sizes = pdf_pages(printed[form])
    assert pages <= MOST_PAGES
    assert all((round(w, 1), round(h, 1)) == A4_LANDSCAPE for w, h in sizes), sizes
    smallest = smallest_type(printed[form])
    assert len(smallest) == pages
    assert min(smallest.values()) >= SMALLEST_READABLE, smallest


@pytest.mark.libreoffice
def test_the_printed_guide_shows_its_whole_title_and_nothing_overlaps(printed):
    lines = [line.strip() for line in pdf_text(printed["blank"], page=1).splitlines()]
    assert lines[0] == "BIỂU MẪU NHẬP SỐ LIỆU NĂM 2025"
    assert lines[1] == "Báo cáo tổng kết công tác chuyển đổi số và công tác tuyên truyền"
    assert lines[2].startswith("Đơn vị ")


@pytest.mark.libreoffice
def test_the_printed_form_holds_what_was_filled_and_no_code_words(printed):
    text = pdf_text(printed["filled"])
    assert "VKSND tỉnh Thanh Hóa" in text and "3.429" in text
    for code in ("issued_docs", "signed_docs", "recipients", "highlights", "_reportkit"):
        assert code not in text
