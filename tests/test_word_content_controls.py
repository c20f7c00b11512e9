"""Content controls (w:sdt) around rows, cells, paragraphs and runs, as Word-made forms
have them: tags inside them render, and loops inside or around them keep the XML valid."""

from __future__ import annotations

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from word_helpers import part_xml, reopen, save

from reportkit.word import WordTemplate


def wrap(element, sdt_id: int):
    """Put ``element`` inside a content control, where it stood."""
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    ident = OxmlElement("w:id")
    ident.set(qn("w:val"), str(sdt_id))
    pr.append(ident)
    content = OxmlElement("w:sdtContent")
    sdt.append(pr)
    sdt.append(content)
    element.addprevious(sdt)
    content.append(element)
    return sdt


def rendered(tmp_path, doc, context):
    data = WordTemplate(save(doc, tmp_path / "t.docx")).render(context)
    etree.fromstring(part_xml(data).encode())  # well-formed
    return data


def row_texts(data) -> list[list[str]]:
    """What a person sees in the first table, row by row, content controls included."""
    root = etree.fromstring(part_xml(data).encode())
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    table = root.find(".//w:tbl", ns)
    return [
        [text(cell) for cell in row.iterfind(".//w:tc", ns)]
        for row in table.iterfind(".//w:tr", ns)
    ]


def text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def test_a_row_inside_a_content_control_with_a_tag_elsewhere(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Năm {{ year }}")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Đơn vị"
    table.cell(1, 0).text = "{{ unit }}"
    wrap(table.rows[1]._tr, 1)
    data = rendered(tmp_path, doc, {"year": 2025, "unit": "Phòng 1"})
    assert reopen(data).paragraphs[0].text == "Năm 2025"
    assert row_texts(data) == [["Đơn vị", ""], ["Phòng 1", ""]]


def numbered_loop(doc):
    """A table: a header row, then a row loop numbering ``units``."""
    table = doc.add_table(rows=4, cols=2)
    table.cell(0, 0).text = "STT"
    table.cell(1, 0).text = "{%tr for u in units %}"
    table.cell(2, 0).text = "{{ loop.index }}"
    table.cell(2, 1).text = "{{ u }}"
    table.cell(3, 0).text = "{%tr endfor %}"
    return table


def test_a_row_loop_whose_rows_are_each_in_a_content_control(tmp_path):
    doc = docx.Document()
    table = numbered_loop(doc)
    for index, row in enumerate(table.rows[1:], 1):
        wrap(row._tr, index)
    data = rendered(tmp_path, doc, {"units": ["A", "B"]})
    assert row_texts(data) == [["STT", ""], ["1", "A"], ["2", "B"]]
    assert "{%" not in part_xml(data)


def test_a_row_loop_inside_one_content_control(tmp_path):
    doc = docx.Document()
    table = numbered_loop(doc)
    rows = [row._tr for row in table.rows]
    content = wrap(rows[1], 1).find(qn("w:sdtContent"))
    content.append(rows[2])
    content.append(rows[3])
    data = rendered(tmp_path, doc, {"units": ["A", "B", "C"]})
    assert row_texts(data) == [["STT", ""], ["1", "A"], ["2", "B"], ["3", "C"]]


def test_cells_in_content_controls_and_a_column_loop(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "{%tc for y in years %}"
    table.cell(0, 1).text = "{{ y }}"
    table.cell(0, 2).text = "{%tc endfor %}"
    table.cell(1, 0).text = "{{ name }}"
    for cell in (table.cell(0, 1), table.cell(1, 0)):
        wrap(cell._tc, 7)
    data = rendered(tmp_path, doc, {"years": [2024, 2025], "name": "Tổng"})
    rows = row_texts(data)
    assert rows[0] == ["2024", "2025"]
    assert rows[1][0] == "Tổng"


def test_paragraph_loop_in_content_controls_and_a_value_in_a_run_control(tmp_path):
    doc = docx.Document()
    opening = doc.add_paragraph("{%p for a in items %}")
    body = doc.add_paragraph("- {{ a }}")
    closing = doc.add_paragraph("{%p endfor %}")
    for index, paragraph in enumerate((opening, body, closing), 1):
        wrap(paragraph._p, index)
    tail = doc.add_paragraph("Người ký: ")
    run = tail.add_run("{{ signer }}")
    wrap(run._r, 9)
    data = rendered(tmp_path, doc, {"items": ["một", "hai"], "signer": "Lê Văn A"})
    texts = [text(p) for p in etree.fromstring(part_xml(data).encode()).iter(qn("w:p"))]
    assert texts == ["- một", "- hai", "Người ký: Lê Văn A"]


def test_a_paragraph_loop_around_a_content_control(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("{%p for a in items %}")
    body = doc.add_paragraph("{{ a }}")
    wrap(body._p, 3)
    doc.add_paragraph("{%p endfor %}")
    data = rendered(tmp_path, doc, {"items": ["x", "y"]})
    xml = part_xml(data)
    assert xml.count("<w:sdt>") == 2
    assert [p.text for p in reopen(data).paragraphs] == []  # python-docx skips controls
    ids = etree.fromstring(xml.encode()).iterfind(".//" + qn("w:id"))
    values = [el.get(qn("w:val")) for el in ids]
    assert len(set(values)) == len(values), "each copied control keeps a unique id"


def test_a_row_loop_over_nothing_in_controls_leaves_no_empty_table(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=3, cols=1)
    table.cell(0, 0).text = "{%tr for u in units %}"
    table.cell(1, 0).text = "{{ u }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    for index, row in enumerate([row._tr for row in table.rows], 1):
        wrap(row, index)
    doc.add_paragraph("Sau bảng")
    data = rendered(tmp_path, doc, {"units": []})
    assert "<w:tbl>" not in part_xml(data)
    assert [p.text for p in reopen(data).paragraphs] == ["Sau bảng"]


def test_ids_and_bookmark_names_the_template_repeats_are_left_as_they_are(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Năm {{ year }}")
    for index in range(2):
        paragraph = doc.add_paragraph(f"Mục {index}")
        wrap(paragraph._p, 5)  # Word's own files sometimes repeat an id
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(index))
        start.set(qn("w:name"), "_DdeLink")
        paragraph._p.append(start)
    xml = part_xml(rendered(tmp_path, doc, {"year": 2025}))
    assert xml.count('<w:id w:val="5"/>') == 2
    assert xml.count('w:name="_DdeLink"') == 2


def test_a_run_statement_inside_a_run_control(tmp_path):
    doc = docx.Document()
    paragraph = doc.add_paragraph("Kết quả: ")
    run = paragraph.add_run("{%r if ok %}đạt{%r else %}chưa đạt{%r endif %}")
    wrap(run._r, 4)
    for ok, expected in ((True, "Kết quả: đạt"), (False, "Kết quả: chưa đạt")):
        root = etree.fromstring(part_xml(rendered(tmp_path, doc, {"ok": ok})).encode())
        assert text(root.find(".//" + qn("w:p"))) == expected
