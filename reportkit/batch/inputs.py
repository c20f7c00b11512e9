"""Which files in a folder are units' inputs, and which of last year's files goes with each.

A batch folder holds one input per unit (.yaml, .json or a filled .xlsx form) and, optionally,
``province.yaml``: the consolidating office's own header data, which is not a unit.
Office lock files (``~$...``) and hidden files are never inputs.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..i18n import _

INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx", ".xlsm")
PROVINCE_STEM = "province"


@dataclass(frozen=True)
class BatchInputs:
    """The units' input files in a natural order, and the province file if there is one."""

    folder: Path
    units: list[Path]
    province: Path | None


def natural_key(text: str) -> list:
    """Sort ``kv2`` before ``kv10``: digits compare as numbers."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def _is_input(path: Path) -> bool:
    name = path.name
    return (
        path.is_file()
        and path.suffix.lower() in INPUT_SUFFIXES
        and not name.startswith((".", "~$"))
    )


def find_inputs(folder: str | os.PathLike, province: Path | None = None) -> BatchInputs:
    """The inputs in ``folder`` (not its subfolders); ``province`` overrides province.yaml."""
    folder = Path(folder)
    if not folder.exists():
        raise InputError(_("input folder not found"), file=str(folder))
    if not folder.is_dir():
        raise InputError(_("expected a folder of inputs, got a file"), file=str(folder))
    files = sorted((p for p in folder.iterdir() if _is_input(p)), key=lambda p: natural_key(p.name))
    found_province = next((p for p in files if p.stem.lower() == PROVINCE_STEM), None)
    chosen_province = province or found_province
    units = [p for p in files if p != found_province and p != chosen_province]
    if not units:
        suffixes = ", ".join(INPUT_SUFFIXES)
        message = _("no unit inputs ({suffixes}) in this folder").format(suffixes=suffixes)
        raise InputError(message, file=str(folder))
    if province is not None and not Path(province).is_file():
        raise InputError(_("province file not found"), file=str(province))
    return BatchInputs(folder, units, chosen_province)


def unit_code(path: Path) -> str | None:
    """The ``unit.code`` inside an input (its unit name when it has no code), lowercase;
    None when the file cannot be read that far."""
    from .missing import identity

    unit, _ = identity(path)
    key = unit.get("code") or unit.get("name")
    return str(key).strip().casefold() if key else None


def pair_previous(units: list[Path], previous: list[Path]) -> tuple[dict[Path, Path], list[Path]]:
    """Last year's file for each unit, matched by the unit code inside, never by file name:
    ``kv1.yaml`` of last year may hold another unit than this year's ``kv1.yaml``.

    Returns the pairs and last year's files left without a unit this year.
    """
    by_code: dict[str, Path] = {}
    left = []
    for path in previous:
        code = unit_code(path)
        if code is None or code in by_code:
            left.append(path)
        else:
            by_code[code] = path
    pairs = {}
    for unit in units:
        match = by_code.pop(unit_code(unit) or "", None)
        if match is not None:
            pairs[unit] = match
    left += by_code.values()
    return pairs, sorted(left, key=lambda p: natural_key(p.name))
