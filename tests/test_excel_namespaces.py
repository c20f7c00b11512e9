"""Workbooks in Excel's Strict namespaces (and the Office 2007 beta one) keep every row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from excel_helpers import annex_context, as_strict, build_annex, parts_of, write_parts

from reportkit.errors import TemplateError
from reportkit.excel import ExcelTemplate

CORPUS = Path(__file__).parent / "files" / "excel-corpus"


def cells(path: Path) -> dict[str, list]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb}


def test_a_strict_template_renders_like_its_transitional_twin(tmp_path):
    template = build_annex(tmp_path / "annex.xlsx")
    strict = as_strict(template, tmp_path / "strict.xlsx")
    assert b"purl.oclc.org/ooxml/spreadsheetml/main" in parts_of(strict)["xl/workbook.xml"]
    context = annex_context()
    expected = ExcelTemplate(template).render_to(tmp_path / "out.xlsx", context)
    out = ExcelTemplate(strict).render_to(tmp_path / "strict-out.xlsx", context)
    assert cells(out) == cells(expected)
    assert cells(out)["Chỉ tiêu"][23][2] == "=SUM(C4:C23)"
    for name, data in parts_of(out).items():
        assert b"purl.oclc.org" not in data, name
        assert b'conformance="strict"' not in data, name


def test_a_strict_workbook_saved_by_excel_keeps_its_rows(tmp_path):
    out = ExcelTemplate(CORPUS / "poi-SimpleStrict.xlsx").render_to(tmp_path / "out.xlsx", {})
    found = cells(out)
    assert [row[2] for row in found["Sheet1"]] == [1, 2, 3, 4, 5, 6]
    assert found["Sheet1"][0][0] == "test"
    assert found["Sheet Number 2"][0][0] == "This is sheet 2"


def test_the_office_2007_beta_namespace_is_read(tmp_path):
    template = build_annex(tmp_path / "annex.xlsx")
    parts = parts_of(template)
    beta = b"http://schemas.openxmlformats.org/spreadsheetml/2006/7/main"
    for name in ("xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"):
        parts[name] = parts[name].replace(
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", beta
        )
    old = write_parts(tmp_path / "beta.xlsx", parts)
    out = ExcelTemplate(old).render_to(tmp_path / "out.xlsx", annex_context())
    assert cells(out)["Chỉ tiêu"][3][1] == "VKSND tỉnh"


def test_a_sheet_in_an_unknown_namespace_is_refused_in_one_line(tmp_path):
    template = build_annex(tmp_path / "annex.xlsx")
    parts = parts_of(template)
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"urn:example:sheet"
    )
    odd = write_parts(tmp_path / "odd.xlsx", parts)
    with pytest.raises(TemplateError) as caught:
        ExcelTemplate(odd)
    assert "'Chỉ tiêu'" in str(caught.value)
    assert "urn:example:sheet" in str(caught.value)
    assert "\n" not in str(caught.value)
