"""`reportkit render` and `reportkit check` end to end, as the operator runs them."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner

from reportkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "thanh-hoa-2025.yaml"


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_render_writes_report_and_annex_and_names_them(tmp_path):
    result = run("render", SAMPLE, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    report = tmp_path / "bao-cao-cds-2025-thanh-hoa.docx"
    annex = tmp_path / "phu-luc-cds-2025-thanh-hoa.xlsx"
    assert result.output.splitlines() == [f"đã ghi {report}", f"đã ghi {annex}"]
    document = docx.Document(report)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "3.316/3.429" in text and "96,7%" in text
    heading = document.tables[0].cell(1, 1).text
    assert heading == "Thanh Hóa, ngày 09 tháng 01 năm 2026"
    sheets = openpyxl.load_workbook(annex).sheetnames
    assert "Nhiệm vụ 2026" in sheets


def test_template_override_is_used(tmp_path):
    custom = tmp_path / "mine.docx"
    document = docx.Document()
    document.add_paragraph("{{ unit.short_name }}: {{ counts.signed_docs|number }}")
    document.save(custom)
    result = run("render", SAMPLE, "-o", tmp_path / "out", "--template", f"report={custom}")
    assert result.exit_code == 0, result.output
    rendered = docx.Document(tmp_path / "out" / "bao-cao-cds-2025-thanh-hoa.docx")
    assert rendered.paragraphs[0].text == "VKSND tỉnh Thanh Hóa: 3.316"


def test_unknown_template_role_is_a_clear_error(tmp_path):
    result = run("render", SAMPLE, "-o", tmp_path, "--template", f"cover={SAMPLE}")
    assert result.exit_code == 2
    assert 'không có mẫu tên "cover" (chỉ có: annex, report)' in result.output
    assert list(tmp_path.iterdir()) == []


def test_bad_data_lists_every_problem_and_writes_nothing(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("signed_docs: 3316", 'signed_docs: "ba nghìn"')
    text = text.replace("issued_docs: 3429", "issued_docs: -5")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run("render", bad, "-o", out)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("lỗi:")]
    assert any(
        f"{bad}:" in line and "counts.signed_docs" in line and "ba nghìn" in line for line in lines
    ), result.output
    assert any("counts.issued_docs" in line for line in lines), result.output
    assert not out.exists()


def test_check_accepts_the_sample_and_rejects_a_yaml_syntax_error(tmp_path):
    ok = run("check", SAMPLE)
    assert ok.exit_code == 0 and "không có lỗi" in ok.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("year: 2025\nunit: [unclosed\n", encoding="utf-8")
    result = run("check", broken)
    assert result.exit_code == 2
    assert f"{broken}: dòng " in result.output and "không phải YAML hợp lệ" in result.output


def test_template_render_with_kind_uses_the_derived_figures(tmp_path):
    out = tmp_path / "report.docx"
    report = ROOT / "templates" / "cds" / "report.docx"
    result = run("template", "render", report, SAMPLE, "-o", out, "--kind", "cds")
    assert result.exit_code == 0, result.output
    assert "96,7%" in "\n".join(p.text for p in docx.Document(out).paragraphs)
    found = run("template", "check", report, "--data", SAMPLE)  # its kind, from its fields
    assert found.exit_code == 0 and "rate_list" not in found.output, found.output


def test_an_xls_input_is_told_how_to_convert_it(tmp_path):
    old = tmp_path / "bao-cao.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    result = run("render", old, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert str(old) in result.output and "lưu lại dưới dạng .xlsx" in result.output


def _without_libreoffice(tmp_path, *args: str):
    """Run the reportkit command in a child process whose PATH has no soffice."""
    import os
    import subprocess
    import sys

    empty = tmp_path / "no-soffice-here"
    empty.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "reportkit", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": str(empty)},
        check=False,
    )


def test_render_pdf_without_libreoffice_stops_before_writing_anything(tmp_path):
    out = tmp_path / "out"
    for flag in ("--pdf", "--pdf-a"):
        done = _without_libreoffice(tmp_path, "render", SAMPLE, "-o", out, flag)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("lỗi: cần LibreOffice để xuất PDF nhưng không tìm thấy")
        assert "Traceback" not in done.stderr and done.stdout == ""
        assert not out.exists() or not list(out.iterdir())


def test_batch_pdf_without_libreoffice_stops_before_writing_anything(tmp_path):
    out = tmp_path / "out"
    done = _without_libreoffice(
        tmp_path, "batch", SAMPLE.parent / "thanh-hoa-khu-vuc", "-o", out, "--pdf"
    )
    assert done.returncode == 2, done.stderr
    assert "cần LibreOffice để xuất PDF nhưng không tìm thấy" in done.stderr
    assert not out.exists() or not list(out.iterdir())
