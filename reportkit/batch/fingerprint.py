"""Hashes that decide whether a unit's outputs are still up to date.

A unit is redone when its input, last year's file, the kind (kind.yaml and every template
it renders) or reportkit's version changed; otherwise its outputs are kept as they are.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from .. import __version__


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike) -> str:
    """The file's SHA-256, read in blocks so a large form never sits whole in memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=64)
def _cached_file_hash(path: str, _stamp: tuple[int, int]) -> str:
    return sha256_file(path)


def template_hash(path: str | os.PathLike) -> str:
    """A template's hash, computed once per process while the file is unchanged.

    A batch asks for every unit: a stat per call, no path resolving (it costs more than
    the rest of the check).
    """
    path = os.fspath(path)
    stat = os.stat(path)
    return _cached_file_hash(path, (stat.st_mtime_ns, stat.st_size))


def kind_hash(kind, templates: dict[str, Path]) -> str:
    """One hash for what turns data into documents: the kind file, templates, version."""
    parts = [__version__, template_hash(kind.file)]
    parts += [f"{role}={template_hash(path)}" for role, path in sorted(templates.items())]
    return sha256_bytes("\n".join(parts).encode())


def unit_key(*hashes: str | None) -> str:
    """Combine the hashes a unit's outputs depend on (``None`` for an absent file)."""
    return sha256_bytes("\n".join(h or "-" for h in hashes).encode())


def outputs_intact(out_dir: Path, outputs, names: list[str]) -> bool:
    """``outputs`` ((name, sha256) recorded last time) are exactly ``names``, all unchanged."""
    if [name for name, _ in outputs] != names:
        return False
    return all((out_dir / n).is_file() and sha256_file(out_dir / n) == d for n, d in outputs)
