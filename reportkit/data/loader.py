"""Read YAML or JSON input and remember the line each value came from.

Validation names every problem by file, line and field, so the loader keeps a map from
field path (``("counts", "signed_docs")``, ``("agreements", 2, "kind")``) to a place a
person can find. Other readers (the Excel form) build the same :class:`Document` with
places such as ``'Chỉ tiêu'!C7``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError, os_reason
from ..i18n import _, current_language
from ..limits import DATA_FILE_BYTES, check_file_size
from ..readonly import note_input
from .bounds import check_values
from .jsonlines import parse_json
from .yamllines import parse_yaml

FieldPath = tuple[str | int, ...]

_PARSERS = {".yaml": parse_yaml, ".yml": parse_yaml, ".json": parse_json}


class Document:
    """Parsed input data, the file it came from and where each value sits in that file."""

    def __init__(
        self,
        data: Any,
        file: str,
        locations: Mapping[FieldPath, str] | None = None,
        language: str | None = None,
    ):
        self.data = data
        self.file = file
        self.locations = dict(locations or {})
        # of the validator's messages (data/messages.py): by default the language of the run,
        # English for a program using the library, Vietnamese on the command line
        self.language = language or current_language()

    def locate(self, path: FieldPath) -> str | None:
        """The place of ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while True:
            place = self.locations.get(path)
            if place is not None or not path:
                return place
            path = path[:-1]

    def __repr__(self) -> str:
        return f"Document(file={self.file!r})"


def load_data(path: str | os.PathLike) -> Document:
    """Read a .yaml/.yml or .json file into a :class:`Document` with line numbers."""
    path = Path(path)
    file = str(path)
    parser = _PARSERS.get(path.suffix.lower())
    if parser is None:
        got = path.suffix or _("a file without extension")
        message = _("input data must be a .yaml, .yml or .json file (got {got})")
        raise InputError(message.format(got=got), file=file)
    try:
        check_file_size(path, DATA_FILE_BYTES)
        raw = path.read_bytes()
        note_input(path)
    except FileNotFoundError:
        raise InputError(_("file not found"), file=file) from None
    except IsADirectoryError:
        raise InputError(_("this is a folder, not a data file"), file=file) from None
    except OSError as error:
        message = _("cannot read the file: {reason}")
        raise InputError(message.format(reason=os_reason(error)), file=file) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            _("the file is not UTF-8 text; save it with UTF-8 encoding"),
            file=file,
            location=f"line {line}",
        ) from None
    try:
        data, locations = parser(text)
        document = Document(data, file, locations)
        check_values(data, document.locate)
    except InputError as error:
        raise error.at(file=file) from None
    return document
