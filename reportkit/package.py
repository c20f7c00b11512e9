"""Reading and writing the zip package that holds a .docx or .xlsx.

A template is read once; the parts no tag touches are kept compressed as they came, so
each render only deflates the parts it changed and copies the rest byte for byte.
Entries get a fixed timestamp, so the same input gives the same bytes.
"""

from __future__ import annotations

import os
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .errors import InputError

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


class Package:
    """The parts of an OOXML package, in their original order."""

    def __init__(self, path: str | os.PathLike, expected: tuple[str, ...] = (".docx", ".xlsx")):
        self.path = Path(path)
        self.parts: dict[str, bytes] = {}
        self._entries: dict[str, Entry] = {}
        self._read(expected)

    def _read(self, expected: tuple[str, ...]) -> None:
        file = str(self.path)
        if not self.path.exists():
            raise InputError("file not found", file=file)
        if self.path.is_dir():
            raise InputError("is a folder, not a file", file=file)
        with open(self.path, "rb") as fh:
            head = fh.read(8)
        kinds = " or ".join(expected)
        if head == _OLE_MAGIC:
            raise InputError(
                f"this is an old binary Office file (.doc/.xls) or a password-protected one; "
                f"open it in Word, Excel or LibreOffice and save it as {kinds}",
                file=file,
            )
        if not head.startswith(b"PK"):
            raise InputError(f"not a {kinds} file (it is not a zip package)", file=file)
        try:
            with zipfile.ZipFile(self.path) as zf:
                for info in zf.infolist():
                    if info.is_dir():
                        continue
                    data = zf.read(info)
                    self.parts[info.filename] = data
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise InputError(f"the file is damaged and cannot be read ({exc})", file=file) from None
        if CONTENT_TYPES not in self.parts:
            raise InputError(f"not a {kinds} file ({CONTENT_TYPES} is missing)", file=file)
        for name, data in self.parts.items():
            if name.endswith((".xml", ".rels")) and any(d in data for d in _DOCTYPES):
                raise InputError(
                    f"{name} declares a DOCTYPE, which Word, Excel and LibreOffice never "
                    "write; the file is refused (save it again from Word, Excel or LibreOffice)",
                    file=file,
                )
        self.content_types = ContentTypes(self.parts[CONTENT_TYPES], file)

    def entry(self, name: str) -> Entry:
        """The compressed form of an untouched part, computed once and reused."""
        found = self._entries.get(name)
        if found is None:
            found = self._entries[name] = Entry.from_bytes(name, self.parts[name])
        return found


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
                f"the file is damaged: {CONTENT_TYPES} is not well-formed XML ({exc.msg})",
                file=file,
            ) from None
        if root.tag != f"{_CT_NS}Types":
            raise InputError(f"the file is damaged: {CONTENT_TYPES} has no <Types>", file=file)
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
