"""What a template author meets: checks that find a typo with or without data, the names
a template can use, and warnings for what a lenient render left empty."""

from __future__ import annotations

import os
import re
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from test_i18n import english_in
from word_helpers import save

from reportkit.cli import main

SAMPLE = Path(__file__).parent.parent / "samples" / "thanh-hoa-2025.yaml"


def invoke(*arguments):
    return CliRunner().invoke(main, [str(a) for a in arguments])


def _template(tmp_path, *paragraphs):
    doc = docx.Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    return save(doc, tmp_path / "t.docx")


TYPO = (
    "Tỷ lệ ký số {{ rates.signed_docs | percent }}, năm sau {{ next_year }}",
    "{% if year > 3000 %}Đã ký {{ counts.signed_dosc }}{% endif %}",
)


def test_check_with_data_finds_its_kind_and_only_the_real_typo(tmp_path):
    template = _template(tmp_path, "{{ rates.signed_docs | percent }} {{ counts.signed_dosc }}")
    outcome = invoke("template", "check", template, "--data", SAMPLE)
    assert outcome.exit_code == 2
    errors = [line for line in outcome.output.splitlines() if line.startswith("lỗi:")]
    assert len(errors) == 1, outcome.output
    assert errors[0].endswith(
        "biến chưa được định nghĩa: counts.signed_dosc (có phải `counts.signed_docs`?)"
    )


def test_check_with_a_kind_and_no_data_finds_a_typo_in_a_branch_never_taken(tmp_path):
    outcome = invoke("template", "check", _template(tmp_path, *TYPO), "--kind", "cds")
    assert outcome.exit_code == 2
    assert "đoạn 2" in outcome.output
    assert "biến chưa được định nghĩa: counts.signed_dosc (có phải `counts.signed_docs`?)" in (
        outcome.output
    )
    assert "rates.signed_docs" not in outcome.output and "next_year" not in outcome.output


def test_the_shipped_templates_check_clean_against_their_kind_without_data(tmp_path):
    folder = Path(__file__).parent.parent / "templates" / "cds"
    for name in ("report.docx", "annex.xlsx", "province-report.docx", "province-annex.xlsx"):
        copy = tmp_path / name  # a copy: the consolidated names are found from what it reads
        copy.write_bytes((folder / name).read_bytes())
        outcome = invoke("template", "check", copy, "--kind", "cds")
        assert outcome.exit_code == 0, outcome.output
        assert outcome.output.endswith("không có lỗi\n")


def test_check_finds_a_typo_in_an_excel_template_without_data(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "{{ unit.nmae }}"
    book.save(tmp_path / "t.xlsx")
    outcome = invoke("template", "check", tmp_path / "t.xlsx", "--kind", "cds")
    assert outcome.exit_code == 2
    assert "A1" in outcome.output
    assert "biến chưa được định nghĩa: unit.nmae (có phải `unit.name`?)" in outcome.output


def test_context_lists_inputs_and_derived_figures_as_yaml(tmp_path):
    outcome = invoke("template", "context", SAMPLE)
    assert outcome.exit_code == 0, outcome.output
    context = yaml.safe_load(outcome.output)
    assert context["counts"]["signed_docs"] == 3316
    assert round(context["rates"]["signed_docs"], 3) == 0.967
    assert context["next_year"] == 2026
    assert context["unit"]["level_label"]
    sample = yaml.safe_load(invoke("template", "context", "--kind", "cds").output)
    assert set(sample["rates"]) == set(context["rates"])
    assert invoke("template", "context").exit_code == 2


def test_schema_show_lists_the_derived_figures():
    outcome = invoke("--lang", "en", "schema", "show")
    derived = outcome.output.split("DERIVED FIGURES", 1)[1].split()
    assert "rates.<indicator>" in derived and "next_year" in derived
    assert "indicators[].rate" in derived
    markdown = invoke("schema", "show", "--format", "markdown").output
    assert "- `changes.<indicator>`" in markdown


def test_lenient_render_warns_once_per_undefined_name(tmp_path):
    template = _template(
        tmp_path, "{{ don_vi }} {{ don_vi }}", "{{ unit.nmae }}", "{{ unit.name }}"
    )
    out = tmp_path / "out.docx"
    outcome = invoke("template", "render", template, SAMPLE, "-o", out, "--lenient")
    assert outcome.exit_code == 0, outcome.output
    warnings = [line for line in outcome.output.splitlines() if line.startswith("cảnh báo:")]
    assert len(warnings) == 2, warnings
    assert warnings[0].endswith("biến chưa được định nghĩa: don_vi")
    assert "đoạn 2" in warnings[1]
    assert warnings[1].endswith("biến chưa được định nghĩa: unit.nmae (có phải `unit.name`?)")
    assert [p.text for p in docx.Document(out).paragraphs] == [
        " ",
        "",
        "Viện kiểm sát nhân dân tỉnh Thanh Hóa",
    ]


def test_data_of_no_kind_renders_as_it_is(tmp_path):
    data = tmp_path / "d.yaml"
    data.write_text("year: 2025\ntitle: Tờ trình\n")
    template = _template(tmp_path, "{{ title }} năm {{ year }}")
    out = tmp_path / "out.docx"
    outcome = invoke("template", "render", template, data, "-o", out)
    assert outcome.exit_code == 0, outcome.output
    assert docx.Document(out).paragraphs[0].text == "Tờ trình năm 2025"


# -- a template author's mistake, told in the reader's language --------------------------------

_LOCALE = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}  # no locale: Vietnamese
_CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b")


def _said(*arguments, language: str | None = None):
    chosen = ["--lang", language] if language else []
    return CliRunner().invoke(main, [*chosen, *map(str, arguments)], env=_LOCALE)


def _workbook(tmp_path, text):
    book = openpyxl.Workbook()
    book.active.title = "Chỉ tiêu"
    book.active["B3"] = text
    book.save(tmp_path / "t.xlsx")
    return tmp_path / "t.xlsx"


def _not_a_zip(tmp_path, name):
    (tmp_path / name).write_bytes(b"PK\x03\x04 hong")
    return tmp_path / name


MISTAKES = {
    "a syntax error": (
        lambda tmp_path: _template(tmp_path, "Đầu", "Năm {% if year %}{{ year }}"),
        "thân văn bản, đoạn 2 (“Năm {% if year %}{{ year }}”): lỗi cú pháp mẫu: "
        "khối 'if' không được đóng: hãy thêm {% endif %}",
        "word/document.xml, paragraph 2 (“Năm {% if year %}{{ year }}”): template syntax "
        "error: the block 'if' is never closed: add {% endif %}",
    ),
    "a filter given text": (
        lambda tmp_path: _template(tmp_path, "Tỷ lệ {{ ten | percent }}"),
        "đoạn 1 (“Tỷ lệ {{ ten | percent }}”): percent: 'mười' không phải là số",
        "paragraph 1 (“Tỷ lệ {{ ten | percent }}”): percent: 'mười' is not a number",
    ),
    "an unknown filter": (
        lambda tmp_path: _template(tmp_path, "{{ year | so_la_ma }}"),
        "đoạn 1 (“{{ year | so_la_ma }}”): bộ lọc 'so_la_ma' không xác định",
        "paragraph 1 (“{{ year | so_la_ma }}”): unknown filter 'so_la_ma'",
    ),
    "a missing image": (
        lambda tmp_path: _template(tmp_path, "{{ 'logo.png' | image }}"),
        "đoạn 1 (“{{ 'logo.png' | image }}”): không tìm thấy tệp ảnh: logo.png",
        "paragraph 1 (“{{ 'logo.png' | image }}”): image file not found: logo.png",
    ),
    "a division by zero": (
        lambda tmp_path: _template(tmp_path, "{{ year / 0 }}"),
        "đoạn 1 (“{{ year / 0 }}”): phép chia cho số không",
        "paragraph 1 (“{{ year / 0 }}”): a division by zero",
    ),
    "a broken .docx": (
        lambda tmp_path: _not_a_zip(tmp_path, "t.docx"),
        "t.docx: tệp bị hỏng, không đọc được (",
        "t.docx: the file is damaged and cannot be read (",
    ),
    "a syntax error in a cell": (
        lambda tmp_path: _workbook(tmp_path, "{{ year + }}"),
        "'Chỉ tiêu'!B3: lỗi cú pháp mẫu: ",
        "'Chỉ tiêu'!B3: template syntax error: ",
    ),
    "a filter given text in a cell": (
        lambda tmp_path: _workbook(tmp_path, "{{ ten | number }}"),
        "'Chỉ tiêu'!B3: number: 'mười' không phải là số",
        "'Chỉ tiêu'!B3: number: 'mười' is not a number",
    ),
    "a broken .xlsx": (
        lambda tmp_path: _not_a_zip(tmp_path, "t.xlsx"),
        "t.xlsx: tệp bị hỏng, không đọc được (",
        "t.xlsx: the file is damaged and cannot be read (",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_template_author_s_mistake_reads_in_vietnamese_and_in_english_on_request(
    tmp_path, mistake
):
    make, vietnamese, english = MISTAKES[mistake]
    template = make(tmp_path)
    data = tmp_path / "d.yaml"
    data.write_text("year: 2025\nten: mười\n", encoding="utf-8")
    out = tmp_path / f"out{template.suffix}"
    said = _said("template", "render", template, data, "-o", out)
    assert said.exit_code == 2
    assert said.output.startswith(f"lỗi: {template}") and vietnamese in said.output
    assert english_in(said.output) == set(), said.output
    assert not _CLASS_NAME.search(said.output), said.output
    told = _said("template", "render", template, data, "-o", out, language="en")
    assert told.exit_code == 2
    assert told.output.startswith(f"error: {template}") and english in told.output
    assert not _CLASS_NAME.search(told.output), told.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("kept_by", "paragraph", "vietnamese", "english"),
    [
        (
            "the code cache on disk",
            "{% if year %}{{ year | so_la_ma }}{% endif %}",
            "bộ lọc 'so_la_ma' không xác định",
            "unknown filter 'so_la_ma'",
        ),
        (
            "this process",
            "Năm {{ year",
            "thẻ “{{ year” không được đóng trong đoạn của nó",
            "the tag “{{ year” is not closed in its paragraph",
        ),
    ],
)
def test_a_template_compiled_in_one_language_tells_its_problems_in_the_next_run_s(
    tmp_path, kept_by, paragraph, vietnamese, english
):
    template = _template(tmp_path, "Báo cáo", paragraph)
    cache = Path(os.environ["REPORTKIT_CACHE_DIR"])
    if kept_by == "this process":  # `render` keeps the templates it compiled
        command = ["render", SAMPLE, "--template", f"report={template}", "-o", tmp_path / "out"]
    else:  # `template render` compiles again, from the code kept on disk
        command = ["template", "render", template, SAMPLE, "-o", tmp_path / "out.docx"]
    first = _said(*command)
    assert first.exit_code == 2 and vietnamese in first.output, first.output
    compiled = set(cache.iterdir())
    second = _said(*command, language="en")
    assert second.exit_code == 2 and english in second.output, second.output
    assert vietnamese not in second.output
    assert set(cache.iterdir()) == compiled  # nothing compiled again: the cache was warm
    third = _said(*command)
    assert vietnamese in third.output and english not in third.output
