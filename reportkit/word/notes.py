"""Footnotes and endnotes copied by a loop: each copy gets a note of its own.

A note is one entry of footnotes.xml (endnotes.xml) referenced from one place, and Word
refuses a document in which two references share a note. When a loop repeats a paragraph
with a note mark, each repetition after the first gets a copy of the note under a new id,
so every copy of the text keeps its note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_KINDS = ("footnote", "endnote")
_REFERENCE = {
    kind: re.compile(rf'(<w:{kind}Reference\b[^>]*?\bw:id=")(-?\d+)(")') for kind in _KINDS
}
_NOTE = {
    kind: re.compile(rf'<w:{kind}\b[^>]*?\bw:id="(-?\d+)"[^>]*>.*?</w:{kind}>', re.S)
    for kind in _KINDS
}
_ID = re.compile(r'\bw:id="-?\d+"')


def separate_repeated_notes(outputs: dict[str, str], parts: Mapping[str, bytes]) -> None:
    """Give every repeated note reference in the rendered ``outputs`` its own note.

    ``outputs`` (part name -> rendered XML) is changed in place; a notes part that was not
    rendered is taken from ``parts`` and added to ``outputs`` when it gains notes.
    """
    for kind in _KINDS:
        marked = [name for name, text in outputs.items() if f"<w:{kind}Reference" in text]
        notes_part = next((name for name in parts if name.endswith(f"/{kind}s.xml")), None)
        if marked and notes_part is not None:
            notes = outputs.get(notes_part) or parts[notes_part].decode("utf-8")
            copies = _renumber_repeats(kind, marked, outputs, notes)
            if copies:
                head, closing, tail = notes.rpartition(f"</w:{kind}s>")
                outputs[notes_part] = head + "".join(copies) + closing + tail


def _renumber_repeats(kind: str, marked: list[str], outputs: dict[str, str], notes: str):
    """Point each repeated reference at a new id; return the notes to add for them."""
    bodies = {found.group(1): found.group() for found in _NOTE[kind].finditer(notes)}
    next_id = max((int(i) for i in bodies), default=0) + 1
    seen: set[str] = set()
    copies: list[str] = []

    def renumber(found: re.Match) -> str:
        nonlocal next_id
        old = found.group(2)
        if old not in seen or old not in bodies:
            seen.add(old)
            return found.group()
        copies.append(_ID.sub(f'w:id="{next_id}"', bodies[old], count=1))
        next_id += 1
        return f"{found.group(1)}{next_id - 1}{found.group(3)}"

    for name in marked:
        outputs[name] = _REFERENCE[kind].sub(renumber, outputs[name])
    return copies
