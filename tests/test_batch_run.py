"""``reportkit batch`` over the ten khu vực units of Thanh Hóa: outputs, manifest, resume.

The kind used here is the shipped cds kind.yaml with small templates that print the
figures plainly, so each test reads the numbers a person would see in the files.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from batch_helpers import SAMPLES, province_of
from click.testing import CliRunner
from test_forms_support import fill, make_blank

from reportkit.batch import run_batch
from reportkit.cli import main
from reportkit.data.loader import load_data

ROOT = Path(__file__).parent.parent
PREVIOUS = ROOT / "samples" / "thanh-hoa-khu-vuc-2024"
CONSOLIDATED_ANNEX = "phu-luc-tong-hop-cds-2025-thanh-hoa.xlsx"
CONSOLIDATED_REPORT = "bao-cao-tong-hop-cds-2025-thanh-hoa.docx"
POSIX_SIGNALS = pytest.mark.skipif(
    sys.platform == "win32", reason="sends signals to a process group (POSIX)"
)


def _rows(sheet, loop: str, cells: list[str]) -> None:
    sheet.append([f"{{%tr for {loop} %}}"])
    sheet.append(cells)
    sheet.append(["{%tr endfor %}"])


@pytest.fixture(scope="module")
def kind_dir(tmp_path_factory) -> Path:
    """The cds kind with templates that show each figure in a cell or paragraph of its own."""
    folder = tmp_path_factory.mktemp("kind")
    shutil.copy(ROOT / "templates" / "cds" / "kind.yaml", folder / "kind.yaml")
    report = docx.Document()
    report.add_paragraph("{{ unit.short_name }}")
    report.add_paragraph("{{ counts.issued_docs }}")
    report.save(folder / "report.docx")
    annex = openpyxl.Workbook()
    sheet = annex.active
    sheet.title = "Số liệu"
    _rows(sheet, "i in indicators", ["{{ i.code }}", "{{ i.value }}"])
    annex.save(folder / "annex.xlsx")

    province = docx.Document()
    province.add_paragraph("{{ unit.name }}")
    province.add_paragraph("{{ unit_count.valid }}/{{ unit_count.expected }}")
    province.add_paragraph("{% for u in invalid_units %}{{ u.file }} {% endfor %}")
    province.save(folder / "province-report.docx")
    book = openpyxl.Workbook()
    totals = book.active
    totals.title = "Tổng"
    _rows(totals, "i in indicators", ["{{ i.code }}", "{{ i.value }}", "{{ i.previous }}"])
    totals.append(["rate", "{{ rates.signed_docs }}"])
    units = book.create_sheet("Đơn vị")
    _rows(
        units,
        "u in units_ranked",
        [
            "{{ u.unit.code }}",
            "{{ u.counts.issued_docs }}",
            "{{ u.counts.signed_docs }}",
            "{{ u.rates.signed_docs }}",
            "{{ u.rank.signed_docs }}",
            "{{ u.changes.issued_docs }}",
        ],
    )
    problems = book.create_sheet("Lỗi")
    _rows(problems, "u in invalid_units", ["{{ u.file }}", "{{ u.errors[0] }}"])
    missing = book.create_sheet("Thiếu")
    _rows(missing, "u in missing_units", ["{{ u.short_name }}"])
    tasks = book.create_sheet("Nhiệm vụ")
    _rows(tasks, "t in tasks", ["{{ t.unit.code }}", "{{ t.task }}"])
    book.save(folder / "province-annex.xlsx")
    return folder


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    return folder


def _sheet_rows(path: Path, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(path)
    return [row for row in book[sheet].iter_rows(values_only=True) if any(row)]


def _unit_counts(out: Path) -> dict[str, dict[str, int]]:
    """Each unit's counts as its own annex shows them."""
    result = {}
    for path in sorted(out.glob("phu-luc-cds-*.xlsx")):
        result[path.stem] = {code: value for code, value in _sheet_rows(path, "Số liệu")}
    return result


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _statuses(out: Path) -> dict[str, str]:
    return {Path(e["input"]).name: e["status"] for e in _manifest(out)["entries"]}


def test_every_unit_and_the_consolidated_report_in_two_processes(kind_dir, inputs, tmp_path):
    out = tmp_path / "out"
    result = run_batch(inputs, out, kind=str(kind_dir), jobs=2)

    assert result.ok and [r.status for r in result.units] == ["written"] * 10
    assert len(list(out.glob("bao-cao-cds-2025-thanh-hoa-kv*.docx"))) == 10
    assert len(list(out.glob("phu-luc-cds-2025-thanh-hoa-kv*.xlsx"))) == 10
    report = docx.Document(out / CONSOLIDATED_REPORT)
    texts = [p.text for p in report.paragraphs]
    assert texts[:2] == ["Viện kiểm sát nhân dân tỉnh Thanh Hóa", "10/10"]

    units = _unit_counts(out)
    totals = {row[0]: row[1] for row in _sheet_rows(out / CONSOLIDATED_ANNEX, "Tổng")}
    for code in ("issued_docs", "signed_docs", "legal_attendees", "press_items", "social_posts"):
        assert totals[code] == sum(counts[code] or 0 for counts in units.values()), code
    assert totals["dti_score"] is None  # a score is not a count: never added up


def test_rates_come_from_summed_figures_and_units_are_ranked(kind_dir, inputs, tmp_path):
    out = tmp_path / "out"
    run_batch(inputs, out, kind=str(kind_dir), jobs=1)
    rows = _sheet_rows(out / CONSOLIDATED_ANNEX, "Đơn vị")
    issued = sum(row[1] for row in rows)
    signed = sum(row[2] for row in rows)
    totals = {row[0]: row[1] for row in _sheet_rows(out / CONSOLIDATED_ANNEX, "Tổng")}
    assert totals["rate"] == pytest.approx(signed / issued)
    average = sum(row[3] for row in rows) / len(rows)
    assert totals["rate"] != pytest.approx(average)  # the samples' sizes differ enough
    rates = [row[3] for row in rows]
    assert rates == sorted(rates, reverse=True)  # best first
    assert [row[4] for row in rows][0] == 1
    assert sorted(row[0] for row in rows) == sorted(f"thanh-hoa-kv{n}" for n in range(1, 11))


def test_tasks_of_all_units_each_with_its_unit(kind_dir, inputs, tmp_path):
    out = tmp_path / "out"
    run_batch(inputs, out, kind=str(kind_dir), jobs=1)
    rows = _sheet_rows(out / CONSOLIDATED_ANNEX, "Nhiệm vụ")
    assert {row[0] for row in rows} >= {"thanh-hoa-kv1", "thanh-hoa-kv4"}
    assert any(row[0] == "thanh-hoa-kv4" and "Bảo đảm 100% văn bản" in row[1] for row in rows)


def test_a_filled_form_counts_like_its_yaml(kind_dir, inputs, tmp_path):
    yaml_run = run_batch(inputs, tmp_path / "yaml", kind=str(kind_dir), jobs=1)
    data = load_data(inputs / "khu-vuc-05.yaml").data
    fill(make_blank(tmp_path), data, inputs / "khu-vuc-05.xlsx")
    (inputs / "khu-vuc-05.yaml").unlink()
    form_run = run_batch(inputs, tmp_path / "form", kind=str(kind_dir), jobs=1)
    assert form_run.ok and yaml_run.ok
    form = next(r for r in form_run.units if r.input.name == "khu-vuc-05.xlsx")
    assert form.status == "written" and form.name == "VKSND khu vực 5 - Thanh Hóa"
    for name, sheet in (
        ("phu-luc-cds-2025-thanh-hoa-kv5.xlsx", "Số liệu"),
        (CONSOLIDATED_ANNEX, "Tổng"),
    ):
        from_form = _sheet_rows(tmp_path / "form" / name, sheet)
        assert from_form == _sheet_rows(tmp_path / "yaml" / name, sheet)


def test_one_damaged_input_among_good_ones(kind_dir, inputs, tmp_path):
    broken = (inputs / "khu-vuc-03.yaml").read_text(encoding="utf-8")
    broken = broken.replace("  signed_docs: ", "  signed_docs: nhiều ", 1)
    (inputs / "khu-vuc-03.yaml").write_text(broken, encoding="utf-8")
    (inputs / "khu-vuc-11.xlsx").write_bytes(b"this is not a workbook")
    out = tmp_path / "out"

    outcome = CliRunner().invoke(
        main, ["batch", str(inputs), "-o", str(out), "--kind", str(kind_dir), "-j", "2"]
    )

    assert outcome.exit_code == 1, outcome.output
    assert "Traceback" not in outcome.output
    assert len(list(out.glob("bao-cao-cds-2025-thanh-hoa-kv*.docx"))) == 9
    assert "bao-cao-cds-2025-thanh-hoa-kv3.docx" not in os.listdir(out)
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("lỗi:")]
    assert any("khu-vuc-03.yaml:" in line and "counts.signed_docs" in line for line in errors)
    assert any("khu-vuc-11.xlsx" in line and "không phải tệp .xlsx" in line for line in errors)
    statuses = _statuses(out)
    assert statuses["khu-vuc-03.yaml"] == statuses["khu-vuc-11.xlsx"] == "invalid"
    entry = next(e for e in _manifest(out)["entries"] if e["input"].endswith("khu-vuc-03.yaml"))
    assert entry["errors"] and entry["input_sha256"] and entry["outputs"] == []
    listed = _sheet_rows(out / CONSOLIDATED_ANNEX, "Lỗi")
    assert [row[0] for row in listed] == ["khu-vuc-03.yaml", "khu-vuc-11.xlsx"]
    assert "counts.signed_docs" in listed[0][1]
    report = docx.Document(out / CONSOLIDATED_REPORT)
    assert [p.text for p in report.paragraphs][1] == "9/11"
    totals = {row[0]: row[1] for row in _sheet_rows(out / CONSOLIDATED_ANNEX, "Tổng")}
    assert totals["issued_docs"] == sum(c["issued_docs"] for c in _unit_counts(out).values())


def test_an_output_that_cannot_be_written_fails_only_its_unit(kind_dir, inputs, tmp_path):
    out = tmp_path / "out"
    blocked = out / "bao-cao-cds-2025-thanh-hoa-kv2.docx"
    blocked.mkdir(parents=True)  # as a file held open by Word would
    result = run_batch(inputs, out, kind=str(kind_dir), jobs=1)
    failed = [(r.input.name, r.status) for r in result.units if not r.ok]
    assert failed == [("khu-vuc-02.yaml", "failed")]
    message = str(result.units[1].errors[0])
    assert str(blocked) in message and "open in Word or Excel" in message
    assert len(list(out.glob("bao-cao-cds-*.docx"))) == 10  # nine documents and the folder
    # totals without a unit that is no fault of its data would look complete: not written
    assert result.consolidated.status == "failed"
    assert "1 unit could not be processed (khu-vuc-02.yaml)" in str(result.consolidated.errors[0])
    assert not (out / CONSOLIDATED_REPORT).exists()

    blocked.rmdir()  # Word closed: the next run writes the unit and the consolidated report
    again = run_batch(inputs, out, kind=str(kind_dir), jobs=1)
    assert again.ok and (out / CONSOLIDATED_REPORT).is_file()


def test_a_second_run_redoes_only_what_changed(kind_dir, inputs, tmp_path):
    out = tmp_path / "out"
    run_batch(inputs, out, kind=str(kind_dir), jobs=1)
    first = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    again = run_batch(inputs, out, kind=str(kind_dir), jobs=1)
    assert {r.status for r in again.units} == {"unchanged"}
    assert again.consolidated.status == "unchanged"
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")} == {
        name: stamp for name, stamp in first.items() if name.endswith(".docx")
    }

    text = (inputs / "khu-vuc-05.yaml").read_text(encoding="utf-8")
    (inputs / "khu-vuc-05.yaml").write_text(text.replace("legal_sessions: ", "legal_sessions: 1"))
    (out / "phu-luc-cds-2025-thanh-hoa-kv7.xlsx").write_bytes(b"edited by hand")
    third = run_batch(inputs, out, kind=str(kind_dir), jobs=1)
    written = sorted(r.input.name for r in third.units if r.status == "written")
    assert written == ["khu-vuc-05.yaml", "khu-vuc-07.yaml"]
    assert third.consolidated.status == "written"  # a total changed
    openpyxl.load_workbook(out / "phu-luc-cds-2025-thanh-hoa-kv7.xlsx")  # repaired

    forced = run_batch(inputs, out, kind=str(kind_dir), jobs=1, force=True)
    assert {r.status for r in forced.units} == {"written"}


def test_an_unchanged_unit_is_not_read_again(kind_dir, inputs, tmp_path):
    """Its figures come from the last run's cache; a damaged cache only costs time."""
    out = tmp_path / "out"
    run_batch(inputs, out, kind=str(kind_dir), jobs=1)
    cache = out / ".reportkit-batch-cache.json"
    saved = json.loads(cache.read_text(encoding="utf-8"))
    saved["units"]["khu-vuc-01.yaml"]["summary"]["counts"]["paperless_meetings"] += 1000
    cache.write_text(json.dumps(saved), encoding="utf-8")
    (out / CONSOLIDATED_ANNEX).unlink()
    run_batch(inputs, out, kind=str(kind_dir), jobs=1)
    totals = {row[0]: row[1] for row in _sheet_rows(out / CONSOLIDATED_ANNEX, "Tổng")}
    assert totals["paperless_meetings"] == 1000 + sum(
        c["paperless_meetings"] or 0 for c in _unit_counts(out).values()
    )

    cache.write_text("{ damaged", encoding="utf-8")
    (out / CONSOLIDATED_ANNEX).unlink()
    result = run_batch(inputs, out, kind=str(kind_dir), jobs=1)
    assert {r.status for r in result.units} == {"unchanged"}
    totals = {row[0]: row[1] for row in _sheet_rows(out / CONSOLIDATED_ANNEX, "Tổng")}
    assert totals["paperless_meetings"] == sum(
        c["paperless_meetings"] or 0 for c in _unit_counts(out).values()
    )


def test_same_inputs_give_byte_identical_files(kind_dir, inputs, tmp_path):
    run_batch(inputs, tmp_path / "a", kind=str(kind_dir), jobs=1)
    run_batch(inputs, tmp_path / "b", kind=str(kind_dir), jobs=2)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_changes_against_last_year_per_unit_and_in_total(kind_dir, tmp_path):
    """In total only over units that all have last year's figures: like for like."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in [*PREVIOUS.glob("*.yaml"), SAMPLES / "province.yaml"]:
        shutil.copy(SAMPLES / path.name, inputs / path.name)
    out = tmp_path / "out"
    run_batch(inputs, out, kind=str(kind_dir), jobs=1, previous_dir=PREVIOUS)
    rows = {row[0]: row for row in _sheet_rows(out / CONSOLIDATED_ANNEX, "Tổng")}
    now, before = rows["issued_docs"][1], rows["issued_docs"][2]
    assert before is not None and before != now
    assert all(row[5] is not None for row in _sheet_rows(out / CONSOLIDATED_ANNEX, "Đơn vị"))

    everyone = tmp_path / "out-all"
    run_batch(SAMPLES, everyone, kind=str(kind_dir), jobs=1, previous_dir=PREVIOUS)
    rows = {row[0]: row for row in _sheet_rows(everyone / CONSOLIDATED_ANNEX, "Tổng")}
    assert rows["issued_docs"][2] is None  # five units have no 2024 file
    changes = [row[5] for row in _sheet_rows(everyone / CONSOLIDATED_ANNEX, "Đơn vị")]
    assert sum(change is not None for change in changes) == 5


def test_last_years_file_found_by_unit_code_when_its_name_differs(kind_dir, tmp_path):
    previous = tmp_path / "2024"
    shutil.copytree(PREVIOUS, previous)
    (previous / "khu-vuc-01.yaml").rename(previous / "kv1-nam-2024.yaml")
    result = run_batch(SAMPLES, tmp_path / "out", kind=str(kind_dir), jobs=1, previous_dir=previous)
    first = result.units[0]
    assert first.previous == previous / "kv1-nam-2024.yaml"
    assert first.summary["changes"]["issued_docs"] is not None
    assert result.missing_units == []


def test_a_unit_of_another_year_is_left_out(kind_dir, inputs, tmp_path):
    text = (inputs / "khu-vuc-06.yaml").read_text(encoding="utf-8")
    text = text.replace("year: 2025", "year: 2024", 1).replace("2026-", "2025-")
    (inputs / "khu-vuc-06.yaml").write_text(text, encoding="utf-8")
    result = run_batch(inputs, tmp_path / "out", kind=str(kind_dir), jobs=1)
    odd = next(r for r in result.units if r.input.name == "khu-vuc-06.yaml")
    assert odd.status == "invalid"
    assert "reports the year 2024; this batch is for 2025" in str(odd.errors[0])
    rows = _sheet_rows(tmp_path / "out" / CONSOLIDATED_ANNEX, "Đơn vị")
    assert "thanh-hoa-kv6" not in [row[0] for row in rows] and len(rows) == 9


def test_the_province_file_can_be_given(kind_dir, inputs, tmp_path):
    elsewhere = tmp_path / "tinh.yaml"
    text = (inputs / "province.yaml").read_text(encoding="utf-8")
    name = "name: Viện kiểm sát nhân dân tỉnh Thanh Hóa"
    elsewhere.write_text(text.replace(name, f"{name} (tổng hợp)"), encoding="utf-8")
    (inputs / "province.yaml").unlink()
    result = run_batch(inputs, tmp_path / "out", kind=str(kind_dir), jobs=1, province=elsewhere)
    assert result.ok and len(result.units) == 10
    assert result.consolidated.input == elsewhere
    assert [o for o, _ in result.consolidated.outputs] == [CONSOLIDATED_REPORT, CONSOLIDATED_ANNEX]
    report = docx.Document(tmp_path / "out" / CONSOLIDATED_REPORT)
    assert report.paragraphs[0].text == "Viện kiểm sát nhân dân tỉnh Thanh Hóa (tổng hợp)"


def test_missing_units_are_named(kind_dir, inputs, tmp_path):
    (inputs / "khu-vuc-02.yaml").unlink()
    out = tmp_path / "out"
    outcome = CliRunner().invoke(
        main,
        [
            "batch",
            str(inputs),
            "-o",
            str(out),
            "--kind",
            str(kind_dir),
            "-j",
            "1",
            "--previous",
            str(PREVIOUS),
            "--units",
            str(ROOT / "samples" / "units-thanh-hoa.yaml"),
        ],
    )
    assert outcome.exit_code == 0, outcome.output
    missing = [row[0] for row in _sheet_rows(out / CONSOLIDATED_ANNEX, "Thiếu")]
    assert missing == ["VKSND khu vực 2 - Thanh Hóa"]  # once, though both sources name it
    assert "thiếu: VKSND khu vực 2 - Thanh Hóa chưa nộp số liệu" in outcome.stderr
    report = docx.Document(out / CONSOLIDATED_REPORT)
    assert [p.text for p in report.paragraphs][1] == "9/10"


def test_without_a_province_file_the_units_parent_consolidates(kind_dir, inputs, tmp_path):
    (inputs / "province.yaml").unlink()
    units = ROOT / "samples" / "units-thanh-hoa.yaml"
    result = run_batch(inputs, tmp_path / "out", kind=str(kind_dir), jobs=1, units_file=units)
    assert result.ok and result.missing_units == []  # the province is not a missing unit
    name = "bao-cao-tong-hop-cds-2025-vien-kiem-sat-nhan-dan-tinh-thanh-hoa.docx"
    paragraphs = [p.text for p in docx.Document(tmp_path / "out" / name).paragraphs]
    assert paragraphs[:2] == ["Viện kiểm sát nhân dân tỉnh Thanh Hóa", "10/10"]


def test_two_inputs_for_one_unit(kind_dir, inputs, tmp_path):
    shutil.copy(inputs / "khu-vuc-01.yaml", inputs / "khu-vuc-01-copy.yaml")
    result = run_batch(inputs, tmp_path / "out", kind=str(kind_dir), jobs=1)
    pair = [r for r in result.units if r.input.name.startswith("khu-vuc-01")]
    kept, refused = sorted(pair, key=lambda r: r.status != "written")
    assert (kept.status, refused.status) == ("written", "invalid")
    assert f"same files as {kept.input.name}" in str(refused.errors[0])
    assert docx.Document(tmp_path / "out" / "bao-cao-cds-2025-thanh-hoa-kv1.docx")
    report = docx.Document(tmp_path / "out" / CONSOLIDATED_REPORT)
    assert [p.text for p in report.paragraphs][1] == "10/11"

    again = run_batch(inputs, tmp_path / "out", kind=str(kind_dir), jobs=1)
    statuses = sorted(r.status for r in again.units if r.input.name.startswith("khu-vuc-01"))
    assert statuses == ["invalid", "written"]  # the kept one is written again after the clash
    assert sum(r.ok for r in again.units) == 10


def test_plain_progress_lines_when_not_a_terminal(kind_dir, inputs, tmp_path):
    outcome = CliRunner().invoke(
        main, ["batch", str(inputs), "-o", str(tmp_path / "o"), "--kind", str(kind_dir), "-j", "1"]
    )
    assert outcome.exit_code == 0, outcome.output
    lines = outcome.stderr.splitlines()
    assert lines[0] == "[ 1/10] đã ghi    khu-vuc-01.yaml (VKSND khu vực 1 - Thanh Hóa)"
    assert "\r" not in outcome.stderr
    assert outcome.stdout.startswith("10 đơn vị: 10 đã ghi\n")


@pytest.mark.libreoffice
def test_pdfs_of_every_document_and_kept_when_nothing_changed(kind_dir, tmp_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for name in ("khu-vuc-01.yaml", "khu-vuc-02.yaml", "province.yaml"):
        shutil.copy(SAMPLES / name, inputs / name)
    first = run_batch(inputs, out, kind=str(kind_dir), jobs=2, pdf=True)
    assert first.ok
    documents = sorted(p.stem for p in out.glob("*.docx")) + sorted(
        p.stem for p in out.glob("*.xlsx")
    )
    assert sorted(p.stem for p in out.glob("*.pdf")) == sorted(documents)
    assert len(documents) == 6
    recorded = {o["file"] for e in _manifest(out)["entries"] for o in e["outputs"]}
    assert {f"{stem}.pdf" for stem in documents} <= recorded
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}

    again = run_batch(inputs, out, kind=str(kind_dir), jobs=2, pdf=True)
    assert {r.status for r in again.units} == {"unchanged"}
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == stamps


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["batch", "{missing}", "-o", "{out}"], "không tìm thấy thư mục đầu vào"),
        (["batch", "{empty}", "-o", "{out}"], "không có tệp số liệu nào của đơn vị"),
        (["batch", "{empty}", "-o", "{empty}"], "không có tệp số liệu nào của đơn vị"),
    ],
)
def test_a_run_that_cannot_start_exits_2(tmp_path, arguments, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("không phải dữ liệu")
    places = {"missing": tmp_path / "nope", "out": tmp_path / "out", "empty": tmp_path / "empty"}
    arguments = [a.format(**places) for a in arguments]
    outcome = CliRunner().invoke(main, arguments)
    assert outcome.exit_code == 2
    assert message in outcome.stderr and "Traceback" not in outcome.output


def test_outputs_beside_the_inputs_are_refused(inputs):
    outcome = CliRunner().invoke(main, ["batch", str(inputs), "-o", str(inputs)])
    assert outcome.exit_code == 2
    assert "hãy ghi kết quả vào một thư mục khác thư mục đầu vào" in outcome.stderr


def _batch_process(inputs: Path, out: Path, kind_dir: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "reportkit", "batch", str(inputs), "-o", str(out)]
    return subprocess.Popen(
        [*command, "--kind", str(kind_dir), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a process group of its own, as a terminal would make it
    )


def _wait_for_outputs(out: Path, count: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if out.is_dir() and len(list(out.glob("bao-cao-cds-*.docx"))) >= count:
            return
        time.sleep(0.02)
    pytest.fail("the batch did not start writing in time")


INTERRUPTED_UNITS = 240


def _interrupted_batch(
    kind_dir: Path, tmp_path: Path, outputs: int, sig: signal.Signals
) -> tuple[Path, Path, subprocess.Popen]:
    """A batch of UNITS units in a process group of its own, sent ``sig`` after ``outputs``
    reports; enough units that the batch cannot finish before the signal lands, even when
    this test is slow to notice the outputs on a loaded machine."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    province_of(inputs, INTERRUPTED_UNITS)
    process = _batch_process(inputs, out, kind_dir)
    _wait_for_outputs(out, outputs, process)
    os.killpg(process.pid, sig)
    return inputs, out, process


def _all_whole(out: Path) -> None:
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    for path in out.glob("*.docx"):
        docx.Document(path)
    for path in out.glob("*.xlsx"):
        openpyxl.load_workbook(path)


@POSIX_SIGNALS
def test_ctrl_c_keeps_finished_units_and_a_second_run_completes(kind_dir, tmp_path):
    inputs, out, process = _interrupted_batch(kind_dir, tmp_path, 10, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert "chạy lại đúng lệnh này".encode() in stderr and b"Traceback" not in stderr
    _all_whole(out)
    done = _statuses(out)
    assert 10 <= len(done) < INTERRUPTED_UNITS

    result = run_batch(inputs, out, kind=str(kind_dir), jobs=2)
    statuses = {r.input.name: r.status for r in result.units}
    assert len(statuses) == INTERRUPTED_UNITS and result.ok
    assert all(statuses[name] == "unchanged" for name in done)
    assert len(list(out.glob("bao-cao-cds-*.docx"))) == INTERRUPTED_UNITS


@POSIX_SIGNALS
def test_a_killed_run_leaves_no_half_written_file(kind_dir, tmp_path):
    inputs, out, process = _interrupted_batch(kind_dir, tmp_path, 20, signal.SIGKILL)
    process.wait(timeout=30)
    for path in out.glob("*.docx"):
        docx.Document(path)  # every finished name is a whole document

    result = run_batch(inputs, out, kind=str(kind_dir), jobs=2)
    assert result.ok and len(result.units) == INTERRUPTED_UNITS
    _all_whole(out)


@POSIX_SIGNALS
def test_a_second_batch_into_the_same_folder_waits_its_turn(kind_dir, tmp_path):
    """While one batch writes a folder another is refused; a killed batch frees it."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    province_of(inputs, INTERRUPTED_UNITS)
    process = _batch_process(inputs, out, kind_dir)
    try:
        _wait_for_outputs(out, 5, process)
        outcome = CliRunner().invoke(
            main, ["batch", str(inputs), "-o", str(out), "--kind", str(kind_dir)]
        )
        assert outcome.exit_code == 2
        assert "một lượt chạy reportkit batch khác đang ghi vào thư mục này" in outcome.stderr
        assert "Traceback" not in outcome.output
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    result = run_batch(inputs, out, kind=str(kind_dir), jobs=2)
    assert result.ok and len(result.units) == INTERRUPTED_UNITS
