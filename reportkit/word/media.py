"""Swapping a picture of the template for another (docxtpl's ``replace_pic`` and
``replace_media``): the media part keeps its name and every place that shows it, only its
bytes change, so the picture keeps its size and position on the page."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import TemplateError
from ..i18n import _
from .images import load_image
from .ooxml import rels_name

_DRAWING = re.compile(r"<w:drawing>.*?</w:drawing>|<w:pict>.*?</w:pict>", re.S)
_NAMES = re.compile(r'<(?:wp:docPr|pic:cNvPr)\b[^>]*?\b(?:name|descr)="([^"]*)"')
_EMBED = re.compile(r'r:(?:embed|id)="([^"]+)"')
_TARGET = re.compile(r'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"')


def media_with_content(parts: dict[str, bytes], old: object, folders: Sequence[Path]) -> list[str]:
    """The media parts whose bytes are those of the image ``old`` (bytes, or a path inside
    ``folders``, as for any image)."""
    data = load_image(old, folders).data
    found = [name for name, part in parts.items() if "/media/" in name and part == data]
    if not found:
        raise TemplateError(
            _("no picture in the template is the image {image}").format(image=_shown(old))
        )
    return found


def media_named(parts: dict[str, bytes], text_parts: list[str], picture: str) -> list[str]:
    """The media parts of the pictures named ``picture`` in Word (the name or description
    it shows, usually the file it was inserted from), or whose media file has that name."""
    found = []
    for part in text_parts:
        xml = parts[part].decode("utf-8", "replace")
        targets = _targets(parts, part)
        for drawing in _DRAWING.findall(xml):
            names = {posixpath.basename(n) for n in _NAMES.findall(drawing)}
            for rel in _EMBED.findall(drawing):
                media = targets.get(rel)
                if media and picture in names | {posixpath.basename(media)}:
                    found.append(media)
    if not found:
        raise TemplateError(
            _('no picture in the template is named "{picture}"').format(picture=picture)
        )
    return sorted(set(found))


def swapped(
    parts: dict[str, bytes], names: list[str], new: object, folders: Sequence[Path]
) -> dict[str, bytes]:
    """The new bytes for each of ``names``, once the image ``new`` (bytes, or a path inside
    ``folders``) is found to be of the same kind as each (a .png part must hold a PNG)."""
    image = load_image(new, folders)
    for name in names:
        extension = posixpath.splitext(name)[1].lstrip(".").lower().replace("jpg", "jpeg")
        if extension != image.extension:
            raise TemplateError(
                _(
                    "{name} is a {kind} picture; the image that replaces it must be one too, "
                    "not {other}"
                ).format(name=name, kind=extension.upper(), other=image.extension.upper())
            )
    return dict.fromkeys(names, image.data)


def _targets(parts: dict[str, bytes], part: str) -> dict[str, str]:
    """Each relationship id of ``part`` with the part it points at."""
    rels = parts.get(rels_name(part), b"").decode("utf-8", "replace")
    folder = posixpath.dirname(part)
    return {
        rid: posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        for rid, target in _TARGET.findall(rels)
    }


def _shown(source: object) -> str:
    return _("given as bytes") if isinstance(source, bytes | bytearray) else str(source)
