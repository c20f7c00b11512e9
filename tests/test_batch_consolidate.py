"""The consolidated context over the ten khu vực units, and the shipped province templates.

The units are validated and derived as a batch worker does; the consolidated documents are
rendered from the shipped templates and read back as a person would read them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from pdf_helpers import pdf_text

from reportkit.batch import run_batch
from reportkit.batch.consolidate import consolidate, unit_summary
from reportkit.data.kinds import load_kind
from reportkit.data.loader import load_data
from reportkit.pdf import convert
from reportkit.report import render_context

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "samples" / "thanh-hoa-khu-vuc"
PREVIOUS = ROOT / "samples" / "thanh-hoa-khu-vuc-2024"
UNITS = sorted(SAMPLES.glob("khu-vuc-*.yaml"))


@pytest.fixture(scope="module")
def kind():
    return load_kind("cds")


@pytest.fixture(scope="module")
def header(kind):
    return kind.validate(load_data(SAMPLES / "province.yaml"), partial=True)


def _summaries(kind, paths, previous: bool = False):
    result = []
    for path in paths:
        before = PREVIOUS / path.name
        previous_document = load_data(before) if previous and before.exists() else None
        context = kind.context(load_data(path), previous_document)
        result.append(unit_summary(kind.schema, context, path.name))
    return result


@pytest.fixture(scope="module")
def summaries(kind):
    return _summaries(kind, UNITS)


def test_every_count_is_the_sum_of_the_units(kind, header, summaries):
    context = consolidate(kind, summaries, header)
    for indicator in kind.schema.indicators:
        values = [s["counts"][indicator.code] for s in summaries]
        if indicator.type == "integer" and any(v is not None for v in values):
            assert context["counts"][indicator.code] == sum(v or 0 for v in values)
    assert context["counts"]["dti_score"] is None  # a score, not a count
    assert context["totals"]["agreements"] == sum(len(s["agreements"]) for s in summaries)


def test_rates_are_recomputed_from_the_sums(kind, header, summaries):
    context = consolidate(kind, summaries, header)
    issued = sum(s["counts"]["issued_docs"] for s in summaries)
    signed = sum(s["counts"]["signed_docs"] for s in summaries)
    assert context["rates"]["signed_docs"] == pytest.approx(signed / issued)
    mean = sum(s["rates"]["signed_docs"] for s in summaries) / len(summaries)
    assert context["rates"]["signed_docs"] != pytest.approx(mean, abs=1e-6)


def test_units_are_ranked_by_each_rate_and_ties_share_a_rank(kind, header, summaries):
    tied = [dict(s) for s in summaries[:3]]
    tied[1]["rates"] = dict(tied[1]["rates"], signed_docs=tied[0]["rates"]["signed_docs"])
    context = consolidate(kind, tied, header)
    ranks = {u["file"]: u["rank"]["signed_docs"] for u in context["units"]}
    first, second, third = (s["file"] for s in tied)
    assert ranks[first] == ranks[second]
    assert sorted(ranks.values()) in ([1, 1, 3], [1, 2, 2])
    ordered = [u["rank"]["signed_docs"] for u in context["units_ranked"]]
    assert ordered == sorted(ordered)
    assert context["rank_by"] == {"code": "signed_docs", "label": "Tỷ lệ văn bản được ký số"}


def test_tables_gather_every_units_rows_with_the_unit(kind, header, summaries):
    context = consolidate(kind, summaries, header)
    assert len(context["tasks"]) == sum(len(s["tasks"]) for s in summaries)
    first = context["tasks"][0]
    assert first["unit"]["code"] == "thanh-hoa-kv1" and first["area_label"]
    groups = {g["area"]: len(g["items"]) for g in context["tasks_by_area"]}
    assert sum(groups.values()) == len(context["tasks"])


def test_last_year_in_total_only_like_for_like(kind, header):
    some = _summaries(kind, UNITS, previous=True)
    context = consolidate(kind, some, header)
    assert context["previous"]["counts"]["issued_docs"] is None  # 5 of 10 units lack 2024
    assert context["previous_coverage"] == {"units": 5, "of": 10}
    paired = [s for s in some if (PREVIOUS / s["file"]).exists()]
    context = consolidate(kind, paired, header)
    before = sum(s["previous"]["counts"]["issued_docs"] for s in paired)
    assert context["previous"]["counts"]["issued_docs"] == before
    now = context["counts"]["issued_docs"]
    assert context["changes"]["issued_docs"] == pytest.approx((now - before) / before)


@pytest.fixture(scope="module")
def documents(kind, header, summaries):
    """The shipped consolidated templates rendered: one unit invalid, one missing."""
    valid = [s for s in summaries if s["file"] != "khu-vuc-03.yaml"]
    invalid = [
        {
            "file": "khu-vuc-03.yaml",
            "name": "VKSND khu vực 3 - Thanh Hóa",
            "errors": ["khu-vuc-03.yaml:31: counts.signed_docs: must be a whole number"],
            "error_count": 1,
            "status": "invalid",
        }
    ]
    missing = [
        {
            "name": "Viện kiểm sát nhân dân khu vực 11 - Thanh Hóa",
            "short_name": "VKSND khu vực 11 - Thanh Hóa",
            "code": "thanh-hoa-kv11",
            "file": None,
            "source": "units",
        }
    ]
    context = consolidate(kind, valid, header, invalid_units=invalid, missing_units=missing)
    report = render_context(kind.consolidated(), context)
    return context, report.documents


def test_the_consolidated_report_reads_right(documents):
    context, files = documents
    document = docx.Document(io.BytesIO(files["bao-cao-tong-hop-cds-2025-thanh-hoa.docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Có 10/11 đơn vị gửi báo cáo; số liệu của 9 đơn vị được đưa vào tổng hợp:" in text
    assert "VKSND khu vực 3 - Thanh Hóa (1 lỗi)" in text
    assert "Chưa gửi báo cáo: VKSND khu vực 11 - Thanh Hóa." in text
    issued = f"{context['counts']['issued_docs']:,}".replace(",", ".")
    label = "Văn bản phát hành trên hệ thống quản lý văn bản và điều hành"
    assert f"- {label}: {issued} văn bản" in text
    header = document.tables[0]
    assert header.rows[1].cells[0].text == "Số: 07/BC-VKS"
    assert header.rows[1].cells[1].text == "Thanh Hóa, ngày 12 tháng 01 năm 2026"
    units = document.tables[1]
    assert len(units.rows) == 1 + 9
    assert [row.cells[0].text for row in units.rows[1:]][0] == "1"
    best = context["units_ranked"][0]["unit"]["short_name"]
    assert units.rows[1].cells[1].text == best
    assert "{{" not in text and "{%" not in text


def test_the_consolidated_annex_adds_up(documents):
    context, files = documents
    book = openpyxl.load_workbook(io.BytesIO(files["phu-luc-tong-hop-cds-2025-thanh-hoa.xlsx"]))
    units = [row for row in book["Đơn vị"].iter_rows(min_row=7, values_only=True) if row[1]]
    body, total = units[:-1], units[-1]
    assert len(body) == 9 and total[1] == "Tổng cộng"
    assert total[2] == sum(row[2] for row in body) == context["counts"]["issued_docs"]
    assert total[3] == sum(row[3] for row in body)
    assert total[4] == pytest.approx(total[3] / total[2])
    figures = {
        row[1]: row[4] for row in book["Tổng hợp"].iter_rows(min_row=7, values_only=True) if row[1]
    }
    assert figures["Cuộc họp không giấy"] == sum(row[10] or 0 for row in body)
    problems = [
        row[1:]
        for row in book["Đơn vị chưa tổng hợp"].iter_rows(min_row=7, values_only=True)
        if row[1]
    ]
    assert problems == [  # plain words in an official document: no file, no error lines
        ("VKSND khu vực 3 - Thanh Hóa", "Số liệu chưa hợp lệ, chưa tổng hợp"),
        ("VKSND khu vực 11 - Thanh Hóa", "Chưa gửi báo cáo"),
    ]


def test_the_shipped_kind_over_the_sample_province(tmp_path):
    """Every unit's shipped report and annex, and the consolidated ones, from one batch."""
    out = tmp_path / "out"
    result = run_batch(SAMPLES, out, jobs=2, previous_dir=PREVIOUS)
    assert result.ok, [str(e) for r in result.failed for e in r.errors]
    for unit in result.units:
        report, annex = (out / name for name, _ in unit.outputs)
        text = "\n".join(p.text for p in docx.Document(report).paragraphs)
        assert unit.summary["unit"]["name"] in text
        assert openpyxl.load_workbook(annex).sheetnames
    book = openpyxl.load_workbook(out / "phu-luc-tong-hop-cds-2025-thanh-hoa.xlsx")
    rows = [row for row in book["Đơn vị"].iter_rows(min_row=7, values_only=True) if row[1]]
    assert rows[-1][1] == "Tổng cộng"
    assert rows[-1][2] == sum(row[2] for row in rows[:-1])
    issued = sum(unit.summary["counts"]["issued_docs"] for unit in result.units)
    assert rows[-1][2] == issued
    assert "Đơn vị chưa tổng hợp" not in book.sheetnames  # every unit is in: no empty page
    note = book["Tổng hợp"]["C6"].value or ""
    assert "Chưa có số liệu" not in note  # last year's figures are there


def test_without_last_years_figures_the_empty_columns_say_why(tmp_path):
    run_batch(SAMPLES, tmp_path / "out", jobs=2)
    sheet = openpyxl.load_workbook(tmp_path / "out" / "phu-luc-tong-hop-cds-2025-thanh-hoa.xlsx")[
        "Tổng hợp"
    ]
    assert sheet["A6"].value == "A. CÁC CHỈ TIÊU"
    assert sheet["C6"].value == (
        "(Chưa có số liệu năm 2024 của các đơn vị: cột năm 2024 và các cột tăng, giảm để trống.)"
    )
    assert sheet["D7"].value == "Năm 2024" and sheet["D8"].value is None


def test_nothing_in_the_documents_depends_on_the_time(kind, documents):
    """Fixed zip timestamps, and the properties (dates included) are the template's."""
    _, files = documents
    templates = kind.consolidated().templates
    for data, template in zip(files.values(), templates.values(), strict=True):
        with zipfile.ZipFile(io.BytesIO(data)) as rendered, zipfile.ZipFile(template) as source:
            assert {info.date_time for info in rendered.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            assert rendered.read("docProps/core.xml") == source.read("docProps/core.xml")


@pytest.mark.libreoffice
def test_libreoffice_prints_the_consolidated_documents(documents, tmp_path):
    _, files = documents
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    pdfs = convert(paths)
    text = pdf_text(pdfs[0])
    assert "BÁO CÁO" in text and "KẾT QUẢ CỦA TỪNG ĐƠN VỊ" in text
    annex = pdf_text(pdfs[1])
    assert "Tổng cộng" in annex and "Chưa gửi báo cáo" in annex
