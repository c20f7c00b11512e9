"""The "phoihop" kind: the review of a coordination programme or cooperation agreement.

A second kind made of data and templates only: its samples render through the same commands
as "cds", its figures by year are recomputed here from the YAML files, its form reads back,
its batch consolidates, and bad input is named by line.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from docx.shared import Length
from pdf_helpers import pdf_pages, pdf_text
from test_forms_support import fill

from reportkit.audit import audit
from reportkit.batch.run import run_batch
from reportkit.cli import main
from reportkit.data.kinds import load_kind, shipped_kinds
from reportkit.data.loader import load_data
from reportkit.forms import read_form, write_form
from reportkit.pdf import convert
from reportkit.report import build_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "phoihop"
DIEN_BIEN = SAMPLES / "dien-bien-tong-ket-2022-2025.yaml"
BATCH = ROOT / "samples" / "phoihop-dien-bien"
FIGURES = (
    "press_conferences",
    "news_supplied",
    "briefings",
    "hot_issues",
    "training_sessions",
    "systems_deployed",
)


def documents(report) -> tuple[docx.document.Document, openpyxl.Workbook]:
    [word] = [v for k, v in report.documents.items() if k.endswith(".docx")]
    [excel] = [v for k, v in report.documents.items() if k.endswith(".xlsx")]
    return docx.Document(io.BytesIO(word)), openpyxl.load_workbook(io.BytesIO(excel))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def figures_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "STT")


def expected_by_year(files: list[Path]) -> dict[str, dict[int, int | None]]:
    """Each figure per year, summed over the files' rows straight from the YAML."""
    sums: dict[str, dict[int, int | None]] = {code: {} for code in FIGURES}
    for file in files:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        years = [int(y) for y in re.findall(r"\d{4}", str(raw["review"]["years"]))]
        for year in range(years[0], years[-1] + 1):
            for code in FIGURES:
                sums[code].setdefault(year, None)
        for row in raw.get("figures") or []:
            for code in FIGURES:
                if row.get(code) is not None:
                    sums[code][row["year"]] = (sums[code][row["year"]] or 0) + row[code]
    return sums


def vi(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def change_text(first: int, last: int) -> str:
    percent = round((last - first) / first * 100, 1)
    word = "tăng" if percent > 0 else "giảm"
    return f"{word} {abs(percent):g}%".replace(".", ",")


@pytest.fixture(scope="module")
def dien_bien():
    return documents(build_report(DIEN_BIEN, kind="phoihop"))


def test_the_kind_ships_beside_cds_and_needs_no_code_of_its_own():
    assert {"cds", "phoihop"} <= set(shipped_kinds())
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "reportkit").rglob("*.py"))
    assert "phoihop" not in source


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_sample_renders_a_report_and_an_annex(sample):
    document, workbook = documents(build_report(sample, kind="phoihop"))
    body = "\n".join(texts(document))
    assert "{{" not in body and "{%" not in body and "None" not in body
    assert body.rstrip().endswith("./.")
    assert workbook.sheetnames == ["Số liệu theo năm", "Nhiệm vụ", "Nhiệm vụ tiếp theo"]


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_number_printed_is_traced_to_the_data(sample, tmp_path):
    for name, data in build_report(sample, kind="phoihop").documents.items():
        (tmp_path / name).write_bytes(data)
        result = audit(tmp_path / name, sample, kind="phoihop")
        assert result.numbers and not result.untraced, [str(f) for f in result.untraced]


def test_report_is_laid_out_as_decree_30_asks(dien_bien):
    document, _ = dien_bien
    (section,) = document.sections
    assert round(Length(section.page_width).mm) == 210
    assert round(Length(section.left_margin).mm) == 30
    assert round(Length(section.right_margin).mm) == 15
    heading = " ".join(c.text for row in document.tables[0].rows for c in row.cells)
    for text in (
        "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
        "TỈNH ĐIỆN BIÊN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-VKS",
        "Điện Biên, ngày 12 tháng 01 năm 2026",
    ):
        assert text in heading
    body = texts(document)
    assert body[0] == "BÁO CÁO"
    assert body[1].startswith("Tổng kết thực hiện Chương trình phối hợp giữa Ban Tuyên giáo")
    assert body[1].endswith("giai đoạn 2022–2025")
    sections = [t for t in body if re.match(r"^[IVX]+\. ", t)]
    assert sections == [
        "I. KHÁI QUÁT VỀ CHƯƠNG TRÌNH PHỐI HỢP",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN TIẾP THEO",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    signature = " ".join(c.text for c in document.tables[-1].rows[0].cells)
    assert "Nơi nhận:" in signature and "VIỆN TRƯỞNG" in signature and "Phan Văn Kỷ" in signature


def test_report_states_the_programme_from_the_article(dien_bien):
    body = "\n".join(texts(dien_bien[0]))
    assert "Quyết định số 238-QĐ/TW ngày 30/9/2020 của Ban Bí thư" in body
    for party in ("Ban Tuyên giáo Tỉnh ủy Điện Biên", "Ban cán sự đảng TAND tỉnh Điện Biên"):
        assert party in body
    assert "Thời gian thực hiện: giai đoạn 2022–2025." in body
    assert (
        "đã triển khai 4 nhiệm vụ theo Chương trình phối hợp, trong đó 2 nhiệm vụ đã hoàn "
        "thành, 1 nhiệm vụ đang thực hiện, 1 nhiệm vụ chưa thực hiện." in body
    )
    assert "Tình trạng: chưa thực hiện (lý do: trang thông tin điện tử đang được" in body


def test_figures_by_year_match_the_yaml(dien_bien):
    document, workbook = dien_bien
    sums = expected_by_year([DIEN_BIEN])
    rows = figures_table(document).rows
    assert [c.text for c in rows[0].cells][3:] == [
        "Năm 2022",
        "Năm 2023",
        "Năm 2024",
        "Năm 2025",
        "Tổng cộng",
        "Năm 2025 so với năm 2022",
    ]
    shown = {row.cells[1].text: [c.text for c in row.cells[3:]] for row in rows[1:]}
    labels = load_kind("phoihop").schema.fields["figures"].columns
    reported = [code for code in FIGURES if any(v is not None for v in sums[code].values())]
    assert list(shown) == [labels[code].label for code in reported]
    for code in reported:
        values = [sums[code][year] for year in range(2022, 2026)]
        total = sum(v for v in values if v is not None)
        assert shown[labels[code].label] == [
            *(vi(v) for v in values),
            vi(total),
            change_text(values[0], values[-1]),
        ]
    sheet = workbook["Số liệu theo năm"]
    years = {sheet.cell(r, 2).value: r for r in range(1, sheet.max_row + 1)}
    for column, code in enumerate(FIGURES, start=3):
        for year in range(2022, 2026):
            assert sheet.cell(years[f"Năm {year}"], column).value == sums[code][year]
        present = [v for v in sums[code].values() if v is not None]
        assert sheet.cell(years["Tổng cộng"], column).value == (sum(present) if present else None)


def test_a_single_year_has_no_total_or_comparison_column():
    document, _ = documents(build_report(SAMPLES / "lai-chau-2026-bao-ptth.yaml", kind="phoihop"))
    heading = [c.text for c in figures_table(document).rows[0].cells]
    assert heading == ["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2026"]
    body = texts(document)
    assert "BÁO CÁO" in body
    title = body[body.index("BÁO CÁO") + 1]
    assert title.startswith("Kết quả thực hiện Quy chế phối hợp tuyên truyền")
    assert title.endswith("năm 2026")
    assert "- Lớp tập huấn, hội nghị, hội thảo: chưa có lớp, hội nghị nào." in body


def test_mid_term_review_is_titled_so():
    sample = SAMPLES / "vksndtc-vnpt-so-ket-2023-2025.yaml"
    body = texts(documents(build_report(sample, kind="phoihop"))[0])
    title = body[body.index("BÁO CÁO") + 1]
    assert title.startswith("Sơ kết thực hiện Thỏa thuận hợp tác giữa Viện kiểm sát nhân dân")
    assert title.endswith("giai đoạn 2023–2027 (giai đoạn 2023–2025)")


@pytest.mark.libreoffice
def test_report_prints_on_a4_with_its_title(tmp_path):
    report = build_report(DIEN_BIEN, kind="phoihop")
    paths = []
    for name, data in report.documents.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    pdfs = convert(paths, "pdf", tmp_path)
    for pdf in pdfs:
        pages, sizes = pdf_pages(pdf)
        assert pages >= 1
        assert all(
            round(min(w, h)) == 595 and round(max(w, h)) == 842 for w, h in sizes
        )  # A4, in either orientation
    word_pdf = next(p for p in pdfs if p.name.startswith("bao-cao"))
    flat = " ".join(pdf_text(word_pdf).split())
    assert "Tổng kết thực hiện Chương trình phối hợp giữa Ban Tuyên giáo Tỉnh ủy" in flat
    assert "Điện Biên, ngày 12 tháng 01 năm 2026" in flat


def test_form_round_trip(tmp_path):
    kind = load_kind("phoihop")
    data = load_data(DIEN_BIEN).data
    blank = write_form(tmp_path / "blank.xlsx", "phoihop", year=2025)
    filled = fill(blank, data, tmp_path / "filled.xlsx", kind_name="phoihop")
    assert kind.validate(read_form(filled)) == kind.validate(load_data(DIEN_BIEN))


@pytest.mark.libreoffice
def test_form_resaved_by_libreoffice_reads_back_the_same(tmp_path):
    kind = load_kind("phoihop")
    data = load_data(DIEN_BIEN).data
    blank = write_form(tmp_path / "blank.xlsx", "phoihop", year=2025)
    filled = fill(blank, data, tmp_path / "filled.xlsx", kind_name="phoihop")
    [resaved] = convert([filled], "xlsx", tmp_path / "calc")
    assert kind.validate(read_form(resaved)) == kind.validate(load_data(DIEN_BIEN))


def test_batch_consolidates_duties_by_area_and_figures_by_year(tmp_path):
    result = run_batch(BATCH, tmp_path, kind="phoihop", jobs=1)
    assert all(r.ok for r in result.units) and result.consolidated.ok
    [report] = tmp_path.glob("bao-cao-tong-hop-*.docx")
    document = docx.Document(report)
    body = texts(document)
    units = sorted(BATCH.glob("*.yaml"))
    sums = expected_by_year(units)
    rows = figures_table(document).rows
    labels = load_kind("phoihop").schema.fields["figures"].columns
    shown = {row.cells[1].text: [c.text for c in row.cells[3:7]] for row in rows[1:]}
    for code in ("news_supplied", "briefings", "hot_issues"):
        assert shown[labels[code].label] == [vi(sums[code][y]) for y in range(2022, 2026)]
    # a unit without the 2024 news figure is said, not hidden in the sum
    assert any("năm 2024: số liệu của 2/3 đơn vị" in t for t in body)
    # each duty names the unit that did it; the programme's areas are listed once
    for unit in ("VKSND tỉnh Điện Biên", "VKSND khu vực 1", "VKSND khu vực 2"):
        assert f"Đơn vị thực hiện: {unit}." in body
    area = "- Nắm tình hình tư tưởng, đấu tranh phản bác quan điểm sai trái."
    assert body.count(area) == 1
    duties = sum(len(yaml.safe_load(f.read_text(encoding="utf-8"))["duties"]) for f in units)
    assert any(f"đã triển khai {duties} nhiệm vụ" in t for t in body)
    for document in (report, *tmp_path.glob("phu-luc-tong-hop-*.xlsx")):
        audited = audit(document, BATCH, kind="phoihop")
        assert audited.numbers and not audited.untraced, [str(f) for f in audited.untraced]


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def test_cli_commands_take_the_kind(tmp_path):
    assert run("check", "--kind", "phoihop", DIEN_BIEN).exit_code == 0
    shown = run("schema", "show", "--kind", "phoihop")
    assert shown.exit_code == 0 and "Nội dung phối hợp" in shown.output
    template = ROOT / "templates" / "phoihop" / "report.docx"
    checked = run("template", "check", template, "--data", DIEN_BIEN, "--kind", "phoihop")
    assert checked.exit_code == 0
    assert run("form", "--kind", "phoihop", "--year", "2025", "-o", tmp_path).exit_code == 0


BAD = {
    "a year outside the period": (
        "figures:\n  - year: 2021\n    news_supplied: 3\n",
        "figures[0].year: năm của số liệu phải thuộc thời gian được đánh giá",
    ),
    "a duty with an area not declared": (
        'duties:\n  - area: "9"\n    duty: Việc gì đó\n    status: hoan_thanh\n',
        "duties[0].area: nhiệm vụ phải gắn với một nội dung phối hợp đã khai",
    ),
    "a duty without an area": (
        "duties:\n  - duty: Việc gì đó\n    status: hoan_thanh\n",
        "duties[0].area:",
    ),
    "a status not in the list": (
        'duties:\n  - area: "1"\n    duty: Việc gì đó\n    status: xong roi\n',
        "duties[0].status:",
    ),
    "a duty not done without a reason": (
        'duties:\n  - area: "1"\n    duty: Việc gì đó\n    status: chua_thuc_hien\n',
        "duties[0].reason: nhiệm vụ chưa thực hiện phải ghi lý do",
    ),
}


@pytest.mark.parametrize("case", list(BAD), ids=lambda c: c.replace(" ", "-"))
def test_bad_input_is_named_by_line(tmp_path, case):
    replacement, expected = BAD[case]
    text = DIEN_BIEN.read_text(encoding="utf-8")
    block = replacement.split(":", 1)[0]
    start = text.index(f"\n{block}:") + 1
    end = text.index("\n\n", start)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text[:start] + replacement.rstrip("\n") + text[end:], encoding="utf-8")
    line = text[:start].count("\n") + 1
    result = run("check", "--kind", "phoihop", bad)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    located = [ln for ln in result.output.splitlines() if expected in ln]
    assert located, result.output
    found = int(re.search(r"bad\.yaml:(\d+):", located[0]).group(1))
    assert line <= found <= line + replacement.count("\n")
