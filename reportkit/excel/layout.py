"""Putting a rendered workbook together: sheets, their copies, names and relationships.

Most renders change only the sheets' rows and the parts whose references moved. A
sheet repeated per item (``{%sheet for u in units %}``) also needs its copies listed in
workbook.xml, related in workbook.xml.rels, typed in [Content_Types].xml, and its own
drawings, charts, tables and comments copied with it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr, unescape

from ..errors import TemplateError
from ..i18n import _
from .comments import CommentCopies
from .reftext import RefText, Slot, compile_refs, shift_slot
from .rendered import RenderedSheet
from .rowmap import Shifter
from .workbook import Structure, attrs, owned_parts, rels_part

_SHEETS_MARK = "\x10sheets\x10"
_NAMES_MARK = "\x10names\x10"
_SHEETS = re.compile(r"<(?P<p>\w+:)?sheets\b[^>]*>.*?</(?P=p)?sheets>", re.S)
_NAMES = re.compile(r"<(?P<p>\w+:)?definedNames\b[^>]*>.*?</(?P=p)?definedNames>", re.S)
_NAME = re.compile(
    r"<(?P<p>\w+:)?definedName\b(?P<attrs>[^>]*)>(?P<text>[^<]*)</(?P=p)?definedName>|<(?:\w+:)?definedName\b[^>]*/>"
)
_BAD_TITLE = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_TITLE_MAX = 31


@dataclass
class WorkbookText:
    text: RefText
    sheets_xml: str
    names: list[tuple[str, int | None, str]]  # (attributes, localSheetId, formula)


class Layout:
    """One render's package: which parts change, which are new, which go."""

    def __init__(self, structure: Structure, parts: dict[str, bytes], file: str):
        self.structure = structure
        self.parts = parts
        self.file = file
        self.out: dict[str, bytes | None] = {}
        self.taken = set(parts)

    @staticmethod
    def compile_workbook(structure: Structure) -> WorkbookText:
        """workbook.xml with its sheet list and defined names kept apart, to rebuild."""
        xml = structure.workbook_xml
        sheets = _SHEETS.search(xml)
        sheets_xml = sheets.group(0) if sheets else ""
        names: list[tuple[str, int | None, str]] = []
        found = _NAMES.search(xml)
        if found:
            for match in _NAME.finditer(found.group(0)):
                if match.group("attrs") is None:
                    continue
                local = attrs(match.group("attrs")).get("localSheetId")
                formula = unescape(match.group("text"), {"&quot;": '"', "&apos;": "'"})
                names.append((match.group("attrs"), int(local) if local else None, formula))
            opening = re.match(r"<(\w+:)?definedNames\b[^>]*>", found.group(0))
            closing = f"</{opening.group(1) or ''}definedNames>"
            block = opening.group(0) + _NAMES_MARK + closing
            xml = xml[: found.start()] + block + xml[found.end() :]
        if sheets:
            xml = xml.replace(sheets_xml, _SHEETS_MARK, 1)
        marks = {_SHEETS_MARK: "sheets", _NAMES_MARK: "names"}
        return WorkbookText(compile_refs(xml, marks), sheets_xml, names)

    # -- naming copies ------------------------------------------------------------
    def name_copies(self, groups: list[list[tuple]]) -> list[list[tuple]]:
        """Valid, unique titles for the copies of repeated sheets."""
        fixed = {s.name.lower() for s in self.structure.sheets}
        repeated = {group[0][0].title.lower() for group in groups if group and group[0][0].repeat}
        used = fixed - repeated
        result = []
        for group in groups:
            if not group or not group[0][0].repeat:
                result.append(group)
                continue
            named = []
            for sheet, title, body in group:
                clean = _unique(_clean_title(unescape(title)), used)
                used.add(clean.lower())
                named.append((sheet, clean, body))
            result.append(named)
        return result

    # -- assembling ---------------------------------------------------------------
    def assemble(
        self,
        sheets: list[RenderedSheet],
        owned: dict[str, tuple[str | None, RefText]],
        workbook: WorkbookText,
        changed: dict[str, bytes],
        repeated: set[str],
        pivots: dict[str, tuple[str, RefText]] | None = None,
    ) -> dict[str, bytes | None]:
        """Every part that differs from the template: new bytes, or None to leave it out."""
        out = self.out
        out.update(changed)
        by_part: dict[str, list[RenderedSheet]] = {}
        for rendered in sheets:
            by_part.setdefault(rendered.sheet.part, []).append(rendered)
        # A sheet whose name had a tag and that was rendered once is simply renamed:
        # references to it from anywhere follow the new name.
        renames = {
            entry.name: by_part[entry.part][0].title
            for entry in self.structure.sheets
            if entry.part in repeated and len(by_part.get(entry.part, ())) == 1
        }
        base = Shifter({rendered.title: rendered.rowmap for rendered in sheets}, renames)
        self.new_rels: list[str] = []
        self.new_types: list[str] = []
        self.gone: list[str] = []
        placed: dict[str, list[tuple[str, str, str]]] = {}  # part → (title, part, rel id)
        done: set[str] = set()
        for entry in self.structure.sheets:
            if entry.part is None:
                continue
            copies = by_part.get(entry.part, [])
            if entry.part not in repeated:
                for rendered in copies:
                    out[entry.part] = rendered.finish(base).encode("utf-8")
                    self._owned(entry.part, rendered, base, owned, {}, done)
                continue
            placed[entry.part] = self._repeat(entry, copies, base, owned, done)
        for part, (owner, text) in owned.items():
            if part not in done and owner is None:
                self._put(part, text.render(lambda slot: shift_slot(slot, base, None)), text)
        for part, (sheet_name, text) in (pivots or {}).items():
            sheet_title = renames.get(sheet_name, sheet_name)
            xml = text.render(lambda slot, own=sheet_title: shift_slot(slot, base, own))
            self.out[part] = xml.encode("utf-8")
        out[self.structure.workbook_part] = self._workbook(workbook, base, placed).encode("utf-8")
        if placed:
            self._relations()
        return out

    def _put(self, part: str, text: str, original: RefText | None) -> None:
        if original is not None and text == original.original:
            return
        self.out[part] = text.encode("utf-8", "surrogateescape")

    def _owned(self, part, rendered: RenderedSheet, shifter, owned, clones, done) -> None:
        title = rendered.title
        for child in owned_parts(self.structure, part):
            if child not in owned:
                continue
            owner, text = owned[child]
            own = title if owner is not None else None
            comments = CommentCopies(lambda row: rendered.copies(row, shifter), text)

            def fill(slot: Slot, own=own, comments=comments) -> str:
                if slot.kind == "comment":
                    return comments.comment(slot.text)
                if slot.kind == "note":
                    return comments.note(slot.text)
                return shift_slot(slot, shifter, own)

            xml = text.render(fill)
            done.add(child)
            if clones:
                if child.startswith("xl/tables/"):
                    xml = _renamed_table(xml, self._next_table_id(), title)
                self.out[clones[child]] = xml.encode("utf-8", "surrogateescape")
            else:
                self._put(child, xml, text)

    def _repeat(self, entry, copies, base, owned, done) -> list[tuple[str, str, str]]:
        placed: list[tuple[str, str, str]] = []
        if not copies:
            self._drop(entry.part)
            return placed
        for index, rendered in enumerate(copies):
            shifter = base.renamed({**base.renames, entry.name: rendered.title})
            xml = rendered.finish(shifter)
            if index == 0:
                self.out[entry.part] = xml.encode("utf-8")
                self._owned(entry.part, rendered, shifter, owned, {}, done)
                placed.append((rendered.title, entry.part, entry.rel_id))
                continue
            xml = xml.replace(' tabSelected="1"', "")
            clones = self._clone_tree(entry.part)
            new_part = clones[entry.part]
            self.out[new_part] = xml.encode("utf-8")
            self._owned(entry.part, rendered, shifter, owned, clones, done)
            rel_id = f"rIdRk{len(self.new_rels) + 1}"
            target = posixpath.relpath(new_part, posixpath.dirname(self.structure.workbook_part))
            self.new_rels.append(
                f'<Relationship Id="{rel_id}" Type="{_WORKSHEET_TYPE}" Target="{target}"/>'
            )
            placed.append((rendered.title, new_part, rel_id))
        return placed

    def _clone_tree(self, part: str) -> dict[str, str]:
        """New names for a sheet and its own parts, with their relationships copied."""
        names = {part: self._fresh(part)}
        for child in owned_parts(self.structure, part):
            names[child] = self._fresh(child)
        for original, clone in names.items():
            if original != part and original in self.parts:
                self.out[clone] = self.parts[original]
            self._clone_rels(original, clone, names)
            self._type_like(original, clone)
        return names

    def _clone_rels(self, original: str, clone: str, names: dict[str, str]) -> None:
        source = self.parts.get(rels_part(original))
        if source is None:
            return
        text = source.decode("utf-8")
        for rel in self.structure.rels.get(original, []):
            if rel.target in names and not rel.external:
                written = attrs(rel.xml)["Target"]
                renamed = posixpath.join(
                    posixpath.dirname(written), posixpath.basename(names[rel.target])
                )
                text = text.replace(
                    rel.xml, rel.xml.replace(f'Target="{written}"', f'Target="{renamed}"')
                )
        self.out[rels_part(clone)] = text.encode("utf-8")

    def _fresh(self, part: str) -> str:
        stem, _, extension = part.rpartition(".")
        stem = stem.rstrip("0123456789")
        number = 1
        while f"{stem}{number}.{extension}" in self.taken:
            number += 1
        name = f"{stem}{number}.{extension}"
        self.taken.add(name)
        return name

    def _type_like(self, original: str, clone: str) -> None:
        types = self.parts["[Content_Types].xml"].decode("utf-8")
        found = re.search(rf'<Override\b[^>]*PartName="/{re.escape(original)}"[^>]*/>', types)
        if found:
            self.new_types.append(found.group(0).replace(f'"/{original}"', f'"/{clone}"'))

    def _next_table_id(self) -> int:
        if not hasattr(self, "_table_id"):
            ids = [0]
            for name, data in self.parts.items():
                if name.startswith("xl/tables/"):
                    found = re.search(rb'<table\b[^>]*?\sid="(\d+)"', data)
                    ids.append(int(found.group(1)) if found else 0)
            self._table_id = max(ids)
        self._table_id += 1
        return self._table_id

    def _drop(self, part: str) -> None:
        for name in [part, *owned_parts(self.structure, part)]:
            self.out[name] = None
            self.out[rels_part(name)] = None
            self.gone.append(name)

    # -- workbook.xml, its relationships and the content types --------------------
    def _workbook(self, workbook: WorkbookText, base: Shifter, placed) -> str:
        order = []  # per original sheet index: [(new index, title, renames)]
        position = 0
        for entry in self.structure.sheets:
            if entry.part in placed:
                copies = placed[entry.part]
                order.append(
                    [
                        (position + k, title, {entry.name: title})
                        for k, (title, _part, _rel_id) in enumerate(copies)
                    ]
                )
                position += len(copies)
            else:
                order.append([(position, entry.name, {})])
                position += 1
        if position == 0:
            raise TemplateError(_("the workbook would have no sheets left"), file=self.file)

        def fill(slot: Slot) -> str:
            if slot.kind == "sheets":
                return self._sheets_xml(workbook.sheets_xml, placed)
            if slot.kind == "names":
                return self._names_xml(workbook.names, base, order)
            return shift_slot(slot, base, None)

        xml = workbook.text.render(fill)
        if placed:
            xml = re.sub(
                r'(activeTab|firstSheet)="(\d+)"',
                lambda m: f'{m.group(1)}="{_first(order, int(m.group(2)))}"',
                xml,
            )
        return xml

    def _sheets_xml(self, sheets_xml: str, placed) -> str:
        if not placed:
            return sheets_xml
        top = max(int(entry.sheet_id or 0) for entry in self.structure.sheets)
        out = []
        for entry in self.structure.sheets:
            if entry.part not in placed:
                out.append(entry.xml)
                continue
            for index, (title, _part, rel_id) in enumerate(placed[entry.part]):
                element = re.sub(r'\sname="[^"]*"', f" name={quoteattr(title)}", entry.xml)
                if index:
                    top += 1
                    element = re.sub(r'sheetId="\d+"', f'sheetId="{top}"', element)
                    element = re.sub(r'r:id="[^"]*"', f'r:id="{rel_id}"', element)
                out.append(element)
        opening = re.match(r"<(\w+:)?sheets\b[^>]*>", sheets_xml)
        return f"{opening.group(0)}{''.join(out)}</{opening.group(1) or ''}sheets>"

    def _names_xml(self, names, base: Shifter, order) -> str:
        out = []
        for attributes, local, formula in names:
            if local is None:
                out.append(
                    f"<definedName{attributes}>{escape(base.formula(formula, None))}</definedName>"
                )
                continue
            for new_index, _title, renames in order[local] if local < len(order) else ():
                shifter = base.renamed({**base.renames, **renames}) if renames else base
                opening = re.sub(r'localSheetId="\d+"', f'localSheetId="{new_index}"', attributes)
                out.append(
                    f"<definedName{opening}>{escape(shifter.formula(formula, None))}</definedName>"
                )
        return "".join(out)

    def _relations(self) -> None:
        book_rels = rels_part(self.structure.workbook_part)
        rels = (self.out.get(book_rels) or self.parts[book_rels]).decode("utf-8")
        types = (self.out.get("[Content_Types].xml") or self.parts["[Content_Types].xml"]).decode(
            "utf-8"
        )
        for name in self.gone:
            types = re.sub(rf'<Override\b[^>]*PartName="/{re.escape(name)}"[^>]*/>', "", types)
            for rel in self.structure.rels.get(self.structure.workbook_part, []):
                if rel.target == name:
                    rels = rels.replace(rel.xml, "")
        rels = rels.replace("</Relationships>", "".join(self.new_rels) + "</Relationships>")
        types = types.replace("</Types>", "".join(self.new_types) + "</Types>")
        self.out[book_rels] = rels.encode("utf-8")
        self.out["[Content_Types].xml"] = types.encode("utf-8")


def _first(order, index: int) -> int:
    for old, copies in enumerate(order):
        if old == index and copies:
            return copies[0][0]
    return 0


def _clean_title(title: str) -> str:
    """A sheet title Excel accepts: no []:*?/\\, not starting or ending with ', ≤ 31 chars."""
    title = _BAD_TITLE.sub(" ", title)
    title = " ".join(title.split()).strip("'").strip()
    return title[:_TITLE_MAX].strip() or "Sheet"


def _unique(title: str, used: set[str]) -> str:
    if title.lower() not in used:
        return title
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = title[: _TITLE_MAX - len(suffix)].rstrip() + suffix
        if candidate.lower() not in used:
            return candidate
        number += 1


def _renamed_table(xml: str, table_id: int, title: str) -> str:
    """A copied table needs its own id and name (names are unique in a workbook)."""
    opening = re.search(r"<table\b[^>]*>", xml)
    if opening is None:
        return xml
    tag = re.sub(r'(\s)id="\d+"', rf'\g<1>id="{table_id}"', opening.group(0), count=1)
    for key in ("name", "displayName"):
        tag = re.sub(rf'(\s{key}=")([^"]*)"', rf'\g<1>\g<2>_{table_id}"', tag, count=1)
    return xml[: opening.start()] + tag + xml[opening.end() :]
