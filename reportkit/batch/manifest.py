"""The record of a batch run in its output folder: manifest.json and manifest.csv.

Per unit: the input and its hash, last year's file and its hash, the outputs and their
hashes, the status and the errors. The next run reads manifest.json to skip units whose
inputs, templates and options did not change. Both files are written atomically and hold
no timestamps, so the same run gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import write_bytes_atomic
from ..errors import ReportkitError, ValidationError
from .worker import UNCHANGED, WRITTEN, UnitResult

JSON_NAME = "manifest.json"
CSV_NAME = "manifest.csv"
FORMAT = 1
CONSOLIDATED = "consolidated"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CSV_COLUMNS = (
    "input",
    "unit",
    "status",
    "input_sha256",
    "previous",
    "previous_sha256",
    "outputs",
    "output_sha256",
    "errors",
)


@dataclass(frozen=True)
class Known:
    """What the last run recorded for one input: enough to tell whether to redo it."""

    key: str | None
    outputs: tuple[tuple[str, str], ...]
    status: str | None = None

    @property
    def ok(self) -> bool:
        """The last attempt came out (and has outputs to keep)."""
        return self.status in (WRITTEN, UNCHANGED) and bool(self.outputs)


def error_lines(error: ReportkitError) -> list[str]:
    """One line per problem, each naming the file and the place."""
    if isinstance(error, ValidationError):
        return [str(problem) for problem in error.problems]
    return [str(error)]


def unit_record(result: UnitResult, role: str = "unit") -> dict[str, Any]:
    return {
        "role": role,
        "input": str(result.input),
        "input_sha256": result.input_sha256,
        "previous": str(result.previous) if result.previous else None,
        "previous_sha256": result.previous_sha256,
        "previous_warnings": list(result.previous_warnings),
        "unit": result.name,
        "status": result.status,
        "key": result.key,
        "outputs": [{"file": name, "sha256": digest} for name, digest in result.outputs],
        "errors": [line for error in result.errors for line in error_lines(error)],
    }


def write_manifest(
    out_dir: Path,
    results: list[UnitResult],
    consolidated: UnitResult | None,
    settings: dict[str, Any],
) -> list[Path]:
    """Write manifest.json and manifest.csv into ``out_dir``; return their paths."""
    records = [unit_record(r) for r in results]
    if consolidated is not None:
        records.append(unit_record(consolidated, CONSOLIDATED))
    statuses: dict[str, int] = {}
    for result in results:
        statuses[result.status] = statuses.get(result.status, 0) + 1
    document = {
        "format": FORMAT,
        "settings": settings,
        "units": len(results),
        "statuses": dict(sorted(statuses.items())),
        "entries": records,
    }
    text = _json(document)
    return [
        write_bytes_atomic(out_dir / JSON_NAME, text.encode("utf-8")),
        write_bytes_atomic(out_dir / CSV_NAME, _csv(records)),
    ]


def _json(document: dict[str, Any]) -> str:
    """Readable and quick to write: one line per entry (json's indenting is pure Python)."""
    entries = document["entries"]
    head = json.dumps({k: v for k, v in document.items() if k != "entries"}, ensure_ascii=False)
    lines = [json.dumps(entry, ensure_ascii=False, default=str) for entry in entries]
    body = ",\n    ".join(lines)
    return f'{head[:-1]},\n  "entries": [\n    {body}\n  ]\n}}\n'


def _csv(records: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows the Vietnamese names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_CSV_COLUMNS)
    for record in records:
        row = [
            record["input"],
            record["unit"] or "",
            record["status"],
            record["input_sha256"] or "",
            record["previous"] or "",
            record["previous_sha256"] or "",
            "; ".join(o["file"] for o in record["outputs"]),
            "; ".join(o["sha256"] for o in record["outputs"]),
            " | ".join(record["errors"]),
        ]
        writer.writerow([inert_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def inert_cell(value: str) -> str:
    """A CSV cell Excel and LibreOffice show as text, never run as a formula.

    Unit names and file names come from the inputs: ``=HYPERLINK(...)`` would be live in a
    spreadsheet. As OWASP advises for CSV, a cell starting with = + - @, a tab or a
    carriage return gets a leading apostrophe (the csv module quotes the rest).
    """
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def read_known(out_dir: str | os.PathLike) -> tuple[dict[str, Known], dict[str, Any]]:
    """Last run's records by input file name, and its settings; empty when there is none.

    A damaged or foreign manifest only means everything is redone.
    """
    path = Path(out_dir) / JSON_NAME
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        entries = document["entries"]
        known = {
            (CONSOLIDATED if e["role"] == CONSOLIDATED else Path(e["input"]).name): Known(
                e.get("key"),
                tuple((o["file"], o["sha256"]) for o in e.get("outputs") or []),
                e.get("status"),
            )
            for e in entries
        }
        return known, dict(document.get("settings") or {})
    except (OSError, ValueError, KeyError, TypeError):
        return {}, {}
