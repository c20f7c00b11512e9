"""The form is made from any kind's schema: a small made-up kind round-trips with no code."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from click.testing import CliRunner
from test_forms_support import value_at

from reportkit.cli import main
from reportkit.data.kinds import load_kind
from reportkit.data.loader import Document
from reportkit.forms import read_form, write_form
from reportkit.forms.layout import plan_form
from reportkit.forms.writer import shown

KIND = """
name: thu-nghiem
version: 3
title: Báo cáo thử nghiệm
groups:
  chung: Số liệu chung
fields:
  year: {type: year, required: true, label: Năm}
  unit:
    type: object
    label: Đơn vị
    fields:
      name: {type: string, required: true, label: Tên}
      code: {type: string, label: Mã}
  figures: {type: indicators, label: Số liệu}
  events:
    type: table
    label: Sự kiện
    columns:
      title: {type: text, required: true, label: Tên sự kiện}
      held: {type: boolean, label: Đã tổ chức}
      day: {type: date, label: Ngày}
      kind: {type: enum, label: Loại, values: {hop: Cuộc họp, hoi_thao: Hội thảo}}
      guests: {type: list, items: string, label: Khách mời}
      cost: {type: number, min: 0, label: Kinh phí}
indicators:
  - {code: total, group: chung, label: Tổng số, unit_label: việc}
  - {code: done, group: chung, label: Đã xong, unit_label: việc}
rules:
  - lte: [figures.done, figures.total]
    message: done cannot exceed total
"""

DATA = {
    "year": 2025,
    "unit": {"name": "Đơn vị thử", "code": "thu"},
    "figures": {"total": 12, "done": 9},
    "events": [
        {
            "title": "Hội nghị tổng kết; năm 2025",
            "held": True,
            "day": dt.date(2025, 12, 20),
            "kind": "hop",
            "guests": ["Sở Tư pháp", "Công an tỉnh"],
            "cost": 12.5,
        },
        {"title": "Hội thảo chuyển đổi số", "held": False, "kind": "hoi_thao"},
    ],
}


@pytest.fixture
def kind(tmp_path):
    folder = tmp_path / "thu-nghiem"
    folder.mkdir()
    (folder / "kind.yaml").write_text(KIND, encoding="utf-8")
    return load_kind(folder)


def test_a_made_up_kind_gets_its_form_and_reads_back(kind, tmp_path):
    form = write_form(tmp_path / "form.xlsx", kind, year=2025, unit=DATA["unit"])
    book = openpyxl.load_workbook(form)
    assert book.sheetnames == [
        "Hướng dẫn",
        "Thông tin đơn vị",
        "Chỉ tiêu",
        "Sự kiện",
        "Danh mục",
        "_reportkit",
    ]
    for slot in plan_form(kind.schema, year=2025).slots():
        value = value_at(DATA, slot.path)
        cell = book[slot.sheet].cell(slot.row, slot.column)
        if value is not None and not cell.protection.locked:
            cell.value = shown(slot.field, value)
    book.save(tmp_path / "filled.xlsx")
    document = read_form(tmp_path / "filled.xlsx", kind=kind)
    assert kind.validate(document) == kind.validate(Document(DATA, "data"))
    assert document.locate(("events", 1, "kind")) == "'Sự kiện'!E6"
    [dv] = [dv for dv in book["Sự kiện"].data_validations.dataValidation if "C5" in dv.sqref]
    options = book["Danh mục"][dv.formula1.split("!")[1].replace("$", "")]
    assert dv.type == "list" and [c.value for row in options for c in row] == ["Có", "Không"]


def test_a_kind_with_its_own_units_list_offers_it_by_default(kind, tmp_path):
    (kind.folder / "units.yaml").write_text(
        "units:\n  - {code: a, name: Đơn vị A}\n  - {code: b, name: Đơn vị B}\n", encoding="utf-8"
    )
    runner = CliRunner()
    result = runner.invoke(
        main, ["form", "--kind", str(kind.folder), "--year", "2025", "-o", str(tmp_path / "any")]
    )
    assert result.exit_code == 0, result.output
    info = openpyxl.load_workbook(tmp_path / "any" / "bieu-mau-thu-nghiem-2025.xlsx")[
        "Thông tin đơn vị"
    ]
    [dv] = [dv for dv in info.data_validations.dataValidation if "B7" in dv.sqref]
    assert info["A7"].value == "Tên (*)" and dv.type == "list"
    result = runner.invoke(
        main,
        [
            "form",
            "--kind",
            str(kind.folder),
            "--year",
            "2025",
            "--unit",
            "b",
            "-o",
            str(tmp_path / "one"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["bieu-mau-thu-nghiem-2025-b.xlsx"]
