"""A document's title, author, subject and date, from the report's data, for its PDF.

LibreOffice fills a PDF's metadata (and a PDF/A's XMP) from the document's core properties
(docProps/core.xml). The templates carry a generic title and "reportkit" as author; an
archived PDF should name its unit, year and date. So before converting, the properties
of a copy of the document are set from the data the report was rendered from.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from .formatting.dates import as_date

_CORE = "docProps/core.xml"
_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


@dataclass(frozen=True)
class DocumentInfo:
    """What a reader of the PDF's properties sees; None leaves the document's own value."""

    title_suffix: str | None = None  # added to the template's own title: " năm 2025"
    author: str | None = None
    subject: str | None = None
    date: datetime.date | None = None


def info_from_data(data: Mapping[str, Any] | None, kind_title: str | None) -> DocumentInfo:
    """The PDF properties of a report rendered from ``data`` (a unit's or the province's).

    Author is the unit's full name, the title gets the year, the subject is the kind's
    title with the document's number, the date is the document's date.
    """
    data = data or {}
    unit = data.get("unit") if isinstance(data.get("unit"), Mapping) else {}
    document = data.get("document") if isinstance(data.get("document"), Mapping) else {}
    year = data.get("year")
    number = document.get("number")
    subject = " ".join(filter(None, [kind_title, f"năm {year}" if year else None]))
    if number:
        subject = f"{subject}, số {number}" if subject else f"Số {number}"
    try:
        date = as_date(document.get("date"), "date") if document.get("date") else None
    except (TypeError, ValueError):
        date = None
    if isinstance(date, datetime.datetime):
        date = date.date()
    return DocumentInfo(
        title_suffix=f" năm {year}" if year else None,
        author=str(unit.get("name")) if unit.get("name") else None,
        subject=subject or None,
        date=date,
    )


def with_info(source: Path, target: Path, info: DocumentInfo) -> None:
    """Copy the .docx/.xlsx ``source`` to ``target`` with its core properties set."""
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as copy:
        for item in package.infolist():
            data = package.read(item)
            if item.filename == _CORE:
                data = _core_with(data, info)
            copy.writestr(item, data)


def _core_with(core: bytes, info: DocumentInfo) -> bytes:
    root = etree.fromstring(core)
    title = _element(root, "dc:title")
    if info.title_suffix and not (title.text or "").endswith(info.title_suffix):
        title.text = (title.text or "").strip() + info.title_suffix
    if info.author:
        _element(root, "dc:creator").text = info.author
        _element(root, "cp:lastModifiedBy").text = info.author
    if info.subject:
        _element(root, "dc:subject").text = info.subject
    if info.date:
        stamp = f"{info.date.isoformat()}T00:00:00Z"
        for name in ("dcterms:created", "dcterms:modified"):
            element = _element(root, name)
            element.set(f"{{{_NS['xsi']}}}type", "dcterms:W3CDTF")
            element.text = stamp
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _element(root: etree._Element, name: str) -> etree._Element:
    """The child ``prefix:local`` of the core properties, made when it is missing."""
    found = root.find(name, _NS)
    if found is None:
        prefix, local = name.split(":")
        found = etree.SubElement(root, f"{{{_NS[prefix]}}}{local}", nsmap={prefix: _NS[prefix]})
    return found
