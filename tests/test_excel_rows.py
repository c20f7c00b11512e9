"""Row loops and conditional rows, and every reference following the rows they make."""

from __future__ import annotations

import re

import openpyxl
import pytest
from excel_helpers import (
    annex_context,
    build_annex,
    parts_of,
    pivot_template,
    save,
    write_parts,
)
from openpyxl.formatting.rule import CellIsRule
from openpyxl.worksheet.datavalidation import DataValidation

from reportkit.excel import ExcelTemplate


def render(tmp_path, template, context, name="out.xlsx"):
    out = ExcelTemplate(template).render_to(tmp_path / name, context)
    return openpyxl.load_workbook(out)


def values(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def annex(tmp_path_factory):
    folder = tmp_path_factory.mktemp("annex")
    template = build_annex(folder / "annex.xlsx")
    out = ExcelTemplate(template).render_to(folder / "out.xlsx", annex_context())
    return template, out, openpyxl.load_workbook(out)


def test_loop_rows_repeat_and_formulas_follow(annex):
    _, _, wb = annex
    ws = wb["Chỉ tiêu"]
    assert ws["A3"].value == "STT"  # the header, not a marker row
    assert [ws.cell(r, 2).value for r in (4, 5, 23)] == [
        "VKSND tỉnh",
        "VKSND khu vực 1",
        "VKSND khu vực 19",
    ]
    assert [ws.cell(r, 1).value for r in range(4, 24)] == list(range(1, 21))
    assert ws["E4"].value == "=IF(C4=0,0,D4/C4)"  # a formula on a loop row stays on its row
    assert ws["E23"].value == "=IF(C23=0,0,D23/C23)"
    assert ws["B24"].value == "Tổng cộng"
    assert ws["C24"].value == "=SUM(C4:C23)"  # the SUM over the loop row grows
    assert ws["E24"].value == "=IF(C24=0,0,D24/C24)"  # a reference below moves down
    assert wb["Nhiệm vụ 2026"]["B5"].value == "='Chỉ tiêu'!C24"  # from another sheet too


def test_ranges_follow_the_rows(annex):
    _, _, wb = annex
    ws = wb["Chỉ tiêu"]
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:F1"}
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["E4:E23"]
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == ["C4:D23"]
    assert ws.print_area == "'Chỉ tiêu'!$A$1:$F$24"
    assert wb.defined_names["tong_van_ban"].attr_text == "'Chỉ tiêu'!$C$24"
    assert ws.freeze_panes == "A4"
    assert wb["Thỏa thuận"].tables["ThoaThuan"].ref == "A2:D12"
    table = parts_of(annex[1])["xl/tables/table1.xml"].decode()
    assert '<autoFilter ref="A2:D12"/>' in table


def test_a_template_chart_follows_the_loop_rows(annex):
    _, _, wb = annex
    series = wb["Chỉ tiêu"]._charts[0].series[0]
    assert series.val.numRef.f == "'Chỉ tiêu'!$D$4:$D$23"
    assert series.cat.numRef.f == "'Chỉ tiêu'!$B$4:$B$23"


def test_nothing_in_the_package_is_dropped(annex):
    template, out, _ = annex
    before, after = parts_of(template), parts_of(out)
    assert set(before) == set(after)
    for name in ("xl/theme/theme1.xml", "xl/comments/comment1.xml", "docProps/core.xml"):
        assert before[name] == after[name]
    sheet = after["xl/worksheets/sheet1.xml"].decode()
    for kept in (
        "<cols>",
        "<pageMargins",
        "<headerFooter>",
        "<drawing ",
        "<pane ",
        "<sheetFormatPr",
    ):
        assert kept in sheet
    assert 'fullCalcOnLoad="1"' in after["xl/workbook.xml"].decode()


def test_nested_loops_two_loops_and_conditional_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    rows = [
        ["{%tr for u in units %}"],
        ["{{ u.name }}", "=SUM(B4:B4)"],
        ["{%tr for c in u.cases %}"],
        ["", "{{ c }}", "=B4*2"],
        ["{%tr endfor %}"],
        ["{%tr if u.note %}"],
        ["Ghi chú: {{ u.note }}"],
        ["{%tr else %}"],
        ["Không có ghi chú"],
        ["{%tr endif %}"],
        ["{%tr endfor %}"],
        ["{%tr set total = units|length %}"],
        ["Số đơn vị", "{{ total }}"],
        ["{%tr for t in tasks %}"],
        ["{{ t }}"],
        ["{%tr endfor %}"],
        ["Hết"],
    ]
    for row in rows:
        ws.append(row)
    wb.save(tmp_path / "t.xlsx")
    context = {
        "units": [
            {"name": "Tỉnh", "cases": [5, 7], "note": "đạt"},
            {"name": "Khu vực 1", "cases": [], "note": ""},
            {"name": "Khu vực 2", "cases": [1], "note": None},
        ],
        "tasks": ["Ký số", "Tuyên truyền"],
    }
    got = values(render(tmp_path, tmp_path / "t.xlsx", context).active)
    expected = [
        ["Tỉnh", "=SUM(B2:B3)", None],
        [None, 5, "=B2*2"],
        [None, 7, "=B3*2"],
        ["Ghi chú: đạt", None, None],
        ["Khu vực 1", "=SUM(0)", None],
        ["Không có ghi chú", None, None],
        ["Khu vực 2", "=SUM(B8:B8)", None],
        [None, 1, "=B8*2"],
        ["Không có ghi chú", None, None],
        ["Số đơn vị", 3, None],
        ["Ký số", None, None],
        ["Tuyên truyền", None, None],
        ["Hết", None, None],
    ]
    assert got == expected


def test_merged_cells_on_a_loop_row_repeat_with_it(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "{%tr for x in items %}"
    ws["A2"] = "{{ x }}"
    ws.merge_cells("A2:C2")
    ws["A3"] = "{%tr endfor %}"
    ws["A4"] = "Cuối"
    ws.merge_cells("A4:C4")
    ws["A5"] = '=HYPERLINK("#A1","đầu")'
    ws["B5"].hyperlink = "https://vksndtc.gov.vn"
    wb.save(tmp_path / "t.xlsx")
    out = render(tmp_path, tmp_path / "t.xlsx", {"items": ["a", "b", "c"]}).active
    assert sorted(str(r) for r in out.merged_cells.ranges) == [
        "A1:C1",
        "A2:C2",
        "A3:C3",
        "A4:C4",
    ]
    assert out["B5"].hyperlink.target == "https://vksndtc.gov.vn"


def test_running_totals_and_absolute_references_in_loop_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["{%tr for x in items %}"])
    ws.append(["{{ x }}", "=SUM(A$2:A2)", "=A2/SUM($A$2:$A$2)"])
    ws.append(["{%tr endfor %}"])
    wb.save(tmp_path / "t.xlsx")
    got = values(render(tmp_path, tmp_path / "t.xlsx", {"items": [1, 2, 3]}).active)
    assert got == [
        [1, "=SUM(A$1:A1)", "=A1/SUM($A$1:$A$3)"],
        [2, "=SUM(A$1:A2)", "=A2/SUM($A$1:$A$3)"],
        [3, "=SUM(A$1:A3)", "=A3/SUM($A$1:$A$3)"],
    ]


def test_an_empty_loop_leaves_no_rows_and_totals_of_zero(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Đầu"])
    ws.append(["{%tr for x in items %}"])
    ws.append(["{{ x }}"])
    ws.append(["{%tr endfor %}"])
    ws.append(["=SUM(A3:A3)", "=A3"])
    wb.save(tmp_path / "t.xlsx")
    got = values(render(tmp_path, tmp_path / "t.xlsx", {"items": []}).active)
    assert got == [["Đầu", None], ["=SUM(0)", "=0"]]


_X14_VALIDATION = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f>'
    "</x14:formula1><xm:sqref>B2:B2</xm:sqref></x14:dataValidation></x14:dataValidations>"
    "</ext></extLst>"
)


def test_extension_list_validations_are_kept_and_follow(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["{%tr for x in items %}"])
    ws.append(["{{ x }}", "Có"])
    ws.append(["{%tr endfor %}"])
    ws.conditional_formatting.add("A2:A2", CellIsRule(operator="greaterThan", formula=["$A$2"]))
    validation = DataValidation(type="whole", formula1="0")
    validation.add("A2")
    ws.add_data_validation(validation)
    lists = wb.create_sheet("Lists")
    for word in ("Có", "Không", "Chưa"):
        lists.append([word])
    wb.save(tmp_path / "plain.xlsx")
    parts = parts_of(tmp_path / "plain.xlsx")
    sheet = (
        parts["xl/worksheets/sheet1.xml"]
        .decode()
        .replace("</worksheet>", _X14_VALIDATION + "</worksheet>")
    )
    template = write_parts(tmp_path / "t.xlsx", {**parts, "xl/worksheets/sheet1.xml": sheet})
    out = ExcelTemplate(template).render({"items": [1, 2, 3, 4]})
    result = parts_of(out)["xl/worksheets/sheet1.xml"].decode()
    assert "<xm:sqref>B1:B4</xm:sqref>" in result
    assert "<xm:f>Lists!$A$1:$A$3</xm:f>" in result
    assert re.search(r'<conditionalFormatting sqref="A1:A4">.*?<formula>\$A\$1</formula>', result)
    assert re.search(r'<dataValidation sqref="A1:A4"[^>]*type="whole"', result)


def test_comments_below_a_loop_move_with_their_cells(tmp_path):
    from openpyxl.comments import Comment

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["{%tr for x in items %}"])
    ws.append(["{{ x }}"])
    ws.append(["{%tr endfor %}"])
    ws.append(["Tổng"])
    ws["A4"].comment = Comment("Số liệu đến 31/12", "VKSND")
    wb.save(tmp_path / "t.xlsx")
    items = {"items": [1, 2, 3, 4, 5]}
    out = ExcelTemplate(tmp_path / "t.xlsx").render_to(tmp_path / "o.xlsx", items)
    assert openpyxl.load_workbook(out).active["A6"].comment.text == "Số liệu đến 31/12"
    vml = next(v for k, v in parts_of(out).items() if k.endswith(".vml")).decode()
    assert re.search(r"<(\w+:)?Row>5</\1Row>", vml)


_SHAPE = (
    "<twoCellAnchor><from><col>1</col><colOff>0</colOff><row>10</row><rowOff>0</rowOff></from>"
    "<to><col>4</col><colOff>0</colOff><row>13</row><rowOff>0</rowOff></to>"
    '<sp macro="" textlink=""><nvSpPr><cNvPr id="9" name="Ghi chú"/><cNvSpPr/></nvSpPr>'
    '<spPr><a:prstGeom xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'prst="rect"><a:avLst/></a:prstGeom></spPr></sp><clientData/></twoCellAnchor>'
)


def test_images_and_shapes_are_kept_and_move_below_the_loop(tmp_path):
    from openpyxl.drawing.image import Image
    from PIL import Image as Picture

    template = build_annex(tmp_path / "annex.xlsx")
    wb = openpyxl.load_workbook(template)
    Picture.new("RGB", (40, 20), "red").save(tmp_path / "logo.png")
    wb["Chỉ tiêu"].add_image(Image(tmp_path / "logo.png"), "B12")
    wb.save(template)
    parts = parts_of(template)
    drawing = parts["xl/drawings/drawing1.xml"].decode().replace("</wsDr>", _SHAPE + "</wsDr>")
    shaped = write_parts(tmp_path / "shaped.xlsx", {**parts, "xl/drawings/drawing1.xml": drawing})
    out = ExcelTemplate(shaped).render(annex_context())
    after = parts_of(out)
    assert set(parts) == set(after)
    assert any(name.startswith("xl/media/") for name in after)
    moved = after["xl/drawings/drawing1.xml"].decode()
    # rows 0-based: the shape sat on rows 10–13, below the total row (7 → 24): +17
    assert "<row>27</row>" in moved and "<row>30</row>" in moved and 'name="Ghi chú"' in moved
    assert "<from><col>7</col><colOff>0</colOff><row>2</row>" in moved  # the chart above stays
    assert "<row>28</row>" in moved  # the image anchored at B12 (0-based 11)


def test_shared_and_array_formulas_on_loop_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["{%tr for x in items %}"])
    ws.append(["{{ x }}"])
    ws.append(["{%tr endfor %}"])
    wb.save(tmp_path / "plain.xlsx")
    parts = parts_of(tmp_path / "plain.xlsx")
    row = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>{{ x }}</t></is></c>'
        '<c r="B2"><f t="array" ref="B2">A2*2</f><v>2</v></c>'
        '<c r="C2"><f t="shared" ref="C2:D2" si="0">A2*3</f><v>3</v></c>'
        '<c r="D2"><f t="shared" si="0"/><v>0</v></c></row>'
    )
    sheet = re.sub(r'<row r="2".*?</row>', row, parts["xl/worksheets/sheet1.xml"].decode())
    template = write_parts(tmp_path / "t.xlsx", {**parts, "xl/worksheets/sheet1.xml": sheet})
    out = parts_of(ExcelTemplate(template).render({"items": [1, 2]}))
    result = out["xl/worksheets/sheet1.xml"].decode()
    assert '<f t="array" ref="B1">A1*2</f>' in result
    assert '<f t="array" ref="B2">A2*2</f>' in result
    assert "<f>A1*3</f>" in result and "<f>B2*3</f>" in result  # the shared one, spelled out
    assert not re.search(r"</f><v>", result)  # stale results are dropped


def _prefixed(xml: str) -> str:
    """The same SpreadsheetML with the main namespace as ``x:``, as some writers do it."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = xml.replace(f'xmlns="{main}"', f'xmlns:x="{main}"')
    return re.sub(r"<(/?)([A-Za-z]\w*)(?=[\s/>])", r"<\1x:\2", xml)


def test_a_workbook_written_with_prefixed_elements(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    ws.append(["{%tr for x in items %}"])
    ws.append(["{{ x }}", "=A2*2"])
    ws.append(["{%tr endfor %}"])
    ws.append(["Tổng", "=SUM(B2:B2)"])
    ws.merge_cells("C4:D4")
    ws.print_area = "A1:D4"
    wb.save(tmp_path / "plain.xlsx")
    parts = parts_of(tmp_path / "plain.xlsx")
    for name in ("xl/worksheets/sheet1.xml", "xl/workbook.xml"):
        parts[name] = _prefixed(parts[name].decode())
    write_parts(tmp_path / "t.xlsx", parts)
    assert "<x:sheetData>" in parts_of(tmp_path / "t.xlsx")["xl/worksheets/sheet1.xml"].decode()
    out = ExcelTemplate(tmp_path / "t.xlsx").render_to(tmp_path / "o.xlsx", {"items": [1, 2, 3]})
    result = openpyxl.load_workbook(out)
    ws = result["Chỉ tiêu"]
    assert [ws.cell(r, 1).value for r in range(1, 5)] == [1, 2, 3, "Tổng"]
    assert ws["B3"].value == "=A3*2" and ws["B4"].value == "=SUM(B1:B3)"
    assert {str(r) for r in ws.merged_cells.ranges} == {"C4:D4"}
    assert ws.print_area == "'Chỉ tiêu'!$A$1:$D$4"


def test_a_sparkline_on_a_loop_row_is_drawn_for_every_copy(tmp_path):
    """One sparkline per generated row, each over its own row's cells; a sparkline on a
    row below the loop moves down with it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Xu hướng"
    ws["A1"], ws["B1"], ws["C1"], ws["D1"] = "Đơn vị", "2023", "2024", "2025"
    ws["A2"] = "{%tr for u in units %}"
    ws["A3"], ws["B3"], ws["C3"], ws["D3"] = "{{ u.name }}", "{{ u.a }}", "{{ u.b }}", "{{ u.c }}"
    ws["A4"] = "{%tr endfor %}"
    ws["A5"], ws["B5"], ws["C5"], ws["D5"] = "Tổng", "=SUM(B3:B3)", "=SUM(C3:C3)", "=SUM(D3:D3)"
    path = save(wb, tmp_path / "t.xlsx")
    parts = parts_of(path)
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    sparklines = "".join(
        f"<x14:sparkline><xm:f>'Xu hướng'!B{r}:D{r}</xm:f><xm:sqref>E{r}</xm:sqref></x14:sparkline>"
        for r in (3, 5)
    )
    ext = (
        '<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="http://schemas.'
        'microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups xmlns:xm="http://'
        'schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup><x14:colorSeries '
        f'rgb="FF376092"/><x14:sparklines>{sparklines}</x14:sparklines></x14:sparklineGroup>'
        "</x14:sparklineGroups></ext></extLst>"
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("</worksheet>", ext + "</worksheet>")
    write_parts(path, parts)

    units = [{"name": f"Khu vực {n}", "a": n, "b": n + 1, "c": n + 2} for n in (1, 2, 3)]
    out = parts_of(ExcelTemplate(path).render({"units": units}))["xl/worksheets/sheet1.xml"]
    found = re.findall(r"<xm:f>([^<]*)</xm:f><xm:sqref>([^<]*)</xm:sqref>", out.decode("utf-8"))
    assert found == [
        ("'Xu hướng'!B2:D2", "E2"),
        ("'Xu hướng'!B3:D3", "E3"),
        ("'Xu hướng'!B4:D4", "E4"),
        ("'Xu hướng'!B5:D5", "E5"),
    ]
    assert out.count(b"<x14:sparklineGroup>") == 1


def test_a_pivot_table_reads_every_loop_row_and_moves_below_them(tmp_path):
    path = pivot_template(tmp_path / "t.xlsx", location="A7:B8")

    units = [{"name": f"Khu vực {n}", "docs": 100 * n} for n in range(1, 6)]
    out = parts_of(ExcelTemplate(path).render({"units": units}))
    cache = out["xl/pivotCache/pivotCacheDefinition1.xml"].decode("utf-8")
    assert '<worksheetSource ref="A1:B6" sheet="Dữ liệu"/>' in cache
    assert 'refreshOnLoad="1"' in cache and 'refreshOnLoad="0"' not in cache
    table = out["xl/pivotTables/pivotTable1.xml"].decode("utf-8")
    assert '<location ref="A9:B10"' in table
    assert set(parts_of(path)) <= set(out)  # nothing dropped


def test_marked_places_are_found_in_text_order():
    """Whatever order the marks are listed in, each becomes its own slot where it stands."""
    from reportkit.excel.reftext import Slot, compile_refs

    marks = {"\x10a\x10": "a", "\x10b\x10": "b"}
    text = compile_refs('<a sqref="A1"/>\x10b\x10 giữa \x10a\x10', marks)
    slots = [piece.kind for piece in text.pieces if isinstance(piece, Slot)]
    assert slots == ["areas", "b", "a"]
    assert text.render(lambda slot: slot.kind.upper()) == '<a sqref="AREAS"/>B giữa A'
