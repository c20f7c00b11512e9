"""The service's record in the data folder: links, every handed-in version, the audit log.

One SQLite file (``.reportkit-serve/so-ghi.sqlite`` in the data folder) that a procuracy
office can keep as its trail of who handed in what, when. Each call opens its own
connection, so the web server's threads never share one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SERVICE_FOLDER = ".reportkit-serve"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    id INTEGER PRIMARY KEY,
    role TEXT NOT NULL,             -- 'unit' or 'operator'
    unit TEXT,                      -- the unit's code; NULL for the operator
    token_hash TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    revoked TEXT
);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    received TEXT NOT NULL,
    original_name TEXT NOT NULL,
    stored TEXT NOT NULL,           -- path relative to the service folder
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    used INTEGER NOT NULL,          -- this unit's form: it became the unit's file in DIR
    valid INTEGER NOT NULL,
    problems TEXT NOT NULL,         -- JSON list of {sheet_cell, field, message}
    figures TEXT,                   -- JSON: the key figures when valid
    annotated TEXT                  -- the annotated copy, when there were problems
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    unit TEXT,
    action TEXT NOT NULL,
    detail TEXT
);
"""


def now() -> str:
    """The current time, UTC, as stored (ISO 8601, microseconds: versions sort by it)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Version:
    """One handed-in file of a unit, as recorded when it was checked."""

    id: int
    unit: str
    received: str
    original_name: str
    stored: str
    sha256: str
    size: int
    used: bool
    valid: bool
    problems: list[dict[str, Any]]
    figures: dict[str, Any] | None
    annotated: str | None


class Store:
    """The SQLite record of one data folder."""

    def __init__(self, data_dir: Path):
        self.folder = Path(data_dir) / SERVICE_FOLDER
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / "so-ghi.sqlite"
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    # links
    def add_link(self, role: str, unit: str | None, token_hash: str) -> None:
        """Record a new link; the unit's (or operator's) earlier links stop working."""
        with self._connect() as db:
            db.execute(
                "UPDATE links SET revoked = ? WHERE role = ? AND unit IS ? AND revoked IS NULL",
                (now(), role, unit),
            )
            db.execute(
                "INSERT INTO links (role, unit, token_hash, created) VALUES (?, ?, ?, ?)",
                (role, unit, token_hash, now()),
            )

    def revoke(self, role: str, unit: str | None) -> int:
        """Stop every link of a unit (or the operator's); how many were stopped."""
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE links SET revoked = ? WHERE role = ? AND unit IS ? AND revoked IS NULL",
                (now(), role, unit),
            )
            return cursor.rowcount

    def link_owner(self, token_hash: str) -> tuple[str, str | None] | None:
        """(role, unit) of a live link with this hash, or None."""
        with self._connect() as db:
            row = db.execute(
                "SELECT role, unit FROM links WHERE token_hash = ? AND revoked IS NULL",
                (token_hash,),
            ).fetchone()
        return (row["role"], row["unit"]) if row else None

    # versions
    def add_version(self, **values: Any) -> int:
        """Record a checked version; its id."""
        values["problems"] = json.dumps(values["problems"], ensure_ascii=False)
        values["figures"] = (
            json.dumps(values["figures"], ensure_ascii=False) if values["figures"] else None
        )
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self._connect() as db:
            cursor = db.execute(
                f"INSERT INTO versions ({names}) VALUES ({marks})", tuple(values.values())
            )
            return int(cursor.lastrowid)

    def versions(self, unit: str) -> list[Version]:
        """A unit's versions, newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM versions WHERE unit = ? ORDER BY id DESC", (unit,)
            ).fetchall()
        return [_version(row) for row in rows]

    def version(self, unit: str, version_id: int) -> Version | None:
        """One version of this unit (never another unit's, whatever the id)."""
        with self._connect() as db:
            row = db.execute(
                "SELECT * FROM versions WHERE id = ? AND unit = ?", (version_id, unit)
            ).fetchone()
        return _version(row) if row else None

    def latest_versions(self) -> dict[str, Version]:
        """Each unit's newest version in use: the one its file in the data folder holds."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM versions WHERE id IN "
                "(SELECT MAX(id) FROM versions WHERE used GROUP BY unit)"
            ).fetchall()
        return {row["unit"]: _version(row) for row in rows}

    # audit
    def log(self, action: str, unit: str | None = None, detail: str | None = None) -> None:
        """Record what happened, to whom, now."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO events (time, unit, action, detail) VALUES (?, ?, ?, ?)",
                (now(), unit, action, detail),
            )

    def events(self, limit: int = 200) -> list[dict[str, Any]]:
        """The newest events first."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM events ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(row) for row in rows]


def _version(row: sqlite3.Row) -> Version:
    return Version(
        id=row["id"],
        unit=row["unit"],
        received=row["received"],
        original_name=row["original_name"],
        stored=row["stored"],
        sha256=row["sha256"],
        size=row["size"],
        used=bool(row["used"]),
        valid=bool(row["valid"]),
        problems=json.loads(row["problems"]),
        figures=json.loads(row["figures"]) if row["figures"] else None,
        annotated=row["annotated"],
    )
