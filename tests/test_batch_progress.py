"""What a person watching a batch sees: a bar on a terminal, plain lines in a log, and the
manifest a spreadsheet opens."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from reportkit.batch.manifest import read_known, write_manifest
from reportkit.batch.progress import Progress
from reportkit.batch.worker import UnitResult
from reportkit.errors import Problem, ValidationError


def _results() -> list[UnitResult]:
    bad = ValidationError(
        [
            Problem("is required", file="in/b.yaml", location="line 3", field="unit.name"),
            Problem("must be a whole number", file="in/b.yaml", location="line 9", field="x"),
        ],
        file="in/b.yaml",
    )
    return [
        UnitResult(
            Path("in/a.yaml"),
            "written",
            input_sha256="aa",
            key="ka",
            name="VKSND khu vực 1 - Thanh Hóa",
            outputs=[("bao-cao-a.docx", "d1"), ("phu-luc-a.xlsx", "x1")],
        ),
        UnitResult(Path("in/b.yaml"), "invalid", input_sha256="bb", errors=[bad]),
    ]


def _shown(interactive: bool) -> str:
    """What Progress writes while the two results come in, then at the end."""
    stream = io.StringIO()
    progress = Progress(stream, interactive=interactive)
    for done, result in enumerate(_results(), start=1):
        progress(result, done, 2)
    progress.close()
    return stream.getvalue()


def test_a_terminal_gets_one_bar_redrawn_in_place():
    text = _shown(interactive=True)
    assert text.startswith("\r[###############---------------] 1/2 units")
    assert "\r[##############################] 2/2 units  1 with errors  0:00\n" in text
    assert text.count("\n") == 1


def _shown_with_pdfs(interactive: bool) -> str:
    """What Progress writes for a batch with PDFs: rendering, conversion, then the units."""
    stream = io.StringIO()
    progress = Progress(stream, interactive=interactive, redraw_seconds=0)  # every call drawn
    progress.step("rendered", 1, 2)
    progress.step("rendered", 2, 2)
    results = _results()
    for done in range(1, 5):
        progress.step("PDFs", done, 4)
        if done == 2:  # a unit whose PDFs are written while others are converted
            progress(results[0], 1, 2)
    progress(results[1], 2, 2)
    progress.close()
    return stream.getvalue()


def test_a_terminal_bar_follows_the_pdf_conversion():
    draws = _shown_with_pdfs(interactive=True).split("\r")[1:]
    full = "[##############################] "
    rendered = draws.index(next(d for d in draws if d.startswith(full + "2/2 units rendered")))
    converted = draws.index(full + "4/4 PDFs  0:00".ljust(len(draws[rendered]) - len(full)))
    assert rendered < converted, "the longer line before is wiped with spaces"
    assert not any(" 1/2 units  " in draw for draw in draws), "the PDF bar is not taken back"
    assert draws[-1].startswith(full + "2/2 units  1 with errors")


def test_a_log_with_pdfs_says_when_converting_and_each_unit_when_written():
    assert _shown_with_pdfs(interactive=False).splitlines() == [
        "rendered 2/2 units; converting to PDF",
        "[1/2] written   a.yaml (VKSND khu vực 1 - Thanh Hóa)",
        "[2/2] invalid   b.yaml: 2 problems",
    ]


def test_a_log_gets_one_plain_line_per_unit():
    assert _shown(interactive=False).splitlines() == [
        "[1/2] written   a.yaml (VKSND khu vực 1 - Thanh Hóa)",
        "[2/2] invalid   b.yaml: 2 problems",
    ]


def test_the_manifest_in_json_and_csv(tmp_path):
    write_manifest(tmp_path, _results(), None, {"pdf": False})
    document = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert document["statuses"] == {"invalid": 1, "written": 1}
    first, second = document["entries"]
    assert first["outputs"] == [
        {"file": "bao-cao-a.docx", "sha256": "d1"},
        {"file": "phu-luc-a.xlsx", "sha256": "x1"},
    ]
    assert second["errors"] == [
        "in/b.yaml:3: unit.name: is required",
        "in/b.yaml:9: x: must be a whole number",
    ]
    raw = (tmp_path / "manifest.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["unit"] == "VKSND khu vực 1 - Thanh Hóa"
    assert rows[0]["outputs"] == "bao-cao-a.docx; phu-luc-a.xlsx"
    assert rows[1]["status"] == "invalid" and "line" not in rows[1]["errors"]
    assert rows[1]["errors"].count(" | ") == 1

    known, settings = read_known(tmp_path)
    assert known["a.yaml"].key == "ka" and settings == {"pdf": False}


def test_a_damaged_manifest_only_means_everything_is_redone(tmp_path):
    (tmp_path / "manifest.json").write_text("{ not json", encoding="utf-8")
    assert read_known(tmp_path) == ({}, {})
