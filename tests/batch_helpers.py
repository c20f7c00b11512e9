"""Inputs for batch tests, shared by tests/test_batch_run.py and tests/hostile/."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "samples" / "thanh-hoa-khu-vuc"
UNIT_FILES = sorted(p.name for p in SAMPLES.glob("khu-vuc-*.yaml"))


def many_units(folder: Path, count: int) -> None:
    """``count`` units made from the samples, each with its own code."""
    folder.mkdir()
    sources = [SAMPLES / name for name in UNIT_FILES]
    for n in range(count):
        text = sources[n % len(sources)].read_text(encoding="utf-8")
        code = f"code: thanh-hoa-kv{n % len(sources) + 1}\n"
        (folder / f"unit-{n:03d}.yaml").write_text(text.replace(code, f"code: unit-{n:03d}\n"))


def province_of(folder: Path, count: int) -> Path:
    """A province's input folder: ``count`` units and the samples' province.yaml."""
    many_units(folder, count)
    shutil.copy(SAMPLES / "province.yaml", folder)
    return folder
