"""Render real workbooks tag-free and compare every part before and after (outside CI).

A workbook with no tags must come out of reportkit opening the same way. Each file is
put in one class:

- kept exactly: every part the same bytes, apart from the changes every render makes
  (the calculation chain left out, "full calculation on load" set);
- with documented changes: parts that differ only in ways docs/excel-templates.md names
  (Strict namespaces written as transitional, shared formulas spelled out, a cached
  result dropped where it may be stale, XML written with other prefixes or spacing);
- refused with a clear line (one line, no traceback);
- failed: anything else (the parts that differ are listed).

    python tools/corpus_excel.py FILE_OR_FOLDER... [--verbose]

tests/test_excel_corpus.py runs ``compare`` on the files in tests/files/excel-corpus/.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportkit.errors import ReportkitError  # noqa: E402
from reportkit.excel import ExcelTemplate  # noqa: E402
from reportkit.package import transitional_parts  # noqa: E402

EXACT, DOCUMENTED, REFUSED, FAILED = "kept exactly", "documented changes", "refused", "failed"
_CALC_CHAIN = "calcChain"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}


def render(path: Path) -> tuple[str, list[str]]:
    """Render ``path`` with no data; return its class and notes on what changed."""
    try:
        out = ExcelTemplate(path).render({})
    except ReportkitError as error:
        line = str(error)
        return (REFUSED if "\n" not in line else FAILED), [line]
    except Exception as error:  # noqa: BLE001 - the corpus is there to find these
        return FAILED, [f"{type(error).__name__}: {error}"]
    return compare(path.read_bytes(), out)


def compare(before: bytes, after: bytes) -> tuple[str, list[str]]:
    """Compare every part of a workbook before and after a tag-free render."""
    old, new = parts_of(before), parts_of(after)
    notes: list[str] = []
    documented = False
    strict = transitional_parts(old)
    if strict:
        notes.append(f"Strict namespaces written as transitional ({len(strict)} parts)")
        old = {**old, **strict}
        documented = True
    for name in old:
        if name not in new:
            if _CALC_CHAIN in name:
                continue
            notes.append(f"{name}: missing after the render")
            return FAILED, notes
    for name in new:
        if name not in old:
            notes.append(f"{name}: new after the render")
            return FAILED, notes
    for name, data in old.items():
        if new.get(name, data) == data:
            continue
        verdict = _part_difference(name, data, new[name])
        if verdict is None:
            continue
        if verdict.startswith("!"):
            notes.append(f"{name}: {verdict[1:]}")
            return FAILED, notes
        notes.append(f"{name}: {verdict}")
        documented = True
    return (DOCUMENTED if documented else EXACT), notes


def _part_difference(name: str, before: bytes, after: bytes) -> str | None:
    """None for the changes every render makes; a note for a documented change; ``!note``
    for anything else."""
    if not name.endswith((".xml", ".rels", ".vml")):
        return "!binary part changed"
    try:
        old = etree.fromstring(before, _PARSER)
        new = etree.fromstring(after, _PARSER)
    except etree.XMLSyntaxError as error:
        return f"!not well-formed after the render ({error})"
    _without_every_render_change(old)
    _without_every_render_change(new)
    if _same(old, new):
        return None if name.endswith((".rels", "[Content_Types].xml", "workbook.xml")) else (
            "the same XML, written differently"
        )
    if _same(old, new, _WRITTEN_OUT):
        return "row and cell numbers, counts or refreshOnLoad written out"
    dropped = _without_cached_results(old, new)
    if _same(old, new, _WRITTEN_OUT):
        return f"formulas written out per cell, {dropped} cached results dropped"
    return "!" + _first_difference(old, new)


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _without_every_render_change(root) -> None:
    """The calculation chain's traces and the calcPr that every render rewrites."""
    for element in list(root.iter()):
        local = _local(element.tag)
        drop = local == "calcPr" or (
            local in ("Relationship", "Override")
            and _CALC_CHAIN in (element.get("Type", "") + element.get("PartName", ""))
        )
        if drop:
            element.getparent().remove(element)


def _without_cached_results(old, new) -> int:
    """Formula cells compared by what they are, not by their stored result; shared
    formulas by position (their text is spelled out after a render)."""
    results = {}
    for root in (old, new):
        results[root] = 0
        for cell in root.iter():
            if _local(cell.tag) != "c":
                continue
            formula = next((c for c in cell if _local(c.tag) == "f"), None)
            if formula is None:
                continue
            for child in list(cell):
                if _local(child.tag) == "v":
                    cell.remove(child)
                    results[root] += 1
            cell.attrib.pop("t", None)
            formula.text = None
            for key in ("t", "si", "ref"):
                formula.attrib.pop(key, None)
    return results[old] - results[new]


# Attributes a render may add where the template left them out (documented): row and cell
# numbers, a list's count, a pivot cache's refreshOnLoad.
_WRITTEN_OUT = frozenset({"r", "count", "refreshOnLoad"})


def _same(a, b, added: frozenset[str] = frozenset()) -> bool:
    if a.tag != b.tag:
        return False
    theirs = {k: v for k, v in b.attrib.items() if k in a.attrib or k not in added}
    if dict(a.attrib) != theirs:
        return False
    if (a.text or "").strip() != (b.text or "").strip() or len(a) != len(b):
        return False
    return all(_same(x, y, added) for x, y in zip(a, b, strict=True))


def _first_difference(a, b, path: str = "") -> str:
    here = f"{path}/{_local(a.tag)}"
    if a.tag != b.tag:
        return f"{here}: became {_local(b.tag)}"
    if dict(a.attrib) != dict(b.attrib):
        return f"{here}: attributes {dict(a.attrib)} became {dict(b.attrib)}"
    if (a.text or "").strip() != (b.text or "").strip():
        return f"{here}: text {a.text!r} became {b.text!r}"
    if len(a) != len(b):
        return f"{here}: {len(a)} children became {len(b)}"
    for x, y in zip(a, b, strict=True):
        if not _same(x, y):
            return _first_difference(x, y, here)
    return here


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--verbose", action="store_true", help="notes for every file")
    args = parser.parse_args(argv)
    files = []
    for path in args.paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".xlsx", ".xlsm"))
        else:
            files.append(path)
    counts: Counter[str] = Counter()
    for path in files:
        verdict, notes = render(path)
        counts[verdict] += 1
        if args.verbose or verdict == FAILED:
            print(f"{verdict:20} {path.name}")
            for note in notes:
                print(f"{'':22}{note}")
    print(", ".join(f"{counts[k]} {k}" for k in (EXACT, DOCUMENTED, REFUSED, FAILED)))
    print(f"{len(files)} files")
    return 1 if counts[FAILED] else 0


if __name__ == "__main__":
    sys.exit(main())
