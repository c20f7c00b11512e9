"""The package around the sheets: which part is which, and the relationships between them.

Read once at compile time, with plain regular expressions over the small XML parts
(workbook.xml, its relationships, [Content_Types].xml) so that everything not changed
is written back byte for byte.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import unescape

from ..errors import TemplateError
from ..i18n import _

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = re.compile(r"<Relationship\b[^>]*/>|<Relationship\b[^>]*>.*?</Relationship>", re.S)
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_SHEET = re.compile(r"<(?:\w+:)?sheet\b[^>]*/>")
_CALC_PR = re.compile(
    r"<(?:\w+:)?calcPr\b[^>]*?/>|<(?P<p>\w+:)?calcPr\b[^>]*>.*?</(?P=p)?calcPr>", re.S
)
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROOT = re.compile(r"<(?!\?)(?:\w+:)?\w+\b[^>]*>")


@dataclass
class Relationship:
    id: str
    type: str  # the last part of the type URI: "worksheet", "drawing", ...
    target: str  # the part name inside the package, without a leading slash
    external: bool
    xml: str


@dataclass
class SheetEntry:
    name: str
    sheet_id: str
    rel_id: str
    part: str | None  # None for chart sheets and anything that is not a worksheet
    xml: str  # the <sheet .../> element as written


@dataclass
class Structure:
    workbook_part: str
    workbook_xml: str
    sheets: list[SheetEntry]
    rels: dict[str, list[Relationship]] = field(default_factory=dict)  # part → its relationships


def with_default_namespace(xml: str) -> str:
    """Make SpreadsheetML the default namespace of a part that only declares it with a prefix.

    Some writers use ``<x:worksheet xmlns:x=…>``; elements reportkit writes (rows, cells,
    merged cells, defined names) are unprefixed, so the default namespace must be there.
    """
    root = _ROOT.search(xml)
    if root is None or 'xmlns="' in root.group(0) or _MAIN_NS not in root.group(0):
        return xml
    tag = root.group(0)
    end = -2 if tag.endswith("/>") else -1
    new = tag[:end] + f' xmlns="{_MAIN_NS}"' + tag[end:]
    return xml[: root.start()] + new + xml[root.end() :]


def rels_part(part: str) -> str:
    """``xl/worksheets/sheet1.xml`` → ``xl/worksheets/_rels/sheet1.xml.rels``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def attrs(element: str) -> dict[str, str]:
    return {key: unescape(value, {"&quot;": '"'}) for key, value in _ATTR.findall(element)}


def read_rels(parts: dict[str, bytes], part: str) -> list[Relationship]:
    """The relationships of ``part`` with their targets resolved to part names."""
    data = parts.get(rels_part(part))
    if data is None:
        return []
    folder = posixpath.dirname(part)
    found = []
    for element in _REL.findall(data.decode("utf-8")):
        values = attrs(element)
        target = values.get("Target", "")
        external = values.get("TargetMode") == "External"
        if not external:
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
        kind = values.get("Type", "").rsplit("/", 1)[-1]
        found.append(Relationship(values.get("Id", ""), kind, target, external, element))
    return found


def read_structure(parts: dict[str, bytes], file: str) -> Structure:
    """Find workbook.xml, its sheets and every relationship in the package."""
    root_rels = read_rels(parts, "")
    office = [r for r in root_rels if r.type == "officeDocument"]
    workbook_part = office[0].target if office else "xl/workbook.xml"
    if workbook_part not in parts:
        raise TemplateError(_("not an Excel workbook (xl/workbook.xml is missing)"), file=file)
    workbook_xml = with_default_namespace(parts[workbook_part].decode("utf-8"))
    structure = Structure(workbook_part, workbook_xml, [])
    for name in parts:
        if name.endswith(".rels"):
            folder, rels_name = posixpath.split(name)
            owner = posixpath.join(posixpath.dirname(folder), rels_name[: -len(".rels")])
            structure.rels[owner] = read_rels(parts, owner)
    by_id = {r.id: r for r in structure.rels.get(workbook_part, [])}
    for element in _SHEET.findall(workbook_xml):
        values = attrs(element)
        rel = by_id.get(values.get("r:id", ""))
        part = rel.target if rel is not None and rel.type == "worksheet" else None
        structure.sheets.append(
            SheetEntry(
                values.get("name", ""),
                values.get("sheetId", ""),
                values.get("r:id", ""),
                part if part in parts else None,
                element,
            )
        )
    return structure


def related(structure: Structure, part: str, kind: str) -> str | None:
    """The first internal target of ``kind`` from ``part``."""
    for rel in structure.rels.get(part, []):
        if rel.type == kind and not rel.external:
            return rel.target
    return None


def owned_parts(structure: Structure, part: str) -> dict[str, str]:
    """Parts that belong to one sheet and go with it when it is copied, with their kind.

    Drawings (and their charts), tables, comments and their VML; images and printer
    settings are shared.
    """
    owned: dict[str, str] = {}
    pending = [part]
    while pending:
        current = pending.pop()
        for rel in structure.rels.get(current, []):
            if rel.external or rel.target in owned:
                continue
            if rel.type in _OWNED_KINDS:
                owned[rel.target] = rel.type
                pending.append(rel.target)
    return owned


_OWNED_KINDS = {
    "drawing",
    "chart",
    "table",
    "comments",
    "vmlDrawing",
    "chartUserShapes",
    "chartStyle",
    "chartColorStyle",
}


_SHEET_TITLES = re.compile(r"<(HeadingPairs|TitlesOfParts)\b.*?</\1>", re.S)
APP_PROPERTIES = "docProps/app.xml"


def without_sheet_titles(parts: dict[str, bytes], changed: dict[str, bytes]) -> None:
    """Drop the sheet list kept in the file's properties (``docProps/app.xml``).

    Sheets repeated per item or renamed by their data make that list stale; both of its
    elements are optional, and Excel writes them afresh when it saves the file.
    """
    if APP_PROPERTIES not in parts:
        return
    text = parts[APP_PROPERTIES].decode("utf-8")
    stripped = _SHEET_TITLES.sub("", text)
    if stripped != text:
        changed[APP_PROPERTIES] = stripped.encode("utf-8")


def without_calc_chain(parts: dict[str, bytes], structure: Structure) -> dict[str, bytes]:
    """The parts that change once for every render: calcChain dropped, recalc on open.

    A stale calcChain makes Excel repair the file once rows move; ``fullCalcOnLoad``
    makes Excel and LibreOffice compute every formula when the file opens.
    """
    changed: dict[str, bytes] = {}
    workbook_rels = rels_part(structure.workbook_part)
    chains = [r for r in structure.rels.get(structure.workbook_part, []) if r.type == "calcChain"]
    if chains and workbook_rels in parts:
        text = parts[workbook_rels].decode("utf-8")
        for chain in chains:
            text = text.replace(chain.xml, "")
        changed[workbook_rels] = text.encode("utf-8")
        types = parts["[Content_Types].xml"].decode("utf-8")
        for chain in chains:
            types = re.sub(
                rf'<Override\b[^>]*PartName="/{re.escape(chain.target)}"[^>]*/>', "", types
            )
        changed["[Content_Types].xml"] = types.encode("utf-8")
    xml = structure.workbook_xml
    calc = _CALC_PR.search(xml)
    if calc is None:
        xml = _insert_calc_pr(xml)
    elif "fullCalcOnLoad=" in calc.group(0):
        new = re.sub(r'fullCalcOnLoad="\w+"', 'fullCalcOnLoad="1"', calc.group(0))
        xml = xml[: calc.start()] + new + xml[calc.end() :]
    else:
        new = re.sub(r"^(<(?:\w+:)?calcPr)", r'\1 fullCalcOnLoad="1"', calc.group(0))
        xml = xml[: calc.start()] + new + xml[calc.end() :]
    structure.workbook_xml = xml
    return changed


_AFTER_CALC_PR = (
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
)


def _insert_calc_pr(xml: str) -> str:
    """Add ``<calcPr>`` where the schema wants it: before the elements that follow it."""
    for name in _AFTER_CALC_PR:
        found = re.search(rf"<(?:\w+:)?{name}\b", xml)
        if found:
            return xml[: found.start()] + '<calcPr fullCalcOnLoad="1"/>' + xml[found.start() :]
    end = xml.rindex("</")
    return xml[:end] + '<calcPr fullCalcOnLoad="1"/>' + xml[end:]


_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
_WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def as_workbook(parts: dict[str, bytes], changed: dict[str, bytes]) -> None:
    """An Excel template file (.xltx) renders to a workbook: its content type says so."""
    types = changed.get("[Content_Types].xml", parts["[Content_Types].xml"]).decode("utf-8")
    if _TEMPLATE_TYPE in types:
        changed["[Content_Types].xml"] = types.replace(_TEMPLATE_TYPE, _WORKBOOK_TYPE).encode()


def dropped_parts(structure: Structure) -> set[str]:
    return {
        r.target for r in structure.rels.get(structure.workbook_part, []) if r.type == "calcChain"
    }
