"""Reading and writing the zip package that holds a .docx or .xlsx.

A template is read once; the parts no tag touches are kept compressed as they came, so
each render only deflates the parts it changed and copies the rest byte for byte.
Entries get a fixed timestamp, so the same input gives the same bytes.
"""

from __future__ import annotations

import os
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .errors import InputError
from .formatting.numbers import number
from .i18n import N_, _
from .limits import (
    PACKAGE_BYTES,
    PACKAGE_PARTS,
    PART_BYTES,
    PART_RATIO,
    UNPACKED_BYTES,
    MiB,
    excerpt,
)
from .readonly import note_input

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FIXED_DOS_TIME = (0, (1980 - 1980) << 9 | 1 << 5 | 1)  # 00:00:00, 1980-01-01
_DEFLATE_LEVEL = 6
CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# Office never writes a DOCTYPE; one in a part can only carry entities (expansion bombs,
# or entities the output would carry as text that is no longer well-formed).
_DOCTYPES = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


@dataclass(frozen=True)
class Entry:
    """One part, ready to write: already compressed, with its checksum."""

    name: str
    compressed: bytes
    crc: int
    size: int
    method: int  # zipfile.ZIP_DEFLATED or zipfile.ZIP_STORED

    @classmethod
    def from_bytes(cls, name: str, data: bytes, level: int = _DEFLATE_LEVEL) -> Entry:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        compressed = compressor.compress(data) + compressor.flush()
        return cls(name, compressed, zlib.crc32(data), len(data), zipfile.ZIP_DEFLATED)


# What is wrong with a package, as message ids (said in the reader's language when raised).
_SAY = {
    "missing": N_("file not found"),
    "folder": N_("is a folder, not a file"),
    "ole": N_(
        "this is an old binary Office file (.doc/.xls) or a password-protected one; "
        "open it in Word, Excel or LibreOffice and save it as {kinds}"
    ),
    "not_zip": N_("not a {kinds} file (it is not a zip package)"),
    "damaged": N_("the file is damaged and cannot be read ({reason})"),
    "no_types": N_("not a {kinds} file ([Content_Types].xml is missing)"),
    "too_big": N_("{what}; reportkit reads no package that large (a zip bomb?)"),
    "file": N_("the file is {size} MB (at most {limit} MB)"),
    "parts": N_("it holds {count} parts (at most {limit})"),
    "part": N_("part {name} unpacks to {size} MB (at most {limit} MB)"),
    "ratio": N_("part {name} unpacks to {ratio} times its packed size"),
    "total": N_("its parts unpack to {size} MB (at most {limit} MB)"),
    "either": N_("{kinds} or {last}"),
}


def open_package(
    path: str | os.PathLike,
    expected: tuple[str, ...] = (".docx", ".xlsx"),
) -> zipfile.ZipFile:
    """The zip of a .docx/.xlsx, once its declared sizes show it safe to unpack.

    A zip entry says how big it unpacks, and reading stops there (zipfile checks the
    checksum at the end), so refusing large declared sizes bounds memory.
    """
    file = str(path)

    def say(key: str, **values: object) -> str:
        """The message ``key`` in the current language; ``{kinds}`` names the ``expected``."""
        text = _(_SAY[key])
        if "kinds" not in values:
            values["kinds"] = expected[0]
            if len(expected) > 1:
                values["kinds"] = say("either", kinds=", ".join(expected[:-1]), last=expected[-1])
        return text.format(**values)

    path = Path(path)
    if not path.exists():
        raise InputError(say("missing"), file=file)
    if path.is_dir():
        raise InputError(say("folder"), file=file)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        raise InputError(say("ole"), file=file)
    if not head.startswith(b"PK"):
        raise InputError(say("not_zip"), file=file)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise InputError(say("damaged", reason=exc), file=file) from None
    problem = _oversized(archive.infolist(), path.stat().st_size, say)
    if problem:
        archive.close()
        raise InputError(say("too_big", what=problem), file=file)
    if "[Content_Types].xml" not in archive.NameToInfo:
        archive.close()
        raise InputError(say("no_types"), file=file)
    note_input(path)
    return archive


def _oversized(
    infos: list[zipfile.ZipInfo], file_size: int, say: Callable[..., str]
) -> str | None:
    """What makes a package too big to unpack, from its own declared sizes, or None."""
    if file_size > PACKAGE_BYTES:
        return say("file", size=number(file_size // MiB), limit=number(PACKAGE_BYTES // MiB))
    if len(infos) > PACKAGE_PARTS:
        return say("parts", count=number(len(infos)), limit=number(PACKAGE_PARTS))
    for info in infos:
        name = excerpt(info.filename)
        if info.file_size > PART_BYTES:
            size, limit = number(info.file_size // MiB), number(PART_BYTES // MiB)
            return say("part", name=name, size=size, limit=limit)
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > MiB and ratio > PART_RATIO:
            return say("ratio", name=name, ratio=number(ratio))
    total = sum(info.file_size for info in infos)
    if total > UNPACKED_BYTES:
        return say("total", size=number(total // MiB), limit=number(UNPACKED_BYTES // MiB))
    return None


class Package:
    """The parts of an OOXML package, in their original order."""

    def __init__(self, path: str | os.PathLike, expected: tuple[str, ...] = (".docx", ".xlsx")):
        self.path = Path(path)
        self.parts: dict[str, bytes] = {}
        self._entries: dict[str, Entry] = {}
        try:
            with open_package(path, expected) as zf:
                for info in zf.infolist():
                    if not info.is_dir():
                        self.parts[info.filename] = zf.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise InputError(_(_SAY["damaged"]).format(reason=exc), file=str(path)) from None
        file = str(self.path)
        for name, data in self.parts.items():
            if name.endswith((".xml", ".rels")) and any(d in data for d in _DOCTYPES):
                raise InputError(
                    _(
                        "{part} declares a DOCTYPE, which Word, Excel and LibreOffice never "
                        "write; the file is refused (save it again from Word, Excel or "
                        "LibreOffice)"
                    ).format(part=name),
                    file=file,
                )
        self.content_types = ContentTypes(self.parts[CONTENT_TYPES], file)

    def entry(self, name: str) -> Entry:
        """The compressed form of an untouched part, computed once and reused."""
        found = self._entries.get(name)
        if found is None:
            found = self._entries[name] = Entry.from_bytes(name, self.parts[name])
        return found


# Excel's "Strict Open XML" namespaces (ISO/IEC 29500 Strict) and the Office 2007 beta
# ones name the same elements as the transitional namespaces every reader knows.
_STRICT = re.compile(rb'"http://purl\.oclc\.org/ooxml/(\w+)/(\w+)(/\w+)?"')
_STRICT_NAMES = {
    b"extendedProperties": b"extended-properties",
    b"customProperties": b"custom-properties",
}
_BETA = re.compile(
    rb'"http://schemas\.(?:openxmlformats\.org/spreadsheetml/2006/[57]/main'
    rb'|microsoft\.com/office/excel/2006/2)"'
)
_SPREADSHEET_MAIN = b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_CONFORMANCE = re.compile(rb'\s(?:\w+:)?conformance="strict"')
_XML_PARTS = (".xml", ".rels", ".vml")


def _transitional_uri(match: re.Match) -> bytes:
    area, name, rest = match.group(1), match.group(2), match.group(3) or b""
    name = _STRICT_NAMES.get(name, name)
    rest = b"/" + _STRICT_NAMES.get(rest[1:], rest[1:]) if rest else b""
    return b'"http://schemas.openxmlformats.org/' + area + b"/2006/" + name + rest + b'"'


def transitional_parts(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The XML parts written in Strict or beta namespaces, rewritten in transitional ones.

    Readers (reportkit's own included) look elements up by the transitional namespace;
    a Strict part read as it is looks empty. Only quoted attribute values change:
    namespace declarations and relationship types.
    """
    changed = {}
    for name, data in parts.items():
        if not name.endswith(_XML_PARTS) or (
            b"purl.oclc.org/ooxml" not in data and b"/2006/" not in data
        ):
            continue
        new = _BETA.sub(_SPREADSHEET_MAIN, _STRICT.sub(_transitional_uri, data))
        if new != data:
            changed[name] = _CONFORMANCE.sub(b"", new, count=1)
    return changed


class ContentTypes:
    """The content type of each part, resolved as OPC says (ECMA-376 part 2, 10.1.2.4):
    an Override names one part; otherwise the Default for the part's extension applies.
    Part names and extensions compare without regard to case."""

    def __init__(self, xml: bytes, file: str):
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        try:
            root = etree.fromstring(xml, parser)
        except etree.XMLSyntaxError as exc:
            raise InputError(
                _("the file is damaged: {part} is not well-formed XML ({reason})").format(
                    part=CONTENT_TYPES, reason=exc.msg
                ),
                file=file,
            ) from None
        if root.tag != f"{_CT_NS}Types":
            raise InputError(
                _("the file is damaged: {part} has no <Types>").format(part=CONTENT_TYPES),
                file=file,
            )
        self.defaults = {
            (el.get("Extension") or "").lower(): el.get("ContentType") or ""
            for el in root.iter(f"{_CT_NS}Default")
        }
        self.overrides = {
            (el.get("PartName") or "").lstrip("/").lower(): el.get("ContentType") or ""
            for el in root.iter(f"{_CT_NS}Override")
        }

    def of(self, name: str) -> str | None:
        """The content type of part ``name`` (a zip entry name, without the leading /)."""
        found = self.overrides.get(name.lower())
        if found is not None:
            return found
        extension = posixpath.splitext(name)[1].lstrip(".").lower()
        return self.defaults.get(extension)

    def parts_of(self, names: list[str], suffixes: tuple[str, ...]) -> list[str]:
        """The parts among ``names`` whose content type ends with one of ``suffixes``."""
        return [name for name in names if (self.of(name) or "").endswith(suffixes)]


def retyped(xml: bytes, replacements: dict[str, str]) -> bytes:
    """[Content_Types].xml with each content type in ``replacements`` swapped for its
    value: a rendered template file (.dotx, .xltx) is a document, and says so."""
    text = xml.decode("utf-8")
    for old, new in replacements.items():
        text = text.replace(f'"{old}"', f'"{new}"')
    return text.encode("utf-8")


def build_zip(entries: list[Entry]) -> bytes:
    """Assemble a zip archive from already-compressed entries."""
    out = bytearray()
    central = bytearray()
    dos_time, dos_date = _FIXED_DOS_TIME
    for entry in entries:
        name = entry.name.encode("utf-8")
        offset = len(out)
        flags = 0x800  # names are UTF-8
        out += struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            20,
            flags,
            entry.method,
            dos_time,
            dos_date,
            entry.crc,
            len(entry.compressed),
            entry.size,
            len(name),
            0,
        )
        out += name
        out += entry.compressed
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            flags,
            entry.method,
            dos_time,
            dos_date,
            entry.crc,
            len(entry.compressed),
            entry.size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
    start = len(out)
    out += central
    out += struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0
    )
    return bytes(out)
