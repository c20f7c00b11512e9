"""Tables: row and column loops, conditional rows and cells, merges, nested tables."""

from __future__ import annotations

import docx
from word_helpers import part_xml, render, reopen, save

from reportkit.word import WordTemplate


def grid(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def row_loop_table(doc, marker_rows=True):
    table = doc.add_table(rows=4, cols=3)
    for j, text in enumerate(["STT", "Đơn vị", "Văn bản"]):
        table.cell(0, j).text = text
    table.cell(1, 0).text = "{%tr for dv in units %}"
    for j, text in enumerate(["{{ loop.index }}", "{{ dv.name }}", "{{ dv.docs }}"]):
        table.cell(2, j).text = text
    table.cell(3, 0).text = "{%tr endfor %}"
    return table


def test_row_loop_leaves_no_marker_rows(tmp_path):
    doc = docx.Document()
    row_loop_table(doc)
    units = [{"name": "Phòng 1", "docs": 10}, {"name": "Phòng 2", "docs": 20}]
    out = render(save(doc, tmp_path / "t.docx"), {"units": units})
    assert grid(out.tables[0]) == [
        ["STT", "Đơn vị", "Văn bản"],
        ["1", "Phòng 1", "10"],
        ["2", "Phòng 2", "20"],
    ]


def test_row_loop_over_nothing_keeps_header_and_an_all_loop_table_goes(tmp_path):
    doc = docx.Document()
    row_loop_table(doc)
    only_loop = doc.add_table(rows=3, cols=1)
    only_loop.cell(0, 0).text = "{%tr for x in units %}"
    only_loop.cell(1, 0).text = "{{ x }}"
    only_loop.cell(2, 0).text = "{%tr endfor %}"
    doc.add_paragraph("Sau bảng")
    out = render(save(doc, tmp_path / "t.docx"), {"units": []})
    assert len(out.tables) == 1
    assert grid(out.tables[0]) == [["STT", "Đơn vị", "Văn bản"]]
    assert out.paragraphs[-1].text == "Sau bảng"


def test_conditional_row_and_cell(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=4, cols=2)
    table.cell(0, 0).text = "A"
    table.cell(0, 1).text = "B"
    table.cell(1, 0).text = "{%tr if show_total %}"
    table.cell(2, 0).text = "Tổng"
    table.cell(2, 1).text = "{{ total }}"
    table.cell(3, 0).text = "{%tr endif %}"
    out = render(save(doc, tmp_path / "t.docx"), {"show_total": False, "total": 5})
    assert grid(out.tables[0]) == [["A", "B"]]
    out = render(save(doc, tmp_path / "t.docx"), {"show_total": True, "total": 5})
    assert grid(out.tables[0]) == [["A", "B"], ["Tổng", "5"]]


def test_column_loop_keeps_grid_and_widths_valid(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=5)
    table.cell(0, 0).text = "Chỉ tiêu"
    table.cell(0, 1).text = "{%tc for y in years %}"
    table.cell(0, 2).text = "Năm {{ y }}"
    table.cell(0, 3).text = "{%tc endfor %}"
    table.cell(0, 4).text = "Ghi chú"
    table.cell(1, 0).text = "Văn bản"
    table.cell(1, 1).text = "{%tc for y in years %}"
    table.cell(1, 2).text = "{{ docs[y] }}"
    table.cell(1, 3).text = "{%tc endfor %}"
    table.cell(1, 4).text = "-"
    data = WordTemplate(save(doc, tmp_path / "t.docx")).render(
        {"years": [2023, 2024, 2025, 2026], "docs": {2023: 1, 2024: 2, 2025: 3, 2026: 4}}
    )
    out = reopen(data)
    assert grid(out.tables[0]) == [
        ["Chỉ tiêu", "Năm 2023", "Năm 2024", "Năm 2025", "Năm 2026", "Ghi chú"],
        ["Văn bản", "1", "2", "3", "4", "-"],
    ]
    columns = out.tables[0]._tbl.tblGrid.gridCol_lst
    assert len(columns) == 6
    widths = {c.w for c in columns}
    assert len(widths) == 1 and 6 * widths.pop() <= table._tbl.tblGrid.gridCol_lst[0].w * 5


def test_nested_loops_rows_inside_groups(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=6, cols=2)
    table.cell(0, 0).text = "{%tr for g in groups %}"
    table.cell(1, 0).text = "{{ g.name }}"
    table.cell(2, 0).text = "{%tr for item in g.rows %}"
    table.cell(3, 1).text = "{{ item }}"
    table.cell(4, 0).text = "{%tr endfor %}"
    table.cell(5, 0).text = "{%tr endfor %}"
    groups = [{"name": "CĐS", "rows": ["a", "b"]}, {"name": "Tuyên truyền", "rows": ["c"]}]
    out = render(save(doc, tmp_path / "t.docx"), {"groups": groups})
    assert grid(out.tables[0]) == [
        ["CĐS", ""],
        ["", "a"],
        ["", "b"],
        ["Tuyên truyền", ""],
        ["", "c"],
    ]


def test_vertical_merge_across_a_row_loop(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for x in items %}"
    table.cell(1, 0).text = "{% vm %}Nhóm {{ group }}"
    table.cell(1, 1).text = "{{ x }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    data = WordTemplate(save(doc, tmp_path / "t.docx")).render({"items": [1, 2, 3], "group": "A"})
    xml = part_xml(data)
    assert xml.count('<w:vMerge w:val="restart"/>') == 1
    assert xml.count('<w:vMerge w:val="continue"/>') == 2
    out = reopen(data)
    assert [row.cells[1].text for row in out.tables[0].rows] == ["1", "2", "3"]
    assert out.tables[0].cell(0, 0).text == "Nhóm A"


def test_column_loop_keeps_the_columns_proportions(tmp_path):
    """A wide label column stays wide; each year's column is as wide as the template's
    year cell, scaled so that the table keeps its width."""
    from docx.shared import Mm

    doc = docx.Document()
    table = doc.add_table(rows=1, cols=4)
    for index, (text, width) in enumerate(
        [("Chỉ tiêu", 60), ("{%tc for y in years %}", 10), ("{{ y }}", 20), ("{%tc endfor %}", 10)]
    ):
        table.cell(0, index).text = text
        table.cell(0, index).width = Mm(width)
        table.columns[index].width = Mm(width)
    before = sum(c.w for c in table._tbl.tblGrid.gridCol_lst)
    out = render(save(doc, tmp_path / "t.docx"), {"years": [2024, 2025, 2026]})
    grid_widths = [c.w for c in out.tables[0]._tbl.tblGrid.gridCol_lst]
    assert len(grid_widths) == 4
    assert abs(sum(grid_widths) - before) <= 4
    label, *years = grid_widths
    assert max(years) - min(years) <= 1
    assert abs(label / years[0] - 3) < 0.01
    cells = out.tables[0].rows[0].cells
    assert [c.width for c in cells] == grid_widths


def test_empty_column_loop_leaves_no_row_without_cells(tmp_path):
    """A row whose only cells were a column loop over nothing goes, as a row loop's
    would; a table left with no rows goes too (Word refuses both)."""
    doc = docx.Document()
    doc.add_paragraph("Trước")
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "{%tc for y in years %}"
    table.cell(0, 1).text = "Năm {{ y }}"
    table.cell(0, 2).text = "{%tc endfor %}"
    for column, text in enumerate(("Tổng", "{{ years | length }}", "văn bản")):
        table.cell(1, column).text = text
    lone = doc.add_table(rows=1, cols=3)
    lone.cell(0, 0).text = "{%tc for y in years %}"
    lone.cell(0, 1).text = "{{ y }}"
    lone.cell(0, 2).text = "{%tc endfor %}"
    doc.add_paragraph("Sau")
    template = WordTemplate(save(doc, tmp_path / "t.docx"))
    out = reopen(template.render({"years": []}))
    assert [grid(t) for t in out.tables] == [[["Tổng", "0", "văn bản"]]]
    assert [p.text for p in out.paragraphs] == ["Trước", "Sau"]
    assert all(row.tc_lst for row in out.tables[0]._tbl.tr_lst)
    full = reopen(template.render({"years": [2025]}))
    assert [grid(t) for t in full.tables] == [[["Năm 2025"], ["Tổng", "1", "văn bản"]], [["2025"]]]


def test_horizontal_merge_across_a_column_loop(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "{%tc for y in years %}"
    table.cell(0, 1).text = "{% hm %}Các năm"
    table.cell(0, 2).text = "{%tc endfor %}"
    table.cell(1, 0).text = "{%tc for y in years %}"
    table.cell(1, 1).text = "{{ y }}"
    table.cell(1, 2).text = "{%tc endfor %}"
    data = WordTemplate(save(doc, tmp_path / "t.docx")).render({"years": [2024, 2025, 2026]})
    out = reopen(data)
    row0 = out.tables[0].rows[0]._tr.tc_lst
    assert len(row0) == 1 and row0[0].grid_span == 3
    assert [c.text for c in out.tables[0].rows[1].cells] == ["2024", "2025", "2026"]
    assert len(out.tables[0]._tbl.tblGrid.gridCol_lst) == 3


def test_cell_background_and_colspan(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "{% cellbg color %}{% colspan 2 %}Tiêu đề"
    xml = part_xml(WordTemplate(save(doc, tmp_path / "t.docx")).render({"color": "FFFF00"}))
    assert 'w:fill="FFFF00"' in xml and '<w:gridSpan w:val="2"/>' in xml


def test_row_loop_inside_a_nested_table(tmp_path):
    doc = docx.Document()
    outer = doc.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Danh sách"
    inner = outer.cell(0, 1).add_table(rows=3, cols=1)
    inner.cell(0, 0).text = "{%tr for x in items %}"
    inner.cell(1, 0).text = "{{ x }}"
    inner.cell(2, 0).text = "{%tr endfor %}"
    out = render(save(doc, tmp_path / "t.docx"), {"items": ["một", "hai"]})
    nested = out.tables[0].cell(0, 1).tables[0]
    assert grid(nested) == [["một"], ["hai"]]


def test_paragraph_condition_emptying_a_cell_leaves_a_valid_cell(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=1, cols=2)
    cell = table.cell(0, 1)
    cell.text = "{%p if note %}"
    cell.add_paragraph("{{ note }}")
    cell.add_paragraph("{%p endif %}")
    out = render(save(doc, tmp_path / "t.docx"), {"note": ""})
    assert out.tables[0].cell(0, 1)._tc.p_lst  # the schema requires a paragraph


def test_duplicated_bookmarks_and_drawings_get_unique_ids(tmp_path):
    from word_helpers import png

    doc = docx.Document()
    image = tmp_path / "logo.png"
    image.write_bytes(png())
    doc.add_paragraph("{%p for x in items %}")
    p = doc.add_paragraph("Mục {{ x }}")
    start = docx.oxml.parse_xml(
        '<w:bookmarkStart xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' w:id="0" w:name="muc"/>'
    )
    end = docx.oxml.parse_xml(
        '<w:bookmarkEnd xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' w:id="0"/>'
    )
    p._p.insert(0, start)
    p._p.append(end)
    doc.add_paragraph().add_run().add_picture(str(image))
    doc.add_paragraph("{%p endfor %}")
    xml = part_xml(WordTemplate(save(doc, tmp_path / "t.docx")).render({"items": [1, 2, 3]}))
    import re

    starts = re.findall(r'<w:bookmarkStart w:id="(\d+)" w:name="([^"]+)"', xml)
    ends = re.findall(r'<w:bookmarkEnd w:id="(\d+)"', xml)
    assert len({i for i, _ in starts}) == 3 and sorted(i for i, _ in starts) == sorted(ends)
    assert len({name for _, name in starts}) == 3
    drawing_ids = re.findall(r'<wp:docPr id="(\d+)"', xml)
    assert len(drawing_ids) == 3 and len(set(drawing_ids)) == 3


def test_a_comment_in_a_loop_stays_anchored_once(tmp_path):
    """Word refuses a comment anchored twice: the first copy keeps it, the others lose
    the marks but not their text; and the document still opens with its comment."""
    import re

    doc = docx.Document()
    doc.add_paragraph("{%p for x in items %}")
    paragraph = doc.add_paragraph("Mục {{ x }}")
    doc.add_comment(paragraph.runs, text="Kiểm tra lại số liệu", author="Phòng 1")
    doc.add_paragraph("{%p endfor %}")
    data = WordTemplate(save(doc, tmp_path / "t.docx")).render({"items": [1, 2, 3]})
    xml = part_xml(data)
    for mark in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert len(re.findall(f"<w:{mark} ", xml)) == 1, mark
    out = reopen(data)
    assert [p.text for p in out.paragraphs] == ["Mục 1", "Mục 2", "Mục 3"]
    assert [c.text for c in out.comments] == ["Kiểm tra lại số liệu"]


def test_conditional_cells(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=5)
    for row, texts in enumerate([["A", "B", "Ghi chú", "C"], ["1", "2", "{{ note }}", "3"]]):
        cells = table.rows[row].cells
        cells[0].text, cells[1].text = texts[0], "{%tc if with_note %}"
        cells[2].text, cells[3].text, cells[4].text = texts[2], "{%tc endif %}", texts[3]
    for with_note, expected in [
        (False, [["A", "C"], ["1", "3"]]),
        (True, [["A", "Ghi chú", "C"], ["1", "x", "3"]]),
    ]:
        data = WordTemplate(save(doc, tmp_path / "t.docx")).render(
            {"with_note": with_note, "note": "x"}
        )
        out = reopen(data).tables[0]
        assert grid(out) == expected
        assert len(out._tbl.tblGrid.gridCol_lst) == len(expected[0])


def test_a_cell_never_ends_with_a_table_after_markers_go(tmp_path):
    doc = docx.Document()
    outer = doc.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.text = "{%p if show %}"
    inner = cell.add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "{{ x }}"
    cell.add_paragraph("{%p endif %}")
    data = WordTemplate(save(doc, tmp_path / "t.docx")).render({"show": True, "x": "trong"})
    tc = reopen(data).tables[0].cell(0, 0)._tc
    assert tc[-1].tag.endswith("}p")
    assert reopen(data).tables[0].cell(0, 0).tables[0].cell(0, 0).text == "trong"


def test_paragraph_ids_do_not_repeat_after_a_loop(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("{%p for x in items %}")
    p = doc.add_paragraph("{{ x }}")
    p._p.set("{http://schemas.microsoft.com/office/word/2010/wordml}paraId", "1A2B3C4D")
    doc.add_paragraph("{%p endfor %}")
    xml = part_xml(WordTemplate(save(doc, tmp_path / "t.docx")).render({"items": [1, 2]}))
    assert "1A2B3C4D" not in xml and xml.count("<w:p>") >= 2


def test_a_column_span_of_zero_from_empty_data_counts_as_one(tmp_path):
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "{% colspan labels|length %}Nhóm"
    table.cell(1, 0).text = "a"
    table.cell(1, 1).text = "b"
    data = WordTemplate(save(doc, tmp_path / "t.docx")).render({"labels": []})
    assert grid(reopen(data).tables[0])[1] == ["a", "b"]
    assert "gridSpan" not in part_xml(data)
