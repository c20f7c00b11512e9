"""Templates as LibreOffice writes them, and outputs LibreOffice opens and converts."""

from __future__ import annotations

import docx
import pytest
from word_helpers import png, reopen, save, split_paragraph

from reportkit.pdf import convert
from reportkit.word import InlineImage, RichText, WordTemplate

pytestmark = pytest.mark.libreoffice


def _authored(path):
    doc = docx.Document()
    split_paragraph(doc, "Báo cáo năm {{ na", ("m }}", {"bold": True}), " của {{ don_vi }}")
    doc.add_paragraph("{%p for x in items %}")
    doc.add_paragraph("- {{ x }}")
    doc.add_paragraph("{%p endfor %}")
    table = doc.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Đơn vị"
    table.cell(0, 1).text = "Tỷ lệ"
    table.cell(1, 0).text = "{%tr for r in rows %}"
    table.cell(2, 0).text = "{{ r[0] }}"
    table.cell(2, 1).text = "{{ r[1] }}"
    table.cell(3, 0).text = "{%tr endfor %}"
    doc.sections[0].header.paragraphs[0].text = "{{ don_vi }}"
    doc.sections[0].footer.paragraphs[0].text = "Trang chân {{ nam }}"
    return save(doc, path)


CONTEXT = {
    "nam": 2025,
    "don_vi": "VKSND tỉnh Thanh Hóa",
    "items": ["Ký số 96,7% văn bản", "Phòng họp không giấy"],
    "rows": [["Phòng 1", "97,1%"], ["Phòng 2", "95,0%"]],
}


def test_template_saved_by_libreoffice_renders(tmp_path):
    (tmp_path / "src").mkdir()
    source = _authored(tmp_path / "src" / "mau.docx")
    [converted] = convert([source], "docx", outdir=tmp_path / "lo")
    out = reopen(WordTemplate(converted).render(CONTEXT))
    texts = [p.text for p in out.paragraphs if p.text]
    assert texts[:3] == [
        "Báo cáo năm 2025 của VKSND tỉnh Thanh Hóa",
        "- Ký số 96,7% văn bản",
        "- Phòng họp không giấy",
    ]
    assert [[c.text for c in r.cells] for r in out.tables[0].rows] == [
        ["Đơn vị", "Tỷ lệ"],
        ["Phòng 1", "97,1%"],
        ["Phòng 2", "95,0%"],
    ]
    assert out.sections[0].header.paragraphs[0].text == "VKSND tỉnh Thanh Hóa"


def test_outputs_convert_to_pdf(tmp_path):
    path = _authored(tmp_path / "mau.docx")
    doc = docx.Document(path)
    doc.add_paragraph("Logo {{ logo }} {{ rich }}")
    wide = doc.add_table(rows=1, cols=3)
    wide.cell(0, 0).text = "{%tc for y in years %}"
    wide.cell(0, 1).text = "{{ y }}"
    wide.cell(0, 2).text = "{%tc endfor %}"
    merged = doc.add_table(rows=3, cols=2)
    merged.cell(0, 0).text = "{%tr for r in rows %}"
    merged.cell(1, 0).text = "{% vm %}Nhóm"
    merged.cell(1, 1).text = "{{ r[0] }}"
    merged.cell(2, 0).text = "{%tr endfor %}"
    doc.save(path)
    template = WordTemplate(path)
    outputs = []
    for n in range(3):
        context = dict(
            CONTEXT,
            don_vi=f"Đơn vị {n} & <con>",
            logo=InlineImage(png(60, 30), width="30mm"),
            rich=RichText("đạt", bold=True, color="C00000"),
            years=[2023, 2024, 2025],
        )
        outputs.append(template.render_to(tmp_path / f"out{n}.docx", context))
    pdfs = convert(outputs, "pdf", outdir=tmp_path / "pdf")
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 1000
    [text] = convert([outputs[1]], "txt:Text (encoded):UTF8", outdir=tmp_path / "txt")
    content = text.read_text(encoding="utf-8-sig")
    assert "Báo cáo năm 2025 của Đơn vị 1 & <con>" in content
    assert "Phòng họp không giấy" in content


def test_content_controls_links_and_new_paragraphs_print_in_libreoffice(tmp_path):
    from pdf_helpers import pdf_text
    from test_word_content_controls import numbered_loop, wrap

    from reportkit.word import Listing

    doc = docx.Document()
    table = numbered_loop(doc)
    for index, row in enumerate([row._tr for row in table.rows], 1):
        wrap(row, index)
    doc.add_paragraph("Cổng: {{r link }}")
    doc.add_paragraph("Nhiệm vụ: {{ tasks }}")
    template = save(doc, tmp_path / "t.docx")
    out = WordTemplate(template).render_to(
        tmp_path / "out.docx",
        {
            "units": ["Phòng 1", "Phòng 2"],
            "link": RichText("vks.gov.vn", url="https://vks.gov.vn"),
            "tasks": Listing("một\ahai"),
        },
    )
    [pdf] = convert([out], "pdf", outdir=tmp_path / "pdf")
    lines = [" ".join(line.split()) for line in pdf_text(pdf).splitlines() if line.strip()]
    assert lines == ["STT", "1 Phòng 1", "2 Phòng 2", "Cổng: vks.gov.vn", "Nhiệm vụ: một", "hai"]
