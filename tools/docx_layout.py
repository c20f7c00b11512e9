"""python-docx helpers for the layout Decree 30/2020/NĐ-CP asks of an official document.

python-docx has no API for paragraph borders, table borders, cell margins or fields; these
helpers add exactly the XML Word writes for them, so the template opens cleanly in Word and
LibreOffice alike. Below them, the report (Mẫu 1.4) as the cds builders lay it out:
tools/cds_report.py (the unit report) and tools/make_province_templates.py (the consolidated
one) share its page, styles, heading block, title, numbering, tables and signature block.
"""

from __future__ import annotations

from contextlib import contextmanager

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
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


# ---------------------------------------------------------------------------------------------
# The report of Decree 30/2020/NĐ-CP, Mẫu 1.4, as both cds builders lay it out: the page, the
# styles, the heading block, the title, the numbered parts, sections, items and points, the
# captioned tables and the signature block. Tags use the Word engine's (docxtpl's) syntax.

PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGINS = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]  # 165 mm
HEADER_COLUMNS = (78, 95)  # agency | national title; 8 mm into the left margin
HEADER_INDENT = -8
MOTTO_WIDTH = 56.1  # "Độc lập - Tự do - Hạnh phúc" at 13 pt bold, measured in Times New Roman
SIGNATURE_COLUMNS = (85, 80)

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
AGENCY_PREFIX = "viện kiểm sát nhân dân "  # long agency names break after it, as VKS documents do

# Paragraph tags ({%p ... %}) hold no "}" or "%" (docxtpl cannot read them), hence dict().
# The numbering namespace, and per code the text saying the change against last year:
# "(tăng 12,5% so với năm 2024)" per indicator ("(năm 2024 chưa có)" after a year at 0) and
# "(tăng 4,7 điểm phần trăm so với năm 2024)" per rate, empty when there is nothing to compare.
CHANGE_TAGS = [
    'set since = " so với năm " ~ previous.year',
    'set ns = namespace(section=0, item=0, point=0, table=0, chart=0, archive="Lưu: VT.")',
    "set chg = dict()",
    "for row in indicators",
    'do chg.update([(row.code, " (" ~ (row.change | change) ~ since ~ ")"'
    ' if row.change is not none else (" (năm " ~ previous.year ~ " chưa có)"'
    ' if row.previous == 0 and row.value else ""))])',
    "endfor",
    "set pts = dict()",
    "for row in rate_list",
    'do pts.update([(row.code, " (" ~ (row.points | points) ~ since ~ ")"'
    ' if row.points is not none else "")])',
    "endfor",
]

SECTION = "{% set ns.section = ns.section + 1 %}{% set ns.item = 0 %}{{ ns.section | roman }}. "
ITEM = "{% set ns.item = ns.item + 1 %}{% set ns.point = 0 %}{{ ns.item }}. "
POINT = "{% set ns.point = ns.point + 1 %}{{ ns.point | letter }}) "


class ReportWriter:
    """Adds styled paragraphs and paragraph-level tags to a document, top to bottom."""

    def __init__(self, document, container=None):
        self.document = document
        self.container = container or document

    def p(self, text: str = "", style: str = "Normal", **run_format):
        paragraph = self.container.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            for key, value in run_format.items():
                setattr(run.font, key, value)
        return paragraph

    def tag(self, statement: str):
        """A paragraph holding only ``{%p statement %}``: the engine removes it."""
        return self.p(f"{{%p {statement} %}}")

    @contextmanager
    def when(self, condition: str):
        self.tag(f"if {condition}")
        yield
        self.tag("endif")

    @contextmanager
    def each(self, loop: str):
        self.tag(f"for {loop}")
        yield
        self.tag("endfor")

    def paragraphs(self, items: str, style: str = "Normal") -> None:
        """One paragraph per text in the list ``items``."""
        with self.each(f"text in {items}"):
            self.p("{{ text }}", style)


def report_styles(document) -> None:
    """Times New Roman everywhere; the body as Decree 30 sets it; a style per kind of line."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    set_font(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    set_font(styles["Normal"].element.get_or_add_rPr())
    paragraph_style(
        document,
        "Normal",
        base=None,
        size=14,
        align=JUSTIFY,
        first_line=12.7,
        before=0,
        after=6,
        line=1.15,
    )
    paragraph_style(document, "Header", size=13, align=CENTER, first_line=0, after=0, line=1)
    paragraph_style(document, "RK Agency", size=12, align=CENTER, first_line=0, after=0, line=1)
    paragraph_style(document, "RK Agency Bold", base="RK Agency", bold=True)
    paragraph_style(document, "RK Number", size=13, align=CENTER, first_line=0, after=0, line=1)
    paragraph_style(
        document, "RK Place Date", size=14, italic=True, align=CENTER, first_line=0, after=0, line=1
    )
    paragraph_style(
        document, "RK Title", size=14, bold=True, align=CENTER, first_line=0, after=0, line=1
    )
    paragraph_style(
        document,
        "RK Part",
        bold=True,
        align=CENTER,
        first_line=0,
        before=12,
        after=0,
        keep_with_next=True,
        outline_level=0,
    )
    paragraph_style(
        document,
        "RK Part Title",
        bold=True,
        align=CENTER,
        first_line=0,
        after=6,
        keep_with_next=True,
    )
    paragraph_style(
        document, "RK Section", bold=True, before=6, keep_with_next=True, outline_level=1
    )
    paragraph_style(document, "RK Item", bold=True, keep_with_next=True, outline_level=2)
    paragraph_style(document, "RK Point", italic=True, keep_with_next=True)
    paragraph_style(
        document,
        "RK Caption",
        size=13,
        bold=True,
        align=CENTER,
        first_line=0,
        before=6,
        after=6,
        keep_with_next=True,
    )
    paragraph_style(
        document,
        "RK Figure",
        align=CENTER,
        first_line=0,
        before=6,
        after=0,
        line=1,
        keep_with_next=True,
    )
    paragraph_style(
        document, "RK Figure Caption", size=13, italic=True, align=CENTER, first_line=0, after=6
    )
    paragraph_style(
        document, "RK Table Text", size=13, align=LEFT, first_line=0, before=2, after=2, line=1
    )
    paragraph_style(document, "RK Table Number", base="RK Table Text", align=CENTER)
    paragraph_style(document, "RK Table Heading", base="RK Table Text", bold=True, align=CENTER)
    paragraph_style(
        document,
        "RK Recipients Heading",
        size=12,
        bold=True,
        italic=True,
        align=LEFT,
        first_line=0,
        after=0,
        line=1,
    )
    paragraph_style(document, "RK Recipients", size=11, align=LEFT, first_line=0, after=0, line=1)
    paragraph_style(
        document, "RK Signature", size=14, bold=True, align=CENTER, first_line=0, after=0, line=1
    )


def a4_page(page) -> None:
    """A4 portrait, Decree 30 margins, page numbers centred in the header from page 2."""
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    page.top_margin, page.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    page.left_margin, page.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    page.header_distance = page.footer_distance = Mm(10)
    page.different_first_page_header_footer = True
    header = page.header.paragraphs[0]
    header.style = "Header"
    page_field(header)
    page.first_page_header.is_linked_to_previous = False
    page.first_page_header.paragraphs[0].style = "Header"


def borderless_table(document, widths, indent=0):
    table = document.add_table(rows=2, cols=len(widths))
    table_borders(table, "nil")
    table_layout(table, list(widths), indent_mm=indent, margin_mm=0.5)
    return table


def agency_name(w: ReportWriter, value: str, style: str) -> None:
    """``VIỆN KIỂM SÁT NHÂN DÂN`` on its own line when the rest would not fit beside it."""
    cut = len(AGENCY_PREFIX)
    w.tag(f"if {value} | length > 30 and ({value}[:{cut}] | lower_vi) == {AGENCY_PREFIX!r}")
    w.p("VIỆN KIỂM SÁT NHÂN DÂN", style)
    w.p(f"{{{{ {value}[{cut}:] | upper_vi }}}}", style)
    w.tag("else")
    w.p(f"{{{{ {value} | upper_vi }}}}", style)
    w.tag("endif")


def heading_block(document) -> None:
    """The two columns at the top: agency and number | national title, motto, place and date."""
    table = borderless_table(document, HEADER_COLUMNS, HEADER_INDENT)
    agency, nation = table.rows[0].cells
    number, place = table.rows[1].cells
    for cell in (agency, nation, number, place):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        cell._tc.remove(cell.paragraphs[0]._p)

    w = ReportWriter(document, agency)
    agency_name(w, "unit.parent", "RK Agency")
    agency_name(w, "unit.name", "RK Agency Bold")
    column = HEADER_COLUMNS[0] - 1
    rule = w.p(style="RK Agency")
    thin_paragraph(rule)
    bottom_rule(rule, 24, column)

    w = ReportWriter(document, nation)
    w.p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "RK Agency Bold")
    w.p("Độc lập - Tự do - Hạnh phúc", "RK Agency Bold", size=Pt(13))
    rule = w.p(style="RK Agency")
    thin_paragraph(rule)
    bottom_rule(rule, MOTTO_WIDTH, HEADER_COLUMNS[1] - 1)

    first = ReportWriter(document, number).p("Số: {{ document.number }}", "RK Number")
    first.paragraph_format.space_before = Pt(6)
    first = ReportWriter(document, place).p(
        "{{ document.place }}, {{ document.date | date_vi }}", "RK Place Date"
    )
    first.paragraph_format.space_before = Pt(6)


# An agreement's period, unless its title already says it ("… giai đoạn 2026 - 2030"):
# a sentence never names the same period twice.
PERIOD_UNSAID = (
    "a.period_text and not (a.title and a.period['from'] | string in a.title "
    "and a.period['to'] | string in a.title)"
)


def section(w: ReportWriter, title: str) -> None:
    w.p(SECTION + title, "RK Section")


def narrative_section(w: ReportWriter, condition: str, title: str, *fields: str) -> None:
    """A section of the unit's own paragraphs, shown only when ``condition`` holds."""
    with w.when(condition):
        section(w, title)
        for name in fields:
            w.paragraphs(name)


def item(w: ReportWriter, title: str) -> None:
    w.p(ITEM + title, "RK Item")


def point(w: ReportWriter, title: str) -> None:
    w.p(POINT + title, "RK Point")


def data_table(w: ReportWriter, caption: str, columns, loop: str) -> None:
    """A captioned, bordered table: a heading row and one row per item of ``loop``."""
    w.p(
        "{% set ns.table = ns.table + 1 %}Bảng {{ ns.table }}. " + caption,
        "RK Caption",
    )
    table = w.container.add_table(rows=4, cols=len(columns))
    table.style = w.document.styles["Table Grid"]
    table_borders(table, "single")
    table_layout(table, [width for _, width, _, _ in columns], margin_mm=1.5)
    heading, opening, body, closing = table.rows
    for cell, (title, *_) in zip(heading.cells, columns, strict=True):
        cell.paragraphs[0].text = title
        cell.paragraphs[0].style = "RK Table Heading"
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for cell, (_, _, value, style) in zip(body.cells, columns, strict=True):
        cell.paragraphs[0].text = value
        cell.paragraphs[0].style = style
    loop_marker_rows(opening, closing, loop)
    repeat_header(heading)
    cant_split(body)
    # a little space after the table, before the next paragraph
    thin_paragraph(w.p(style="RK Table Text"), 6)


def loop_marker_rows(opening, closing, loop: str) -> None:
    """Turn two table rows into ``{%tr for loop %}`` and ``{%tr endfor %}``, one merged cell
    each: the engine removes them and repeats the rows between."""
    for row, statement in ((opening, f"for {loop}"), (closing, "endfor")):
        first = row.cells[0].merge(row.cells[-1])
        first.paragraphs[0].text = f"{{%tr {statement} %}}"
        first.paragraphs[0].style = "RK Table Text"
        for extra in first.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)


def signature_block(document) -> None:
    """Nơi nhận on the left, the signer's title and name on the right."""
    table = borderless_table(document, SIGNATURE_COLUMNS)
    table._tbl.remove(table.rows[1]._tr)
    recipients, signer = table.rows[0].cells
    cant_split(table.rows[0])
    for cell in (recipients, signer):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        cell._tc.remove(cell.paragraphs[0]._p)

    w = ReportWriter(document, recipients)
    w.p("Nơi nhận:", "RK Recipients Heading")
    with w.each("r in document.recipients"):
        w.tag('if r.startswith("Lưu")')
        w.tag("set ns.archive = r")
        w.tag("else")
        w.p("- {{ r.rstrip(';. ') }};", "RK Recipients")
        w.tag("endif")
    w.p("- {{ ns.archive.rstrip('. ') }}.", "RK Recipients")

    w = ReportWriter(document, signer)
    with w.when("document.signer.authority"):
        w.p("{{ document.signer.authority | upper_vi }}", "RK Signature")
    w.p("{{ document.signer.title | upper_vi }}", "RK Signature")
    name = w.p("{{ document.signer.name }}", "RK Signature")
    name.paragraph_format.space_before = Pt(84)


def new_report(prelude: list[str]):
    """A document with the styles, the page and, after the ``prelude`` tags, the heading block."""
    document = docx.Document()
    report_styles(document)
    a4_page(document.sections[0])
    w = ReportWriter(document)
    for statement in prelude:
        w.tag(statement)
    heading_block(document)
    return document, w


def title_block(w: ReportWriter, opening: str, title: str = "{{ document.title }}") -> None:
    """The title (BÁO CÁO, the document's title, a short rule), then the ``opening`` paragraph."""
    w.p("BÁO CÁO", "RK Title").paragraph_format.space_before = Pt(24)
    w.p(title, "RK Title")
    rule = w.p(style="RK Title")
    thin_paragraph(rule)
    bottom_rule(rule, 40, TEXT_WIDTH)
    w.p(style="RK Title").paragraph_format.space_after = Pt(6)
    w.p(opening)


def part(w: ReportWriter, number: str, title: str) -> None:
    """A part's heading: "Phần thứ nhất" and its title."""
    w.p(number, "RK Part")
    w.p(title, "RK Part Title")


def save_report(document, path, title: str, subject: str, built=None) -> None:
    """The file's properties, then save; ``built`` fixes its dates (reproducible bytes)."""
    core = document.core_properties
    core.title = title
    core.subject = subject
    core.author = core.last_modified_by = "reportkit"
    core.language = "vi-VN"
    core.comments = "Mẫu theo Nghị định 30/2020/NĐ-CP, Mẫu 1.4 (báo cáo)."
    if built is not None:
        core.created = core.modified = built
        core.revision = 1
    document.save(path)
