"""Taking in a handed-in workbook: keep it, check it as ``reportkit check`` does, record it.

Every version is kept under its time and checksum and never overwritten. A version that
is this unit's form (valid or not) also becomes the unit's file in the data folder, so
``reportkit batch DIR`` reads what the unit handed in last; a file that is not a form, or
is another unit's form, is kept in the history only.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from ..atomic import write_bytes_atomic
from ..errors import InputError, Problem, ReportkitError, ValidationError
from .config import ServeConfig
from .store import Store, Version, now

ACCEPTED = (".xlsx", ".xlsm")
# A filled form unpacks to a few MB; these bound what a crafted zip makes the reader unpack.
MAX_UNPACKED = 100 * 1024 * 1024
MAX_MEMBERS = 2000
_UNSAFE = re.compile(r"[^\w.() -]+", re.UNICODE)


class Refused(Exception):
    """An upload not taken at all, with the reason for the person who sent it."""


@dataclass(frozen=True)
class Checked:
    """What checking a workbook found: problems, or the figures of a valid form."""

    usable: bool  # this unit's form, so it becomes the unit's file in the data folder
    problems: list[Problem]
    figures: dict[str, Any] | None


def plain_name(name: str) -> str:
    """The sender's file name as a label only: no folders, no odd characters, bounded."""
    base = re.split(r"[\\/]", name or "")[-1]
    return _UNSAFE.sub("_", base).strip(". ")[:120] or "bieu-mau.xlsx"


def refuse_non_workbook(name: str, data: bytes) -> str:
    """The accepted suffix of an upload, or Refused with the reason in Vietnamese."""
    suffix = Path(plain_name(name)).suffix.lower()
    if suffix not in ACCEPTED:
        raise Refused(
            "Chỉ nhận tệp Excel .xlsx hoặc .xlsm (biểu mẫu đã điền). Tệp .xls, .ods: hãy mở bằng "
            "Excel hoặc LibreOffice Calc và lưu lại dưới dạng .xlsx."
        )
    if not data:
        raise Refused("Tệp tải lên trống.")
    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(
            "Tệp này không phải bảng tính Excel (.xlsx) hợp lệ: có thể đã bị hỏng."
        ) from None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise Refused("Tệp này khi giải nén quá lớn so với một biểu mẫu; không kiểm tra được.")
    return suffix


def check_form(path: Path, code: str, config: ServeConfig) -> Checked:
    """Read and validate ``path`` as ``code``'s form, with last year's data when known."""
    from ..forms import read_form
    from ..report import kind_of, read_input

    try:
        document = read_form(path, kind=config.kind, year=config.year)
        found = (document.data.get("unit") or {}).get("code")
        if found != code:
            return _not_this_unit(found, code, document.locate(("unit", "code")))
        report_kind = kind_of(document, config.kind)
        previous = config.previous_files.get(code)
        last_year = read_input(previous, config.kind, partial=True) if previous else None
        context = report_kind.context(document, last_year)
    except ValidationError as error:
        found = _locked_unit(path)
        if found != code:  # another unit's form with mistakes is still another unit's
            return _not_this_unit(found, code, None, error.problems)
        return Checked(True, error.problems, None)
    except ReportkitError as error:
        return Checked(False, [Problem(error.message, location=error.location)], None)
    return Checked(True, [], key_figures(context))


def _locked_unit(path: Path) -> str | None:
    """The unit code a form was made for (its hidden sheet), read without the data."""
    from ..forms.meta import read_meta
    from ..forms.reader import open_workbook

    try:
        return read_meta(open_workbook(path), str(path)).fixed_by_name.get("unit.code")
    except ReportkitError:
        return None


def _not_this_unit(
    found: str | None, code: str, where: str | None, others: Sequence[Problem] = ()
) -> Checked:
    message = (
        f"biểu mẫu này là của đơn vị khác ({found or 'không rõ'}), không phải của "
        f"đơn vị {code}; hãy tải biểu mẫu của đơn vị mình từ trang này"
    )
    return Checked(False, [Problem(message, location=where, field="unit.code"), *others], None)


def key_figures(context: dict[str, Any]) -> dict[str, Any]:
    """The figures a person checks: every indicator and every rate, with last year's."""
    indicators = [
        {
            k: item.get(k)
            for k in ("code", "label", "group", "unit_label", "value", "previous", "change")
        }
        for item in context.get("indicators", [])
    ]
    rates = [
        {
            k: item.get(k)
            for k in (
                "code",
                "label",
                "numerator",
                "denominator",
                "rate",
                "previous_rate",
                "points",
            )
        }
        for item in context.get("rate_list", [])
    ]
    return {"indicators": indicators, "rates": rates}


def receive(
    config: ServeConfig, store: Store, code: str, name: str, data: bytes, sender: str = ""
) -> Version:
    """Keep, check and record one upload of unit ``code`` (from ``sender``'s address)."""
    suffix = refuse_non_workbook(name, data)
    digest = hashlib.sha256(data).hexdigest()
    received = now()
    stamp = re.sub(r"[^0-9]", "", received)[:20]
    relative = Path("phien-ban") / code / f"{stamp}-{digest[:12]}{suffix}"
    kept = write_bytes_atomic(store.folder / relative, data)
    store.log("tải lên", code, f"{plain_name(name)} sha256={digest} từ {sender}".strip())
    checked = check_form(kept, code, config)
    annotated = None
    if checked.problems and checked.usable:
        from ..forms.marking import annotate

        target = kept.with_name(kept.stem + "-chu-thich.xlsx")
        try:
            annotate(kept, checked.problems, target)
            annotated = str(target.relative_to(store.folder))
        except InputError:
            annotated = None
    if checked.usable:
        write_bytes_atomic(config.data_dir / config.input_name(code), data)
    version_id = store.add_version(
        unit=code,
        received=received,
        original_name=plain_name(name),
        stored=str(relative),
        sha256=digest,
        size=len(data),
        used=checked.usable,
        valid=checked.usable and not checked.problems,
        problems=[_problem_row(p) for p in checked.problems],
        figures=checked.figures,
        annotated=annotated,
    )
    result = "hợp lệ" if not checked.problems else f"{len(checked.problems)} lỗi"
    store.log("kiểm tra", code, f"phiên bản {version_id}: {result}")
    return _recorded(store, code, version_id)


def _recorded(store: Store, code: str, version_id: int) -> Version:
    version = store.version(code, version_id)
    if version is None:  # the row was just written in this folder's database
        raise RuntimeError(f"version {version_id} of {code} was not recorded")
    return version


def _problem_row(problem: Problem) -> dict[str, Any]:
    sheet, _, cell = (problem.location or "").partition("!")
    return {
        "sheet": sheet.strip("'") if cell else "",
        "cell": cell or problem.location or "",
        "field": problem.field or "",
        "message": problem.message,
    }
