"""Turn one part's XML into Jinja source, with a map from source lines to places.

After tags are whole (normalize.py), level markers replace the element around them with
their bare statement (``{%tr for r in rows %}`` -> the row becomes ``{% for r in rows %}``),
each ``{{ value }}`` becomes a call that writes the value as WordprocessingML, and every
paragraph and row starts a new source line, so Jinja's line numbers name a place.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from lxml import etree

from ..i18n import N_, _
from ..template_messages import KeptProblem, said_later
from .fixups import drop_empty_runs
from .normalize import UnclosedTag, find_tags, normalize_paragraph
from .ooxml import W_P, W_PPR, W_R, W_RPR, W_T, W_TC, W_TCPR, W_TR, XML_SPACE, fragment, parse, w
from .places import Places, quote
from .values import RunProps

_LEVEL = re.compile(r"^\{([{%#])(-?)(p|tr|tc|r)\s(.*?)(-?)[}%#]\}$", re.S)
_CELL_TAG = re.compile(r"^\{%(-?)\s*(vm|hm|colspan|cellbg)\b(.*?)(-?)%\}$", re.S)
_EXPRESSION = re.compile(r"^\{\{(-?)(.*?)(-?)\}\}$", re.S)
_RAW = re.compile(r"^\{%-?\s*(end)?raw\s*-?%\}$")
_SDT, _SDT_CONTENT = w("sdt"), w("sdtContent")
_CONTROL_ID = re.compile(rb'<w:id w:val="(-?\d+)"/>')
_BOOKMARK_NAME = re.compile(rb'<w:bookmarkStart\b[^>]*?\bw:name="([^"]*)"')
_ANCESTOR = {"p": W_P, "tr": W_TR, "tc": W_TC, "r": W_R}
_LEVEL_NAMES = {"tr": N_("table row"), "tc": N_("table cell"), "p": N_("paragraph")}
_MARKER = re.compile(r"<\?rk([ls]) (\d+) ?(.*?)\?>", re.S)
_CLOSE_RUN, _REOPEN, _REOPEN_END = "\ue000", "\ue001", "\ue002"
_SENTINELS = re.compile("\ue000|\ue001(\\d+)\ue002")
_MERGE_BEFORE = re.compile(r"</w:t>((?:(?!</w:t>|\{%|\{\{).)*?)\{%-", re.S)
_MERGE_AFTER = re.compile(r"-%\}((?:(?!<w:t[ >]|\{%|\{\{).)*?)<w:t(?: [^>]*)?>", re.S)
# Word's paragraph ids must be unique; loops copy paragraphs, and the ids are optional.
_PARAGRAPH_IDS = re.compile(r' w14:(?:paraId|textId)="[0-9A-Fa-f]*"')
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_ESCAPE = re.compile(r"\{_[{%]|[}%]_\}")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))
# CT_TcPr children in the order the schema requires them.
_TCPR_ORDER = [
    w(n)
    for n in "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark".split()
]


@dataclass
class Styles:
    """Run and paragraph formatting that compiled parts refer to by number."""

    run_props: list[RunProps] = field(default_factory=list)
    paragraph_props: list[tuple[str, int]] = field(default_factory=list)
    _run_index: dict[RunProps, int] = field(default_factory=dict)

    def run(self, run: etree._Element | None) -> int:
        rpr = run.find(W_RPR) if run is not None and run.tag == W_R else None
        props = RunProps(
            tuple((etree.QName(c).localname, fragment(c)) for c in rpr if isinstance(c.tag, str))
            if rpr is not None
            else ()
        )
        if props not in self._run_index:
            self._run_index[props] = len(self.run_props)
            self.run_props.append(props)
        return self._run_index[props]

    def paragraph(self, paragraph: etree._Element, run: etree._Element | None) -> int:
        self.paragraph_props.append((fragment(paragraph.find(W_PPR)), self.run(run)))
        return len(self.paragraph_props) - 1


@dataclass
class CompiledSource:
    """A part as Jinja source, with the place each source line comes from."""

    part: str
    source: str
    line_starts: list[int]
    line_places: list[str]
    fix_empty_cells: bool = False
    fix_empty_tables: bool = False
    fix_grid: bool = False
    # Control ids and bookmark names the template itself repeats: a render leaves them
    # as they are, and makes unique only what its loops copy.
    repeated: frozenset[str] = frozenset()

    def place(self, lineno: int | None) -> str:
        if not lineno or not self.line_starts:
            return self.part
        index = bisect.bisect_right(self.line_starts, lineno) - 1
        return self.line_places[index] if index >= 0 else self.part


def compile_part(
    part: str, xml: bytes, styles: Styles, problems: list[KeptProblem]
) -> CompiledSource | None:
    """The Jinja source of ``part``, or None when it holds no tag (it is copied as it is)."""
    root = parse(xml)
    has_tags = False
    unclosed = []
    for paragraph in root.iter(W_P):
        try:
            has_tags = normalize_paragraph(paragraph) or has_tags
        except UnclosedTag as exc:
            unclosed.append((paragraph, exc.snippet))
            has_tags = True
    if not has_tags and not any(_ESCAPE.search(t.text or "") for t in root.iter(W_T)):
        return None
    places = Places(part, root)
    for paragraph, snippet in unclosed:
        place = places.of(paragraph)
        paragraph.getparent().remove(paragraph)  # reported once, not again by Jinja
        say = said_later(
            N_(
                "the tag {tag} is not closed in its paragraph "
                "(a tag must open and close in the same paragraph)"
            ),
            tag=quote(snippet),
        )
        problems.append(KeptProblem(say, place))
    compiled = _Compiler(part, root, places, styles, problems).run()
    compiled.repeated = _repeated(xml)
    return compiled


def _repeated(xml: bytes) -> frozenset[str]:
    found = Counter(_CONTROL_ID.findall(xml)) + Counter(_BOOKMARK_NAME.findall(xml))
    return frozenset(value.decode("utf-8", "replace") for value, n in found.items() if n > 1)


class _Compiler:
    """The rewrite of one part: markers, then texts, then line marks, then source."""

    def __init__(
        self,
        part: str,
        root: etree._Element,
        places: Places,
        styles: Styles,
        problems: list[KeptProblem],
    ):
        self.part, self.root, self.places, self.styles = part, root, places, styles
        self.problems = problems
        self.place_names: list[str] = []
        self.flags = {"fix_empty_cells": False, "fix_empty_tables": False, "fix_grid": False}

    def problem(self, say: Callable[[], str], element) -> None:
        self.problems.append(KeptProblem(say, self.places.of(element)))

    def run(self) -> CompiledSource:
        self._replace_level_markers()
        self._rewrite_texts()
        self._mark_lines()
        xml = etree.tostring(self.root, encoding="unicode")
        return self._to_source('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)

    # -- element level: {%p %} {%tr %} {%tc %} {{p }} {#p #}, and cell statements
    def _replace_level_markers(self) -> None:
        targets: dict[etree._Element, list[str]] = {}
        cell_tags: list[tuple[etree._Element, str, str]] = []
        raw = _RawBlocks()
        for t in list(self.root.iter(W_T)):
            text = t.text or ""
            if "{" not in text:
                continue
            kept = []
            pos = 0
            for span in find_tags(text):
                tag = text[span.start : span.end]
                kept.append(text[pos : span.start])
                pos = span.end
                if raw.keeps(tag):
                    kept.append(tag)
                    continue
                level = _LEVEL.match(tag)
                cell = _CELL_TAG.match(tag)
                if level and level.group(3) != "r":
                    self._level_marker(t, tag, level, targets)
                elif cell:
                    tc = _ancestor(t, W_TC)
                    if tc is None:
                        self.problem(
                            said_later(
                                N_("{{% {name} %}} must be inside a table cell"),
                                name=cell.group(2),
                            ),
                            t,
                        )
                    else:
                        cell_tags.append((tc, cell.group(2), cell.group(3).strip()))
                else:
                    kept.append(tag)
            kept.append(text[pos:])
            t.text = "".join(kept)
        for tc, name, expression in cell_tags:
            self._cell_statement(tc, name, expression)
        for target, statements in targets.items():
            parent = target.getparent()
            if parent is None:
                continue
            if statements:
                marker = etree.ProcessingInstruction(
                    "rks", f"{self._place(target)} {''.join(statements)}"
                )
                target.addprevious(marker)
            inner = _inside_controls(target)
            if inner.tag == W_P and parent.tag == W_TC:
                self.flags["fix_empty_cells"] = True
            if inner.tag == W_TR:
                self.flags["fix_empty_tables"] = True
            if inner.tag == W_TC:
                self.flags["fix_grid"] = True
            parent.remove(target)

    def _level_marker(self, t, tag, level, targets) -> None:
        kind, lead, name, body, _trail = level.groups()
        target = _ancestor(t, _ANCESTOR[name])
        if target is None:
            self.problem(
                said_later(
                    N_("{tag} is outside a {level}; {{%{name} %}} tags belong in a {level}"),
                    tag=quote(tag),
                    level=partial(_, _LEVEL_NAMES[name]),
                    name=name,
                ),
                t,
            )
            return
        target = _outer_control(target)
        statements = targets.setdefault(target, [])
        body = body.strip()
        # The element is replaced whole, so whitespace control has nothing to strip.
        if kind == "%":
            statements.append(f"{{% {body} %}}")
        elif kind == "{" and name == "p":
            props = self.styles.paragraph(target, _ancestor(t, W_R))
            statements.append(f"{{{{ ({body})|_rk_para({props}) }}}}")
        elif kind == "{":
            only = N_("{tag}: only {{{{p }}}} and {{{{r }}}} take a level")
            self.problem(said_later(only, tag=quote(tag)), t)

    def _cell_statement(self, tc, name: str, expression: str) -> None:
        tcpr = tc.find(W_TCPR)
        if tcpr is None:
            tcpr = etree.SubElement(tc, W_TCPR)
            tc.insert(0, tcpr)
        if name == "vm":
            _set_child(
                tcpr, "vMerge", val="{% if loop.first %}restart{% else %}continue{% endif %}"
            )
            for t in tc.iter(W_T):
                if t.text:
                    t.text = "{% if loop.first %}" + t.text + "{% endif %}"
        elif name == "hm":
            span = tcpr.find(w("gridSpan"))
            count = span.get(w("val")) if span is not None else None
            length = f"{count} * loop.length" if count else "loop.length"
            _set_child(tcpr, "gridSpan", val=f"{{{{ {length} }}}}")
            tc.addprevious(
                etree.ProcessingInstruction("rks", f"{self._place(tc)} {{% if loop.first %}}")
            )
            tc.addnext(etree.ProcessingInstruction("rks", f"{self._place(tc)} {{% endif %}}"))
            self.flags["fix_grid"] = True
        elif name == "colspan":
            _set_child(tcpr, "gridSpan", val=f"{{{{ ({expression})|_rk_attr }}}}")
            self.flags["fix_grid"] = True
        else:  # cellbg
            _set_child(
                tcpr, "shd", val="clear", color="auto", fill=f"{{{{ ({expression})|_rk_attr }}}}"
            )

    # -- run level: {{ x }}, {{r x }}, {%r %}
    def _rewrite_texts(self) -> None:
        raw = _RawBlocks()
        for t in self.root.iter(W_T):
            text = t.text or ""
            if "{" not in text and "_}" not in text:
                continue
            spans = find_tags(text)
            if not spans and not _ESCAPE.search(text):
                continue
            props = self.styles.run(t.getparent())
            out = []
            pos = 0
            for span in spans:
                out.append(_escaped(text[pos : span.start], raw.inside))
                tag = text[span.start : span.end]
                out.append(tag if raw.keeps(tag) else self._run_tag(tag, props))
                pos = span.end
            out.append(_escaped(text[pos:], raw.inside))
            t.text = "".join(out)
            t.set(XML_SPACE, "preserve")

    @staticmethod
    def _run_tag(tag: str, props: int) -> str:
        level = _LEVEL.match(tag)
        if level:  # only run level is left here
            kind, lead, _, body, trail = level.groups()
            if kind == "#":
                return ""
            if kind == "%":  # the run is closed around it, so whitespace control is moot
                reopen = f"{_REOPEN}{props}{_REOPEN_END}"
                return f"{_CLOSE_RUN}{{% {body.strip()} %}}{reopen}"
            tag = f"{{{{{lead} {body} {trail}}}}}"
        expression = _EXPRESSION.match(tag)
        if not expression:
            return tag
        lead, body, trail = expression.groups()
        return f"{{{{{lead} ({body.strip()})|_rk_text({props}) {trail}}}}}"

    # -- source lines and places
    def _place(self, element) -> int:
        self.place_names.append(self.places.of(element))
        return len(self.place_names) - 1

    def _mark_lines(self) -> None:
        for el in list(self.root.iter(W_P, W_TR)):
            if el.getparent() is not None:
                el.addprevious(etree.ProcessingInstruction("rkl", str(self._place(el))))

    def _to_source(self, xml: str) -> CompiledSource:
        out: list[str] = []
        line_starts: list[int] = []
        line_places: list[str] = []
        line = 1
        pos = 0
        for found in _MARKER.finditer(xml):
            chunk = xml[pos : found.start()]
            out.append(chunk)
            line += chunk.count("\n") + 1
            line_starts.append(line)
            line_places.append(self.place_names[int(found.group(2))])
            out.append("\n")
            if found.group(1) == "s":
                statement = found.group(3)
                out.append(statement)
                line += statement.count("\n")
            pos = found.end()
        out.append(xml[pos:])
        source = _SENTINELS.sub(self._sentinel, "".join(out))
        if _CLOSE_RUN in xml:
            source = drop_empty_runs(source)
        source = _MERGE_BEFORE.sub(lambda m: "{%" + "\n" * m.group(1).count("\n"), source)
        source = _MERGE_AFTER.sub(lambda m: "\n" * m.group(1).count("\n") + "%}", source)
        source = _TAG.sub(_unescape, _PARAGRAPH_IDS.sub("", source))
        return CompiledSource(self.part, source, line_starts, line_places, **self.flags)

    def _sentinel(self, found: re.Match) -> str:
        if found.group(1) is None:
            return "</w:t></w:r>"
        props = self.styles.run_props[int(found.group(1))]
        return f'<w:r>{props.xml()}<w:t xml:space="preserve">'


def _escaped(text: str, raw: bool) -> str:
    """docxtpl's escapes for literal tag marks, ``{_{`` ``}_}`` ``{_%`` ``%_}``, as the
    marks they stand for (in a raw block the author's text is already literal)."""
    if raw or "_" not in text:
        return text
    return _ESCAPE.sub(lambda found: "{{ '" + found.group()[::2] + "' }}", text)


def _unescape(found: re.Match) -> str:
    text = found.group()
    if "&" in text:
        for entity, char in _ENTITIES:
            text = text.replace(entity, char)
    return text


def _ancestor(el, tag):
    node = el.getparent()
    while node is not None and node.tag != tag:
        node = node.getparent()
    return node


def _outer_control(el):
    """The content control that holds only ``el``, if any, else ``el``: a marker row,
    cell or paragraph goes with its control, and a copied one comes with its control."""
    while True:
        content = el.getparent()
        if content is None or content.tag != _SDT_CONTENT:
            return el
        if [c for c in content if isinstance(c.tag, str)] != [el]:
            return el
        el = content.getparent()


def _inside_controls(el):
    """The row, cell or paragraph that ``_outer_control`` took its control for."""
    while el.tag == _SDT:
        el = next(c for c in el.find(_SDT_CONTENT) if isinstance(c.tag, str))
    return el


def _set_child(tcpr, name: str, **attributes: str) -> None:
    """Set a tcPr child, replacing one already there, in the order the schema requires."""
    tag = w(name)
    old = tcpr.find(tag)
    if old is not None:
        tcpr.remove(old)
    child = etree.Element(tag)
    for key, value in attributes.items():
        child.set(w(key), value)
    rank = _TCPR_ORDER.index(tag)
    for index, existing in enumerate(tcpr):
        if existing.tag in _TCPR_ORDER and _TCPR_ORDER.index(existing.tag) > rank:
            tcpr.insert(index, child)
            return
    tcpr.append(child)


def unclosed_block_line(source: str) -> int | None:
    """The line of the innermost block statement that is never closed, if any."""
    stack: list[tuple[str, int]] = []
    openers = {"for", "if", "macro", "call", "filter", "with", "block", "autoescape"}
    for found in re.finditer(r"\{%-?\s*(\w+)([^%]*)", source):
        word = found.group(1)
        line = source.count("\n", 0, found.start()) + 1
        if word in openers or (word == "set" and "=" not in found.group(2)):
            stack.append((word, line))
        elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
            stack.pop()
    return stack[-1][1] if stack else None


class _RawBlocks:
    """Follows ``{% raw %}`` … ``{% endraw %}`` through a part's texts in document order:
    the tags between are the author's literal text, not ours to rewrite."""

    def __init__(self) -> None:
        self.inside = False

    def keeps(self, tag: str) -> bool:
        """Whether ``tag`` is to be left as typed (a raw marker, or anything inside)."""
        marker = _RAW.match(tag)
        if marker is not None:
            self.inside = marker.group(1) is None
            return True
        return self.inside
