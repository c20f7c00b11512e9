"""Each unit's figures kept beside the manifest, so an unchanged unit is not even read again.

The consolidated report needs every unit's figures, also those whose documents are up to
date. They follow from the unit's key (input, last year's file, kind, version), so the
last run's figures are reused when the key is the same. The file is plain JSON (dates
tagged), never pickle: an output folder is not trusted with code.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..atomic import write_bytes_atomic
from .worker import UnitResult

CACHE_NAME = ".reportkit-batch-cache.json"
_DATE = "$date"
FORMAT = 1


def read_cache(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Last run's ``{input file name: {"key", "kind", "name", "summary"}}``; empty if none."""
    try:
        text = (out_dir / CACHE_NAME).read_text(encoding="utf-8")
        document = json.loads(text, object_hook=_decode)
        if document.get("format") != FORMAT:
            return {}
        return dict(document["units"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_cache(out_dir: Path, results: list[UnitResult]) -> Path:
    units = {
        r.input.name: {"key": r.key, "kind": r.kind, "name": r.name, "summary": r.summary}
        for r in results
        if r.ok and r.summary is not None
    }
    text = json.dumps({"format": FORMAT, "units": units}, ensure_ascii=False, default=_encode)
    return write_bytes_atomic(out_dir / CACHE_NAME, text.encode("utf-8"))


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    raise TypeError(f"cannot keep a {type(value).__name__} in the batch cache")


def _decode(mapping: dict) -> Any:
    if len(mapping) == 1 and _DATE in mapping:
        return dt.date.fromisoformat(mapping[_DATE])
    return mapping
