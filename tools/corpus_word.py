"""The Word engine on files no one here wrote (run by hand, not in CI).

    python tools/corpus_word.py FOLDER... [--docxtpl DOCXTPL_TESTS] [--verbose]

Round 1, every .docx/.docm/.dotx/.dotm under the folders:

- *tag-free*: rendered as it is; every part must come out byte for byte (a .dotx/.dotm
  only changes its main part's content type);
- *probe*: the tag ``{{ rk_probe }}`` is typed at the end of the first text of the body
  and rendered; every other part must come out byte for byte, and the body must equal the
  template's once the probe's value is taken out and the documented changes are made
  (paragraph ids dropped, the tag's text marked ``xml:space="preserve"``, bookmark and
  drawing ids renumbered).

A file may also be refused in one line (a ReportkitError); anything else is a crash.

Round 2, docxtpl's test scripts (``tests/`` of python-docx-template, with ``templates/``):
each script runs with docxtpl while every ``DocxTemplate.render`` is recorded; the same
template is rendered by reportkit with the same context (docxtpl's RichText, Listing and
InlineImage mapped to reportkit's), and the visible text of body, headers, footers and
notes is compared paragraph by paragraph.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import io
import os
import re
import runpy
import sys
import traceback
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from reportkit.errors import ReportkitError
from reportkit.word import InlineImage, Listing, RichText, WordTemplate

_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
_PROBE_VALUE = "RKPROBE"
_TAG_START = re.compile(rb"\{[{%#]")
_FIRST_TEXT = re.compile(rb"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")
# What a render changes on purpose (docs/word-templates.md): paragraph ids dropped (loops
# copy paragraphs), texts holding a tag marked to keep their spaces, bookmark and drawing
# ids renumbered (loops copy those too).
_DOCUMENTED = [
    (re.compile(r' w14:(?:paraId|textId)="[0-9A-Fa-f]*"'), ""),
    (re.compile(r' xml:space="preserve"'), ""),
    (re.compile(r'(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")\d+'), r"\1#"),
    (re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+'), r"\1#"),
]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}


def changed_parts(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    names = set(before) | set(after)
    return sorted(n for n in names if before.get(n) != after.get(n))


def canonical(xml: bytes) -> str:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    text = etree.tostring(etree.fromstring(xml, parser), method="c14n").decode()
    for pattern, replacement in _DOCUMENTED:
        text = pattern.sub(replacement, text)
    return re.sub(r">\s+<", "><", text)


def has_tags(path: Path) -> bool:
    """Whether a text part holds a tag already (a template: round 2's, not round 1's)."""
    try:
        parts = parts_of(path.read_bytes())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False  # not a package: round 1 counts how it is refused
    return any(
        _TAG_START.search(data)
        for name, data in parts.items()
        if name.startswith("word/") and name.endswith(".xml")
    )


def tag_free(path: Path) -> tuple[str, str]:
    """(outcome, detail) of rendering ``path`` as it is."""
    try:
        rendered = WordTemplate(path, strict=False).render({})
    except ReportkitError as exc:
        return "refused", str(exc)
    except Exception:  # the point of the round: any crash is counted, with its line
        return "crashed", traceback.format_exc(limit=-1).strip().splitlines()[-1]
    changed = changed_parts(parts_of(path.read_bytes()), parts_of(rendered))
    if not changed:
        return "identical", ""
    if changed == ["[Content_Types].xml"] and path.suffix.lower() in (".dotx", ".dotm"):
        return "documented", "template content type made a document's"
    return "changed", ", ".join(changed)


def probe(path: Path, folder: Path) -> tuple[str, str]:
    """(outcome, detail) of rendering ``path`` with one tag typed into its body."""
    try:
        before = parts_of(path.read_bytes())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return "skipped", "not a zip package"
    main = next((n for n in before if re.fullmatch(r"word/document\d*\.xml", n)), None)
    if main is None or not _FIRST_TEXT.search(before[main]):
        return "skipped", "no text in the body"
    tagged = dict(before)
    tagged[main] = _FIRST_TEXT.sub(rb"\1\2{{ rk_probe }}\3", before[main], count=1)
    copy = folder / ("probe-" + path.name)
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in tagged.items():
            zf.writestr(name, data)
    try:
        rendered = parts_of(WordTemplate(copy, strict=False).render({"rk_probe": _PROBE_VALUE}))
    except ReportkitError as exc:
        return "refused", str(exc)
    except Exception:
        return "crashed", traceback.format_exc(limit=-1).strip().splitlines()[-1]
    finally:
        copy.unlink()
    others = [n for n in changed_parts(before, rendered) if n != main]
    if path.suffix.lower() in (".dotx", ".dotm"):
        others = [n for n in others if n != "[Content_Types].xml"]
    if others:
        return "changed", ", ".join(others)
    out = rendered[main].replace(_PROBE_VALUE.encode(), b"")
    if canonical(out) == canonical(before[main]):
        return "documented", ""
    return "changed", f"{main} differs beyond the documented changes"


def visible_text(data: bytes) -> list[str]:
    """Each paragraph's text in body, headers, footers and notes, in part order, as Word
    shows it."""
    found = []
    for name, xml in sorted(parts_of(data).items()):
        if not re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", name):
            continue
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False))
        for paragraph in root.iter(f"{_W}p"):
            if _in_merged_cell(paragraph):
                continue
            pieces = []
            for el in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
                if el.tag == f"{_W}t":
                    pieces.append(el.text or "")
                elif el.getparent().tag == f"{_W}r":
                    pieces.append("\t" if el.tag == f"{_W}tab" else "\n")
            found.append("".join(pieces).rstrip())
    return [text for text in found if text]


def _in_merged_cell(paragraph) -> bool:
    """Whether the paragraph sits in a cell a vertical merge continues: Word shows only
    the first cell of the merge."""
    cell = next(paragraph.iterancestors(f"{_W}tc"), None)
    merge = cell.find(f"{_W}tcPr/{_W}vMerge") if cell is not None else None
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"


def to_reportkit(value, seen=None):
    """docxtpl's values as reportkit's: RichText, Listing and InlineImage; the rest as is."""
    import docxtpl

    kind = type(value).__name__
    if isinstance(value, dict):
        return {k: to_reportkit(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(to_reportkit(v) for v in value)
    if kind in ("RichText", "RichTextParagraph"):
        runs = re.findall(r"<w:t[^>]*>(.*?)</w:t>", value.xml, re.S)
        return RichText("".join(html.unescape(run) for run in runs))
    if isinstance(value, docxtpl.Listing):
        return Listing(html.unescape(value.xml))
    if isinstance(value, docxtpl.InlineImage):
        return InlineImage(value.image_descriptor, width=value.width, height=value.height)
    if kind == "Subdoc":
        raise NotImplementedError("Subdoc")
    return value


def docxtpl_round(tests: Path, verbose: bool) -> Counter:
    import docxtpl

    recorded: list[tuple[str, Path, dict, object, bytes]] = []
    original = docxtpl.DocxTemplate.render

    def recording(self, context, jinja_env=None, autoescape=False):
        original(self, context, jinja_env, autoescape)
        buffer = io.BytesIO()
        self.docx.save(buffer)
        recorded.append((script, Path(self.template_file), context, jinja_env, buffer.getvalue()))

    docxtpl.DocxTemplate.render = recording
    (tests / "output").mkdir(exist_ok=True)
    outcomes: Counter = Counter()
    here = os.getcwd()
    try:
        os.chdir(tests)
        for script in sorted(p.name for p in tests.glob("[a-z]*.py") if p.name != "runtests.py"):
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    runpy.run_path(script, run_name="__main__")
            except Exception as exc:  # docxtpl's own failure is not ours to count
                print(f"  {script}: docxtpl itself fails ({type(exc).__name__}: {exc})")
        docxtpl.DocxTemplate.render = original
        for script, template, context, jinja_env, theirs in recorded:  # paths as in the tests
            outcome, detail = _compare(template, context, jinja_env, theirs)
            outcomes[outcome] += 1
            if verbose or outcome != "same text":
                print(f"  {script} ({template.name}): {outcome}{': ' + detail if detail else ''}")
    finally:
        os.chdir(here)
        docxtpl.DocxTemplate.render = original
    return outcomes


def _own_filters(env) -> dict:
    """The filters a docxtpl user's environment adds to Jinja's (passed on as ``filters``)."""
    import jinja2

    plain = jinja2.Environment().filters
    return {name: f for name, f in (env.filters if env else {}).items() if name not in plain}


def _own_tests_or_globals(env) -> bool:
    import jinja2

    plain = jinja2.Environment()
    return env is not None and any(
        set(getattr(env, attr)) - set(getattr(plain, attr)) for attr in ("tests", "globals")
    )


def _compare(path: Path, context, jinja_env, theirs: bytes) -> tuple[str, str]:
    if _own_tests_or_globals(jinja_env):
        return "not supported", "a custom Jinja environment with its own tests or globals"
    try:
        template = WordTemplate(path, strict=False, filters=_own_filters(jinja_env))
        ours = template.render(to_reportkit(context))
    except NotImplementedError as exc:
        return "not supported", str(exc)
    except ReportkitError as exc:
        return "refused", str(exc)
    except Exception:
        return "crashed", traceback.format_exc(limit=-1).strip().splitlines()[-1]
    mine, their = visible_text(ours), visible_text(theirs)
    if mine == their:
        return "same text", ""
    first = next(
        (i for i, (a, b) in enumerate(zip(mine, their, strict=False)) if a != b),
        min(len(mine), len(their)),
    )
    ours_line = mine[first] if first < len(mine) else "(end)"
    theirs_line = their[first] if first < len(their) else "(end)"
    return "different text", f"paragraph {first + 1}: {ours_line[:70]!r} / {theirs_line[:70]!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--docxtpl", type=Path, help="python-docx-template's tests folder")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    files = sorted(
        {p for folder in args.folders for p in folder.rglob("*") if p.suffix.lower() in _SUFFIXES}
    )
    scratch = Path(os.environ.get("TMPDIR", "/tmp")) / "reportkit-corpus"
    scratch.mkdir(exist_ok=True)
    rounds = {"tag-free": Counter(), "probe": Counter()}
    templates = [path for path in files if has_tags(path)]
    files = [path for path in files if path not in templates]
    for path in files:
        for name, run in (("tag-free", tag_free), ("probe", lambda p: probe(p, scratch))):
            outcome, detail = run(path)
            rounds[name][outcome] += 1
            if args.verbose or outcome in ("changed", "crashed", "refused"):
                print(f"  {name} {path}: {outcome}{': ' + detail if detail else ''}")
    print(f"{len(files)} Word files without tags ({len(templates)} templates left out)")
    for name, counts in rounds.items():
        print(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if args.docxtpl:
        counts = docxtpl_round(args.docxtpl, args.verbose)
        total = sum(counts.values())
        print(f"docxtpl's test renders: {total}")
        print("  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
