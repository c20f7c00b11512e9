"""The shipped CĐS report: rendered from the Thanh Hóa sample, read back as Word reads it.

Each check is one item of Decree 30/2020/NĐ-CP's layout for a report (Mẫu 1.4), or a
figure of the article the sample comes from, or a sentence that must leave out what the
data does not give.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from pdf_helpers import pdf_pages, pdf_text
from PIL import Image

from reportkit.charts import bar_chart, font_file
from reportkit.jinja_env import make_environment
from reportkit.pdf import convert
from reportkit.report import build_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "thanh-hoa-2025.yaml"
TNR = "Times New Roman"

MINIMAL = """\
year: 2025
unit:
  name: Viện kiểm sát nhân dân khu vực 1 - Thanh Hóa
  parent: Viện kiểm sát nhân dân tỉnh Thanh Hóa
  level: khu_vuc
document:
  number: 01/BC-VKSKV1
  date: 2026-01-05
  place: Thanh Hóa
  signer: {name: Lê Văn An, title: Viện trưởng}
counts:
  issued_docs: 500
  portal_news: 40
  dti_score: 71.50
"""


def _docx_of(report) -> docx.document.Document:
    (data,) = [v for k, v in report.documents.items() if k.endswith(".docx")]
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def rendered():
    return build_report(SAMPLE)


@pytest.fixture(scope="module")
def document(rendered):
    return _docx_of(rendered)


@pytest.fixture(scope="module")
def minimal(tmp_path_factory):
    path = tmp_path_factory.mktemp("minimal") / "kv1.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return _docx_of(build_report(path))


# -- reading effective formatting (direct, then the style chain, then the defaults) --------


def _style_chain(paragraph):
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _defaults_rpr(document):
    return document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))


def _effective(paragraph, direct, part: str, name: str):
    """``direct.<name>`` if set, else ``<part>.<name>`` of the first style along the chain."""
    for owner in (direct, *(getattr(style, part) for style in _style_chain(paragraph))):
        value = getattr(owner, name)
        if value is not None:
            return value
    return None


def run_size(document, paragraph, run) -> float:
    size = _effective(paragraph, run.font, "font", "size")
    if size is not None:
        return size.pt
    default = _defaults_rpr(document).find(".//" + qn("w:sz"))
    return int(default.get(qn("w:val"))) / 2


def run_flag(paragraph, run, name: str) -> bool:
    return bool(_effective(paragraph, run.font, "font", name))


def para_format(paragraph, name: str):
    return _effective(paragraph, paragraph.paragraph_format, "paragraph_format", name)


def text_runs(paragraph):
    return [run for run in paragraph.runs if run.text.strip()]


def body_paragraphs(document):
    return [p for p in document.paragraphs if p.text.strip()]


def find(document, pattern: str):
    return next(p for p in document.paragraphs if re.search(pattern, p.text))


def header_cells(document):
    table = document.tables[0]
    return table.rows[0].cells + table.rows[1].cells


def mm(length: Length) -> float:
    return length.mm


# -- Decree 30: page ----------------------------------------------------------------


def test_page_is_a4_portrait_with_decree_margins(document):
    (section,) = document.sections
    assert round(mm(section.page_width)) == 210 and round(mm(section.page_height)) == 297
    assert 20 <= round(mm(section.top_margin)) <= 25
    assert 20 <= round(mm(section.bottom_margin)) <= 25
    assert 30 <= round(mm(section.left_margin)) <= 35
    assert 15 <= round(mm(section.right_margin)) <= 20


def test_every_font_is_times_new_roman(document):
    fonts = _defaults_rpr(document).find(".//" + qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {TNR}
    assert document.styles["Normal"].font.name == TNR
    used = {p.style.name for p in document.paragraphs}
    for table in document.tables:
        for cell in table._cells:
            used |= {p.style.name for p in cell.paragraphs}
            assert all(r.font.name in (None, TNR) for p in cell.paragraphs for r in p.runs)
    assert all(document.styles[name].font.name in (None, TNR) for name in used)
    assert all(r.font.name in (None, TNR) for p in document.paragraphs for r in p.runs)


def test_body_text_is_set_as_decree_30_asks(document):
    body = [p for p in body_paragraphs(document) if p.style.name == "Normal"]
    assert len(body) > 30
    for paragraph in body:
        assert para_format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert Mm(10) <= para_format(paragraph, "first_line_indent") <= Mm(12.7) + 1
        assert para_format(paragraph, "space_after") >= Pt(6)
        assert 1.0 <= para_format(paragraph, "line_spacing") <= 1.5
        assert all(13 <= run_size(document, paragraph, r) <= 14 for r in text_runs(paragraph))


# -- Decree 30: the heading block ----------------------------------------------------------


def _borders(table) -> dict[str, str]:
    found = table._tbl.tblPr.find(qn("w:tblBorders"))
    return {child.tag.split("}")[1]: child.get(qn("w:val")) for child in found}


def _rule_under(paragraphs, text: str):
    """The paragraph with a bottom border right after the one holding ``text``."""
    index = next(i for i, p in enumerate(paragraphs) if p.text == text)
    rule = paragraphs[index + 1]
    bottom = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single" and not rule.text
    return rule


def test_heading_is_two_columns_without_borders(document):
    table = document.tables[0]
    assert set(_borders(table).values()) == {"nil"}
    assert all(cell._tc.tcPr.find(qn("w:tcBorders")) is None for cell in table._cells), (
        "cells must not bring back borders"
    )
    assert len(table.columns) == 2


def test_agency_column(document):
    agency, _, number, _ = header_cells(document)
    lines = [p for p in agency.paragraphs if p.text]
    assert [p.text for p in lines] == [
        "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
        "VIỆN KIỂM SÁT NHÂN DÂN",
        "TỈNH THANH HÓA",
    ]
    parent, *unit = lines
    assert all(12 <= run_size(document, parent, r) <= 13 for r in parent.runs)
    assert not any(run_flag(parent, r, "bold") for r in parent.runs)
    for line in unit:
        assert all(
            run_flag(line, r, "bold") and 12 <= run_size(document, line, r) <= 13 for r in line.runs
        )
    rule = _rule_under(agency.paragraphs, "TỈNH THANH HÓA")
    width = 78 - 1  # column less its side margins
    line = width - mm(rule.paragraph_format.left_indent) - mm(rule.paragraph_format.right_indent)
    assert 15 <= line <= 40, "a short line under the unit's name"
    (number_line,) = [p for p in number.paragraphs if p.text]
    assert number_line.text == "Số: 05/BC-VKS"
    assert all(run_size(document, number_line, r) == 13 for r in number_line.runs)


def test_national_title_column(document):
    _, nation, _, place = header_cells(document)
    title, motto = [p for p in nation.paragraphs if p.text]
    assert title.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert all(
        run_flag(title, r, "bold") and 12 <= run_size(document, title, r) <= 13 for r in title.runs
    )
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert all(
        run_flag(motto, r, "bold") and 13 <= run_size(document, motto, r) <= 14 for r in motto.runs
    )
    rule = _rule_under(nation.paragraphs, motto.text)
    line = 95 - 1 - mm(rule.paragraph_format.left_indent) - mm(rule.paragraph_format.right_indent)
    assert 50 <= line <= 62, "the line under the motto is as long as the motto"
    (date_line,) = [p for p in place.paragraphs if p.text]
    assert date_line.text == "Thanh Hóa, ngày 09 tháng 01 năm 2026"
    assert all(run_flag(date_line, r, "italic") for r in date_line.runs)
    for paragraph in (title, motto, date_line):
        assert para_format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_title_block(document):
    heading = find(document, "^BÁO CÁO$")
    subject = find(document, "^Tổng kết công tác chuyển đổi số")
    assert subject.text == "Tổng kết công tác chuyển đổi số và công tác tuyên truyền năm 2025"
    for paragraph in (heading, subject):
        assert para_format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
        assert all(
            run_flag(paragraph, r, "bold") and 13 <= run_size(document, paragraph, r) <= 14
            for r in paragraph.runs
        )
    _rule_under(document.paragraphs, subject.text)


# -- Decree 30: structure, page numbers, the end -------------------------------------------


def test_parts_sections_items_and_points_in_order(document):
    texts = [p.text for p in body_paragraphs(document)]
    assert texts.index("Phần thứ nhất") < texts.index("Phần thứ hai")
    sections = [p.text for p in document.paragraphs if p.style.name == "RK Section"]
    assert sections == [
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
        "II. KẾT QUẢ CÔNG TÁC CHUYỂN ĐỔI SỐ",
        "III. KẾT QUẢ CÔNG TÁC TUYÊN TRUYỀN",
        "IV. CÔNG TÁC PHỐI HỢP",
        "V. HẠN CHẾ, NGUYÊN NHÂN",
        "VI. BÀI HỌC KINH NGHIỆM",
        "I. CÔNG TÁC CHUYỂN ĐỔI SỐ",
        "II. CÔNG TÁC TUYÊN TRUYỀN",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    items = [p.text for p in document.paragraphs if p.style.name == "RK Item"]
    assert items[:3] == [
        "1. Ứng dụng công nghệ thông tin trong quản lý, chỉ đạo, điều hành",
        "2. Triển khai phần mềm, ứng dụng",
        "3. Ứng dụng công nghệ thông tin trong hoạt động nghiệp vụ",
    ]
    points = [p.text for p in document.paragraphs if p.style.name == "RK Point"]
    assert points == [
        "a) Báo cáo án bằng sơ đồ tư duy",
        "b) Số hóa hồ sơ vụ án",
        "c) Tập huấn kỹ năng số",
    ]
    for paragraph in document.paragraphs:
        if paragraph.style.name in ("RK Part", "RK Section", "RK Item"):
            assert all(run_flag(paragraph, r, "bold") for r in text_runs(paragraph))


def test_page_numbers_in_the_header_from_page_two(document):
    (section,) = document.sections
    assert section.different_first_page_header_footer
    assert section._sectPr.find(qn("w:titlePg")) is not None
    header = section.header
    assert not header.is_linked_to_previous
    instructions = [t.text.strip() for t in header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    kinds = [c.get(qn("w:fldCharType")) for c in header._element.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    (number,) = header.paragraphs
    assert para_format(number, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header
    assert not list(first._element.iter(qn("w:instrText"))), "no number on the first page"


def test_body_ends_with_the_closing_mark(document):
    last = body_paragraphs(document)[-1]
    assert last.text.startswith("Trên đây là báo cáo tổng kết công tác chuyển đổi số")
    assert last.text.endswith("của Viện kiểm sát nhân dân tỉnh Thanh Hóa./.")
    # the signature table comes right after the body's last paragraph
    assert last._p.getnext().tag == qn("w:tbl")


def test_recipients_and_signature(document):
    table = document.tables[-1]
    assert set(_borders(table).values()) == {"nil"}
    recipients, signer = table.rows[0].cells
    heading, *items = [p for p in recipients.paragraphs if p.text]
    assert heading.text == "Nơi nhận:"
    assert all(
        run_flag(heading, r, "bold")
        and run_flag(heading, r, "italic")
        and run_size(document, heading, r) == 12
        for r in heading.runs
    )
    assert [p.text for p in items] == [
        "- VKSND tối cao (để báo cáo);",
        "- Thường trực Tỉnh ủy Thanh Hóa (để báo cáo);",
        "- Lãnh đạo VKSND tỉnh;",
        "- Các phòng trực thuộc VKSND tỉnh;",
        "- Các VKSND khu vực;",
        "- Lưu: VT, VP.",
    ]
    assert all(run_size(document, p, r) == 11 for p in items for r in p.runs)
    title, name = [p for p in signer.paragraphs if p.text]
    assert title.text == "VIỆN TRƯỞNG" and name.text == "Trần Thế Kính"
    for paragraph in (title, name):
        assert all(run_flag(paragraph, r, "bold") for r in paragraph.runs)
        assert para_format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


# -- what the report says ---------------------------------------------------------------------


def full_text(document) -> str:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [p.text for cell in table._cells for p in cell.paragraphs]
    return "\n".join(texts)


def test_holds_the_articles_figures(document):
    text = full_text(document)
    sentence = find(document, "đã ký số").text
    assert "đã ký số 3.316/3.429 văn bản trước khi ban hành, đạt tỷ lệ 96,7%" in sentence
    assert sentence.startswith("Năm 2025, VKSND hai cấp đã phát hành 3.429 văn bản")
    mind_maps = find(document, "sơ đồ tư duy đối với").text
    assert "394 vụ" in mind_maps and "247 vụ án hình sự, 147 vụ án dân sự" in mind_maps
    assert "đạt tỷ lệ 100%" in text
    assert "“Phòng họp không giấy”" in text and "“Sổ tay đảng viên điện tử”" in text
    assert "VNPT Thanh Hóa" in text


def test_says_the_change_against_the_previous_year(document):
    portal = find(document, "^Trang thông tin điện tử của .* đã đăng tải").text
    assert "486 tin, bài (tăng 12,5% so với năm 2024)" in portal
    signed = find(document, "đã ký số").text
    assert "(tăng 4,7 điểm phần trăm so với năm 2024)" in signed
    briefings = find(document, "họp báo").text
    assert "(không thay đổi so với năm 2024)" in briefings
    meetings = find(document, "^Trong năm, đã tổ chức").text
    assert meetings == (
        "Trong năm, đã tổ chức 46 cuộc họp không giấy (năm 2024 chưa có) và 58 hội nghị "
        "trực tuyến (tăng 13,7% so với năm 2024)."
    ), "each figure has its own comparison: last year had no paperless meeting"


def test_lists_agreements_tasks_and_tables(document):
    text = full_text(document)
    assert "1. Quy chế phối hợp với Báo và Phát thanh, truyền hình Thanh Hóa" in text
    assert "thực hiện trong giai đoạn 2025–2030" in text
    task = find(document, "^1. Rà soát|^2. Rà soát").text
    assert "(đơn vị thực hiện: Văn phòng VKSND tỉnh; thời hạn hoàn thành: 30/06/2026)" in task
    target = find(document, "quán triệt sâu rộng").text
    assert "chỉ tiêu: 100% công chức, kiểm sát viên được tập huấn" in target
    captions = [p.text for p in document.paragraphs if p.style.name == "RK Caption"]
    assert captions == [
        "Bảng 1. Phần mềm, ứng dụng đang sử dụng",
        "Bảng 2. Một số chỉ tiêu về chuyển đổi số năm 2025",
        "Bảng 3. Một số chỉ tiêu về công tác tuyên truyền năm 2025",
    ]
    indicators = document.tables[2]
    assert [c.text for c in indicators.rows[0].cells] == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Năm 2024",
        "Năm 2025",
        "So với năm 2024",
    ]
    signed = next(r for r in indicators.rows if r.cells[1].text.startswith("Văn bản được ký số"))
    assert [c.text for c in signed.cells[2:]] == ["văn bản", "2.951", "3.316", "tăng 12,4%"]
    assert set(_borders(indicators).values()) == {"single"}


def test_chart_of_the_rates_is_an_inline_picture(rendered, document):
    (shape,) = document.inline_shapes
    assert round(mm(shape.width)) == 150
    (data,) = [v for k, v in rendered.documents.items() if k.endswith(".docx")]
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        (name,) = [n for n in package.namelist() if n.startswith("word/media/")]
        picture = Image.open(io.BytesIO(package.read(name)))
    assert picture.format == "PNG" and picture.width > 1000
    caption = find(document, "^Biểu đồ 1")
    assert caption.text == "Biểu đồ 1. Một số tỷ lệ chủ yếu về chuyển đổi số năm 2025"


def test_no_tag_or_none_left_in_the_text(document, minimal):
    for doc in (document, minimal):
        text = full_text(doc)
        assert "{{" not in text and "{%" not in text
        assert "None" not in text


def test_missing_figures_leave_their_sentences_out(minimal):
    text = full_text(minimal)
    for broken in ("()", " ,", " .", "đạt tỷ lệ .", ": .", "  "):
        assert broken not in text, broken
    sections = [p.text for p in minimal.paragraphs if p.style.name == "RK Section"]
    assert sections == ["I. KẾT QUẢ CÔNG TÁC CHUYỂN ĐỔI SỐ", "II. KẾT QUẢ CÔNG TÁC TUYÊN TRUYỀN"]
    assert "Phần thứ hai" not in text, "no tasks, no proposals: no empty part"
    assert body_paragraphs(minimal)[-1].text == (
        "Trên đây là báo cáo tổng kết công tác chuyển đổi số và công tác tuyên truyền năm 2025 "
        "của Viện kiểm sát nhân dân khu vực 1 - Thanh Hóa./."
    )
    issued = find(minimal, "đã phát hành").text
    assert issued == (
        "Năm 2025, Viện kiểm sát nhân dân khu vực 1 - Thanh Hóa đã phát hành 500 văn bản trên "
        "hệ thống quản lý văn bản và điều hành."
    )
    assert "so với năm 2024" not in text
    dti = find(minimal, "DTI\\) ngành").text
    assert dti.endswith("năm 2025 của đơn vị đạt 71,5 điểm."), "no trailing zero, no last year"
    portal = find(minimal, "^Có .* Trang thông tin điện tử").text
    assert (
        portal == "Có 40 tin, bài về hoạt động của đơn vị được đăng trên Trang thông tin điện tử."
    )
    assert not minimal.inline_shapes, "no rates, no chart"
    agency = [p.text for p in minimal.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert agency == [
        "VIỆN KIỂM SÁT NHÂN DÂN",
        "TỈNH THANH HÓA",
        "VIỆN KIỂM SÁT NHÂN DÂN",
        "KHU VỰC 1 - THANH HÓA",
    ]
    recipients = [p.text for p in minimal.tables[-1].rows[0].cells[0].paragraphs if p.text]
    assert recipients == ["Nơi nhận:", "- Lưu: VT."]
    signer = [p.text for p in minimal.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert signer == ["VIỆN TRƯỞNG", "Lê Văn An"]


def test_markup_in_the_data_is_printed_as_typed(tmp_path):
    source = SAMPLE.read_text(encoding="utf-8").replace(
        "- Các VKSND khu vực", '- "Sở Tư pháp & Công an <tỉnh> {{ year }}"'
    )
    path = tmp_path / "unit.yaml"
    path.write_text(source, encoding="utf-8")
    document = _docx_of(build_report(path))
    recipients = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs]
    assert "- Sở Tư pháp & Công an <tỉnh> {{ year }};" in recipients


# -- LibreOffice: the pages a person prints ----------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_prints_a4_pages_numbered_from_page_two(rendered, tmp_path):
    (data,) = [v for k, v in rendered.documents.items() if k.endswith(".docx")]
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(data)
    [pdf] = convert([source])
    pages, sizes = pdf_pages(pdf)
    assert 4 <= pages <= 10
    assert len(sizes) == pages
    assert all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for w, h in sizes)

    first = pdf_text(pdf, 1)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "BÁO CÁO" in first
    assert first.strip().splitlines()[0].strip() != "1", "no page number on the first page"
    assert pdf_text(pdf, 2).strip().splitlines()[0].strip() == "2"
    last = pdf_text(pdf, pages)
    assert "Nơi nhận:" in last and "Trần Thế Kính" in last


@pytest.mark.libreoffice
def test_template_saved_again_by_libreoffice_renders_the_same_text(document, tmp_path):
    """An author who opens the template in an office suite and saves it loses nothing."""
    template = ROOT / "templates" / "cds" / "report.docx"
    [saved] = convert([template], "docx:MS Word 2007 XML", tmp_path / "saved")
    again = _docx_of(build_report(SAMPLE, templates={"report": saved}))
    assert [p.text for p in body_paragraphs(again)] == [p.text for p in body_paragraphs(document)]


# -- the chart picture ---------------------------------------------------------------------


def _bar_lengths(png: bytes) -> list[int]:
    """The length in pixels of each dark blue bar, top to bottom."""
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    lengths, previous = [], 0
    for y in range(picture.height):
        length = sum(1 for x in range(picture.width) if picture.getpixel((x, y)) == (31, 78, 121))
        if length and not previous:
            lengths.append(length)
        previous = length
    return lengths


def test_bar_chart_draws_one_bar_per_rate_in_proportion():
    rows = [
        {"label": "Tỷ lệ văn bản được ký số", "rate": 0.5},
        {"label": "Không có số liệu", "rate": None},
        {"label": "Tỷ lệ văn bản hành chính xử lý hoàn toàn trên hệ thống", "rate": 1.0},
    ]
    png = bar_chart(rows)
    picture = Image.open(io.BytesIO(png))
    assert picture.format == "PNG"
    assert picture.width == 1200  # 150 mm at 8 px/mm
    assert round(picture.info["dpi"][0]) == 203
    half, full = _bar_lengths(png)
    assert abs(half / full - 0.5) < 0.01


def test_bar_chart_reads_attributes_and_scales_above_one():
    class Row:
        def __init__(self, name, share):
            self.name, self.share = name, share

    half, full = _bar_lengths(bar_chart([Row("a", 0.75), Row("b", 1.5)], "name", "share"))
    assert abs(half / full - 0.5) < 0.01


def test_bar_chart_without_values_says_so():
    png = bar_chart([{"label": "x", "rate": None}])
    assert _bar_lengths(png) == []
    assert Image.open(io.BytesIO(png)).height < 200


def test_without_any_font_file_pillows_own_font_still_draws(monkeypatch):
    """A machine without a single usable font file still gets a chart, not an error."""
    from reportkit import charts

    monkeypatch.setattr(charts, "_candidates", lambda bold: ("/nonexistent/font.ttf",))
    assert font_file("Tỷ lệ văn bản được ký số", False) is None
    png = bar_chart([{"label": "Tỷ lệ văn bản được ký số", "rate": 0.5}])
    assert len(_bar_lengths(png)) == 1


def test_bar_chart_is_a_template_filter():
    template = make_environment().from_string("{{ (rows | bar_chart)[:8] == signature }}")
    rows = [{"label": "Tỷ lệ", "rate": 0.967}]
    assert template.render(rows=rows, signature=b"\x89PNG\r\n\x1a\n") == "True"


# -- nothing said twice, nothing numbered alone ----------------------------------------------


def _sample_report(tmp_path, name: str, edit=lambda text: text) -> list[str]:
    path = tmp_path / name
    path.write_text(edit((ROOT / "samples" / name).read_text(encoding="utf-8")), "utf-8")
    return [p.text for p in _docx_of(build_report(path)).paragraphs]


def test_an_agreement_whose_title_names_its_period_does_not_repeat_it(tmp_path):
    texts = _sample_report(tmp_path, "lai-chau-2025.yaml")
    [rules] = [t for t in texts if t.startswith("Quy chế phối hợp tuyên truyền")]
    assert "giai đoạn 2026 - 2030 được ký kết" in rules and "2026–2030" not in rules
    [programme] = [t for t in texts if t.startswith("Chương trình phối hợp giữa")]
    assert "thực hiện trong giai đoạn 2026–2030" in programme  # its title does not say it


def test_limitations_without_causes_stand_under_their_own_heading(tmp_path):
    texts = _sample_report(
        tmp_path,
        "thanh-hoa-2025.yaml",
        lambda text: re.sub(r"\n  causes:.*?\n(?=  \w)", "\n", text, flags=re.S),
    )
    assert "V. HẠN CHẾ" in texts and "V. HẠN CHẾ, NGUYÊN NHÂN" not in texts
    assert "1. Hạn chế" not in texts and "2. Nguyên nhân" not in texts
