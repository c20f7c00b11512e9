"""Names and small helpers for the WordprocessingML the engine reads and writes."""

from __future__ import annotations

import re

from lxml import etree

from ..package import ContentTypes

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag: str) -> str:
    """The Clark name of a w: element."""
    return f"{{{W_NS}}}{tag}"


W_P = w("p")
W_R = w("r")
W_T = w("t")
W_TR = w("tr")
W_TC = w("tc")
W_TBL = w("tbl")
W_RPR = w("rPr")
W_PPR = w("pPr")
W_TCPR = w("tcPr")
W_TXBX = w("txbxContent")

_MAIN_PART_TYPES = (
    ".document.main+xml",
    ".template.main+xml",
    ".document.macroEnabled.main+xml",
    ".template.macroEnabledTemplate.main+xml",
)
# The content types of the parts whose text is a template.
_TEXT_PART_TYPES = (
    *_MAIN_PART_TYPES,
    "wordprocessingml.header+xml",
    "wordprocessingml.footer+xml",
    "wordprocessingml.footnotes+xml",
    "wordprocessingml.endnotes+xml",
)
_NS_DECLARATION = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


def text_parts(types: ContentTypes, names: list[str]) -> list[str]:
    """The names of the body, header, footer, footnote and endnote parts, in that order."""
    found = types.parts_of(names, _TEXT_PART_TYPES)
    return sorted(found, key=lambda name: (0 if is_main(types, name) else 1, name))


def is_main(types: ContentTypes, name: str) -> bool:
    """Whether ``name`` is the main document part (of a .docx, .docm, .dotx or .dotm)."""
    return (types.of(name) or "").endswith(_MAIN_PART_TYPES)


def parse(xml: bytes) -> etree._Element:
    """Parse a part without resolving entities or reaching the network: parts are untrusted."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(xml, parser)


def fragment(element: etree._Element | None) -> str:
    """An element as XML text without namespace declarations (the part root declares them)."""
    if element is None:
        return ""
    return _NS_DECLARATION.sub("", etree.tostring(element, encoding="unicode"))


def rels_name(part: str) -> str:
    """The relationships part that belongs to ``part``."""
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


# Elements that may wrap a table's rows or a row's cells: content controls, custom XML.
_WRAPPERS = frozenset({w("sdt"), w("sdtContent"), w("customXml")})


def children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """The ``tag`` children of ``parent``, also those wrapped in content controls
    (a table's rows, a row's cells), in document order."""
    found = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _WRAPPERS:
            found.extend(children(child, tag))
    return found
