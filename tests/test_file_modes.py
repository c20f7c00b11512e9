"""Files reportkit writes are readable as the user's umask says, not private like the
temporary files they are written through; run in a child process per umask."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REPORTKIT = [sys.executable, "-m", "reportkit"]


def _run_under(umask: int, *commands: list[str]) -> None:
    """Run each reportkit command in a child process whose umask is ``umask``."""
    for command in commands:
        subprocess.run(
            [*REPORTKIT, *map(str, command)],
            capture_output=True,
            check=False,
            preexec_fn=lambda: os.umask(umask),
        )


def _modes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): stat.S_IMODE(p.stat().st_mode)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_every_file_written_has_the_umasks_mode(tmp_path, umask):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("khu-vuc-01.yaml", "khu-vuc-02.yaml", "province.yaml"):
        shutil.copy(SAMPLES / "thanh-hoa-khu-vuc" / name, inputs / name)
    out = tmp_path / "out"
    form = out / "forms" / "bieu-mau-cds-2025-thanh-hoa-kv1.xlsx"
    _run_under(
        umask,
        ["render", SAMPLES / "thanh-hoa-2025.yaml", "-o", out / "render"],
        [
            "form",
            "--year",
            "2025",
            "--units",
            SAMPLES / "units-thanh-hoa.yaml",
            "--unit",
            "thanh-hoa-kv1",
            "-o",
            out / "forms",
        ],
        ["check", form, "--annotate", out / "annotated" / "da-danh-dau.xlsx"],
        ["batch", inputs, "-o", out / "batch"],
    )
    modes = _modes(out)
    expected = 0o666 & ~umask
    assert {"render", "forms", "annotated", "batch"} == {Path(n).parts[0] for n in modes}
    assert "batch/manifest.json" in modes and "annotated/da-danh-dau.xlsx" in modes
    assert {name: mode for name, mode in modes.items() if mode != expected} == {}


@pytest.mark.libreoffice
def test_pdfs_have_the_umasks_mode(tmp_path):
    _run_under(0o027, ["render", SAMPLES / "thanh-hoa-2025.yaml", "-o", tmp_path, "--pdf"])
    modes = _modes(tmp_path)
    assert len([name for name in modes if name.endswith(".pdf")]) == 2
    assert set(modes.values()) == {0o640}
