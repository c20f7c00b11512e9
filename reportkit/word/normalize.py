"""Make every tag an author typed sit whole in one run.

Word and LibreOffice cut what was typed as ``{{ name }}`` into several runs: spell-check
marks, revision ids, bookmarks, a format change in the middle. Before a paragraph can be
compiled, each tag's characters are moved into the run that holds its first character
(so the tag takes that character's formatting), the noise inside the tag is dropped, and
smart quotes typed inside a tag become plain ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .ooxml import W_P, W_R, W_RPR, W_T, XML_SPACE, w

OPENERS = {"{": "}}", "%": "%}", "#": "#}"}

# Elements that may fall inside a tag and mean nothing to its text.
_NOISE = {
    w("proofErr"),
    w("bookmarkStart"),
    w("bookmarkEnd"),
    w("permStart"),
    w("permEnd"),
    w("del"),
    w("moveFromRangeStart"),
    w("moveFromRangeEnd"),
    w("moveToRangeStart"),
    w("moveToRangeEnd"),
}
_BOOKMARKS = {w("bookmarkStart"), w("bookmarkEnd")}
_WRAPPERS = {w("ins"), w("hyperlink"), w("smartTag"), w("customXml"), w("moveTo"), w("sdtContent")}
_EMPTY_RUN_CHILDREN = {W_RPR, w("lastRenderedPageBreak"), W_T}
# What editors put into typed tags: smart quotes, no-break spaces, invisible characters.
_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\u00a0": " ", "\u200b": "", "\ufeff": ""}
)


@dataclass(frozen=True)
class Span:
    """A tag in a paragraph's text: ``text[start:end]``."""

    start: int
    end: int


class UnclosedTag(Exception):
    """A tag opens in a paragraph and does not close in it."""

    def __init__(self, snippet: str):
        super().__init__(snippet)
        self.snippet = snippet


def find_tags(text: str) -> list[Span]:
    """The tags in ``text``; raises UnclosedTag for a tag that does not close."""
    spans = []
    pos = 0
    while True:
        start = text.find("{", pos)
        if start < 0 or start + 1 >= len(text):
            return spans
        closer = OPENERS.get(text[start + 1])
        if closer is None:
            pos = start + 1
            continue
        end = text.find(closer, start + 2)
        if end < 0:
            raise UnclosedTag(text[start : start + 40])
        spans.append(Span(start, end + 2))
        pos = end + 2


def own_texts(paragraph: etree._Element) -> list[etree._Element]:
    """The w:t elements of ``paragraph`` itself, not of paragraphs nested in text boxes."""
    return own_elements(paragraph, W_T)


def own_elements(paragraph: etree._Element, *tags: str) -> list[etree._Element]:
    """The elements with ``tags`` in ``paragraph`` itself, in document order."""
    found = []
    for el in paragraph.iter(*tags):
        parent = el.getparent()
        while parent is not None and parent.tag != W_P:
            parent = parent.getparent()
        if parent is paragraph:
            found.append(el)
    return found


def normalize_paragraph(paragraph: etree._Element) -> bool:
    """Merge split tags of one paragraph; True when the paragraph holds a tag.

    Raises UnclosedTag when a tag is not closed within the paragraph.
    """
    pieces = own_texts(paragraph)
    texts = [t.text or "" for t in pieces]
    full = "".join(texts)
    if "{" not in full:
        return False
    spans = find_tags(full)
    if not spans:
        return False
    owner = []  # which piece each character of ``full`` belongs to
    for index, text in enumerate(texts):
        owner.extend([index] * len(text))
    chars = list(full)
    crossing = []
    for span in spans:
        first, last = owner[span.start], owner[span.end - 1]
        for i in range(span.start, span.end):
            owner[i] = first
            chars[i] = chars[i].translate(_QUOTES)
        if first != last:
            crossing.append((first, last))
    new_texts = [""] * len(pieces)
    for char, index in zip(chars, owner, strict=True):
        new_texts[index] += char
    emptied = []
    for t, old, new in zip(pieces, texts, new_texts, strict=True):
        if old != new:
            t.text = new
            t.set(XML_SPACE, "preserve")
            if not new:
                emptied.append(t)
    if crossing:
        _drop_noise(paragraph, pieces, crossing)
    for t in emptied:
        _remove_empty(t)
    return True


def _drop_noise(paragraph, pieces, crossing) -> None:
    order = {el: i for i, el in enumerate(paragraph.iter())}
    runs = [_run_of(t) for t in pieces]
    doomed = []
    for first, last in crossing:
        low, high = order[runs[first]], order[runs[last]]
        doomed.extend(
            el
            for el, i in order.items()
            if low < i < high and el.tag in _NOISE and el.getparent() is not None
        )
    root = paragraph.getroottree().getroot()
    for el in doomed:
        if el.getparent() is None:
            continue
        if el.tag in _BOOKMARKS:
            _remove_bookmark(root, el.get(w("id")))
        else:
            el.getparent().remove(el)


def _remove_bookmark(root, bookmark_id) -> None:
    for tag in _BOOKMARKS:
        for el in root.iter(tag):
            if el.get(w("id")) == bookmark_id:
                el.getparent().remove(el)


def _run_of(t):
    parent = t.getparent()
    return parent if parent is not None and parent.tag == W_R else t


def _remove_empty(t) -> None:
    """Remove a w:t emptied by merging, and the run and wrapper it leaves empty."""
    run = t.getparent()
    run.remove(t)
    if run.tag != W_R or any(child.tag not in _EMPTY_RUN_CHILDREN for child in run):
        return
    if any((child.text or "") for child in run if child.tag == W_T):
        return
    parent = run.getparent()
    parent.remove(run)
    while parent.tag in _WRAPPERS and not any(child.tag == W_R for child in parent.iter()):
        grand = parent.getparent()
        grand.remove(parent)
        parent = grand
