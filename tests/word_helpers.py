"""Build Word templates the way editors leave them, render them, and reopen the output."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportkit.word import WordTemplate


def split_paragraph(doc, *pieces, style=None):
    """A paragraph whose text is cut into runs at the given pieces (as Word cuts tags).

    A piece is text, or (text, {"bold": True, ...}) for a run with its own formatting.
    """
    paragraph = doc.add_paragraph(style=style)
    for piece in pieces:
        text, formatting = piece if isinstance(piece, tuple) else (piece, {})
        run = paragraph.add_run(text)
        for name, value in formatting.items():
            if name == "size":
                from docx.shared import Pt

                run.font.size = Pt(value)
            else:
                setattr(run.font, name, value)
    return paragraph


def insert_after_run(paragraph, index: int, tag: str, **attributes: str):
    """Put a w:proofErr, w:bookmarkStart, ... element right after run ``index``."""
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(name), value)
    paragraph.runs[index]._r.addnext(element)
    return element


def save(doc, path: Path) -> Path:
    doc.save(path)
    return path


def render(path: Path, context: dict, **options) -> docx.document.Document:
    """Render the template and reopen the output with python-docx."""
    return reopen(WordTemplate(path, **options).render(context))


def reopen(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def part_xml(data: bytes, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name).decode("utf-8")


def png(width: int = 40, height: int = 20) -> bytes:
    """A small valid PNG of the given pixel size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
