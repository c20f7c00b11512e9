"""The entry form as a person opens it: sheets, locked labels, open cells, validations."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from test_forms_support import UNITS, make_blank

from reportkit.data.kinds import load_kind
from reportkit.forms import load_units, write_form, write_forms
from reportkit.forms.checks import serial
from reportkit.pdf import convert

TABLES = [
    "Phần mềm, ứng dụng đang sử dụng",
    "Tin, bài đăng trên báo chí",
    "Tin, bài trên mạng xã hội",
    "Văn bản phối hợp đã ký kết",
    "Nội dung đánh giá",
    "Nhiệm vụ năm tiếp theo",
]


@pytest.fixture(scope="module")
def blank_form(tmp_path_factory) -> Path:
    return make_blank(tmp_path_factory.mktemp("blank"))


@pytest.fixture(scope="module")
def book(blank_form):
    return openpyxl.load_workbook(blank_form)


@pytest.fixture(scope="module")
def unit_form(tmp_path_factory):
    units = [u for u in load_units(UNITS) if u["code"] == "thanh-hoa-kv1"]
    out = tmp_path_factory.mktemp("unit")
    [path] = write_forms(out, year=2025, units=units, deadline="trước ngày 05/01/2026")
    return path


def validation_of(sheet, address):
    found = [dv for dv in sheet.data_validations.dataValidation if address in dv.sqref]
    assert len(found) == 1, f"{sheet.title}!{address} has {len(found)} validations"
    return found[0]


def test_sheets_in_order_guide_first_lists_hidden_identity_very_hidden(book):
    assert book.sheetnames == [
        "Hướng dẫn",
        "Thông tin đơn vị",
        "Chỉ tiêu",
        *TABLES,
        "Danh mục",
        "_reportkit",
    ]
    states = {ws.title: ws.sheet_state for ws in book.worksheets}
    assert states["Danh mục"] == "hidden" and states["_reportkit"] == "veryHidden"
    assert book.active.title == "Hướng dẫn"
    assert book.active.sheet_view.selection[0].activeCell == "A1"
    guide = "\n".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    for words in ("Mục đích", "Thời hạn gửi", "Ý nghĩa các màu", "Cần hỏi thêm, liên hệ"):
        assert words in guide


def test_every_sheet_protected_and_only_input_cells_open(book):
    for sheet in book.worksheets:
        assert sheet.protection.sheet, sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                if cell.protection.locked:
                    continue
                assert cell.fill.fgColor.rgb.endswith("FFF2CC"), f"{sheet.title}!{cell.coordinate}"
                dv = validation_of(sheet, cell.coordinate)
                assert dv.showErrorMessage and dv.showInputMessage and dv.error and dv.prompt


def test_counts_are_whole_numbers_with_thousands_format(book):
    sheet = book["Chỉ tiêu"]
    assert sheet["A6"].value == "Văn bản phát hành trên hệ thống quản lý văn bản và điều hành"
    assert sheet["A6"].protection.locked and not sheet["C6"].protection.locked
    assert sheet["C6"].number_format == "#,##0"
    dv = validation_of(sheet, "C6")
    assert (dv.type, dv.operator, dv.formula1) == ("whole", "between", "0")
    assert "không âm" in dv.error
    assert sheet["C4"].value == "Số liệu trong kỳ (năm 2025)"
    assert sheet["D4"].value == "Số liệu năm trước (năm 2024)"


def test_signed_cannot_exceed_issued_is_a_custom_rule(book):
    dv = validation_of(book["Chỉ tiêu"], "C7")  # signed_docs, issued_docs is C6
    assert dv.type == "custom"
    assert (
        dv.formula1
        == "AND(ISNUMBER(C7),C7=INT(C7),C7>=0,C7<=1000000000000,OR(ISBLANK($C$6),C7<=$C$6))"
    )


def test_closed_lists_are_drop_downs_of_labels(book):
    sheet = book["Văn bản phối hợp đã ký kết"]
    assert sheet["B4"].value == "Loại văn bản (*)"
    dv = validation_of(sheet, "B5")
    assert dv.type == "list"
    lists = book["Danh mục"]
    ref = dv.formula1.split("!")[1].replace("$", "")
    labels = [c.value for row in lists[ref] for c in row]
    assert labels == [
        "Quy chế phối hợp",
        "Chương trình phối hợp",
        "Thỏa thuận hợp tác",
        "Kế hoạch phối hợp",
    ]


def test_dates_accept_dates_only_and_next_year_tasks_are_due_next_year(book):
    agreements = book["Văn bản phối hợp đã ký kết"]
    assert agreements["E4"].value == "Ngày ký"
    dv = validation_of(agreements, "E5")
    assert dv.type == "date" and agreements["E5"].number_format == "dd/mm/yyyy"
    tasks = book["Nhiệm vụ năm tiếp theo"]
    assert tasks["E4"].value == "Thời hạn hoàn thành"
    dv = validation_of(tasks, "E5")
    assert (dv.formula1, dv.formula2) == (
        str(serial(dt.date(2026, 1, 1))),
        str(serial(dt.date(2026, 12, 31))),
    )


def test_identity_sheet_records_kind_version_year_and_cells(book):
    rows = list(book["_reportkit"].iter_rows(values_only=True))
    keys = {row[0]: row[1] for row in rows[:7]}
    assert keys["kind"] == "cds" and keys["version"] == 1 and keys["year"] == 2025
    assert ("counts.signed_docs", "'Chỉ tiêu'!C7", "Văn bản được ký số trước khi ban hành") in [
        tuple(r[:3]) for r in rows
    ]


def test_unit_form_has_name_and_year_filled_and_locked(unit_form):
    assert unit_form.name == "bieu-mau-cds-2025-thanh-hoa-kv1.xlsx"
    book = openpyxl.load_workbook(unit_form)
    info = book["Thông tin đơn vị"]
    cells = {info.cell(r, 1).value: info.cell(r, 2) for r in range(5, info.max_row + 1)}
    assert cells["Năm báo cáo (*)"].value == 2025
    name = cells["Tên đơn vị (*)"]
    assert name.value == "Viện kiểm sát nhân dân khu vực 1 - Thanh Hóa"
    assert name.protection.locked
    assert cells["Cấp đơn vị (*)"].value == "VKSND khu vực"  # the label, not the code
    assert not cells["Số, ký hiệu (*)"].protection.locked
    guide = [c.value for row in book["Hướng dẫn"].iter_rows() for c in row]
    assert "trước ngày 05/01/2026" in guide


def test_text_starting_with_equals_is_written_as_text(tmp_path):
    unit = {"code": "x", "name": '=HYPERLINK("http://evil","bấm")'}
    form = write_form(tmp_path / "f.xlsx", year=2025, unit=unit)
    info = openpyxl.load_workbook(form)["Thông tin đơn vị"]
    found = [c for row in info.iter_rows() for c in row if c.value == unit["name"]]
    assert found and found[0].data_type == "s"


def test_last_years_figures_are_shown_locked(tmp_path):
    last = tmp_path / "2024.yaml"
    last.write_text("year: 2024\ncounts:\n  issued_docs: 3208\n  signed_docs: 2951\n")
    form = write_form(tmp_path / "f.xlsx", year=2025, previous=last)
    sheet = openpyxl.load_workbook(form)["Chỉ tiêu"]
    assert (sheet["D6"].value, sheet["D7"].value) == (3208, 2951)
    assert sheet["D6"].protection.locked and not sheet["C6"].protection.locked


@pytest.mark.libreoffice
def test_libreoffice_keeps_protection_validation_and_hidden_sheets(unit_form, tmp_path):
    [resaved] = convert([unit_form], "xlsx", tmp_path)
    book = openpyxl.load_workbook(resaved)
    sheet = book["Chỉ tiêu"]
    assert sheet.protection.sheet and not sheet["C6"].protection.locked
    assert validation_of(sheet, "C6").type == "whole"
    assert validation_of(book["Văn bản phối hợp đã ký kết"], "B5").type == "list"
    assert book["_reportkit"].sheet_state in ("hidden", "veryHidden")
    assert book["Danh mục"].sheet_state == "hidden"


def test_last_years_figures_for_many_units_come_from_a_folder_by_unit_code(tmp_path):
    wanted = {"thanh-hoa-kv1", "thanh-hoa-kv4"}  # 2024 has a file for kv1, none for kv4
    units = [u for u in load_units(UNITS) if u["code"] in wanted]
    folder = UNITS.parent / "thanh-hoa-khu-vuc-2024"
    paths = write_forms(tmp_path, year=2025, units=units, previous=folder)
    counts = {p.name: openpyxl.load_workbook(p)["Chỉ tiêu"] for p in paths}
    first = counts["bieu-mau-cds-2025-thanh-hoa-kv1.xlsx"]
    assert first["D6"].value == 129 and first["D6"].protection.locked
    fourth = counts["bieu-mau-cds-2025-thanh-hoa-kv4.xlsx"]
    assert fourth["D6"].value is None and not fourth["D6"].protection.locked


def _code_words() -> set[str]:
    """Every name the schema gives a field, indicator or list value: words for programs."""
    kind = load_kind("cds")
    found = {indicator.code for indicator in kind.schema.indicators}
    pending = list(kind.schema.fields.items())
    while pending:
        name, spec = pending.pop()
        found |= {name, *spec.values}
        pending += [*spec.fields.items(), *spec.columns.items()]
    return {word for word in found if len(word) >= 4 and word.isascii()}


def test_no_code_word_is_visible_anywhere_a_person_looks(book):
    codes = _code_words()
    assert {"recipients", "leadership", "issued_docs"} <= codes
    seen = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        texts = [(c.coordinate, c.value) for row in sheet.iter_rows() for c in row]
        for check in sheet.data_validations.dataValidation:
            texts += [(str(check.sqref), t) for t in (check.prompt, check.promptTitle, check.error)]
        for place, text in texts:
            words = set(re.findall(r"[a-z_]+", text)) if isinstance(text, str) else set()
            seen += [(sheet.title, place, word) for word in words & codes]
    assert seen == []
