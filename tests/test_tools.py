"""The shipped templates are exactly what the scripts in tools/ build, byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


@pytest.mark.parametrize(
    ("script", "kind", "built"),
    [
        ("make_cds_templates.py", "cds", ("report.docx", "annex.xlsx")),
        ("make_province_templates.py", "cds", ("province-report.docx", "province-annex.xlsx")),
        ("make_phoihop_templates.py", "phoihop", ("report.docx", "annex.xlsx")),
    ],
)
def test_tools_rebuild_the_shipped_templates(tmp_path, script, kind, built):
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / script), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in built:
        rebuilt = (tmp_path / name).read_bytes()
        shipped = (TEMPLATES / kind / name).read_bytes()
        assert rebuilt == shipped, f"{name} differs: run python tools/{script} and commit it"
