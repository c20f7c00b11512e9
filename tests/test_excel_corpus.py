"""Real workbooks from Excel and other producers come through a tag-free render intact.

Every part of each file in tests/files/excel-corpus/ is compared before and after; only
the changes docs/excel-templates.md names are allowed (tools/corpus_excel.py classifies).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reportkit.excel import ExcelTemplate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "files" / "excel-corpus"
sys.path.insert(0, str(ROOT / "tools"))

from corpus_excel import DOCUMENTED, EXACT, compare  # noqa: E402

# What may change, file by file; every other file must come out exactly as it went in.
DOCUMENTED_CHANGES = {
    "poi-SimpleStrict.xlsx": "Strict namespaces written as transitional",
    "poi-shared_formulas.xlsx": "formulas written out per cell, 0 cached results dropped",
    "poi-59746_NoRowNums.xlsx": "row and cell numbers",
    "poi-ExcelPivotTableSample.xlsx": "refreshOnLoad",
}
FILES = sorted(path.name for path in CORPUS.glob("*.xlsx"))


def test_the_corpus_holds_a_handful_of_files_with_their_source():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert 10 <= len(FILES) <= 16
    for name in FILES:
        assert f"`{name}`" in readme, f"{name} needs its source and licence in README.md"


@pytest.mark.parametrize("name", FILES)
def test_a_tag_free_render_keeps_every_part(name):
    before = (CORPUS / name).read_bytes()
    after = ExcelTemplate(CORPUS / name).render({})
    verdict, notes = compare(before, after)
    if name in DOCUMENTED_CHANGES:
        assert verdict == DOCUMENTED, notes
        assert any(DOCUMENTED_CHANGES[name] in note for note in notes), notes
    else:
        assert verdict == EXACT, notes
