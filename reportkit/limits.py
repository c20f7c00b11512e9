"""The budget every untrusted input is held to: sizes, counts and lengths.

Templates, data files and filled forms come from people reportkit cannot vouch for.
Each limit sits far above what a real report needs and far below what would exhaust
the machine, so a hostile or broken input ends in one clear line, not a MemoryError.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError
from .formatting.numbers import number
from .i18n import _

MiB = 1 << 20

DATA_FILE_BYTES = 16 * MiB  # a YAML/JSON data file or kind.yaml
DATA_VALUES = 200_000  # values in a data file once YAML aliases are expanded
TEXT_CHARS = 32_767  # the longest text an Excel cell holds, so the longest text value
FIGURE_LIMIT = 10**15  # figures must stay below: Excel keeps 15 significant digits

PACKAGE_BYTES = 256 * MiB  # a .docx/.xlsx template or filled form on disk
PART_BYTES = 64 * MiB  # one part of it, unpacked (a long sheet is ~30 MB)
UNPACKED_BYTES = 256 * MiB  # all its parts, unpacked
PART_RATIO = 200  # unpacked / packed size of a part above 1 MiB; text packs ~10 times
PACKAGE_PARTS = 10_000

IMAGE_BYTES = 32 * MiB  # an image a template names by path
CACHE_BYTES = 64 * MiB  # the compiled-template cache on disk
FILE_NAME_BYTES = 255  # the longest file name Linux and Windows file systems take

EXCERPT_CHARS = 60  # the most of an input a message quotes


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for quoting in a message."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def too_many_values(location: str) -> InputError:
    """The error for a data file of more than ``DATA_VALUES`` values, wherever it is counted."""
    message = _("the file holds more than {count} values; reportkit reads no data file that large")
    return InputError(message.format(count=number(DATA_VALUES)), location=location)


def check_file_size(path: str | os.PathLike, limit: int) -> None:
    """Refuse a file over ``limit`` bytes before reading it."""
    size = Path(path).stat().st_size
    if size > limit:
        message = _("the file is {size} MB; reportkit reads at most {limit} MB")
        raise InputError(message.format(size=size // MiB, limit=limit // MiB), file=str(path))
