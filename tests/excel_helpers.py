"""Building Excel templates the way authors do (openpyxl, LibreOffice Calc) for the tests.

The annex built here is also what bench/excel.py measures.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def parts_of(path: Path | bytes) -> dict[str, bytes]:
    source = path if isinstance(path, Path) else __import__("io").BytesIO(path)
    with zipfile.ZipFile(source) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def write_parts(path: Path, parts: dict[str, bytes | str]) -> Path:
    """A zip package of ``parts`` in their order (``parts_of`` turned around)."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def indicators(count: int = 20) -> list[dict]:
    units = ["VKSND tỉnh", *[f"VKSND khu vực {n}" for n in range(1, count)]]
    return [
        {"name": name, "docs": 3429 - 97 * n, "signed": 3316 - 101 * n, "news": 40 + 3 * n}
        for n, name in enumerate(units[:count])
    ]


def agreements(count: int = 10) -> list[dict]:
    return [
        {
            "partner": f"Sở Tư pháp {n}" if n % 2 else f"VNPT chi nhánh {n}",
            "signed": dt.date(2025, 1 + n % 12, 1 + n),
            "content": f"Phối hợp tuyên truyền pháp luật, nội dung {n}",
        }
        for n in range(1, count + 1)
    ]


def annex_context(units: int = 20, deals: int = 10) -> dict:
    return {
        "year": 2025,
        "province": "Thanh Hóa",
        "units": indicators(units),
        "agreements": agreements(deals),
        "tasks": [
            "Xây dựng quy hoạch tổng thể hạ tầng công nghệ thông tin",
            "Rà soát các tiêu chí của Bộ chỉ số DTI ngành Kiểm sát nhân dân",
            "Đẩy mạnh ký số văn bản trên hệ thống quản lý văn bản",
        ],
    }


def build_annex(path: Path, chart: bool = True) -> Path:
    """The annual annex: indicators per unit with totals and a chart, agreements, tasks."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    ws["A1"] = "PHỤ LỤC: KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM {{ year }} – VKSND TỈNH {{ province|upper }}"
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells("A1:F1")
    headers = ["STT", "Đơn vị", "Văn bản phát hành", "Văn bản ký số", "Tỷ lệ ký số", "Tin bài"]
    for col, text in enumerate(headers, start=1):
        ws.cell(3, col, text).font = Font(bold=True)
    ws["A4"] = "{%tr for u in units %}"
    ws["A5"] = "{{ loop.index }}"
    ws["B5"] = "{{ u.name }}"
    ws["C5"] = "{{ u.docs }}"
    ws["D5"] = "{{ u.signed }}"
    ws["E5"] = "=IF(C5=0,0,D5/C5)"
    ws["E5"].number_format = "0.0%"
    ws["F5"] = "{{ u.news }}"
    ws["A6"] = "{%tr endfor %}"
    ws["B7"] = "Tổng cộng"
    ws["B7"].font = Font(bold=True)
    ws["C7"] = "=SUM(C5:C5)"
    ws["D7"] = "=SUM(D5:D5)"
    ws["E7"] = "=IF(C7=0,0,D7/C7)"
    ws["E7"].number_format = "0.0%"
    ws["F7"] = "=SUM(F5:F5)"
    ws.column_dimensions["B"].width = 28
    ws.freeze_panes = "A4"
    ws.conditional_formatting.add(
        "E5:E5",
        CellIsRule(operator="lessThan", formula=["0.9"], fill=PatternFill("solid", "FFC7CE")),
    )
    validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    validation.add("C5:D5")
    ws.add_data_validation(validation)
    ws.print_area = "A1:F7"
    ws.oddFooter.center.text = "Trang &P / &N"
    wb.defined_names["tong_van_ban"] = DefinedName("tong_van_ban", attr_text="'Chỉ tiêu'!$C$7")
    if chart:
        bars = BarChart()
        bars.title = "Tỷ lệ ký số theo đơn vị"
        bars.add_data(Reference(ws, min_col=4, min_row=5, max_row=5), titles_from_data=False)
        bars.set_categories(Reference(ws, min_col=2, min_row=5, max_row=5))
        ws.add_chart(bars, "H3")

    deals = wb.create_sheet("Thỏa thuận")
    deals["A1"] = "DANH SÁCH QUY CHẾ, THỎA THUẬN PHỐI HỢP NĂM {{ year }}"
    for col, text in enumerate(["STT", "Cơ quan phối hợp", "Ngày ký", "Nội dung"], start=1):
        deals.cell(2, col, text)
    deals["A3"] = "{%tr for a in agreements %}"
    deals["A4"] = "{{ loop.index }}"
    deals["B4"] = "{{ a.partner }}"
    deals["C4"] = "{{ a.signed }}"
    deals["C4"].number_format = "dd/mm/yyyy"
    deals["D4"] = "{{ a.content }}"
    deals["A5"] = "{%tr endfor %}"
    deals["A6"] = "Tổng số: {{ agreements|length }} văn bản"
    deals["B6"] = "=COUNTA(B4:B4)"
    table = Table(displayName="ThoaThuan", ref="A2:D4")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    deals.add_table(table)
    deals["D2"].comment = Comment("Nội dung chính của thỏa thuận", "reportkit")

    tasks = wb.create_sheet("Nhiệm vụ 2026")
    tasks["A1"] = "NHIỆM VỤ TRỌNG TÂM NĂM {{ year + 1 }}"
    tasks["A2"] = "{%tr for t in tasks %}"
    tasks["A3"] = "{{ loop.index }}."
    tasks["B3"] = "{{ t }}"
    tasks["A4"] = "{%tr endfor %}"
    tasks["A5"] = "Tổng chỉ tiêu: "
    tasks["B5"] = "='Chỉ tiêu'!C7"
    return save(wb, path)


def unit_template(path):
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    summary["A1"] = "Số đơn vị: {{ units|length }}"
    sheet = wb.create_sheet("{{ u.name }}")
    sheet["A1"] = "{%sheet for u in units %}"
    sheet["A2"] = "Đơn vị: {{ u.name }}"
    sheet["A3"] = "Nội dung"
    sheet["B3"] = "Số lượng"
    sheet["A4"] = "{%tr for row in u.rows %}"
    sheet["A5"] = "{{ row.label }}"
    sheet["B5"] = "{{ row.count }}"
    sheet["A6"] = "{%tr endfor %}"
    sheet["A7"] = "Tổng"
    sheet["B7"] = "=SUM(B5:B5)"
    sheet.merge_cells("A2:B2")
    sheet.add_table(Table(displayName="ChiTiet", ref="A3:B5"))
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=5, max_row=5))
    sheet.add_chart(chart, "D3")
    sheet.print_area = "A1:B7"
    wb.create_sheet("Ghi chú")["A1"] = "Hết"
    wb.save(path)
    return path


UNITS = [
    {
        "name": "VKSND tỉnh",
        "rows": [{"label": "Văn bản", "count": 3429}, {"label": "Ký số", "count": 3316}],
    },
    {"name": "Khu vực 1: TP/Thanh Hóa", "rows": [{"label": "Văn bản", "count": 500}]},
    {"name": "VKSND tỉnh", "rows": []},
    {
        "name": "Một tên đơn vị rất dài vượt quá ba mươi mốt ký tự",
        "rows": [{"label": "x", "count": 1}],
    },
]


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def with_pivot(path: Path, source: str, location: str) -> Path:
    """Add a pivot table on the first sheet reading ``source`` of it (openpyxl cannot)."""
    parts = parts_of(path)
    parts["xl/pivotCache/pivotCacheDefinition1.xml"] = (
        f'<pivotCacheDefinition xmlns="{MAIN}" refreshOnLoad="0" recordCount="1">'
        f'<cacheSource type="worksheet"><worksheetSource ref="{source}" sheet="Dữ liệu"/>'
        '</cacheSource><cacheFields count="2"><cacheField name="Đơn vị" numFmtId="0">'
        '<sharedItems/></cacheField><cacheField name="Số văn bản" numFmtId="0"><sharedItems'
        ' containsNumber="1"/></cacheField></cacheFields></pivotCacheDefinition>'
    )
    parts["xl/pivotTables/pivotTable1.xml"] = (
        f'<pivotTableDefinition xmlns="{MAIN}" name="PivotTable1" cacheId="1" '
        f'dataCaption="Values"><location ref="{location}" firstHeaderRow="1" firstDataRow="1"'
        ' firstDataCol="1"/><pivotFields count="2"><pivotField showAll="0"/><pivotField '
        'dataField="1" showAll="0"/></pivotFields><dataFields count="1"><dataField '
        'name="Tổng số văn bản" fld="1"/></dataFields></pivotTableDefinition>'
    )
    parts["xl/pivotTables/_rels/pivotTable1.xml.rels"] = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE_RELS}/'
        'pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition1.xml"/>'
        "</Relationships>"
    )
    parts["xl/worksheets/_rels/sheet1.xml.rels"] = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId9" Type="{OFFICE_RELS}/'
        'pivotTable" Target="../pivotTables/pivotTable1.xml"/></Relationships>'
    )
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rId99" Type="{OFFICE_RELS}/pivotCacheDefinition" '
        'Target="pivotCache/pivotCacheDefinition1.xml"/></Relationships>',
    )
    book = parts["xl/workbook.xml"].decode("utf-8")
    parts["xl/workbook.xml"] = book.replace(
        "</workbook>",
        f'<pivotCaches><pivotCache xmlns:r="{OFFICE_RELS}" cacheId="1" r:id="rId99"/>'
        "</pivotCaches></workbook>",
    )
    types = parts["[Content_Types].xml"].decode("utf-8")
    kinds = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/xl/pivotTables/pivotTable1.xml" '
        f'ContentType="{kinds}.pivotTable+xml"/><Override PartName="/xl/pivotCache/'
        f'pivotCacheDefinition1.xml" ContentType="{kinds}.pivotCacheDefinition+xml"/></Types>',
    )
    return write_parts(path, parts)


def pivot_template(path: Path, location: str) -> Path:
    """Units in a row loop on "Dữ liệu" (rows 2–4), a total below, and a pivot table at
    ``location`` reading the header row and the loop row (A1:B3)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dữ liệu"
    ws["A1"], ws["B1"] = "Đơn vị", "Số văn bản"
    ws["A2"] = "{%tr for u in units %}"
    ws["A3"], ws["B3"] = "{{ u.name }}", "{{ u.docs }}"
    ws["A4"] = "{%tr endfor %}"
    ws["A5"], ws["B5"] = "Tổng", "=SUM(B3:B3)"
    return with_pivot(save(wb, path), source="A1:B3", location=location)


_TRANSITIONAL_URI = re.compile(
    r'"http://schemas\.openxmlformats\.org/(spreadsheetml|officeDocument|drawingml)/2006/'
    r'([\w-]+)(/[\w-]+)?"'
)
_STRICT_NAMES = {
    "extended-properties": "extendedProperties",
    "custom-properties": "customProperties",
}


def as_strict(path: Path, out: Path) -> Path:
    """The workbook saved the way Excel's "Strict Open XML Spreadsheet" option writes it.

    LibreOffice cannot save Strict; Excel's Strict files differ from transitional ones by
    their namespace URIs (and relationship types) and ``conformance="strict"``.
    """

    def strict(match: re.Match) -> str:
        area, name, rest = match.group(1), match.group(2), match.group(3) or ""
        name = _STRICT_NAMES.get(name, name)
        rest = "/" + _STRICT_NAMES.get(rest[1:], rest[1:]) if rest else ""
        return f'"http://purl.oclc.org/ooxml/{area}/{name}{rest}"'

    parts: dict[str, bytes | str] = {}
    for name, data in parts_of(path).items():
        if name.endswith((".xml", ".rels")):
            text = _TRANSITIONAL_URI.sub(strict, data.decode("utf-8"))
            if name == "xl/workbook.xml":
                text = re.sub(r"<workbook\b", '<workbook conformance="strict"', text, count=1)
            parts[name] = text
        else:
            parts[name] = data
    return write_parts(out, parts)
