"""The province's figures, recomputed here from the unit YAML files (issue #10, point 4).

The recomputation reads the files with PyYAML and plain Python, not with reportkit, and is
compared with what the consolidated annex and report written by ``run_batch`` show.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml

from reportkit.batch import run_batch

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "samples" / "thanh-hoa-khu-vuc"
PREVIOUS = ROOT / "samples" / "thanh-hoa-khu-vuc-2024"
ANNEX = "phu-luc-tong-hop-cds-2025-thanh-hoa.xlsx"
REPORT = "bao-cao-tong-hop-cds-2025-thanh-hoa.docx"
RATES = {"signed_docs": "issued_docs", "admin_docs_online": "admin_docs"}
TABLE_TOTALS = {"press_items": ("press", "items"), "social_posts": ("social", "posts")}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("province")
    result = run_batch(SAMPLES, folder, jobs=1, previous_dir=PREVIOUS)
    assert result.ok, [str(e) for u in result.failed for e in u.errors]
    return folder


def _unit_counts() -> list[dict]:
    """Each unit's indicators as its file gives them (a table's total when left out)."""
    units = []
    for path in sorted(SAMPLES.glob("khu-vuc-*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        counts = dict(data.get("counts") or {})
        for code, (table, column) in TABLE_TOTALS.items():
            rows = data.get(table) or []
            if counts.get(code) is None and rows:
                counts[code] = sum(row.get(column) or 0 for row in rows)
        units.append(counts)
    return units


def _expected() -> tuple[dict, dict]:
    units = _unit_counts()
    codes = {code for counts in units for code in counts if code != "dti_score"}
    totals = {}
    for code in codes:
        present = [u[code] for u in units if u.get(code) is not None]
        totals[code] = (sum(present), f"{len(present)}/{len(units)}")
    rates = {}
    for numerator, denominator in RATES.items():
        both = [u for u in units if u.get(numerator) is not None and u.get(denominator) is not None]
        top = sum(u[numerator] for u in both)
        bottom = sum(u[denominator] for u in both)
        rates[numerator] = (top, bottom, top / bottom, f"{len(both)}/{len(units)}")
    return totals, rates


def _rows(sheet, heading: str):
    """The rows under the heading row whose column B is ``heading``, up to a blank row."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[1] == heading) + 1
    table = []
    for row in rows[start:]:
        if row[0] is None:
            break
        table.append(row)
    return table


def test_totals_and_coverage_match_the_unit_files(out):
    totals, _ = _expected()
    sheet = openpyxl.load_workbook(out / ANNEX)["Tổng hợp"]
    by_label = {row[1]: (row[4], row[7]) for row in _rows(sheet, "Chỉ tiêu")}
    label_of = {
        "admin_docs": "Văn bản hành chính phát sinh",
        "issued_docs": "Văn bản phát hành trên hệ thống quản lý văn bản và điều hành",
        "press_items": "Tin, bài đăng trên báo chí",
        "social_posts": "Tin, bài, video đăng trên mạng xã hội",
        "paperless_meetings": "Cuộc họp không giấy",
        "press_briefings": "Cuộc họp báo, cung cấp thông tin cho báo chí",
    }
    for code, label in label_of.items():
        assert by_label[label] == totals[code], code
    assert totals["admin_docs"] == (1056, "9/10")


def test_rates_use_the_units_that_gave_both_parts(out):
    _, rates = _expected()
    sheet = openpyxl.load_workbook(out / ANNEX)["Tổng hợp"]
    shown = {row[1]: row for row in _rows(sheet, "Tỷ lệ")}
    signed = shown["Tỷ lệ văn bản được ký số"]
    online = shown["Tỷ lệ văn bản hành chính xử lý hoàn toàn trên hệ thống"]
    for row, code in ((signed, "signed_docs"), (online, "admin_docs_online")):
        numerator, denominator, rate, coverage = rates[code]
        assert (row[2], row[3], row[7]) == (numerator, denominator, coverage)
        assert row[4] == pytest.approx(rate)
    assert rates["admin_docs_online"][3] == "9/10"


def test_the_report_says_what_a_partial_total_covers(out):
    text = [p.text for p in docx.Document(out / REPORT).paragraphs]
    assert "- Văn bản hành chính phát sinh: 1.056 văn bản (9/10 đơn vị có số liệu);" in text
    assert (
        "- Văn bản hành chính được tạo dự thảo, trình duyệt, ký số, phát hành hoàn toàn trên hệ "
        "thống: 1.039 văn bản (9/10 đơn vị có số liệu), đạt tỷ lệ 98,4% (tính trên 9/10 đơn vị "
        "có đủ số liệu);"
    ) in text
    assert "- Văn bản phát hành trên hệ thống quản lý văn bản và điều hành: 2.285 văn bản;" in text


def test_ranking_names_lowest_among_units_with_the_rate(tmp_path):
    units = tmp_path / "units"
    shutil.copytree(SAMPLES, units)
    kv1 = units / "khu-vuc-01.yaml"
    text = kv1.read_text(encoding="utf-8")
    kv1.write_text(
        text.replace("issued_docs: 142", "issued_docs: 0").replace(
            "signed_docs: 138", "signed_docs: 0"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run_batch(units, out, jobs=1).ok
    text = [p.text for p in docx.Document(out / REPORT).paragraphs]
    assert (
        "Xếp theo tỷ lệ văn bản được ký số: cao nhất là VKSND khu vực 4 - Thanh Hóa (100%), "
        "thấp nhất là VKSND khu vực 5 - Thanh Hóa (96,3%); 1 đơn vị chưa có tỷ lệ này "
        "(VKSND khu vực 1 - Thanh Hóa)."
    ) in text


def test_without_a_province_file_the_header_comes_from_the_units(tmp_path):
    """What the units cannot give (number, signer, superior office) is a blank, never None."""
    units = tmp_path / "units"
    shutil.copytree(SAMPLES, units)
    (units / "province.yaml").unlink()
    out = tmp_path / "out"
    result = run_batch(units, out, jobs=1)
    assert result.ok, [str(e) for e in result.consolidated.errors]
    name = "bao-cao-tong-hop-cds-2025-vien-kiem-sat-nhan-dan-tinh-thanh-hoa.docx"
    report = docx.Document(out / name)
    header = [p.text for p in report.tables[0].rows[0].cells[0].paragraphs]
    assert "TỈNH THANH HÓA" in header
    numbers = [p.text for p in report.tables[0].rows[1].cells[0].paragraphs]
    assert numbers == ["Số: "]
    text = [p.text for p in report.paragraphs]
    assert any(
        t.startswith("Trên cơ sở báo cáo của các đơn vị, Viện kiểm sát nhân dân tỉnh Thanh Hóa")
        for t in text
    )
