"""The shipped templates are exactly what the scripts in tools/ build, byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "templates" / "cds"


@pytest.mark.parametrize(
    ("script", "built"),
    [
        ("make_cds_templates.py", ("report.docx", "annex.xlsx")),
        ("make_province_templates.py", ("province-report.docx", "province-annex.xlsx")),
    ],
)
def test_tools_rebuild_the_shipped_templates(tmp_path, script, built):
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / script), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in built:
        rebuilt, shipped = (tmp_path / name).read_bytes(), (SHIPPED / name).read_bytes()
        assert rebuilt == shipped, f"{name} differs: run python tools/{script} and commit it"
