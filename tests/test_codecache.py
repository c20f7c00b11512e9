"""Compiled template code kept on disk: used when it matches, never trusted blindly."""

from __future__ import annotations

import os

import docx
import openpyxl
import pytest
from word_helpers import render, save, texts

from reportkit.excel import ExcelTemplate
from reportkit.word import WordTemplate


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPORTKIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("REPORTKIT_NO_CACHE", raising=False)
    return folder


def _word(path, *paragraphs):
    doc = docx.Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    return save(doc, path)


def _entries(folder):
    return sorted(folder.glob("*.code")) if folder.exists() else []


def test_a_kept_entry_is_what_the_next_load_runs(cache, tmp_path):
    """Swap the entry of template A for B's code: loading A again renders B's text,
    so the second load really ran the kept code rather than compiling again."""
    first = _word(tmp_path / "a.docx", "Một {{ x }}")
    render(first, {"x": 1})
    [entry_a] = _entries(cache)
    second = _word(tmp_path / "b.docx", "Hai {{ x }}")
    assert texts(render(second, {"x": 2})) == ["Hai 2"]
    [entry_b] = [e for e in _entries(cache) if e != entry_a]

    entry_a.write_bytes(entry_b.read_bytes())
    assert texts(render(first, {"x": 3})) == ["Hai 3"]


def test_a_damaged_entry_is_compiled_again_and_replaced(cache, tmp_path):
    path = _word(tmp_path / "t.docx", "Năm {{ nam }}")
    render(path, {"nam": 2025})
    [entry] = _entries(cache)
    entry.write_bytes(b"\x00not code")
    assert texts(render(path, {"nam": 2026})) == ["Năm 2026"]
    assert entry.read_bytes() != b"\x00not code"


def test_unknown_filters_are_still_found_when_the_code_comes_from_the_cache(cache, tmp_path):
    path = _word(tmp_path / "t.docx", "Đầu", "{% if false %}{{ x|khong_co(1) }}{% endif %}")
    for _ in range(2):  # compiled, then loaded
        [problem] = WordTemplate(path).check()
        assert problem.message == "unknown filter 'khong_co'"
        assert "paragraph 2" in problem.location
    assert len(_entries(cache)) == 1


def test_strict_and_lenient_templates_share_code_but_not_behaviour(cache, tmp_path):
    path = _word(tmp_path / "t.docx", "[{{ thieu }}]")
    assert texts(render(path, {}, strict=False)) == ["[]"]
    with pytest.raises(Exception, match="thieu"):
        render(path, {})


def test_excel_sheets_are_kept_and_reused(cache, tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "{{ ten }}"
    book.active["B1"] = "{{ so }}"
    path = tmp_path / "t.xlsx"
    book.save(path)
    outputs = [ExcelTemplate(path).render({"ten": "Phòng 1", "so": n}) for n in (1, 1)]
    assert len(_entries(cache)) == 1
    assert outputs[0] == outputs[1]
    out = tmp_path / "out.xlsx"
    out.write_bytes(outputs[1])
    sheet = openpyxl.load_workbook(out).active
    assert (sheet["A1"].value, sheet["B1"].value) == ("Phòng 1", 1)


def test_turned_off_keeps_nothing(cache, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTKIT_NO_CACHE", "1")
    assert texts(render(_word(tmp_path / "t.docx", "{{ x }}"), {"x": 1})) == ["1"]
    assert _entries(cache) == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_not_used(cache, tmp_path):
    cache.mkdir()
    cache.chmod(0o777)
    assert texts(render(_word(tmp_path / "t.docx", "{{ x }}"), {"x": 1})) == ["1"]
    assert _entries(cache) == []


def test_the_folder_keeps_only_the_newest_entries(cache, tmp_path):
    cache.mkdir()
    planted = [cache / f"{n:064x}.code" for n in range(300)]
    for n, old in enumerate(planted):
        old.write_bytes(b"old")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    render(_word(tmp_path / "t.docx", "{{ x }}"), {"x": 1})
    kept = _entries(cache)
    assert len(kept) <= 256
    assert planted[-1] in kept and planted[0] not in kept
    assert len(set(kept) - set(planted)) == 1  # the entry just written


def test_the_folder_is_pruned_by_size_too(cache, tmp_path):
    cache.mkdir()
    planted = [cache / f"{n:064x}.code" for n in range(3)]
    for n, old in enumerate(planted):
        with open(old, "wb") as fh:
            fh.truncate(30 << 20)  # sparse: 90 MB of entries in all, no disk used
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    render(_word(tmp_path / "t.docx", "{{ x }}"), {"x": 1})
    kept = _entries(cache)
    assert sum(path.stat().st_size for path in kept) <= 48 << 20
    assert planted[-1] in kept and planted[0] not in kept
