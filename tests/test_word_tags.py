"""Tags as editors leave them: split into runs, wrapped in noise, with smart quotes."""

from __future__ import annotations

import io

import docx
import pytest
from docx.shared import RGBColor
from word_helpers import insert_after_run, part_xml, render, save, split_paragraph, texts

from reportkit.errors import TemplateError
from reportkit.word import WordTemplate


def test_tag_split_across_runs_with_different_formatting_takes_first_character_format(tmp_path):
    doc = docx.Document()
    split_paragraph(doc, "Năm ", ("{{ na", {"bold": True}), ("m }}", {"italic": True}), " xong")
    out = render(save(doc, tmp_path / "t.docx"), {"nam": 2025})
    paragraph = out.paragraphs[0]
    assert paragraph.text == "Năm 2025 xong"
    value_run = next(r for r in paragraph.runs if "2025" in r.text)
    assert value_run.bold is True and value_run.italic is None


def test_tag_cut_at_every_character_still_renders(tmp_path):
    doc = docx.Document()
    tag = "{{ don_vi }}"
    split_paragraph(doc, *tag)
    out = render(save(doc, tmp_path / "t.docx"), {"don_vi": "VKSND tỉnh Thanh Hóa"})
    assert texts(out) == ["VKSND tỉnh Thanh Hóa"]


def test_noise_inside_a_tag_is_dropped(tmp_path):
    doc = docx.Document()
    p = split_paragraph(doc, "Số: {{ so", "_van", "_ban }} văn bản")
    insert_after_run(p, 0, "w:proofErr", **{"w:type": "spellStart"})
    insert_after_run(p, 1, "w:bookmarkStart", **{"w:id": "7", "w:name": "dau"})
    insert_after_run(p, 2, "w:bookmarkEnd", **{"w:id": "7"})
    insert_after_run(p, 1, "w:proofErr", **{"w:type": "spellEnd"})
    out_bytes = WordTemplate(save(doc, tmp_path / "t.docx")).render({"so_van_ban": "3.316"})
    from word_helpers import reopen

    assert texts(reopen(out_bytes)) == ["Số: 3.316 văn bản"]
    assert "bookmarkStart" not in part_xml(out_bytes)


def test_revision_wrappers_inside_a_tag(tmp_path):
    doc = docx.Document()
    p = split_paragraph(doc, "{{ ten", "_don", "_vi }}")
    ins = insert_after_run(p, 0, "w:ins", **{"w:id": "1", "w:author": "A"})
    ins.append(p.runs[1]._r)
    deleted = insert_after_run(p, 0, "w:del", **{"w:id": "2", "w:author": "A"})
    deleted.append(
        docx.oxml.parse_xml(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:delText>cũ</w:delText></w:r>"
        )
    )
    out = render(save(doc, tmp_path / "t.docx"), {"ten_don_vi": "Phòng 1"})
    assert texts(out) == ["Phòng 1"]


def test_smart_quotes_typed_inside_a_tag_become_plain(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("{{\u00a0ten\u200b|default(“không có”) }} – “giữ nguyên”")
    out = render(save(doc, tmp_path / "t.docx"), {}, strict=False)
    assert texts(out) == ["không có – “giữ nguyên”"]


def test_values_are_escaped_and_following_paragraphs_survive(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("{{ a }}")
    doc.add_paragraph("Sau đó")
    value = "A & B <c> \"d\" 'e' ]]> \x01"
    out = render(save(doc, tmp_path / "t.docx"), {"a": value})
    assert texts(out) == ["A & B <c> \"d\" 'e' ]]> ", "Sau đó"]


def test_newline_becomes_break_and_tab_a_tab(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("x{{ a }}y")
    data = WordTemplate(save(doc, tmp_path / "t.docx")).render({"a": "một\nhai\tba"})
    xml = part_xml(data)
    assert "<w:br/>" in xml and "<w:tab/>" in xml
    from word_helpers import reopen

    assert texts(reopen(data)) == ["xmột\nhai\tbay"]


def test_numbers_none_and_spaces(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("[{{ n }}] [{{ f }}] [{{ none }}] [{{ s }}]")
    out = render(save(doc, tmp_path / "t.docx"), {"n": 3316, "f": 96.7, "none": None, "s": "  a  "})
    assert texts(out) == ["[3316] [96.7] [] [  a  ]"]


def test_paragraph_loop_and_condition(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Trước")
    doc.add_paragraph("{%p for x in items %}")
    doc.add_paragraph("{{ loop.index }}. {{ x }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if show %}")
    doc.add_paragraph("Hiện")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Ẩn")
    doc.add_paragraph("{%p endif %}")
    out = render(save(doc, tmp_path / "t.docx"), {"items": ["a", "b", "c"], "show": False})
    assert texts(out) == ["Trước", "1. a", "2. b", "3. c", "Ẩn"]


def test_inline_statements_and_comments(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Kết quả: {% if rate >= 90 %}đạt{% else %}chưa đạt{% endif %}{# ghi chú #}.")
    doc.add_paragraph("{#p đoạn này là ghi chú cho người soạn #}")
    doc.add_paragraph("Cuối")
    out = render(save(doc, tmp_path / "t.docx"), {"rate": 96.7})
    assert texts(out) == ["Kết quả: đạt.", "Cuối"]


def test_run_level_statement_keeps_text_around_it(tmp_path):
    doc = docx.Document()
    split_paragraph(doc, ("Có ", {"bold": True}), "{%r if ok %}", "X", "{%r endif %}", " hết")
    out = render(save(doc, tmp_path / "t.docx"), {"ok": False})
    assert texts(out) == ["Có  hết"]
    assert out.paragraphs[0].runs[0].bold is True


def test_whitespace_control_merges_paragraphs_like_docxtpl(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Các đơn vị:")
    doc.add_paragraph("{%- for x in items %} {{ x }}{% endfor %}")
    out = render(save(doc, tmp_path / "t.docx"), {"items": ["A", "B"]})
    assert texts(out) == ["Các đơn vị: A B"]


def test_paragraph_level_value_builds_a_paragraph(tmp_path):
    doc = docx.Document()
    p = doc.add_paragraph("{{p doan }}", style="Heading 1")
    p.runs[0].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    doc.add_paragraph("Sau")
    out = render(save(doc, tmp_path / "t.docx"), {"doan": "Tiêu đề & mục"})
    assert texts(out) == ["Tiêu đề & mục", "Sau"]
    assert out.paragraphs[0].style.name == "Heading 1"
    assert out.paragraphs[0].runs[0].font.color.rgb == RGBColor(0x12, 0x34, 0x56)


def test_tag_spanning_two_paragraphs_is_an_error_with_place(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Đầu")
    doc.add_paragraph("Năm {{ na")
    doc.add_paragraph("m }}")
    template = WordTemplate(save(doc, tmp_path / "t.docx"))
    [problem] = template.check()
    assert "not closed in its paragraph" in str(problem)
    assert "word/document.xml, paragraph 2 (“Năm {{ na”)" in str(problem)
    with pytest.raises(TemplateError, match="paragraph 2"):
        template.render({"nam": 1})


def test_xml_space_preserved_where_tags_were(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("{{ a }}")
    xml = part_xml(WordTemplate(save(doc, tmp_path / "t.docx")).render({"a": "  hai  "}))
    assert '<w:t xml:space="preserve">  hai  </w:t>' in xml


def test_template_is_sandboxed(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("{{ x.__class__.__mro__[1].__subclasses__() }}")
    template = WordTemplate(save(doc, tmp_path / "t.docx"))
    with pytest.raises(TemplateError) as raised:
        template.render({"x": "a"})
    assert "paragraph 1" in str(raised.value)


def test_dict_keys_read_as_attributes_keep_jinja_meaning(tmp_path):
    """``row.name`` reads the key, ``row.items`` is still the method, ``row.__class__``
    is still refused, and a missing key is still an undefined name."""
    doc = docx.Document()
    doc.add_paragraph("{{ row.ten }}|{{ row.items() | list | length }}|{{ row._rieng }}")
    doc.add_paragraph("{{ row.__class__ }}")
    template = WordTemplate(save(doc, tmp_path / "t.docx"))
    row = {"ten": "Phòng 1", "items": "không phải phương thức", "_rieng": 7}
    with pytest.raises(TemplateError, match="paragraph 2"):
        template.render({"row": row})

    doc = docx.Document()
    doc.add_paragraph("{{ row.ten }}|{{ row.items() | list | length }}|{{ row._rieng }}")
    doc.add_paragraph("{{ row.thieu }}")
    template = WordTemplate(save(doc, tmp_path / "u.docx"))
    with pytest.raises(TemplateError, match="undefined variable: row.thieu"):
        template.render({"row": row})

    lenient = WordTemplate(save(doc, tmp_path / "u.docx"), strict=False)
    assert texts(docx.Document(io.BytesIO(lenient.render({"row": row})))) == [
        "Phòng 1|3|7",
        "",
    ]


def test_random_splits_and_noise_never_change_the_text(tmp_path):
    import random

    rng = random.Random(20251231)
    text = (
        "Năm {{ nam }}, {{ don_vi|upper }} ký số {{ so }} văn bản"
        "{% if so > 3000 %} (vượt){% endif %}."
    )
    expected = "Năm 2025, VKSND HAI CẤP ký số 3316 văn bản (vượt)."
    noise = ["w:proofErr", "w:bookmarkStart", "w:bookmarkEnd", "w:permStart"]
    doc = docx.Document()
    for _ in range(30):
        cuts = sorted(rng.sample(range(1, len(text)), 8))
        pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        formats = [{"bold": rng.random() < 0.5, "italic": rng.random() < 0.3} for _ in pieces]
        paragraph = split_paragraph(doc, *zip(pieces, formats, strict=True))
        for index in sorted(rng.sample(range(len(pieces)), 3), reverse=True):
            insert_after_run(paragraph, index, rng.choice(noise), **{"w:id": str(index)})
    context = {"nam": 2025, "don_vi": "VKSND hai cấp", "so": 3316}
    assert texts(render(save(doc, tmp_path / "t.docx"), context)) == [expected] * 30


def test_run_level_value_and_comment(tmp_path):
    from reportkit.word import RichText

    doc = docx.Document()
    split_paragraph(doc, "A ", ("{{r kq }}", {"italic": True}), "{#r bỏ #}", " B {{r so }}")
    out = render(save(doc, tmp_path / "t.docx"), {"kq": RichText("đạt", bold=True), "so": 5})
    assert texts(out) == ["A đạt B 5"]
    rich = next(r for r in out.paragraphs[0].runs if r.text == "đạt")
    assert rich.bold is True and rich.italic is True


def test_raw_blocks_keep_the_tags_inside_as_typed(tmp_path):
    """What docxtpl gives: the text between {% raw %} and {% endraw %} is left as it is,
    level markers included, also when the block spans paragraphs."""
    doc = docx.Document()
    split_paragraph(doc, "{% raw %}{{ x }} và ", "{% if %}{% end", "raw %} {{ y }}")
    doc.add_paragraph("{% raw %}{{p khong }}")
    doc.add_paragraph("{{ z }}{% endraw %}{{ y }}")
    out = render(save(doc, tmp_path / "t.docx"), {"y": 5})
    assert texts(out) == ["{{ x }} và {% if %} 5", "{{p khong }}", "{{ z }}5"]
