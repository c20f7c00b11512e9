"""A sheet repeated per item: one sheet per unit, named from the data."""

from __future__ import annotations

import openpyxl
from excel_helpers import UNITS, parts_of, unit_template, write_parts

from reportkit.excel import ExcelTemplate


def test_one_sheet_per_item_with_valid_unique_names(tmp_path):
    template = unit_template(tmp_path / "t.xlsx")
    out = ExcelTemplate(template).render_to(tmp_path / "o.xlsx", {"units": UNITS})
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Tổng hợp",
        "VKSND tỉnh",
        "Khu vực 1 TP Thanh Hóa",
        "VKSND tỉnh (2)",
        "Một tên đơn vị rất dài vượt quá",
        "Ghi chú",
    ]
    assert all(len(name) <= 31 for name in wb.sheetnames)
    first, second, third = wb["VKSND tỉnh"], wb["Khu vực 1 TP Thanh Hóa"], wb["VKSND tỉnh (2)"]
    assert first["A1"].value == "Đơn vị: VKSND tỉnh"  # the marker row is gone
    assert [first["A4"].value, first["B4"].value] == ["Ký số", 3316]
    assert first["B5"].value == "=SUM(B3:B4)"
    assert second["B4"].value == "=SUM(B3:B3)"
    assert third["B3"].value == "=SUM(0)"
    assert {str(r) for r in second.merged_cells.ranges} == {"A1:B1"}
    assert first.print_area == "'VKSND tỉnh'!$A$1:$B$5"
    assert second.print_area == "'Khu vực 1 TP Thanh Hóa'!$A$1:$B$4"
    assert wb["Tổng hợp"]["A1"].value == "Số đơn vị: 4"


def test_the_stale_sheet_list_leaves_the_file_properties(tmp_path):
    """docProps/app.xml lists the template's sheets; with sheets per item that list is
    wrong, so it goes (Excel writes it again on save); the rest of the part stays."""
    template = unit_template(tmp_path / "t.xlsx")
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    excel_app = (  # as Excel writes it (openpyxl leaves the two lists out)
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'extended-properties" xmlns:vt="{vt}"><Application>Microsoft Excel</Application>'
        '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>'
        "Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>3</vt:i4></vt:variant>"
        '</vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="3" baseType="lpstr">'
        "<vt:lpstr>Tổng hợp</vt:lpstr><vt:lpstr>{{ u.name }}</vt:lpstr><vt:lpstr>Ghi chú"
        "</vt:lpstr></vt:vector></TitlesOfParts></Properties>"
    )
    write_parts(template, {**parts_of(template), "docProps/app.xml": excel_app})
    data = ExcelTemplate(template).render({"units": UNITS})
    app = parts_of(data)["docProps/app.xml"].decode("utf-8")
    assert "TitlesOfParts" not in app and "HeadingPairs" not in app
    assert "<Application>" in app


def test_each_copy_gets_its_own_table_chart_and_drawing(tmp_path):
    template = unit_template(tmp_path / "t.xlsx")
    out = ExcelTemplate(template).render_to(tmp_path / "o.xlsx", {"units": UNITS[:2]})
    wb = openpyxl.load_workbook(out)
    first, second = wb["VKSND tỉnh"], wb["Khu vực 1 TP Thanh Hóa"]
    assert first.tables["ChiTiet"].ref == "A2:B4"
    ((name, ref),) = second.tables.items()
    assert name != "ChiTiet" and ref == "A2:B3"
    assert first._charts[0].series[0].val.numRef.f == "'VKSND tỉnh'!$B$3:$B$4"
    # the template's single cell, on a loop row that repeated once, stays a single cell
    assert second._charts[0].series[0].val.numRef.f == "'Khu vực 1 TP Thanh Hóa'!$B$3"
    parts = parts_of(out)
    drawings = [name for name in parts if name.startswith("xl/drawings/drawing")]
    assert len(drawings) == 2
    assert (
        sum('tabSelected="1"' in parts[n].decode() for n in parts if "worksheets/sheet" in n) <= 1
    )


def test_no_items_means_no_sheet(tmp_path):
    template = unit_template(tmp_path / "t.xlsx")
    out = ExcelTemplate(template).render_to(tmp_path / "o.xlsx", {"units": []})
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tổng hợp", "Ghi chú"]
    assert not any(name.startswith("xl/charts/") for name in parts_of(out))


def test_a_tag_in_a_sheet_name_renames_the_sheet_and_what_refers_to_it(tmp_path):
    from openpyxl.workbook.defined_name import DefinedName

    wb = openpyxl.Workbook()
    wb.active.title = "Tổng hợp"
    wb.active["A1"] = "='Nhiệm vụ {{ year + 1 }}'!B2"
    tasks = wb.create_sheet("Nhiệm vụ {{ year + 1 }}")
    tasks["A1"] = "Nhiệm vụ năm {{ year + 1 }}"
    tasks["B2"] = 3
    wb.defined_names["so_nhiem_vu"] = DefinedName(
        "so_nhiem_vu", attr_text="'Nhiệm vụ {{ year + 1 }}'!$B$2"
    )
    wb.save(tmp_path / "t.xlsx")
    out = ExcelTemplate(tmp_path / "t.xlsx").render_to(tmp_path / "o.xlsx", {"year": 2025})
    result = openpyxl.load_workbook(out)
    assert result.sheetnames == ["Tổng hợp", "Nhiệm vụ 2026"]
    assert result["Nhiệm vụ 2026"]["A1"].value == "Nhiệm vụ năm 2026"
    assert result["Tổng hợp"]["A1"].value == "='Nhiệm vụ 2026'!B2"
    assert result.defined_names["so_nhiem_vu"].attr_text == "'Nhiệm vụ 2026'!$B$2"
