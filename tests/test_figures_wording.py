"""What a unit's report says about its figures: decimals kept, zeros in words, each change
beside its figure (issue #10, points 1 and 6). Documents are rendered from real data and
read back; the annex as LibreOffice prints it.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
import yaml
from pdf_helpers import pdf_text

from reportkit.pdf import convert
from reportkit.report import build_report, write_documents

ROOT = Path(__file__).parent.parent
KV2 = ROOT / "samples" / "thanh-hoa-khu-vuc" / "khu-vuc-02.yaml"
KV2_2024 = ROOT / "samples" / "thanh-hoa-khu-vuc-2024" / "khu-vuc-02.yaml"
SUBJECT = "VKSND khu vực 2 - Thanh Hóa"


def _render(folder: Path, counts: dict, previous_counts: dict | None = None) -> list[Path]:
    """kv2's report with these counts (and last year's kv2 counts changed as given)."""
    data = yaml.safe_load(KV2.read_text(encoding="utf-8"))
    data["counts"] = counts
    data.pop("press", None)
    data.pop("social", None)
    path = folder / "unit.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = yaml.safe_load(KV2_2024.read_text(encoding="utf-8"))
    before["counts"].update(previous_counts or {})
    previous = folder / "previous.yaml"
    previous.write_text(yaml.safe_dump(before, allow_unicode=True), encoding="utf-8")
    return write_documents(build_report(path, previous_path=previous), folder / "out")


def _paragraphs(paths: list[Path]) -> list[str]:
    report = next(p for p in paths if p.suffix == ".docx")
    return [p.text for p in docx.Document(report).paragraphs]


def _table_rows(paths: list[Path]) -> dict[str, list[str]]:
    report = next(p for p in paths if p.suffix == ".docx")
    rows = {}
    for table in docx.Document(report).tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            rows[cells[1] if len(cells) > 1 else cells[0]] = cells
    return rows


ZEROS = {
    "issued_docs": 0,
    "signed_docs": 0,
    "paperless_meetings": 8,
    "online_conferences": 22,
    "mind_map_reports": 0,
    "mind_map_criminal": 0,
    "mind_map_civil": 0,
    "digitised_case_files": 0,
    "staff_trained": 0,
    "portal_news": 0,
    "legal_sessions": 0,
    "legal_attendees": 0,
    "press_briefings": 0,
    "dti_score": 85.5,
}


@pytest.fixture(scope="module")
def zero_unit(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("zeros")
    return _render(folder, ZEROS, {"paperless_meetings": 0, "press_briefings": 0})


@pytest.mark.parametrize(
    "sentence",
    [
        f"Năm 2025, {SUBJECT} chưa phát hành văn bản nào trên hệ thống quản lý văn bản và điều "
        "hành (giảm 100% so với năm 2024).",
        # each figure with its own comparison: last year had no paperless meeting
        "Trong năm, đã tổ chức 8 cuộc họp không giấy (năm 2024 chưa có) và 22 hội nghị trực "
        "tuyến (tăng 83,3% so với năm 2024).",
        "Đẩy mạnh xây dựng sơ đồ tư duy báo cáo án trong các giai đoạn giải quyết vụ án, vụ "
        f"việc; {SUBJECT} chưa có vụ án, vụ việc nào được báo cáo bằng sơ đồ tư duy (giảm 100% "
        "so với năm 2024).",
        "Chưa số hóa hồ sơ vụ án nào (giảm 100% so với năm 2024).",
        "Chưa có lượt công chức, kiểm sát viên nào tham gia tập huấn về công nghệ thông tin, "
        "chuyển đổi số (giảm 100% so với năm 2024).",
        "Chưa có tin, bài nào về hoạt động của đơn vị được đăng trên Trang thông tin điện tử "
        "(giảm 100% so với năm 2024).",
        "Chưa tổ chức buổi tuyên truyền, phổ biến, giáo dục pháp luật nào (giảm 100% so với "
        "năm 2024).",
        # 0 → 0
        "Trong năm, chưa tổ chức cuộc họp báo nào (không thay đổi so với năm 2024).",
        "Điểm Bộ chỉ số đánh giá chuyển đổi số (DTI) ngành Kiểm sát nhân dân năm 2025 của đơn "
        "vị đạt 85,5 điểm.",
    ],
)
def test_zero_figures_read_as_vietnamese(zero_unit, sentence):
    assert sentence in _paragraphs(zero_unit)


def test_no_sentence_counts_zero_things(zero_unit):
    counted_zero = re.compile(r"\b0 (văn bản|vụ|cuộc|buổi|hồ sơ|lượt|tin|điểm)")
    assert [t for t in _paragraphs(zero_unit) if counted_zero.search(t)] == []


def test_a_score_reads_the_same_in_text_and_table(zero_unit):
    row = _table_rows(zero_unit)["Điểm Bộ chỉ số DTI ngành Kiểm sát nhân dân"]
    assert row[3:5] == ["", "85,5"]


def test_one_part_zero_is_said_not_counted(tmp_path):
    counts = {"mind_map_reports": 12, "mind_map_criminal": 12, "mind_map_civil": 0}
    text = _paragraphs(_render(tmp_path, counts))
    assert (
        "Đẩy mạnh xây dựng sơ đồ tư duy báo cáo án trong các giai đoạn giải quyết vụ án, vụ "
        f"việc; {SUBJECT} đã xây dựng báo cáo án bằng sơ đồ tư duy đối với 12 vụ (giảm 47,8% so "
        "với năm 2024), trong đó 12 vụ án hình sự, không có vụ án dân sự."
    ) in text


@pytest.fixture(scope="module")
def near_all(tmp_path_factory) -> list[Path]:
    """One document of 3.429 not signed; every administrative document online; a score."""
    counts = {
        "issued_docs": 3429,
        "signed_docs": 3428,
        "admin_docs": 1862,
        "admin_docs_online": 1862,
        "dti_score": 85.5,
    }
    return _render(tmp_path_factory.mktemp("near"), counts)


def test_a_rate_short_of_all_is_never_100_percent(near_all):
    text = "\n".join(_paragraphs(near_all))
    assert "đã ký số 3.428/3.429 văn bản trước khi ban hành, đạt tỷ lệ 99,97%" in text
    assert "đạt tỷ lệ 100%" in text  # the administrative documents: all of them


@pytest.mark.libreoffice
def test_the_annex_prints_the_figures_as_the_report_does(near_all, tmp_path):
    annex = next(p for p in near_all if p.suffix == ".xlsx")
    printed = pdf_text(convert([annex], outdir=tmp_path)[0])
    signed = [line for line in printed.splitlines() if "Tỷ lệ văn bản được ký số" in line]
    assert re.search(r"99[.,]97%", signed[0]), signed  # the table's cell
    assert len(signed) == 2 and not re.search(r"\b100\b", signed[1]), signed  # the chart's bar
    online = next(line for line in printed.splitlines() if "xử lý hoàn toàn" in line)
    assert re.search(r"\b100%", online) and "100,0%" not in online and "100.0%" not in online
    score = next(line for line in printed.splitlines() if "Điểm Bộ chỉ số DTI" in line)
    assert re.search(r"\b85[.,]5\b", score) and not re.search(r"\b86\b", score), score
