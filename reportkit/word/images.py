"""Reading just enough of a PNG or JPEG to place it: its kind and its size."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.shared import Length

from ..errors import TemplateError, os_reason
from ..i18n import _
from ..limits import IMAGE_BYTES, MiB, excerpt
from ..readonly import note_input

EMU_PER_MM = 36000
_UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
_LENGTH = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(mm|cm|in|pt)?\s*$")


@dataclass(frozen=True)
class ImageData:
    """The bytes of an image with what a drawing needs to know about them."""

    data: bytes
    extension: str  # "png" or "jpeg"
    width_px: int
    height_px: int
    dpi_x: float
    dpi_y: float
    digest: str = ""  # identifies the bytes, so one render stores each picture once

    def __post_init__(self) -> None:
        if not self.digest:
            object.__setattr__(self, "digest", hashlib.sha1(self.data).hexdigest())

    @property
    def natural_mm(self) -> tuple[float, float]:
        return (self.width_px / self.dpi_x * 25.4, self.height_px / self.dpi_y * 25.4)


def length_mm(value: object, what: str) -> float:
    """``"40mm"``, ``"4cm"``, ``"1.5in"``, ``"12pt"``, a number of millimetres, or a
    python-docx length (``Mm(40)``). ``what`` (width, height) is an ``N_()`` id."""
    if isinstance(value, bool):
        raise TemplateError(
            _("image {what} must be a length such as '40mm', not {value}").format(
                what=_(what), value=repr(value)
            )
        )
    if isinstance(value, Length):  # docxtpl code passes Mm(30), Cm(4), Inches(1)
        number = value.mm
    elif isinstance(value, int | float):
        number = float(value)
    else:
        found = _LENGTH.match(str(value))
        if not found:
            raise TemplateError(
                _("image {what} {value} is not a length; write it like '40mm' or '4cm'").format(
                    what=_(what), value=repr(value)
                )
            )
        number = float(found.group(1).replace(",", ".")) * _UNITS_MM[found.group(2) or "mm"]
    if number <= 0:
        raise TemplateError(
            _("image {what} must be more than zero, not {value}").format(
                what=_(what), value=repr(value)
            )
        )
    return number


def load_image(source: object, folders: Sequence[Path] = ()) -> ImageData:
    """Read a PNG or JPEG from bytes, or from a path inside one of ``folders``.

    A path comes from a template or its data, both untrusted: it is taken relative to the
    first folder (the template's) and must stay inside one of them, so a template cannot
    read /dev/zero, a FIFO or another user's picture; the error does not say whether a
    file outside exists.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = None
        if len(data) > IMAGE_BYTES:
            raise TemplateError(
                _("the image bytes are over {limit} MB").format(limit=IMAGE_BYTES // MiB)
            )
    elif isinstance(source, str | os.PathLike):
        name = excerpt(str(source))
        data = _read_inside(Path(source), folders, name)
    else:
        raise TemplateError(
            _("an image must be a file path or bytes, not {value}").format(
                value=excerpt(repr(source))
            )
        )
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(data, name)
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data, name)
    raise TemplateError(_("{name} is not a PNG or JPEG image").format(name=_named(name)))


def _named(name: str | None) -> str:
    """An image as a message names it: its path, or (None) the bytes it was given as."""
    return _("the image bytes") if name is None else name


def _read_inside(path: Path, folders: Sequence[Path], name: str) -> bytes:
    """The bytes of a regular file under ``IMAGE_BYTES`` inside ``folders``."""
    if not folders:
        raise TemplateError(
            _("image {name}: this image must be given as bytes, not a path").format(name=name)
        )
    target = (folders[0] / path).resolve()
    if not any(target.is_relative_to(folder) for folder in folders):
        raise TemplateError(
            _(
                "image {name} is outside the template's folder; images named by path must be "
                "in it (or in a folder the caller allows)"
            ).format(name=name)
        )
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the render
    except FileNotFoundError:
        raise TemplateError(_("image file not found: {name}").format(name=name)) from None
    except OSError as exc:
        raise TemplateError(
            _("cannot read image file {name}: {reason}").format(name=name, reason=os_reason(exc))
        ) from None
    note_input(target)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateError(_("image {name} is not a regular file").format(name=name))
        if info.st_size > IMAGE_BYTES:
            raise TemplateError(
                _("image {name} is over {limit} MB").format(name=name, limit=IMAGE_BYTES // MiB)
            )
        return fh.read(IMAGE_BYTES + 1)


def _png(data: bytes, name: str | None) -> ImageData:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise TemplateError(_("{name} is a damaged PNG image").format(name=_named(name)))
    width, height = struct.unpack(">II", data[16:24])
    dpi_x = dpi_y = 96.0
    phys = data.find(b"pHYs")
    if phys > 0 and len(data) >= phys + 13:
        per_x, per_y, unit = struct.unpack(">IIB", data[phys + 4 : phys + 13])
        if unit == 1 and per_x and per_y:
            dpi_x, dpi_y = per_x * 0.0254, per_y * 0.0254
    return ImageData(data, "png", width, height, dpi_x, dpi_y)


def _jpeg(data: bytes, name: str | None) -> ImageData:
    dpi_x = dpi_y = 96.0
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (size,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        segment = data[pos + 4 : pos + 2 + size]
        if marker == 0xE0 and segment.startswith(b"JFIF\x00") and len(segment) >= 12:
            unit, dx, dy = struct.unpack(">BHH", segment[7:12])
            if dx and dy and unit in (1, 2):
                factor = 1.0 if unit == 1 else 2.54
                dpi_x, dpi_y = dx * factor, dy * factor
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC) and len(segment) >= 5:
            height, width = struct.unpack(">HH", segment[1:5])
            return ImageData(data, "jpeg", width, height, dpi_x, dpi_y)
        pos += 2 + size
    raise TemplateError(
        _("{name} is a damaged JPEG image (no size found)").format(name=_named(name))
    )
