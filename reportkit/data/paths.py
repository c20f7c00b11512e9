"""Dotted field paths: ``counts.signed_docs``, ``tasks.*.deadline``, ``agreements[2].kind``."""

from __future__ import annotations

from typing import Any


def lookup(data: Any, dotted: str) -> Any:
    """The value at ``a.b.c`` in nested dicts, or None when any step is missing."""
    for key in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def select(data: Any, pattern: str) -> dict[tuple[int, ...], tuple[tuple, Any]]:
    """Every value matching ``pattern`` (``*`` = each row of a list), keyed by row numbers.

    ``select(d, "tasks.*.deadline")`` -> ``{(0,): (("tasks", 0, "deadline"), date), ...}``;
    a pattern without ``*`` gives at most one entry, keyed by ``()``.
    """
    found: dict[tuple[int, ...], tuple[tuple, Any]] = {(): ((), data)}
    for key in pattern.split("."):
        step: dict[tuple[int, ...], tuple[tuple, Any]] = {}
        for rows, (path, value) in found.items():
            if key == "*" and isinstance(value, list):
                for index, item in enumerate(value):
                    step[(*rows, index)] = ((*path, index), item)
            elif key != "*" and isinstance(value, dict) and key in value:
                step[rows] = ((*path, key), value[key])
        found = step
    return found


def field_name(path: tuple) -> str:
    """``("agreements", 2, "kind")`` -> ``agreements[2].kind``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def row_label(label: str, row: int | None) -> str:
    """A field of one row of a table, named as the entry form names it: "Ngày ký (dòng 2)"."""
    return label if row is None else f"{label} (dòng {row + 1})"
