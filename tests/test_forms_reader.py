"""Reading filled forms: values as people type them, and every kind of mistake, by cell."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_forms_support import UNITS, at, edit, fill, make_filled, problems_of, sample_data

from reportkit.data.schema import Field
from reportkit.errors import InputError, ValidationError
from reportkit.forms import load_units, read_form, write_form
from reportkit.forms.checks import serial
from reportkit.forms.values import Unreadable, parse_date, parse_integer, parse_number
from reportkit.i18n import VIETNAMESE, speaking

COUNTS = "Chỉ tiêu"
INFO = "Thông tin đơn vị"
AGREEMENTS = "Văn bản phối hợp đã ký kết"


@pytest.fixture(scope="module")
def filled_form(tmp_path_factory) -> Path:
    return make_filled(tmp_path_factory.mktemp("filled"))


@pytest.mark.parametrize(
    "typed", ["3316", "3316.0", 3316.0, "3.316", "3,316", "3 316", "3.316 văn bản", " 3316 "]
)
def test_whole_numbers_as_people_type_them(typed):
    assert parse_integer(Field("n", "integer", min=0), typed) == 3316


@pytest.mark.parametrize("typed", ["abc", -1, "-5", 3.5, "3,5", "12.3.4", "3316/3429"])
def test_what_is_not_a_whole_number_is_refused_in_vietnamese(typed):
    """As the form reader says it (in Vietnamese, whatever the language of the run)."""
    with speaking(VIETNAMESE), pytest.raises(Unreadable, match="phải là số nguyên không âm"):
        parse_integer(Field("n", "integer", min=0), typed)


def test_decimals_and_percents():
    spec = Field("n", "number", min=0)
    assert parse_number(spec, "96,7%") == 96.7
    assert parse_number(spec, "8,5") == 8.5
    assert parse_number(spec, "100") == 100


@pytest.mark.parametrize(
    "typed",
    [
        dt.datetime(2026, 1, 9),
        dt.date(2026, 1, 9),
        serial(dt.date(2026, 1, 9)),
        "09/01/2026",
        "9/1/2026",
        "2026-01-09",
        "ngày 09 tháng 01 năm 2026",
    ],
)
def test_dates_as_people_type_them(typed):
    assert parse_date(Field("d", "date"), typed) == dt.date(2026, 1, 9)


def test_values_typed_as_text_in_the_form_are_read_as_numbers_and_dates(filled_form, tmp_path):
    changed = edit(
        filled_form,
        tmp_path / "typed.xlsx",
        {
            (COUNTS, "C6"): "3.429",
            (COUNTS, "C7"): "3.316 văn bản",
            (COUNTS, "C17"): "96,7%",
            (INFO, "B18"): "09/01/2026",
            (AGREEMENTS, "E5"): serial(dt.date(2025, 8, 15)),
        },
    )
    data = read_form(changed).data
    assert data["counts"]["issued_docs"] == 3429
    assert data["counts"]["signed_docs"] == 3316
    assert data["counts"]["dti_score"] == 96.7
    assert data["document"]["date"] == dt.date(2026, 1, 9)
    assert data["agreements"][0]["signed_on"] == dt.date(2025, 8, 15)


def test_percent_formatted_number_is_read_as_typed(filled_form, tmp_path):
    book = openpyxl.load_workbook(filled_form)
    book[COUNTS]["C17"].value = 0.967  # Excel stores "96,7%" typed into a number cell so
    book[COUNTS]["C17"].number_format = "0.0%"
    book.save(tmp_path / "percent.xlsx")
    assert read_form(tmp_path / "percent.xlsx").data["counts"]["dti_score"] == 96.7


def test_list_items_in_one_cell_split_by_lines_or_semicolons(filled_form, tmp_path):
    changed = edit(
        filled_form,
        tmp_path / "lists.xlsx",
        {(AGREEMENTS, "D5"): "Báo Thanh Hóa; Đài PT-TH tỉnh\nCông an tỉnh"},
    )
    partners = read_form(changed).data["agreements"][0]["partners"]
    assert partners == ["Báo Thanh Hóa", "Đài PT-TH tỉnh", "Công an tỉnh"]


def test_every_list_in_one_cell_splits_on_semicolons_as_the_guide_says(filled_form, tmp_path):
    """Also a list of longer texts (Nội dung phối hợp); a paragraph keeps its ";"."""
    typed = "Tuyên truyền pháp luật; Trao đổi thông tin."
    paragraph = "Lãnh đạo quan tâm; chỉ đạo sát sao."
    changed = edit(
        filled_form,
        tmp_path / "areas.xlsx",
        {(AGREEMENTS, "G5"): typed, ("Nội dung đánh giá", "B5"): paragraph},
    )
    data = read_form(changed).data
    assert data["agreements"][0]["areas"] == ["Tuyên truyền pháp luật", "Trao đổi thông tin."]
    assert data["narrative"]["leadership"][0] == paragraph
    guide = "\n".join(
        str(c.value)
        for row in openpyxl.load_workbook(changed)["Hướng dẫn"].iter_rows()
        for c in row
        if c.value
    )
    assert "nội dung phối hợp" in guide and "dấu chấm phẩy (;)" in guide


def test_a_value_in_a_merged_input_cell_is_read(filled_form, tmp_path):
    book = openpyxl.load_workbook(filled_form)
    sheet = book["Nội dung đánh giá"]
    sheet.merge_cells("B15:C15")
    book.save(tmp_path / "merged.xlsx")
    highlights = read_form(tmp_path / "merged.xlsx").data["narrative"]["highlights"]
    assert highlights == sample_data()["narrative"]["highlights"]


def test_bad_count_is_named_by_cell_field_label_and_raw_value(filled_form, tmp_path):
    problems = problems_of(edit(filled_form, tmp_path / "bad.xlsx", {(COUNTS, "C6"): "nhiều"}))
    [problem] = [p for p in problems if p.location == "'Chỉ tiêu'!C6"]
    assert problem.field == "counts.issued_docs"
    assert problem.value == "nhiều"
    assert problem.message == (
        "Văn bản phát hành trên hệ thống quản lý văn bản và điều hành: "
        'phải là số nguyên không âm; đã nhập: "nhiều"'
    )
    assert str(problem) == f"{tmp_path / 'bad.xlsx'}:'Chỉ tiêu'!C6: {problem.message}"  # no code


def test_a_decimal_in_a_count_cell_is_shown_as_a_vietnamese_reader_reads_it(filled_form, tmp_path):
    """Excel with a "." decimal mark stores 3.316 typed by a Vietnamese clerk as a decimal."""
    problems = problems_of(edit(filled_form, tmp_path / "dec.xlsx", {(COUNTS, "C7"): 3.316}))
    [message] = at(problems, "'Chỉ tiêu'!C7")
    assert message.endswith(
        "phải là số nguyên không âm; đã nhập: 3,316 (số thập phân); "
        "nếu là ba nghìn ba trăm mười sáu, hãy ghi 3316"
    )


def test_negative_count_is_refused(filled_form, tmp_path):
    problems = problems_of(edit(filled_form, tmp_path / "neg.xlsx", {(COUNTS, "C10"): -3}))
    assert "phải là số nguyên không âm" in at(problems, "'Chỉ tiêu'!C10")[0]


def test_formula_in_an_input_cell_is_reported_not_trusted(filled_form, tmp_path):
    problems = problems_of(edit(filled_form, tmp_path / "f.xlsx", {(COUNTS, "C8"): "=C6-100"}))
    [message] = at(problems, "'Chỉ tiêu'!C8")
    assert "công thức" in message and "=C6-100" in message


def test_row_inserted_by_hand_is_caught(filled_form, tmp_path):
    book = openpyxl.load_workbook(filled_form)
    book[COUNTS].insert_rows(10)
    book.save(tmp_path / "moved.xlsx")
    problems = problems_of(tmp_path / "moved.xlsx")
    [message] = at(problems, "'Chỉ tiêu'!A10")
    assert message.startswith('nhãn lẽ ra là "Cuộc họp không giấy" nhưng là ô trống')
    [summary] = at(problems, "'Chỉ tiêu'")
    assert summary.endswith("nhãn khác trên trang này cũng không đúng chỗ")
    assert not any(p.field == "counts.paperless_meetings" for p in problems)  # not misread


def test_value_outside_a_closed_list_is_reported(filled_form, tmp_path):
    problems = problems_of(
        edit(filled_form, tmp_path / "e.xlsx", {(AGREEMENTS, "B5"): "Hiệp định"})
    )
    [message] = at(problems, f"'{AGREEMENTS}'!B5")
    assert "phải chọn một giá trị trong danh sách: Quy chế phối hợp;" in message


def test_impossible_date_is_reported(filled_form, tmp_path):
    problems = problems_of(edit(filled_form, tmp_path / "d.xlsx", {(INFO, "B18"): "31/02/2026"}))
    [message] = at(problems, f"'{INFO}'!B18")
    assert message == (
        "Ngày ban hành (*): ngày không có thật; phải là ngày, ví dụ 09/01/2026; "
        'đã nhập: "31/02/2026"'
    )


def test_kind_rules_are_reported_at_the_cell_with_its_label(filled_form, tmp_path):
    problems = problems_of(edit(filled_form, tmp_path / "r.xlsx", {(COUNTS, "C7"): 4000}))
    [message] = at(problems, "'Chỉ tiêu'!C7")
    assert message.startswith(
        "Văn bản được ký số trước khi ban hành: số văn bản được ký số không được"
    )


def test_every_problem_is_reported_in_one_run(filled_form, tmp_path):
    changed = edit(
        filled_form,
        tmp_path / "many.xlsx",
        {
            (COUNTS, "C6"): "abc",
            (COUNTS, "C9"): "=1+1",
            (INFO, "B17"): None,  # the document number is required
            (AGREEMENTS, "B5"): "Hiệp định",
            ("Nhiệm vụ năm tiếp theo", "E5"): dt.date(2030, 1, 1),
        },
    )
    places = {p.location for p in problems_of(changed)}
    assert {
        "'Chỉ tiêu'!C6",
        "'Chỉ tiêu'!C9",
        f"'{INFO}'!B17",
        f"'{AGREEMENTS}'!B5",
        "'Nhiệm vụ năm tiếp theo'!E5",
    } <= places


def test_a_table_cell_is_named_once_by_its_column_and_row(filled_form, tmp_path):
    changed = edit(filled_form, tmp_path / "row.xlsx", {("Tin, bài đăng trên báo chí", "B5"): None})
    [message] = at(problems_of(changed), "'Tin, bài đăng trên báo chí'!B5")
    assert message == "Cơ quan báo chí (dòng 1): bắt buộc phải nhập"


def test_what_the_schema_finds_in_a_form_is_said_in_vietnamese(filled_form, tmp_path):
    """The validator speaks English to YAML files (the operator's), Vietnamese to forms."""
    changed = edit(filled_form, tmp_path / "vi.xlsx", {(INFO, "B17"): None})
    [message] = at(problems_of(changed), f"'{INFO}'!B17")
    assert message == "Số, ký hiệu (*): bắt buộc phải nhập"  # the label once, then the fault


@pytest.mark.parametrize(
    "content, words",
    [
        (b"hello, not a workbook", "không phải tệp .xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "tệp có mật khẩu"),
        (b"PK\x03\x04 broken zip", "bị hỏng"),
    ],
)
def test_what_is_not_a_readable_workbook_gets_one_clear_message(tmp_path, content, words):
    path = tmp_path / "form.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=words) as caught:
        read_form(path)
    assert caught.value.file == str(path)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "form.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(InputError, match="bị hỏng"):
        read_form(path)


def test_workbook_without_the_hidden_sheet_is_refused(filled_form, tmp_path):
    book = openpyxl.load_workbook(filled_form)
    del book["_reportkit"]
    book.save(tmp_path / "nohidden.xlsx")
    with pytest.raises(InputError, match="không phải biểu mẫu nhập liệu của reportkit.*đã bị xóa"):
        read_form(tmp_path / "nohidden.xlsx")


@pytest.mark.parametrize(
    "cell, value, words",
    [
        ("B3", "other", 'loại báo cáo "other", không tải được'),
        ("B4", 7, 'tạo cho phiên bản 7 của loại báo cáo "cds"'),
        ("B2", 99, "do một phiên bản reportkit khác tạo"),
    ],
)
def test_unknown_kind_version_or_layout_is_refused(filled_form, tmp_path, cell, value, words):
    changed = edit(filled_form, tmp_path / "meta.xlsx", {("_reportkit", cell): value})
    with pytest.raises(InputError, match=words):
        read_form(changed)


def test_form_of_another_kind_or_year_than_expected_is_refused(filled_form):
    with pytest.raises(InputError, match="dành cho năm 2025, không phải năm 2026"):
        read_form(filled_form, year=2026)
    with pytest.raises(InputError, match="không tải được"):
        read_form(filled_form, kind="no-such-kind")


@pytest.fixture(scope="module")
def unit_form(tmp_path_factory):
    unit = next(u for u in load_units(UNITS) if u["code"] == "thanh-hoa")
    folder = tmp_path_factory.mktemp("unit")
    form = write_form(folder / "form.xlsx", year=2025, unit=unit)
    return fill(form, sample_data(), folder / "filled.xlsx")


def test_unit_form_reads_back(unit_form):
    assert read_form(unit_form).data["unit"]["code"] == "thanh-hoa"


@pytest.mark.parametrize(
    "cell, value, words",
    [
        ("B10", "Viện kiểm sát nhân dân tỉnh Nghệ An", "tạo cho Tên đơn vị"),
        ("B5", 2024, "tạo cho Năm báo cáo = 2025"),
    ],
)
def test_unit_or_year_changed_on_the_sheet_is_refused(unit_form, tmp_path, cell, value, words):
    changed = edit(unit_form, tmp_path / "changed.xlsx", {(INFO, cell): value})
    with pytest.raises(ValidationError) as caught:
        read_form(changed)
    [problem] = caught.value.problems
    assert words in problem.message
    assert problem.location == f"'{INFO}'!{cell}"


def test_unit_and_year_both_changed_are_both_named(unit_form, tmp_path):
    changed = edit(
        unit_form, tmp_path / "changed.xlsx", {(INFO, "B10"): "VKSND Nghệ An", (INFO, "B5"): 2024}
    )
    with pytest.raises(ValidationError) as caught:
        read_form(changed)
    places = sorted(problem.location for problem in caught.value.problems)
    assert places == [f"'{INFO}'!B10", f"'{INFO}'!B5"]


def test_row_inserted_above_the_locked_unit_is_a_moved_label_not_another_unit(unit_form, tmp_path):
    book = openpyxl.load_workbook(unit_form)
    book[INFO].insert_rows(9)
    book.save(tmp_path / "moved.xlsx")
    problems = problems_of(tmp_path / "moved.xlsx")
    [message] = at(problems, f"'{INFO}'!A10")
    assert message.startswith('nhãn lẽ ra là "Tên đơn vị (*)" nhưng là "Đơn vị báo cáo"')


def test_a_deleted_sheet_is_reported(filled_form, tmp_path):
    book = openpyxl.load_workbook(filled_form)
    del book["Tin, bài trên mạng xã hội"]
    book.save(tmp_path / "deleted.xlsx")
    problems = problems_of(tmp_path / "deleted.xlsx")
    assert at(problems, "'Tin, bài trên mạng xã hội'") == [
        'trang "Tin, bài trên mạng xã hội" không còn trong biểu mẫu (đã bị đổi tên hoặc xóa)'
    ]
