"""The report template of the "cds" kind (templates/cds/report.docx), built with python-docx.

The wording follows a real year-end review (VKSND tỉnh Thanh Hóa, 2025): each sentence is
built from the figures and left out when its figure is missing; a change against the
previous year is said when there is one. Tags use the Word engine's (docxtpl's) syntax.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx_layout import (
    bottom_rule,
    cant_split,
    page_field,
    paragraph_style,
    repeat_header,
    set_font,
    table_borders,
    table_layout,
    thin_paragraph,
)

BUILT = dt.datetime(2026, 1, 1)  # a fixed date in the file's properties: reproducible bytes
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
# Helpers the rest of the template reads: the sentence subject, "(tăng 12,5% so với năm
# 2024)" per indicator and "(tăng 4,7 điểm phần trăm so với năm 2024)" per rate.
PRELUDE = [
    'set subject = "VKSND hai cấp" if unit.level == "tinh" else unit.short_name',
    'set since = " so với năm " ~ previous.year',
    'set ns = namespace(section=0, item=0, point=0, table=0, chart=0, archive="Lưu: VT.")',
    "set chg = dict()",
    "for row in indicators",
    'do chg.update([(row.code, " (" ~ (row.change | change) ~ since ~ ")"'
    ' if row.change is not none else "")])',
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


def build_report(path: Path) -> None:
    document = docx.Document()
    _styles(document)
    _page(document.sections[0])
    w = ReportWriter(document)
    for statement in PRELUDE:
        w.tag(statement)
    _heading_block(document)
    _title(w)
    _part_one(w)
    _part_two(w)
    closing = w.p(
        "Trên đây là báo cáo {{ document.title[:1] | lower_vi }}{{ document.title[1:] }}"
        "{% if tasks or narrative.proposals %} và phương hướng, nhiệm vụ năm {{ next_year }}"
        "{% endif %} của {{ unit.name }}./."
    )
    closing.paragraph_format.keep_with_next = True  # never a signature alone on a page
    _signature_block(document)
    core = document.core_properties
    core.title = "Báo cáo tổng kết công tác chuyển đổi số và công tác tuyên truyền"
    core.subject = "Mẫu báo cáo của reportkit (loại cds)"
    core.author = core.last_modified_by = "reportkit"
    core.language = "vi-VN"
    core.comments = "Mẫu theo Nghị định 30/2020/NĐ-CP, Mẫu 1.4 (báo cáo)."
    core.created = core.modified = BUILT
    core.revision = 1
    document.save(path)


def _styles(document) -> None:
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


def _page(section) -> None:
    """A4 portrait, Decree 30 margins, page numbers centred in the header from page 2."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = "Header"
    page_field(header)
    section.first_page_header.is_linked_to_previous = False
    section.first_page_header.paragraphs[0].style = "Header"


def _borderless_table(document, widths, indent=0):
    table = document.add_table(rows=2, cols=len(widths))
    table_borders(table, "nil")
    table_layout(table, list(widths), indent_mm=indent, margin_mm=0.5)
    return table


def _agency_name(w: ReportWriter, value: str, style: str) -> None:
    """``VIỆN KIỂM SÁT NHÂN DÂN`` on its own line when the rest would not fit beside it."""
    cut = len(AGENCY_PREFIX)
    w.tag(f"if {value} | length > 30 and ({value}[:{cut}] | lower_vi) == {AGENCY_PREFIX!r}")
    w.p("VIỆN KIỂM SÁT NHÂN DÂN", style)
    w.p(f"{{{{ {value}[{cut}:] | upper_vi }}}}", style)
    w.tag("else")
    w.p(f"{{{{ {value} | upper_vi }}}}", style)
    w.tag("endif")


def _heading_block(document) -> None:
    """The two columns at the top: agency and number | national title, motto, place and date."""
    table = _borderless_table(document, HEADER_COLUMNS, HEADER_INDENT)
    agency, nation = table.rows[0].cells
    number, place = table.rows[1].cells
    for cell in (agency, nation, number, place):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        cell._tc.remove(cell.paragraphs[0]._p)

    w = ReportWriter(document, agency)
    _agency_name(w, "unit.parent", "RK Agency")
    _agency_name(w, "unit.name", "RK Agency Bold")
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


def _title(w: ReportWriter) -> None:
    w.p("BÁO CÁO", "RK Title").paragraph_format.space_before = Pt(24)
    w.p("{{ document.title }}", "RK Title")
    rule = w.p(style="RK Title")
    thin_paragraph(rule)
    bottom_rule(rule, 40, TEXT_WIDTH)
    w.p(style="RK Title").paragraph_format.space_after = Pt(6)
    w.p(
        "Thực hiện chương trình, kế hoạch công tác năm {{ year }}, {{ unit.name }} báo cáo "
        "kết quả công tác chuyển đổi số và công tác tuyên truyền năm {{ year }} (số liệu từ "
        "ngày {{ period.from | date_short }} đến ngày {{ period.to | date_short }}), phương "
        "hướng, nhiệm vụ năm {{ next_year }} như sau:"
    )


def _section(w: ReportWriter, title: str) -> None:
    w.p(SECTION + title, "RK Section")


def _item(w: ReportWriter, title: str) -> None:
    w.p(ITEM + title, "RK Item")


def _point(w: ReportWriter, title: str) -> None:
    w.p(POINT + title, "RK Point")


def _part_one(w: ReportWriter) -> None:
    w.p("Phần thứ nhất", "RK Part")
    w.p(
        "KẾT QUẢ CÔNG TÁC CHUYỂN ĐỔI SỐ VÀ CÔNG TÁC TUYÊN TRUYỀN NĂM {{ year }}",
        "RK Part Title",
    )
    with w.when("narrative.highlights"):
        w.p(
            "Năm {{ year }}, công tác chuyển đổi số và công tác tuyên truyền của {{ subject }} "
            "đạt được những kết quả nổi bật sau:"
        )
        w.paragraphs("narrative.highlights")
    with w.when("narrative.leadership"):
        _section(w, "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO")
        w.paragraphs("narrative.leadership")
    with w.when(f"{_group_rows('cds')} | list or software"):
        _digital_results(w)
    with w.when(f"{_group_rows('tuyen_truyen')} | list or press or social"):
        _communication_results(w)
    _agreements(w)
    with w.when("narrative.limitations or narrative.causes"):
        _section(w, "HẠN CHẾ, NGUYÊN NHÂN")
        with w.when("narrative.limitations"):
            _item(w, "Hạn chế")
            w.paragraphs("narrative.limitations")
        with w.when("narrative.causes"):
            _item(w, "Nguyên nhân")
            w.paragraphs("narrative.causes")
    with w.when("narrative.lessons"):
        _section(w, "BÀI HỌC KINH NGHIỆM")
        w.paragraphs("narrative.lessons")


def _digital_results(w: ReportWriter) -> None:
    _section(w, "KẾT QUẢ CÔNG TÁC CHUYỂN ĐỔI SỐ")
    office = ("issued_docs", "admin_docs", "paperless_meetings", "online_conferences")
    with w.when(_any_count(office)):
        _item(w, "Ứng dụng công nghệ thông tin trong quản lý, chỉ đạo, điều hành")
        with w.when("counts.issued_docs is not none"):
            w.p(
                "Năm {{ year }}, {{ subject }} đã phát hành {{ counts.issued_docs | number }} văn "
                "bản trên hệ thống quản lý văn bản và điều hành{{ chg.issued_docs }}"
                "{% if rates.signed_docs is not none %}, trong đó đã ký số "
                "{{ counts.signed_docs | ratio(counts.issued_docs) }} văn bản trước khi ban "
                "hành, đạt tỷ lệ {{ rates.signed_docs | percent }}{{ pts.signed_docs }}"
                "{% endif %}."
            )
        with w.when("rates.admin_docs_online is not none"):
            w.p(
                "Số văn bản hành chính được tạo dự thảo, trình duyệt, ký số, phát hành hoàn toàn "
                "trên hệ thống là {{ counts.admin_docs_online | ratio(counts.admin_docs) }} văn "
                "bản, đạt tỷ lệ {{ rates.admin_docs_online | percent }}{{ pts.admin_docs_online }}."
            )
        meetings = ("paperless_meetings", "online_conferences")
        with w.when(_any_count(meetings)):
            w.p(
                "Trong năm, đã tổ chức {% if counts.paperless_meetings is not none %}"
                "{{ counts.paperless_meetings | number }} cuộc họp không giấy"
                "{{ chg.paperless_meetings }}{% endif %}"
                f"{{% if {_all_counts(meetings)} %}} và {{% endif %}}"
                "{% if counts.online_conferences is not none %}"
                "{{ counts.online_conferences | number }} hội nghị trực tuyến"
                "{{ chg.online_conferences }}{% endif %}."
            )
        with w.when('rate_list | rejectattr("rate", "none") | list'):
            w.p(
                '{{ rate_list | bar_chart(label="label", value="rate") | image(width="150mm") }}',
                "RK Figure",
            )
            w.p(
                "{% set ns.chart = ns.chart + 1 %}Biểu đồ {{ ns.chart }}. Một số tỷ lệ chủ yếu "
                "về chuyển đổi số năm {{ year }}",
                "RK Figure Caption",
            )

    with w.when("software"):
        _item(w, "Triển khai phần mềm, ứng dụng")
        w.p(
            "{{ subject }} đang sử dụng {{ software | length }} phần mềm, ứng dụng phục vụ công "
            "tác quản lý và hoạt động nghiệp vụ (Bảng {{ ns.table + 1 }})."
            "{% set fresh = software | selectattr('year', 'equalto', year) | list %}"
            "{% if fresh %} Trong năm {{ year }}, đã đưa vào sử dụng {{ fresh | length }} phần "
            "mềm, ứng dụng mới:{% endif %}"
        )
        with w.each("s in software if s.year == year"):
            w.p(
                "- {% if s.partner %}Phối hợp với {{ s.partner }} xây dựng, triển khai tập huấn "
                "và đưa{% else %}Đưa{% endif %} vào sử dụng phần mềm “{{ s.name }}”"
                "{% if s.scope %} tại {{ s.scope }}{% endif %}{{ '.' if loop.last else ';' }}"
            )
        _table(
            w,
            "Phần mềm, ứng dụng đang sử dụng",
            [
                ("STT", 12, "{{ loop.index }}", "RK Table Number"),
                ("Tên phần mềm, ứng dụng", 36, "{{ s.name }}", "RK Table Text"),
                ("Mục đích sử dụng", 50, "{{ s.purpose or '' }}", "RK Table Text"),
                ("Đơn vị phối hợp triển khai", 26, "{{ s.partner or '' }}", "RK Table Text"),
                ("Năm đưa vào sử dụng", 18, "{{ s.year or '' }}", "RK Table Number"),
                ("Phạm vi sử dụng", 23, "{{ s.scope or '' }}", "RK Table Text"),
            ],
            "s in software",
        )

    work = ("mind_map_reports", "digitised_case_files", "staff_trained", "dti_score")
    with w.when(_any_count(work)):
        _item(w, "Ứng dụng công nghệ thông tin trong hoạt động nghiệp vụ")
        with w.when("counts.mind_map_reports is not none"):
            _point(w, "Báo cáo án bằng sơ đồ tư duy")
            w.p(
                "Đẩy mạnh xây dựng sơ đồ tư duy báo cáo án trong các giai đoạn giải quyết vụ án, "
                "vụ việc; {{ subject }} đã xây dựng báo cáo án bằng sơ đồ tư duy đối với "
                "{{ counts.mind_map_reports | number }} vụ{{ chg.mind_map_reports }}"
                "{% if counts.mind_map_criminal is not none or counts.mind_map_civil is not none %}"
                ", trong đó {% if counts.mind_map_criminal is not none %}"
                "{{ counts.mind_map_criminal | number }} vụ án hình sự{% endif %}"
                "{% if counts.mind_map_criminal is not none "
                "and counts.mind_map_civil is not none %}, {% endif %}"
                "{% if counts.mind_map_civil is not none %}"
                "{{ counts.mind_map_civil | number }} vụ án dân sự{% endif %}{% endif %}."
            )
        with w.when("counts.digitised_case_files is not none"):
            _point(w, "Số hóa hồ sơ vụ án")
            w.p(
                "Đã số hóa {{ counts.digitised_case_files | number }} hồ sơ vụ án"
                "{{ chg.digitised_case_files }}, phục vụ việc nghiên cứu, trích xuất tài liệu và "
                "báo cáo án trên môi trường số."
            )
        with w.when("counts.staff_trained is not none"):
            _point(w, "Tập huấn kỹ năng số")
            w.p(
                "Tổ chức, cử {{ counts.staff_trained | number }} lượt công chức, kiểm sát viên "
                "tham gia tập huấn về công nghệ thông tin, chuyển đổi số{{ chg.staff_trained }}."
            )
        with w.when("counts.dti_score is not none"):
            _point(w, "Bộ chỉ số DTI")
            w.p(
                "Điểm Bộ chỉ số đánh giá chuyển đổi số (DTI) ngành Kiểm sát nhân dân năm "
                "{{ year }} của đơn vị đạt "
                "{{ (counts.dti_score | number(2)).rstrip('0').rstrip(',') }} điểm"
                "{% if previous.counts.dti_score is not none %} (năm {{ previous.year }}: "
                "{{ (previous.counts.dti_score | number(2)).rstrip('0').rstrip(',') }} điểm)"
                "{% endif %}."
            )
    _indicator_table(w, "cds", "Một số chỉ tiêu về chuyển đổi số năm {{ year }}")


def _communication_results(w: ReportWriter) -> None:
    _section(w, "KẾT QUẢ CÔNG TÁC TUYÊN TRUYỀN")
    with w.when("counts.portal_news is not none"):
        _item(w, "Trang thông tin điện tử")
        # a khu vực procuracy has no portal of its own: its news goes on the province's
        w.p(
            "{% if unit.level == 'khu_vuc' %}Có {{ counts.portal_news | number }} tin, bài về "
            "hoạt động của đơn vị được đăng trên Trang thông tin điện tử{{ chg.portal_news }}."
            "{% else %}Trang thông tin điện tử của {{ unit.short_name }} đã đăng tải "
            "{{ counts.portal_news | number }} tin, bài{{ chg.portal_news }}, thường xuyên cập "
            "nhật các hoạt động nổi bật của ngành và cung cấp nội dung nghiệp vụ.{% endif %}"
        )
    with w.when("counts.press_items is not none or press"):
        _item(w, "Phối hợp với các cơ quan báo chí")
        w.p(
            "{% if counts.press_items is not none %}Năm {{ year }}, có "
            "{{ counts.press_items | number }} tin, bài{{ chg.press_items }} về hoạt động của "
            "{{ subject }} được đăng tải trên các cơ quan báo chí{% else %}Tin, bài về hoạt động "
            "của {{ subject }} được đăng tải trên các cơ quan báo chí{% endif %}"
            "{{ ':' if press else '.' }}"
        )
        with w.each("row in press"):
            w.p(
                "- {{ row.outlet }}: {{ row['items'] | number }} tin, bài"
                "{{ '.' if loop.last else ';' }}"
            )
    with w.when("counts.social_posts is not none or social"):
        _item(w, "Tuyên truyền trên mạng xã hội")
        w.p(
            "{{ subject }} đã đăng tải "
            "{% if counts.social_posts is not none %}{{ counts.social_posts | number }} {% endif %}"
            "tin, bài, video trên mạng xã hội{{ chg.social_posts }}{{ ':' if social else '.' }}"
        )
        with w.each("row in social"):
            w.p(
                "- {{ row.platform_label }}{% if row.account %} ({{ row.account }}){% endif %}: "
                "{{ row.posts | number }} tin, bài, video{% if row.followers is not none %}, "
                "{{ row.followers | number }} người theo dõi{% endif %}"
                "{{ '.' if loop.last else ';' }}"
            )
    legal = ("legal_sessions", "legal_attendees", "press_briefings")
    with w.when(_any_count(legal)):
        _item(w, "Tuyên truyền, phổ biến, giáo dục pháp luật và cung cấp thông tin cho báo chí")
        with w.when("counts.legal_sessions is not none"):
            w.p(
                "Tổ chức {{ counts.legal_sessions | number }} buổi tuyên truyền, phổ biến, giáo "
                "dục pháp luật{{ chg.legal_sessions }}{% if counts.legal_attendees is not none %}"
                " với {{ counts.legal_attendees | number }} lượt người tham dự"
                "{{ chg.legal_attendees }}{% endif %}."
            )
        with w.when("counts.legal_sessions is none and counts.legal_attendees is not none"):
            w.p(
                "Có {{ counts.legal_attendees | number }} lượt người tham dự các buổi tuyên "
                "truyền, phổ biến, giáo dục pháp luật{{ chg.legal_attendees }}."
            )
        with w.when("counts.press_briefings is not none"):
            w.p(
                "Tổ chức {{ counts.press_briefings | number }} cuộc họp báo, cung cấp thông tin "
                "cho báo chí{{ chg.press_briefings }}."
            )
    _indicator_table(w, "tuyen_truyen", "Một số chỉ tiêu về công tác tuyên truyền năm {{ year }}")


def _agreements(w: ReportWriter) -> None:
    with w.when("agreements"):
        _section(w, "CÔNG TÁC PHỐI HỢP")
        w.p(
            "{{ unit.short_name }} đã ký kết, triển khai thực hiện {{ agreements | length }} văn "
            "bản phối hợp với các cơ quan, đơn vị:"
        )
        with w.each("a in agreements"):
            _item(w, "{{ a.kind_label }} với {{ a.partners | join(', ') }}")
            w.p(
                "{% if a.title %}{{ a.title.rstrip('. ') }}{% else %}{{ a.kind_label }} với "
                "{{ a.partners | join(', ') }}{% endif %}"
                "{% if a.signed_on %} được ký kết {{ a.signed_on | date_vi }}{% endif %}"
                "{% if a.period_text %}, thực hiện trong giai đoạn {{ a.period_text }}{% endif %}"
                "{% if a.status_label %}; tình trạng: {{ a.status_label | lower_vi }}{% endif %}."
            )
            with w.when("a.areas"):
                w.p("Nội dung phối hợp:")
                with w.each("area in a.areas"):
                    w.p("- {{ area.rstrip('.;') }}{{ '.' if loop.last else ';' }}")
            with w.when("a.channels"):
                w.p("Kênh thông tin: {{ a.channels | join(', ') }}.")


def _part_two(w: ReportWriter) -> None:
    w.tag("if tasks or narrative.proposals")
    w.p("Phần thứ hai", "RK Part")
    w.p("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ next_year }}", "RK Part Title")
    w.tag("set ns.section = 0")
    with w.when("tasks"):
        w.p(
            "Năm {{ next_year }}, {{ subject }} tập trung thực hiện tốt các nhiệm vụ trọng tâm sau:"
        )
        with w.each("group in tasks_by_area"):
            _section(w, "{{ group.label | upper_vi }}")
            with w.each('t in group["items"]'):
                w.p(
                    "{% set bits = [] %}"
                    "{% if t.owner %}{% do bits.append('đơn vị thực hiện: ' ~ t.owner) %}"
                    "{% endif %}"
                    "{% if t.deadline %}{% do bits.append('thời hạn hoàn thành: ' ~ "
                    "(t.deadline | date_short)) %}{% endif %}"
                    "{% if t.target is not none %}{% do bits.append(('chỉ tiêu: ' ~ "
                    "(t.target | number) ~ ('' if (t.target_unit or '').startswith('%') "
                    "else ' ') ~ (t.target_unit or '')) | trim) %}{% endif %}"
                    "{{ loop.index }}. {{ t.task.rstrip('. ') }}"
                    "{% if bits %} ({{ bits | join('; ') }}){% endif %}."
                )
    with w.when("narrative.proposals"):
        _section(w, "ĐỀ XUẤT, KIẾN NGHỊ")
        w.paragraphs("narrative.proposals")
    w.tag("endif")


def _any_count(codes) -> str:
    return " or ".join(f"counts.{code} is not none" for code in codes)


def _all_counts(codes) -> str:
    return " and ".join(f"counts.{code} is not none" for code in codes)


def _table(w: ReportWriter, caption: str, columns, loop: str) -> None:
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
    for row, statement in ((opening, f"for {loop}"), (closing, "endfor")):
        first = row.cells[0].merge(row.cells[-1])
        first.paragraphs[0].text = f"{{%tr {statement} %}}"
        first.paragraphs[0].style = "RK Table Text"
        for extra in first.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
    repeat_header(heading)
    cant_split(body)
    # a little space after the table, before the next paragraph
    thin_paragraph(w.p(style="RK Table Text"), 6)


def _group_rows(group: str) -> str:
    """The indicators of ``group`` that have a value this year."""
    return f'indicators | selectattr("group", "equalto", "{group}") | rejectattr("value", "none")'


def _indicator_table(w: ReportWriter, group: str, caption: str) -> None:
    rows = _group_rows(group)
    with w.when(f"{rows} | list"):
        _table(
            w,
            caption,
            [
                ("STT", 12, "{{ loop.index }}", "RK Table Number"),
                ("Chỉ tiêu", 65, "{{ row.label }}", "RK Table Text"),
                ("Đơn vị tính", 22, "{{ row.unit_label }}", "RK Table Number"),
                ("Năm {{ previous.year }}", 20, "{{ row.previous | number }}", "RK Table Number"),
                ("Năm {{ year }}", 20, "{{ row.value | number }}", "RK Table Number"),
                (
                    "So với năm {{ previous.year }}",
                    26,
                    "{{ row.change | change }}",
                    "RK Table Number",
                ),
            ],
            f"row in {rows}",
        )


def _signature_block(document) -> None:
    """Nơi nhận on the left, the signer's title and name on the right."""
    table = _borderless_table(document, SIGNATURE_COLUMNS)
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
