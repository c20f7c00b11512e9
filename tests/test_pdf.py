"""PDF conversion through LibreOffice: one start for many documents, nothing half-written."""

from __future__ import annotations

import docx
import openpyxl
import pytest
from pdf_helpers import pdf_text

from reportkit.pdf import convert


def _report_and_annex(folder):
    """A one-line report and an annex with a count and a rate, as LibreOffice gets them."""
    report = folder / "bao-cao.docx"
    document = docx.Document()
    document.add_paragraph("Báo cáo tổng kết công tác chuyển đổi số năm 2025: 3.316/3.429")
    document.save(report)
    annex = folder / "phu-luc.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Phụ lục"
    sheet["A2"], sheet["A2"].number_format = 3316, "#,##0"
    sheet["A3"], sheet["A3"].number_format = 0.96704, "0.0%"
    workbook.save(annex)
    return [report, annex]


@pytest.mark.libreoffice
def test_converts_word_and_excel_in_one_run(tmp_path):
    written = convert(_report_and_annex(tmp_path), outdir=tmp_path / "pdf")

    assert [p.name for p in written] == ["bao-cao.pdf", "phu-luc.pdf"]
    for pdf in written:
        assert pdf.read_bytes().startswith(b"%PDF")
    assert "chuyển đổi số" in pdf_text(written[0])
    annex_text = pdf_text(written[1])
    assert "3.316" in annex_text and "96,7%" in annex_text
    assert not [p for p in (tmp_path / "pdf").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.libreoffice
def test_a_document_libreoffice_cannot_read_is_named(tmp_path):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a document")
    with pytest.raises(Exception) as caught:
        convert([broken])
    assert "hong.docx" in str(caught.value)


@pytest.mark.libreoffice
def test_the_same_documents_give_the_same_pdf_bytes(tmp_path):
    """LibreOffice stamps the time and a random id; reportkit's PDFs do not change."""
    import subprocess

    documents = _report_and_annex(tmp_path)
    first = convert(documents, outdir=tmp_path / "first")
    second = convert(documents, outdir=tmp_path / "second")

    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
        checked = subprocess.run(["pdfinfo", str(a)], capture_output=True, text=True, check=True)
        assert "Error" not in checked.stderr  # offsets still right after the stamps went
        assert "1980" in checked.stdout
    assert "3.316/3.429" in pdf_text(first[0])
