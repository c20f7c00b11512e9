"""Last year's figures must be the same unit's, one year earlier (issue #10, point 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
from click.testing import CliRunner

from reportkit.batch import run_batch
from reportkit.cli import main

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "samples" / "thanh-hoa-khu-vuc"
PREVIOUS = ROOT / "samples" / "thanh-hoa-khu-vuc-2024"


def _render(tmp_path: Path, *options: str):
    out = tmp_path / "out"
    args = ["render", str(SAMPLES / "khu-vuc-02.yaml"), "-o", str(out), *options]
    return CliRunner().invoke(main, args), out


def test_another_units_previous_file_is_refused_naming_both_files(tmp_path):
    result, out = _render(tmp_path, "--previous", str(PREVIOUS / "khu-vuc-01.yaml"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert (
        "khu-vuc-01.yaml:7: unit.code: khu-vuc-01.yaml (năm trước) và khu-vuc-02.yaml "
        '(năm nay) là của hai đơn vị khác nhau: "thanh-hoa-kv1" không phải "thanh-hoa-kv2"'
    ) in result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_forced_previous_file_is_used_and_said(tmp_path):
    result, out = _render(
        tmp_path, "--previous", str(PREVIOUS / "khu-vuc-01.yaml"), "--force-previous"
    )
    assert result.exit_code == 0, result.output
    assert "cảnh báo (--force-previous):" in result.output
    assert "là của hai đơn vị khác nhau" in result.output
    assert len(list(out.glob("*.docx"))) == 1


def test_previous_file_of_another_year_is_refused(tmp_path):
    stale = tmp_path / "kv2-2023.yaml"
    stale.write_text(
        (PREVIOUS / "khu-vuc-02.yaml")
        .read_text(encoding="utf-8")
        .replace("year: 2024", "year: 2023"),
        encoding="utf-8",
    )
    result, _ = _render(tmp_path, "--previous", str(stale))
    assert result.exit_code == 2
    assert "year: tệp năm trước phải là của năm 2024; tệp đã cho là năm 2023" in result.output


def _swapped_previous(tmp_path: Path) -> Path:
    """Last year's folder whose file names do not match the units inside them."""
    folder = tmp_path / "previous"
    folder.mkdir()
    shutil.copy(PREVIOUS / "khu-vuc-01.yaml", folder / "khu-vuc-02.yaml")
    shutil.copy(PREVIOUS / "khu-vuc-02.yaml", folder / "khu-vuc-01.yaml")
    return folder


def _units(tmp_path: Path) -> Path:
    folder = tmp_path / "units"
    folder.mkdir()
    for name in ("khu-vuc-01.yaml", "khu-vuc-02.yaml", "province.yaml"):
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def test_batch_pairs_last_year_by_unit_code_never_by_file_name(tmp_path):
    previous = _swapped_previous(tmp_path)
    out = tmp_path / "out"
    result = run_batch(_units(tmp_path), out, jobs=1, previous_dir=previous)
    assert result.ok, [str(e) for u in result.failed for e in u.errors]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    paired = {
        Path(u["input"]).name: Path(u["previous"]).name
        for u in manifest["entries"]
        if u["role"] == "unit"
    }
    assert paired == {"khu-vuc-01.yaml": "khu-vuc-02.yaml", "khu-vuc-02.yaml": "khu-vuc-01.yaml"}
    # kv2 issued 194 documents in 2025 against its own 183 of 2024: up 6%, not kv1's figure
    report = docx.Document(out / "bao-cao-cds-2025-thanh-hoa-kv2.docx")
    text = "\n".join(p.text for p in report.paragraphs)
    assert "194 văn bản trên hệ thống quản lý văn bản và điều hành (tăng 6% so với năm 2024)" in (
        text
    )


def test_batch_forced_previous_of_another_year_is_stated_in_the_manifest(tmp_path):
    previous = tmp_path / "previous"
    previous.mkdir()
    text = (PREVIOUS / "khu-vuc-02.yaml").read_text(encoding="utf-8")
    (previous / "khu-vuc-02.yaml").write_text(text.replace("year: 2024", "year: 2023"), "utf-8")
    units = _units(tmp_path)
    refused = run_batch(units, tmp_path / "refused", jobs=1, previous_dir=previous)
    assert [u.input.name for u in refused.failed] == ["khu-vuc-02.yaml"]
    out = tmp_path / "out"
    forced = run_batch(units, out, jobs=1, previous_dir=previous, force_previous=True)
    assert forced.ok
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    kv2 = next(u for u in manifest["entries"] if u["input"].endswith("khu-vuc-02.yaml"))
    assert kv2["previous_warnings"] == [
        f"{previous / 'khu-vuc-02.yaml'}:3: year: the previous year's file must be for 2024, "
        "got 2023 (khu-vuc-02.yaml (last year) and khu-vuc-02.yaml (this year))"
    ]


def test_without_codes_the_unit_names_must_match(tmp_path):
    other = tmp_path / "other.yaml"
    text = (PREVIOUS / "khu-vuc-01.yaml").read_text(encoding="utf-8")
    other.write_text(text.replace("  code: thanh-hoa-kv1\n", ""), encoding="utf-8")
    result, _ = _render(tmp_path, "--previous", str(other))
    assert result.exit_code == 2
    assert (
        "unit.name: other.yaml (năm trước) và khu-vuc-02.yaml (năm nay) là của hai đơn vị khác "
        'nhau: "Viện kiểm sát nhân dân khu vực 1 - Thanh Hóa" không phải "Viện kiểm sát nhân dân '
        'khu vực 2 - Thanh Hóa"'
    ) in result.output
