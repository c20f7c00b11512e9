"""A native Excel bar or column chart added to a workbook, from a range of its cells.

For annexes whose template has no chart: the chart is plain DrawingML (a chart part,
a drawing that places it, their relationships and content types) so Excel, LibreOffice
and openpyxl all read it, and it reads its numbers from the cells, never a copy.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..errors import InputError
from ..i18n import _
from ..package import Entry, build_zip
from .refs import col_index, col_letters, parse_range, quote_sheet, split_cell
from .workbook import read_rels, read_structure, rels_part

_CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_EMPTY_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "</Relationships>"
)
# Elements a worksheet may hold after <drawing>, in schema order.
_AFTER_DRAWING = (
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)


def add_bar_chart(
    workbook: bytes | str | os.PathLike,
    sheet: str,
    values: str,
    *,
    categories: str | None = None,
    names: Sequence[str] | None = None,
    title: str | None = None,
    horizontal: bool = False,
    anchor: str = "H2",
    size: tuple[int, int] = (8, 16),
) -> bytes:
    """The workbook with a clustered bar chart of ``values`` on ``sheet``.

    ``values`` is a range on that sheet (``"C3:D12"``): each column is one series.
    ``categories`` labels the bars (``"B3:B12"``), ``names`` the series. The chart's
    top-left corner sits at ``anchor`` and it spans ``size`` = (columns, rows).
    ``horizontal=True`` draws bars, otherwise columns.
    """
    data = Path(workbook).read_bytes() if not isinstance(workbook, bytes) else workbook
    parts = _read(data)
    structure = read_structure(parts, "workbook")
    entry = next((s for s in structure.sheets if s.name == sheet and s.part), None)
    if entry is None:
        raise InputError(
            _("the workbook has no worksheet named {sheet}").format(sheet=repr(sheet))
        )
    series = _series(sheet, values, categories, names)
    chart_part = _fresh(parts, "xl/charts/chart", ".xml")
    parts[chart_part] = _chart_xml(series, title, horizontal).encode("utf-8")
    _add_type(parts, chart_part, _CHART_TYPE)
    drawing = next((r.target for r in read_rels(parts, entry.part) if r.type == "drawing"), None)
    if drawing is None:
        drawing = _fresh(parts, "xl/drawings/drawing", ".xml")
        parts[drawing] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}"></xdr:wsDr>'
        ).encode()
        _add_type(parts, drawing, _DRAWING_TYPE)
        rel_id = _add_rel(parts, entry.part, "drawing", drawing)
        parts[entry.part] = _with_drawing(parts[entry.part].decode("utf-8"), rel_id)
    chart_rel = _add_rel(parts, drawing, "chart", chart_part)
    drawing_xml = _with_anchor(parts[drawing].decode("utf-8"), chart_rel, anchor, size)
    parts[drawing] = drawing_xml.encode("utf-8")
    return build_zip([Entry.from_bytes(name, content) for name, content in parts.items()])


def _read(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}
    except zipfile.BadZipFile as error:
        raise InputError(_("not an .xlsx workbook ({reason})").format(reason=error)) from None


def _series(sheet: str, values: str, categories: str | None, names) -> list[tuple]:
    area = parse_range(values)
    if area is None:
        raise InputError(
            _("not a cell range: {range}").format(range=repr(values)), location=quote_sheet(sheet)
        )
    c1, r1, c2, r2 = area
    prefix = quote_sheet(sheet) + "!"
    cats = None
    if categories:
        cat = parse_range(categories)
        if cat is None:
            raise InputError(_("not a cell range: {range}").format(range=repr(categories)))
        cats = f"{prefix}${cat[0]}${cat[1]}:${cat[2]}${cat[3]}"
    found = []
    for number, col in enumerate(range(col_index(c1), col_index(c2) + 1)):
        letters = col_letters(col)
        name = names[number] if names and number < len(names) else None
        found.append((name, cats, f"{prefix}${letters}${r1}:${letters}${r2}"))
    return found


def _chart_xml(series: list[tuple], title: str | None, horizontal: bool) -> str:
    body = []
    for index, (name, cats, vals) in enumerate(series):
        tx = f"<c:tx><c:v>{escape(name)}</c:v></c:tx>" if name else ""
        cat = f"<c:cat><c:strRef><c:f>{escape(cats)}</c:f></c:strRef></c:cat>" if cats else ""
        body.append(
            f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>{tx}'
            '<c:invertIfNegative val="0"/>'
            f"{cat}<c:val><c:numRef><c:f>{escape(vals)}</c:f></c:numRef></c:val></c:ser>"
        )
    heading = ""
    if title:
        heading = (
            "<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r>"
            f"<a:t>{escape(title)}</a:t></a:r></a:p></c:rich></c:tx>"
            '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        )
    cat_pos, val_pos = ("l", "b") if horizontal else ("b", "l")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_RELS}">'
        '<c:roundedCorners val="0"/><c:chart>'
        f"{heading}<c:plotArea><c:layout/><c:barChart>"
        f'<c:barDir val="{"bar" if horizontal else "col"}"/><c:grouping val="clustered"/>'
        f'<c:varyColors val="0"/>{"".join(body)}<c:gapWidth val="150"/>'
        '<c:axId val="500000001"/><c:axId val="500000002"/></c:barChart>'
        '<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{cat_pos}"/>'
        '<c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="500000002"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
        '<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{val_pos}"/><c:majorGridlines/>'
        '<c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="500000001"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/></c:valAx></c:plotArea>'
        '<c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    )


def _with_anchor(drawing: str, rel_id: str, anchor: str, size: tuple[int, int]) -> str:
    col, row = split_cell(anchor)
    left, top = col_index(col) - 1, row - 1
    ids = [int(i) for i in re.findall(r'<(?:\w+:)?cNvPr\b[^>]*\sid="(\d+)"', drawing)]
    shape_id = max(ids, default=1) + 1
    prefix = re.match(r"(?:<\?xml[^>]*>\s*)?<(\w+:)?wsDr", drawing).group(1) or ""
    p = prefix
    xml = (
        f"<{p}twoCellAnchor>"
        f"<{p}from><{p}col>{left}</{p}col><{p}colOff>0</{p}colOff>"
        f"<{p}row>{top}</{p}row><{p}rowOff>0</{p}rowOff></{p}from>"
        f"<{p}to><{p}col>{left + size[0]}</{p}col><{p}colOff>0</{p}colOff>"
        f"<{p}row>{top + size[1]}</{p}row><{p}rowOff>0</{p}rowOff></{p}to>"
        f'<{p}graphicFrame macro=""><{p}nvGraphicFramePr>'
        f'<{p}cNvPr id="{shape_id}" name="Chart {shape_id}"/><{p}cNvGraphicFramePr/>'
        f"</{p}nvGraphicFramePr><{p}xfrm>"
        f'<a:off xmlns:a="{_A}" x="0" y="0"/><a:ext xmlns:a="{_A}" cx="0" cy="0"/></{p}xfrm>'
        f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_C}">'
        f'<c:chart xmlns:c="{_C}" xmlns:r="{_RELS}" r:id="{rel_id}"/>'
        f"</a:graphicData></a:graphic></{p}graphicFrame><{p}clientData/></{p}twoCellAnchor>"
    )
    end = drawing.rindex(f"</{p}wsDr>")
    return drawing[:end] + xml + drawing[end:]


def _with_drawing(sheet_xml: str, rel_id: str) -> bytes:
    element = f'<drawing xmlns:r="{_RELS}" r:id="{rel_id}"/>'
    for name in _AFTER_DRAWING:
        found = re.search(rf"<{name}\b", sheet_xml)
        if found:
            return (sheet_xml[: found.start()] + element + sheet_xml[found.start() :]).encode()
    end = sheet_xml.rindex("</worksheet>")
    return (sheet_xml[:end] + element + sheet_xml[end:]).encode("utf-8")


def _add_rel(parts: dict[str, bytes], owner: str, kind: str, target: str) -> str:
    name = rels_part(owner)
    text = parts[name].decode("utf-8") if name in parts else _EMPTY_RELS
    taken = set(re.findall(r'Id="([^"]+)"', text))
    number = 1
    while f"rId{number}" in taken:
        number += 1
    rel_id = f"rId{number}"
    relative = posixpath.relpath(target, posixpath.dirname(owner))
    element = f'<Relationship Id="{rel_id}" Type="{_RELS}/{kind}" Target={quoteattr(relative)}/>'
    parts[name] = text.replace("</Relationships>", element + "</Relationships>").encode("utf-8")
    return rel_id


def _add_type(parts: dict[str, bytes], part: str, content_type: str) -> None:
    types = parts["[Content_Types].xml"].decode("utf-8")
    element = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
    parts["[Content_Types].xml"] = types.replace("</Types>", element + "</Types>").encode("utf-8")


def _fresh(parts: dict[str, bytes], stem: str, extension: str) -> str:
    number = 1
    while f"{stem}{number}{extension}" in parts:
        number += 1
    return f"{stem}{number}{extension}"
