"""Shared formulas spelled out the way Excel copies them, proven by LibreOffice's results."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from excel_helpers import MAIN, OFFICE_RELS, RELS, parts_of, save, write_parts
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

from reportkit.excel import ExcelTemplate
from reportkit.pdf import convert

# Master cell, the block it is shared over, and the formula as Excel stores it once.
SHARED = [
    ("E5", "E5:G5", "SUM(A:A)"),
    ("E6", "E6:E7", "SUM(1:1)"),
    ("E9", "E9:G9", "$A$1+A1"),
    ("E10", "E10:G10", "SUM('Số liệu'!A:A)"),
    ("E11", "E11:G11", "Rate*A$1"),
    ("E12", "E12:G12", "SUM($A1:A3)"),
    ("E13", "E13:G13", 'CELL("col",C:C)'),
]


def shared_formula_template(path: Path) -> Path:
    """Numbers in A1:C3, then shared formulas written as Excel writes them (openpyxl
    cannot): the master cell holds the text, the other cells only ``si``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bảng"
    for r in range(1, 4):
        for c in range(1, 4):
            ws.cell(r, c, r * 10 ** (c - 1))
    ws["A15"] = "Năm {{ year }}"
    other = wb.create_sheet("Số liệu")
    for c in range(1, 4):
        other.cell(1, c, 5 * 10 ** (c - 1))
    wb.defined_names["Rate"] = DefinedName("Rate", attr_text="2")
    cells = {}
    for index, (master, block, _) in enumerate(SHARED):
        first, last = block.split(":")
        rows = range(int(first[1:]), int(last[1:]) + 1)
        cols = range(ord(first[0]), ord(last[0]) + 1)
        for r in rows:
            for c in cols:
                ref = f"{chr(c)}{r}"
                ws[ref] = f"=0+{index}"  # a placeholder, replaced below
                cells[ref] = (index, ref == master)
    save(wb, path)
    parts = parts_of(path)
    sheet = parts["xl/worksheets/sheet1.xml"].decode()

    def shared(match: re.Match) -> str:
        ref = match.group(1)
        index, is_master = cells[ref]
        _, block, text = SHARED[index]
        text = text.replace("&", "&amp;").replace('"', "&quot;")
        if is_master:
            return f'<c r="{ref}"><f t="shared" ref="{block}" si="{index}">{text}</f>'
        return f'<c r="{ref}"><f t="shared" si="{index}"/>'

    sheet = re.sub(r'<c r="([A-Z]+\d+)"><f>0\+\d+</f>', shared, sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    return write_parts(path, parts)


EXPECTED = {
    "E5": ("SUM(A:A)", 6),
    "F5": ("SUM(B:B)", 60),
    "G5": ("SUM(C:C)", 600),
    "E6": ("SUM(1:1)", 111),
    "E7": ("SUM(2:2)", 222),
    "F9": ("$A$1+B1", 11),
    "G9": ("$A$1+C1", 101),
    "E10": ("SUM('Số liệu'!A:A)", 5),
    "F10": ("SUM('Số liệu'!B:B)", 50),
    "G10": ("SUM('Số liệu'!C:C)", 500),
    "F11": ("Rate*B$1", 20),
    "G11": ("Rate*C$1", 200),
    "F12": ("SUM($A1:B3)", 66),
    "G12": ("SUM($A1:C3)", 666),
    "F13": ('CELL("col",D:D)', 4),
    "G13": ('CELL("col",E:E)', 5),
}


def test_shared_formulas_are_translated_for_every_reference_form(tmp_path):
    template = shared_formula_template(tmp_path / "shared.xlsx")
    out = ExcelTemplate(template).render_to(tmp_path / "out.xlsx", {"year": 2025})
    ws = openpyxl.load_workbook(out)["Bảng"]
    assert {ref: ws[ref].value for ref in EXPECTED} == {
        ref: "=" + formula for ref, (formula, _) in EXPECTED.items()
    }
    assert ws["A15"].value == "Năm 2025"


@pytest.mark.libreoffice
def test_libreoffice_computes_the_translated_shared_formulas(tmp_path):
    template = shared_formula_template(tmp_path / "shared.xlsx")
    out = ExcelTemplate(template).render_to(tmp_path / "out.xlsx", {"year": 2025})
    [recalculated] = convert([out], "xlsx", tmp_path / "lo")
    ws = openpyxl.load_workbook(recalculated, data_only=True)["Bảng"]
    assert {ref: ws[ref].value for ref in EXPECTED} == {
        ref: value for ref, (_, value) in EXPECTED.items()
    }


_EXTERNAL_LINK = (
    f'<externalLink xmlns="{MAIN}" xmlns:r="{OFFICE_RELS}"><externalBook r:id="rId1">'
    '<sheetNames><sheetName val="Nguồn"/></sheetNames><sheetDataSet><sheetData sheetId="0">'
    '<row r="1"><cell r="A1"><v>77</v></cell></row></sheetData></sheetDataSet>'
    "</externalBook></externalLink>"
)
# cell → (formula, cached result as Excel stored it, kept after a render)
RESULTS = {
    "E1": ("_xlfn.XLOOKUP(D1,A2:A3,B2:B3)", "Thanh Hóa", True),  # LibreOffice 7: #NAME?
    "E2": ("[1]Nguồn!$A$1*2", 154, True),  # a link to another workbook
    "E3": ("SUBTOTAL(109,Bang[Mã])", 3, True),  # a table's total
    "E4": ("Heso*A2", 10, True),  # a defined name over fixed cells
    "F1": ("A9+1", 1000, False),  # reads the total below the loop
    "F2": ('C1&"!"', "Năm!", False),  # reads a cell with a tag
    "A9": ("SUM(A7:A7)", 999, False),  # grows over the loop rows
}


def cached_template(path: Path) -> Path:
    """Formulas with the results Excel cached, around a loop; one links another workbook."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tra cứu"
    ws.append(["Mã", "Tên", "Năm {{ year }}"])
    ws.append([1, "Hà Nội"])
    ws.append([2, "Thanh Hóa"])
    ws.add_table(Table(displayName="Bang", ref="A1:B3"))
    ws["D1"] = 2
    ws["A6"] = "{%tr for x in items %}"
    ws["A7"] = "{{ x }}"
    ws["A8"] = "{%tr endfor %}"
    wb.defined_names["Heso"] = DefinedName("Heso", attr_text="'Tra cứu'!$D$1*5")
    for ref, (formula, _, _) in RESULTS.items():
        ws[ref] = "=" + formula
    save(wb, path)
    parts = parts_of(path)
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, (_, value, _) in RESULTS.items():
        kind = ' t="str"' if isinstance(value, str) else ""
        sheet = re.sub(
            rf'(<c r="{ref}"[^>]*?)(/?)><f>(.*?)</f><v\s*/?>(?:</v>)?',
            rf"\1{kind}><f>\3</f><v>{value}</v>",
            sheet,
        )
    parts["xl/worksheets/sheet1.xml"] = sheet
    parts["xl/externalLinks/externalLink1.xml"] = _EXTERNAL_LINK
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{OFFICE_RELS}/externalLinkPath" Target="nguon.xlsx" TargetMode="External"/>'
        "</Relationships>"
    )
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdLink" Type="{OFFICE_RELS}/externalLink" '
        'Target="externalLinks/externalLink1.xml"/></Relationships>',
    )
    book = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = book.replace(
        "</sheets>",
        f'</sheets><externalReferences><externalReference xmlns:r="{OFFICE_RELS}" '
        'r:id="rIdLink"/></externalReferences>',
    )
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
    )
    return write_parts(path, parts)


def test_a_result_stays_cached_unless_the_render_may_change_it(tmp_path):
    template = cached_template(tmp_path / "cached.xlsx")
    context = {"year": 2025, "items": [1, 2, 3]}
    out = ExcelTemplate(template).render_to(tmp_path / "out.xlsx", context)
    ws = openpyxl.load_workbook(out, data_only=True)["Tra cứu"]
    found = {ref: ws[ref].value for ref in RESULTS}  # three copies take the marker rows' place
    assert found == {ref: value if kept else None for ref, (_, value, kept) in RESULTS.items()}
    formulas = openpyxl.load_workbook(out)["Tra cứu"]
    assert (formulas["A9"].value, formulas["F1"].value) == ("=SUM(A6:A8)", "=A9+1")


@pytest.mark.libreoffice
def test_libreoffice_shows_the_cached_results_it_cannot_compute(tmp_path):
    template = cached_template(tmp_path / "cached.xlsx")
    context = {"year": 2025, "items": [1, 2, 3]}
    out = ExcelTemplate(template).render_to(tmp_path / "out.xlsx", context)
    [recalculated] = convert([out], "xlsx", tmp_path / "lo")
    ws = openpyxl.load_workbook(recalculated, data_only=True)["Tra cứu"]
    assert ws["E1"].value == "Thanh Hóa"
    assert ws["E2"].value == 154
    assert ws["A9"].value == 6  # the stale total is computed afresh
    assert ws["F1"].value == 7
    assert ws["F2"].value == "Năm 2025!"


@pytest.mark.libreoffice
def test_an_empty_stored_result_is_no_result(tmp_path):
    """openpyxl writes ``<v></v>`` after every formula: LibreOffice must compute it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = 21
    ws["B1"] = "=A1*2"
    ws["A2"] = "{{ year }}"
    template = save(wb, tmp_path / "t.xlsx")
    assert "<v></v>" in parts_of(template)["xl/worksheets/sheet1.xml"].decode()
    out = ExcelTemplate(template).render_to(tmp_path / "out.xlsx", {"year": 2025})
    assert not re.search(r"<v\s*/>|<v></v>", parts_of(out)["xl/worksheets/sheet1.xml"].decode())
    [recalculated] = convert([out], "xlsx", tmp_path / "lo")
    assert openpyxl.load_workbook(recalculated, data_only=True).active["B1"].value == 42
