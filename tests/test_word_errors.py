"""Bad input: one clear error naming the file and the place; the CLI exits 2, writes nothing."""

from __future__ import annotations

import json

import docx
import pytest
from click.testing import CliRunner
from test_i18n import english_in
from word_helpers import reopen, save

from reportkit.cli import main
from reportkit.errors import InputError, TemplateError
from reportkit.word import WordTemplate


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        WordTemplate(tmp_path / "khong-co.docx")


def test_not_a_docx(tmp_path):
    path = tmp_path / "t.docx"
    path.write_text("xin chào")
    with pytest.raises(InputError, match="not a .docx file"):
        WordTemplate(path)


def test_damaged_docx(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("x")
    data = save(doc, tmp_path / "ok.docx").read_bytes()
    path = tmp_path / "t.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="damaged"):
        WordTemplate(path)


def test_an_xlsx_is_not_a_word_template(tmp_path):
    import openpyxl

    path = tmp_path / "t.docx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError, match="not a Word document"):
        WordTemplate(path)


def _template(tmp_path, *paragraphs):
    doc = docx.Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    return save(doc, tmp_path / "t.docx")


def test_unclosed_block_names_where_it_opens(tmp_path):
    path = _template(tmp_path, "Đầu", "{%p for x in items %}", "{{ x }}", "Cuối")
    [problem] = WordTemplate(path).check()
    assert isinstance(problem, TemplateError)
    assert "endfor" in problem.message
    assert problem.location == "word/document.xml, paragraph 2 (“{%p for x in items %}”)"


def test_syntax_error_quotes_the_paragraph_not_xml(tmp_path):
    path = _template(tmp_path, "Đầu", "Tỷ lệ {{ rate + }} phần trăm")
    [problem] = WordTemplate(path).check()
    assert problem.location == "word/document.xml, paragraph 2 (“Tỷ lệ {{ rate + }} phần trăm”)"
    assert "syntax error" in problem.message and "<w:" not in str(problem)


def test_row_marker_outside_a_table(tmp_path):
    path = _template(tmp_path, "{%tr for x in items %}", "{%tr endfor %}")
    problems = WordTemplate(path).check()
    assert len(problems) == 2
    assert "outside a table row" in str(problems[0]) and "paragraph 1" in str(problems[0])


def test_undefined_variable_names_it_and_its_place(tmp_path):
    path = _template(tmp_path, "Năm {{ nam }}", "Đơn vị {{ don_vi }}")
    with pytest.raises(TemplateError) as raised:
        WordTemplate(path).render({"nam": 2025})
    error = raised.value
    assert "undefined variable: don_vi" in error.message
    assert error.location == "word/document.xml, paragraph 2 (“Đơn vị {{ don_vi }}”)"
    assert error.file == str(path)


def test_lenient_mode_renders_undefined_as_empty(tmp_path):
    path = _template(tmp_path, "Đơn vị [{{ don_vi }}] [{{ a.b.c }}]")
    out = reopen(WordTemplate(path, strict=False).render({}))
    assert out.paragraphs[0].text == "Đơn vị [] []"


def test_check_with_data_reports_every_undefined_name(tmp_path):
    path = _template(tmp_path, "{{ a }}", "{{ b }}", "{%p if c %}", "x", "{%p endif %}", "{{ a }}")
    problems = WordTemplate(path).check({})
    messages = [str(p) for p in problems]
    assert len(messages) == 4, messages
    assert "paragraph 1" in messages[0] and messages[0].endswith("undefined variable: a")
    assert "paragraph 2" in messages[1] and messages[1].endswith("undefined variable: b")
    assert "paragraph 3" in messages[2] and messages[2].endswith("undefined variable: c")
    assert "paragraph 6" in messages[3]
    assert WordTemplate(path).check({"a": 1, "b": 2, "c": True}) == []


def test_variables_lists_names_and_places(tmp_path):
    path = _template(tmp_path, "{%p for dv in units %}", "{{ dv.name }} {{ nam }}", "{%p endfor %}")
    assert WordTemplate(path).variables() == {
        "nam": ["word/document.xml, paragraph 2 (“{{ dv.name }} {{ nam }}”)"],
        "units": ["word/document.xml, paragraph 1 (“{%p for dv in units %}”)"],
    }


def test_render_to_is_atomic_and_never_overwrites_the_template(tmp_path):
    path = _template(tmp_path, "{{ a }}")
    template = WordTemplate(path)
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError):
        template.render_to(out, {})
    assert not out.exists() and list(tmp_path.iterdir()) == [path]
    with pytest.raises(InputError, match="would be overwritten"):
        template.render_to(path, {"a": 1})
    assert template.render_to(out, {"a": 1}) == out
    assert reopen(out.read_bytes()).paragraphs[0].text == "1"


def _cli(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_cli_vars_check_and_render(tmp_path):
    path = _template(tmp_path, "Năm {{ nam }}")
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"nam": 2025}))
    result = _cli("template", "vars", path)
    assert result.exit_code == 0 and "nam" in result.output and "đoạn 1" in result.output
    result = _cli("template", "check", path, "--data", data)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.docx"
    result = _cli("template", "render", path, data, "-o", out)
    assert result.exit_code == 0, result.output
    assert reopen(out.read_bytes()).paragraphs[0].text == "Năm 2025"


@pytest.mark.parametrize(
    ("paragraphs", "vietnamese", "english"),
    [
        (["{{ khong_co }}"], "biến chưa được định nghĩa: khong_co", "undefined variable: khong_co"),
        (
            ["{%p if x %}"],
            "lỗi cú pháp mẫu: khối 'if' không được đóng: hãy thêm {% endif %}",
            "template syntax error: the block 'if' is never closed: add {% endif %}",
        ),
        (
            ["{%tr for x in y %}"],
            "“{%tr for x in y %}” nằm ngoài dòng của bảng",
            "“{%tr for x in y %}” is outside a table row",
        ),
        (
            ["Năm {{ na", "m }}"],
            "không được đóng trong đoạn của nó",
            "is not closed in its paragraph",
        ),
        (
            ["{{ x|image }}"],
            "ảnh phải là đường dẫn tệp hoặc dữ liệu ảnh, không phải 5",
            "an image must be a file path or bytes, not 5",
        ),
    ],
)
def test_cli_render_errors_are_one_line_exit_2_and_no_output(
    tmp_path, paragraphs, vietnamese, english
):
    path = _template(tmp_path, *paragraphs)
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"x": 5, "y": []}))
    out = tmp_path / "out.docx"
    result = _cli("template", "render", path, data, "-o", out)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"lỗi: {path}: thân văn bản, đoạn 1")
    assert vietnamese in lines[0] and "Traceback" not in result.output
    assert english_in(result.output) == set()
    result = _cli("--lang", "en", "template", "render", path, data, "-o", out)
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {path}: word/document.xml, paragraph 1")
    assert english in result.output
    assert not out.exists()


def test_cli_missing_and_not_docx_template(tmp_path):
    data = tmp_path / "data.json"
    data.write_text("{}")
    result = _cli("template", "render", tmp_path / "x.docx", data, "-o", tmp_path / "o.docx")
    assert result.exit_code == 2 and "không tìm thấy tệp" in result.output
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    result = _cli("template", "check", bad)
    assert result.exit_code == 2 and "tệp bị hỏng, không đọc được" in result.output
    result = _cli("--lang", "en", "template", "check", bad)
    assert result.exit_code == 2 and "the file is damaged and cannot be read" in result.output


def test_cli_check_reports_every_problem_in_one_run(tmp_path):
    path = _template(tmp_path, "Năm {{ na", "m }}", "{%tr for x in y %}", "{{ a }} {{ b }}")
    data = tmp_path / "data.json"
    data.write_text("{}")
    result = _cli("template", "check", path, "--data", data)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("lỗi:")]
    assert len(errors) == 4, result.output
    assert "không được đóng" in errors[0] and "nằm ngoài dòng của bảng" in errors[1]
    assert "biến chưa được định nghĩa: a" in errors[2]
    assert "biến chưa được định nghĩa: b" in errors[3]
    assert english_in(result.output) == set()


def test_check_finds_a_plain_block_that_breaks_the_xml(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("{% if show %}Đầu")
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "giữa{% endif %}"
    path = save(doc, tmp_path / "t.docx")
    [problem] = WordTemplate(path).check({"show": False})
    assert "not valid XML" in problem.message and "{%p %}" in problem.message
    assert problem.location == "word/document.xml"


def test_cli_render_lenient(tmp_path):
    path = _template(tmp_path, "Đơn vị [{{ don_vi }}]")
    data = tmp_path / "data.json"
    data.write_text("{}")
    out = tmp_path / "out.docx"
    assert _cli("template", "render", path, data, "-o", out).exit_code == 2
    result = _cli("template", "render", path, data, "-o", out, "--lenient")
    assert result.exit_code == 0, result.output
    assert reopen(out.read_bytes()).paragraphs[0].text == "Đơn vị []"


def test_every_syntax_error_of_a_part_is_reported(tmp_path):
    path = _template(
        tmp_path, "{{ a + }}", "ổn {{ b }}", "{% if %}x{% endif %}", "{%p for x in y %}", "z"
    )
    problems = WordTemplate(path).check()
    places = [p.location for p in problems]
    assert places == [
        "word/document.xml, paragraph 1 (“{{ a + }}”)",
        "word/document.xml, paragraph 3 (“{% if %}x{% endif %}”)",
        "word/document.xml, paragraph 4 (“{%p for x in y %}”)",
    ]


def test_check_names_unknown_filters_even_in_branches_not_taken(tmp_path):
    path = _template(tmp_path, "Đầu", "{% if false %}{{ x|khong_co(1) }}{% endif %}")
    [problem] = WordTemplate(path).check()
    assert problem.message == "unknown filter 'khong_co'"
    assert "paragraph 2" in problem.location


def test_render_names_an_unknown_filter_in_a_branch_taken(tmp_path):
    path = _template(tmp_path, "{% if true %}{{ x|khong_co(a=1) }}{% endif %}")
    with pytest.raises(TemplateError) as raised:
        WordTemplate(path).render({"x": 1})
    assert raised.value.message == "unknown filter 'khong_co'"


def test_an_undefined_path_is_named_whole_with_the_nearest_names(tmp_path):
    path = _template(
        tmp_path,
        "Ký số {{ counts.signed_dosc }} văn bản",
        "{%p for a in agreements %}",
        "{{ a.titel }}",
        "{%p endfor %}",
        "Năm {{ yaer }}",
    )
    context = {"counts": {"signed_docs": 3}, "agreements": [{"title": "x"}], "year": 2025}
    with pytest.raises(TemplateError) as raised:
        WordTemplate(path).render(context)
    assert raised.value.message == (
        "undefined variable: counts.signed_dosc (did you mean `counts.signed_docs`?)"
    )
    messages = [p.message for p in WordTemplate(path).check(context)]
    assert messages == [
        "undefined variable: counts.signed_dosc (did you mean `counts.signed_docs`?)",
        "undefined variable: a.titel (did you mean `a.title`?)",
        "undefined variable: yaer (did you mean `year`?)",
    ]


def test_variables_are_the_dotted_paths_read_minus_what_the_template_sets(tmp_path):
    path = _template(
        tmp_path,
        "{% if ok %}{% set fresh = counts.signed_docs + 1 %}{{ fresh }}{% endif %}",
        "{{ unit['name'] }}",
        "{{ counts.items() | list | length }} {{ rates.signed_docs | percent }}",
    )
    assert list(WordTemplate(path).variables()) == [
        "counts",
        "counts.signed_docs",
        "ok",
        "rates.signed_docs",
        "unit.name",
    ]
