"""Names and small helpers for the WordprocessingML the engine reads and writes."""

from __future__ import annotations

import re

from lxml import etree

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

# The content types of the parts whose text is a template.
_TEXT_PART_TYPES = (
    ".document.main+xml",
    ".template.main+xml",
    ".document.macroEnabled.main+xml",
    ".template.macroEnabledTemplate.main+xml",
    "wordprocessingml.header+xml",
    "wordprocessingml.footer+xml",
    "wordprocessingml.footnotes+xml",
    "wordprocessingml.endnotes+xml",
)
_OVERRIDE = re.compile(r'<Override\b[^>]*?PartName="/([^"]+)"[^>]*?ContentType="([^"]+)"')
_OVERRIDE_REVERSED = re.compile(r'<Override\b[^>]*?ContentType="([^"]+)"[^>]*?PartName="/([^"]+)"')
_NS_DECLARATION = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


def text_parts(content_types: bytes) -> list[str]:
    """The names of the body, header, footer, footnote and endnote parts, in that order."""
    xml = content_types.decode("utf-8", "replace")
    found = {name: kind for name, kind in _OVERRIDE.findall(xml)}
    found.update({name: kind for kind, name in _OVERRIDE_REVERSED.findall(xml)})
    names = [name for name, kind in found.items() if kind.endswith(_TEXT_PART_TYPES)]
    return sorted(names, key=lambda name: (0 if "document" in name else 1, name))


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
