"""python-docx helpers for the layout Decree 30/2020/NĐ-CP asks of an official document.

python-docx has no API for paragraph borders, table borders, cell margins or fields; these
helpers add exactly the XML Word writes for them, so the template opens cleanly in Word and
LibreOffice alike.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
RULE_SIZE = 6  # eighths of a point: a 0.75 pt line


def set_font(rpr, name: str = FONT, lang: str = "vi-VN") -> None:
    """Give run properties (a style's, the defaults') one font for every script, and Vietnamese."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), lang)
    language.set(qn("w:eastAsia"), lang)


def paragraph_style(
    document,
    name: str,
    *,
    base: str = "Normal",
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    align=None,
    first_line: float | None = None,
    before: float | None = None,
    after: float | None = None,
    line: float | None = None,
    keep_with_next: bool | None = None,
    outline_level: int | None = None,
):
    """A paragraph style (sizes in points, indents in millimetres) shown in Word's gallery."""
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else None
    if style is None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base] if base else None
    style.quick_style = True
    font = style.font
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    if first_line is not None:
        fmt.first_line_indent = Mm(first_line)
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE if line != 1 else WD_LINE_SPACING.SINGLE
        fmt.line_spacing = line
    if keep_with_next is not None:
        fmt.keep_with_next = keep_with_next
    if outline_level is not None:
        ppr = style.element.get_or_add_pPr()
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline_level))
        ppr.append(level)
    return style


def bottom_rule(paragraph, length_mm: float, width_mm: float) -> None:
    """Draw a centred line ``length_mm`` long under ``paragraph`` in a ``width_mm`` column.

    A paragraph border runs between the paragraph's indents, so indenting both sides
    shortens it to the wanted length: the line Decree 30 draws under a heading.
    """
    side = max((width_mm - length_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.first_line_indent = Mm(0)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {
        "val": "single",
        "sz": str(RULE_SIZE),
        "space": "1",
        "color": "000000",
    }.items():
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    # pBdr comes before shading, tabs, spacing, indents and alignment in the schema's order
    following = (qn(t) for t in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"))
    anchor = next((ppr.find(t) for t in following if ppr.find(t) is not None), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def thin_paragraph(paragraph, points: float = 4) -> None:
    """Make an empty paragraph only ``points`` high (it just carries a rule)."""
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)
    mark = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(int(points * 2)))
    rpr.append(size)
    mark.append(rpr)


def table_borders(table, value: str) -> None:
    """Every border of ``table`` (outer and inner) set to ``value``: "nil" or "single"."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    _place(table._tbl.tblPr, borders)


def table_layout(table, widths_mm: list[float], indent_mm: float = 0, margin_mm: float = 1) -> None:
    """Fixed column widths, an indent from the margin and the cells' side margins."""
    tblpr = table._tbl.tblPr
    _place(tblpr, _measure("w:tblW", sum(widths_mm)))
    if indent_mm:
        _place(tblpr, _measure("w:tblInd", indent_mm))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _place(tblpr, layout)
    margins = OxmlElement("w:tblCellMar")
    margins.append(_measure("w:left", margin_mm))
    margins.append(_measure("w:right", margin_mm))
    _place(tblpr, margins)
    table.autofit = False
    grid = table._tbl.tblGrid
    for column, size in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        column.set(qn("w:w"), str(_twips(size)))
    for row in table.rows:
        for cell, size in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(size)


def _measure(tag: str, mm: float):
    element = OxmlElement(tag)
    element.set(qn("w:w"), str(_twips(mm)))
    element.set(qn("w:type"), "dxa")
    return element


def repeat_header(row) -> None:
    """Repeat ``row`` at the top of every page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    trpr.append(header)


def cant_split(row) -> None:
    """Keep a row on one page."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def page_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice print the page number in its place."""
    steps = [("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"), ("end", None)]
    for kind, text in steps:
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def centred(paragraph):
    """Centre a paragraph and drop the body's first-line indent."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Mm(0)
    return paragraph


# CT_TblPr's children in the order the schema requires them.
_TBLPR_ORDER = [
    qn(f"w:{name}")
    for name in (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
        "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook"
    ).split()
]


def _place(tblpr, element) -> None:
    """Put ``element`` into tblPr (replacing one of its kind) where the schema wants it."""
    old = tblpr.find(element.tag)
    if old is not None:
        tblpr.remove(old)
    rank = _TBLPR_ORDER.index(element.tag)
    later = [c for c in tblpr if c.tag in _TBLPR_ORDER and _TBLPR_ORDER.index(c.tag) > rank]
    if later:
        later[0].addprevious(element)
    else:
        tblpr.append(element)


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)
