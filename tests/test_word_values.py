"""Rich text and inline images, in the body, tables, headers and footers."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.shared import Mm, Pt, RGBColor
from word_helpers import part_xml, png, reopen, save, split_paragraph

from reportkit.errors import TemplateError
from reportkit.word import InlineImage, RichText, WordTemplate


def test_rich_text_runs_with_their_formatting_inherit_the_tag_font(tmp_path):
    doc = docx.Document()
    split_paragraph(doc, "Kết quả: ", ("{{ kq }}", {"name": "Times New Roman", "size": 14}), ".")
    value = RichText("đạt", bold=True, color="C00000").add(" 96,7%", italic=True, underline=True)
    value.add(" (cỡ 10)", size=10, font="Arial")
    out = reopen(WordTemplate(save(doc, tmp_path / "t.docx")).render({"kq": value}))
    paragraph = out.paragraphs[0]
    assert paragraph.text == "Kết quả: đạt 96,7% (cỡ 10)."
    runs = {r.text: r for r in paragraph.runs if r.text}
    assert runs["đạt"].bold is True
    assert runs["đạt"].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert runs["đạt"].font.name == "Times New Roman" and runs["đạt"].font.size == Pt(14)
    assert runs[" 96,7%"].italic is True and runs[" 96,7%"].underline is True
    assert runs[" (cỡ 10)"].font.size == Pt(10) and runs[" (cỡ 10)"].font.name == "Arial"


def test_rich_text_is_escaped_too():
    from reportkit.word.values import RunProps

    assert "A &amp; B &lt;c&gt;" in RichText("A & B <c>").runs_xml(RunProps())


def test_rich_text_rejects_a_bad_colour():
    with pytest.raises(TemplateError, match="hex colour"):
        RichText("x", color="đỏ")


def _image_template(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Ảnh: {{ logo }}")
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "{{ logo }}"
    doc.sections[0].header.paragraphs[0].text = "Đầu trang {{ logo }}"
    doc.sections[0].footer.paragraphs[0].text = "{{ small }}"
    return save(doc, tmp_path / "t.docx")


def test_inline_images_in_body_table_header_and_footer(tmp_path):
    image = tmp_path / "logo.png"
    image.write_bytes(png(200, 100))
    context = {"logo": InlineImage(image, width="40mm"), "small": InlineImage(png(10, 10), "1cm")}
    data = WordTemplate(_image_template(tmp_path)).render(context)
    out = reopen(data)
    body_images = out.inline_shapes
    assert len(body_images) == 2
    assert body_images[0].width == Mm(40) and body_images[0].height == Mm(20)
    header = out.sections[0].header
    assert header._element.xpath(".//a:blip")
    assert out.sections[0].footer._element.xpath(".//a:blip")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert len(media) == 2  # one media part per distinct image
        assert "image/png" in zf.read("[Content_Types].xml").decode()
        rels = zf.read("word/_rels/header1.xml.rels").decode()
        assert "media/reportkit-image" in rels


def _jpeg_header(width: int, height: int) -> bytes:
    """The start of a JPEG: JFIF at 72 dpi and a frame header with the size."""
    jfif = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00\x48\x00\x48\x00\x00"
    frame = b"\xff\xc0\x00\x11\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return b"\xff\xd8" + jfif + frame + b"\x03" + b"\x01\x22\x00" * 3 + b"\xff\xd9"


def test_image_filter_takes_a_path_from_the_data_and_reads_jpeg(tmp_path):
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(_jpeg_header(200, 100))
    doc = docx.Document()
    doc.add_paragraph("{{ anh|image(height='2cm') }}")
    data = WordTemplate(save(doc, tmp_path / "t.docx")).render({"anh": str(photo)})
    shape = reopen(data).inline_shapes[0]
    assert shape.height == Mm(20) and shape.width == Mm(40)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert any(n.endswith(".jpeg") for n in zf.namelist())
        assert 'Extension="jpeg"' in zf.read("[Content_Types].xml").decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (12, "must be a file path or bytes, not 12"),
        (b"not an image", "is not a PNG or JPEG image"),
        ("khong-co.png", "image file not found"),
    ],
)
def test_wrong_image_value_is_an_error_naming_the_place(tmp_path, value, message):
    doc = docx.Document()
    doc.add_paragraph("Đầu")
    doc.add_paragraph("Logo: {{ logo|image('30mm') }}")
    template = WordTemplate(save(doc, tmp_path / "t.docx"))
    with pytest.raises(TemplateError) as raised:
        template.render({"logo": value})
    text = str(raised.value)
    assert message in text
    assert "t.docx: word/document.xml, paragraph 2 (“Logo: {{ logo|image('30mm') }}”)" in text


def test_bad_image_size_is_an_error():
    with pytest.raises(TemplateError, match="not a length"):
        InlineImage(png(), width="rộng")._load()


def test_rich_text_takes_docxtpl_options(tmp_path):
    from reportkit.word import Listing

    doc = docx.Document()
    doc.add_paragraph("{{r a }}|{{r b }}|{{ c }}")
    value = (
        RichText("H", style="Strong")
        .add("2", subscript=True)
        .add("O", superscript=True, rtl=True, lang="vi-VN")
        .add(" nền", highlight="#FFFF00")
        .add(" vàng", highlight="yellow", font="eastAsia:Times New Roman")
    )
    link = RichText("Cổng", bold=True).add(RichText(" tin", url="https://vks.gov.vn/?a=1&b=2"))
    data = WordTemplate(save(doc, tmp_path / "t.docx")).render(
        {"a": value, "b": link, "c": Listing("một\ttab\fhai")}
    )
    xml = part_xml(data)
    assert '<w:rStyle w:val="Strong"/>' in xml
    assert '<w:vertAlign w:val="subscript"/>' in xml
    assert '<w:vertAlign w:val="superscript"/>' in xml and "<w:rtl/>" in xml
    assert '<w:lang w:val="vi-VN"/>' in xml
    assert 'w:fill="FFFF00"' in xml and '<w:highlight w:val="yellow"/>' in xml
    assert 'w:eastAsia="Times New Roman"' in xml
    assert '<w:br w:type="page"/>' in xml and "<w:tab/>" in xml
    paragraph = reopen(data).paragraphs[0]
    [hyperlink] = paragraph.hyperlinks
    assert hyperlink.address == "https://vks.gov.vn/?a=1&b=2"
    assert hyperlink.text == " tin"
    assert paragraph.text.startswith("H2O nền vàng|Cổng tin|một\ttab")


def test_an_image_sized_with_python_docx_lengths_as_docxtpl_code_does(tmp_path):
    from docx.shared import Cm, Mm

    doc = docx.Document()
    doc.add_paragraph("{{ a }}{{ b }}")
    context = {"a": InlineImage(png(40, 20), width=Mm(30)), "b": InlineImage(png(), height=Cm(2))}
    shapes = reopen(WordTemplate(save(doc, tmp_path / "t.docx")).render(context)).inline_shapes
    assert [round(shape.width.mm) for shape in shapes] == [30, 40]
    assert round(shapes[1].height.mm) == 20


def _with_logo(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(40, 20))
    doc = docx.Document()
    doc.add_paragraph("Năm {{ nam }}")
    doc.add_picture(str(logo))
    doc.sections[0].header.paragraphs[0].add_run().add_picture(str(logo))
    return save(doc, tmp_path / "t.docx"), logo


def _pictures(data: bytes) -> list[bytes]:
    document = reopen(data)
    return [
        document.part.related_parts[s._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        for s in document.inline_shapes
    ]


def test_replace_pic_and_replace_media_swap_a_picture_as_docxtpl_does(tmp_path):
    path, logo = _with_logo(tmp_path)
    new = png(80, 40)
    by_name = WordTemplate(path)
    by_name.replace_pic("logo.png", new)
    data = by_name.render({"nam": 2025})
    assert _pictures(data) == [new]
    header = reopen(data).sections[0].header.part
    assert [p.blob for p in header.related_parts.values() if "image" in p.content_type] == [new]
    assert reopen(data).inline_shapes[0].width == docx.Document(path).inline_shapes[0].width
    by_content = WordTemplate(path)
    by_content.replace_media(logo, new)
    assert _pictures(by_content.render({"nam": 2025})) == [new]
    assert _pictures(WordTemplate(path).render({"nam": 2025})) == [logo.read_bytes()]


def test_replacing_a_picture_wrongly_is_a_clear_error(tmp_path):
    path, logo = _with_logo(tmp_path)
    template = WordTemplate(path)
    with pytest.raises(TemplateError, match='no picture in the template is named "khac.png"'):
        template.replace_pic("khac.png", png())
    with pytest.raises(TemplateError, match="no picture in the template is the image"):
        template.replace_media(png(3, 3), png())
    with pytest.raises(TemplateError, match="PNG picture; the image that replaces it must be"):
        sof = b"\xff\xc0\x00\x0b\x08\x00\x10\x00\x10\x01\x01\x11\x00"
        template.replace_pic("logo.png", b"\xff\xd8" + sof + b"\xff\xd9")
