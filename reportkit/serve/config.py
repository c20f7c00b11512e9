"""What one running service knows: the year, the units, the data folder and its options."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..i18n import _

_SAFE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024


@dataclass
class ServeConfig:
    """The settings of ``reportkit serve``; ``units`` maps each unit's code to its fields."""

    year: int
    units: dict[str, dict[str, Any]]
    units_file: Path
    data_dir: Path
    previous_dir: Path | None = None
    kind: str = "cds"
    deadline: str | None = None
    output_dir: Path | None = None
    province: Path | None = None  # the consolidating office's header, as for batch
    max_upload: int = DEFAULT_MAX_UPLOAD
    previous_files: dict[str, Path] = field(default_factory=dict)

    @property
    def outputs(self) -> Path:
        """Where the batch button writes: ``--output``, else ``ket-qua`` inside the data folder."""
        return self.output_dir or self.data_dir / "ket-qua"

    @property
    def can_make_pdf(self) -> bool:
        return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None

    def input_name(self, code: str) -> str:
        """The unit's file in the data folder: named as last year's file, so batch pairs them."""
        previous = self.previous_files.get(code)
        return f"{previous.stem if previous else code}.xlsx"


def load_config(
    *,
    year: int,
    units_file: Path,
    data_dir: Path,
    previous_dir: Path | None = None,
    kind: str = "cds",
    **options: Any,
) -> ServeConfig:
    """Read the units list and last year's files once, at start; refuse what cannot serve."""
    from ..data.kinds import load_kind
    from ..forms.make import load_units, previous_file

    units: dict[str, dict[str, Any]] = {}
    for unit in load_units(units_file):
        code = str(unit.get("code", ""))
        if not _SAFE_CODE.match(code):
            message = _(
                "unit code \"{code}\" cannot name a file: use letters, digits, '-' and '_' only"
            )
            raise InputError(message.format(code=code), file=str(units_file))
        if code in units:
            message = _('unit code "{code}" appears twice').format(code=code)
            raise InputError(message, file=str(units_file))
        units[code] = unit
    data_dir = Path(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        raise InputError(_("the data folder is a file"), file=str(data_dir))
    data_dir.mkdir(parents=True, exist_ok=True)
    previous_files: dict[str, Path] = {}
    if previous_dir is not None:
        if not Path(previous_dir).is_dir():
            raise InputError(_("last year's folder not found"), file=str(previous_dir))
        report_kind = load_kind(kind)
        for code, unit in units.items():
            found = previous_file(Path(previous_dir), unit, report_kind)
            if found is not None:
                previous_files[code] = found
    return ServeConfig(
        year=year,
        units=units,
        units_file=Path(units_file),
        data_dir=data_dir,
        previous_dir=Path(previous_dir) if previous_dir else None,
        kind=kind,
        previous_files=previous_files,
        **options,
    )
