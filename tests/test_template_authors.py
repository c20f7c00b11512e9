"""What a template author meets: checks that find a typo with or without data, the names
a template can use, and warnings for what a lenient render left empty."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import yaml
from click.testing import CliRunner
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
    outcome = invoke("schema", "show")
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
