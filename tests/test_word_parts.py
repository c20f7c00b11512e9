"""Every text part is a template: headers, footers, footnotes, endnotes, text boxes."""

from __future__ import annotations

import io
import zipfile

import docx
from word_helpers import part_xml, reopen, save

from reportkit.word import WordTemplate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_headers_and_footers_first_even_and_default(tmp_path):
    doc = docx.Document()
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "Mặc định {{ don_vi }}"
    section.even_page_header.paragraphs[0].text = "Trang chẵn {{ don_vi }}"
    section.first_page_header.paragraphs[0].text = "Trang đầu {{ don_vi }}"
    section.footer.paragraphs[0].text = "Chân {{ nam }}"
    section.even_page_footer.paragraphs[0].text = "Chân chẵn {{ nam }}"
    section.first_page_footer.paragraphs[0].text = "Chân đầu {{ nam }}"
    doc.add_paragraph("Thân")
    out = reopen(
        WordTemplate(save(doc, tmp_path / "t.docx")).render({"don_vi": "VKS", "nam": 2025})
    )
    section = out.sections[0]
    assert section.header.paragraphs[0].text == "Mặc định VKS"
    assert section.even_page_header.paragraphs[0].text == "Trang chẵn VKS"
    assert section.first_page_header.paragraphs[0].text == "Trang đầu VKS"
    assert section.footer.paragraphs[0].text == "Chân 2025"
    assert section.even_page_footer.paragraphs[0].text == "Chân chẵn 2025"
    assert section.first_page_footer.paragraphs[0].text == "Chân đầu 2025"


def _with_notes(path):
    """Add footnotes.xml and endnotes.xml (python-docx cannot) with a tag in each."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    for kind in ("footnote", "endnote"):
        parts[f"word/{kind}s.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:{kind}s xmlns:w="{W}"><w:{kind} w:id="1"><w:p><w:r><w:t>Nguồn: {{{{ nguon'
            f"</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t> }}}}</w:t></w:r></w:p></w:{kind}>"
            f"</w:{kind}s>"
        ).encode()
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            f'<Override PartName="/word/{kind}s.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"/></Types>'.encode(),
        )
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def test_footnotes_and_endnotes_are_templates(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Thân")
    path = _with_notes(save(doc, tmp_path / "t.docx"))
    data = WordTemplate(path).render({"nguon": "Báo Thanh Hóa"})
    for name in ("word/footnotes.xml", "word/endnotes.xml"):
        assert "Nguồn: Báo Thanh Hóa" in part_xml(data, name)


def test_text_box_is_a_template(tmp_path):
    doc = docx.Document()
    run = doc.add_paragraph("Trước ").add_run()
    box = docx.oxml.parse_xml(
        f'<w:pict xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml">'
        '<v:shape style="width:200pt;height:40pt"><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>Hộp: {{ hop</w:t></w:r><w:r><w:t> }}</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict>"
    )
    run._r.append(box)
    data = WordTemplate(save(doc, tmp_path / "t.docx")).render({"hop": "Nội dung & hộp"})
    xml = part_xml(data)
    assert "Hộp: Nội dung &amp; hộp" in xml


def test_parts_without_tags_are_copied_byte_for_byte(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("{{ a }}")
    path = save(doc, tmp_path / "t.docx")
    data = WordTemplate(path).render({"a": 1})
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(io.BytesIO(data)) as rendered:
        assert original.namelist() == rendered.namelist()
        for name in original.namelist():
            if name != "word/document.xml":
                assert original.read(name) == rendered.read(name), name


def test_a_note_mark_repeated_by_a_loop_gets_a_note_per_copy(tmp_path):
    """Word refuses two references to one note: each copy gets its own, same text."""
    import re

    doc = docx.Document()
    doc.add_paragraph("{%p for x in items %}")
    paragraph = doc.add_paragraph("Mục {{ x }}")
    for kind in ("footnote", "endnote"):
        reference = docx.oxml.parse_xml(
            f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:{kind}Reference w:id="1"/></w:r>'
        )
        paragraph._p.append(reference)
    doc.add_paragraph("{%p endfor %}")
    path = _with_notes(save(doc, tmp_path / "t.docx"))
    data = WordTemplate(path).render({"items": [1, 2, 3], "nguon": "Báo Thanh Hóa"})
    body = part_xml(data)
    for kind in ("footnote", "endnote"):
        references = re.findall(rf'<w:{kind}Reference w:id="(\d+)"', body)
        assert len(references) == 3 and len(set(references)) == 3, kind
        notes = part_xml(data, f"word/{kind}s.xml")
        ids = re.findall(rf'<w:{kind} w:id="(\d+)"', notes)
        assert sorted(ids) == sorted(references)
        assert notes.count("Nguồn: Báo Thanh Hóa") == 3
