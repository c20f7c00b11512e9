"""Compile once, render many: one template serves several threads at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import openpyxl
from excel_helpers import annex_context, build_annex

from reportkit.excel import ExcelTemplate


def test_renders_from_threads_match_renders_one_by_one(tmp_path):
    template = ExcelTemplate(build_annex(tmp_path / "annex.xlsx"))
    contexts = [annex_context(units=n, deals=n % 4) for n in range(1, 13)]
    expected = [template.render(context) for context in contexts]
    with ThreadPoolExecutor(max_workers=6) as pool:
        got = list(pool.map(template.render, contexts))
    assert got == expected
    assert len(set(got)) == len(got)  # different data, different workbooks
    path = tmp_path / "seven.xlsx"
    path.write_bytes(got[6])
    assert openpyxl.load_workbook(path)["Chỉ tiêu"]["C11"].value == "=SUM(C4:C10)"


def test_rendering_twice_gives_the_same_bytes(tmp_path):
    template = ExcelTemplate(build_annex(tmp_path / "annex.xlsx"))
    assert template.render(annex_context()) == template.render(annex_context())
