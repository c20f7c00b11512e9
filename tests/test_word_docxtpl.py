"""An existing docxtpl template renders the same text with reportkit."""

from __future__ import annotations

import io

import docx
import pytest
from docxtpl import DocxTemplate
from word_helpers import reopen, save, split_paragraph

from reportkit.errors import TemplateError
from reportkit.word import WordTemplate


def _visible(doc) -> tuple[list[str], list[list[list[str]]], str]:
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    header = doc.sections[0].header.paragraphs[0].text
    return [p.text for p in doc.paragraphs], tables, header


def test_same_text_as_docxtpl(tmp_path):
    doc = docx.Document()
    split_paragraph(doc, "BÁO CÁO NĂM {{ na", ("m }}", {"bold": True}))
    doc.add_paragraph("{%p for kq in ket_qua %}")
    doc.add_paragraph("{{ loop.index }}. {{ kq.noi_dung }}: {{ kq.so }} ({{ kq.ty_le }}%)")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if co_kien_nghi %}")
    doc.add_paragraph("Kiến nghị: {{ kien_nghi|upper }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Tổng: {% if tong > 100 %}nhiều{% else %}ít{% endif %}{# ghi chú #}")
    doc.add_paragraph("{#p chỉ dành cho người soạn #}")
    table = doc.add_table(rows=4, cols=3)
    for j, text in enumerate(["STT", "Đơn vị", "Tỷ lệ"]):
        table.cell(0, j).text = text
    table.cell(1, 0).text = "{%tr for dv in don_vi %}"
    table.cell(2, 0).text = "{{ loop.index }}"
    table.cell(2, 1).text = "{{ dv[0] }}"
    table.cell(2, 2).text = "{{ '%.1f'|format(dv[1]) }}"
    table.cell(3, 0).text = "{%tr endfor %}"
    columns = doc.add_table(rows=1, cols=4)
    columns.cell(0, 0).text = "Năm"
    columns.cell(0, 1).text = "{%tc for y in years %}"
    columns.cell(0, 2).text = "{{ y }}"
    columns.cell(0, 3).text = "{%tc endfor %}"
    doc.add_paragraph("Các đơn vị:")
    doc.add_paragraph("{%- for dv in don_vi %} {{ dv[0] }}{% endfor %}")
    doc.sections[0].header.paragraphs[0].text = "{{ co_quan }} - {{ nam }}"
    path = save(doc, tmp_path / "t.docx")
    context = {
        "nam": 2025,
        "co_quan": "VKSND tỉnh Thanh Hóa",
        "ket_qua": [
            {"noi_dung": "Văn bản ký số", "so": 3316, "ty_le": 96.7},
            {"noi_dung": "Sơ đồ tư duy", "so": 394, "ty_le": 100},
        ],
        "co_kien_nghi": True,
        "kien_nghi": "tăng cường tập huấn",
        "tong": 394,
        "don_vi": [["Phòng 1", 97.13], ["Phòng 2", 95.0], ["VKSND khu vực 1", 88.25]],
        "years": [2023, 2024, 2025],
    }
    theirs = DocxTemplate(path)
    theirs.render(context)
    buffer = io.BytesIO()
    theirs.save(buffer)
    ours = reopen(WordTemplate(path).render(context))
    assert _visible(ours) == _visible(docx.Document(io.BytesIO(buffer.getvalue())))
    assert _visible(ours)[0][:3] == [
        "BÁO CÁO NĂM 2025",
        "1. Văn bản ký số: 3316 (96.7%)",
        "2. Sơ đồ tư duy: 394 (100%)",
    ]


def _both(path, context) -> tuple[list[str], list[str]]:
    theirs = DocxTemplate(path)
    theirs.render(context)
    buffer = io.BytesIO()
    theirs.save(buffer)
    ours = reopen(WordTemplate(path).render(context))
    return [p.text for p in ours.paragraphs], [
        p.text for p in docx.Document(io.BytesIO(buffer.getvalue())).paragraphs
    ]


def test_docxtpl_escapes_print_tag_marks(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Gõ {_{ ten }_} để in tên {{ ten }}; khối: {_% if x %_}…{_% endif %_}")
    doc.add_paragraph("Chỉ có dấu: {_{ }_}")
    ours, theirs = _both(save(doc, tmp_path / "t.docx"), {"ten": "Lan"})
    assert ours == theirs
    assert ours == [
        "Gõ {{ ten }} để in tên Lan; khối: {% if x %}…{% endif %}",
        "Chỉ có dấu: {{ }}",
    ]


def test_docxtpl_escapes_in_a_part_without_tags(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Ví dụ: {_{ nam }_}")
    ours, theirs = _both(save(doc, tmp_path / "t.docx"), {})
    assert ours == theirs == ["Ví dụ: {{ nam }}"]


def test_the_escape_filter_prints_the_characters_as_docxtpl_does(tmp_path):
    doc = docx.Document()
    doc.add_paragraph('{{ v|e }} {{ "<b>"|escape }}')
    ours, theirs = _both(save(doc, tmp_path / "t.docx"), {"v": 'A "B" & <C>'})
    assert ours == theirs == ['A "B" & <C> <b>']


def test_a_docxtpl_users_own_filters_are_passed_to_the_template(tmp_path):
    import jinja2

    def initials(name: str) -> str:
        return "".join(word[0] for word in name.split())

    doc = docx.Document()
    doc.add_paragraph("{{ ten|initials }} – {{ nam }}")
    path = save(doc, tmp_path / "t.docx")
    env = jinja2.Environment()
    env.filters["initials"] = initials
    theirs = DocxTemplate(path)
    theirs.render({"ten": "Viện kiểm sát nhân dân", "nam": 2025}, env)
    template = WordTemplate(path, filters={"initials": initials})
    assert template.check({"ten": "x", "nam": 1}) == []
    out = reopen(template.render({"ten": "Viện kiểm sát nhân dân", "nam": 2025}))
    assert out.paragraphs[0].text == theirs.docx.paragraphs[0].text == "Vksnd – 2025"
    with pytest.raises(TemplateError, match="unknown filter 'initials'"):
        WordTemplate(path).render({"ten": "x", "nam": 1})


def test_a_bell_character_starts_a_new_paragraph_as_in_docxtpl(tmp_path):
    from docxtpl import Listing as TheirListing
    from docxtpl import RichText as TheirRichText

    from reportkit.word import Listing, RichText

    doc = docx.Document()
    doc.add_paragraph("Đầu: {{ a }} cuối", style="List Bullet")
    doc.add_paragraph("{{r b }}")
    path = save(doc, tmp_path / "t.docx")
    theirs = DocxTemplate(path)
    theirs.render({"a": TheirListing("một\ahai\aba"), "b": TheirRichText("x\ay", bold=True)})
    ours = reopen(
        WordTemplate(path).render({"a": Listing("một\ahai\aba"), "b": RichText("x\ay", bold=True)})
    )
    assert [p.text for p in ours.paragraphs] == [p.text for p in theirs.docx.paragraphs]
    assert [p.text for p in ours.paragraphs] == ["Đầu: một", "hai", "ba cuối", "x", "y"]
    assert {p.style.name for p in ours.paragraphs[:3]} == {"List Bullet"}
    assert ours.paragraphs[4].runs[0].bold
