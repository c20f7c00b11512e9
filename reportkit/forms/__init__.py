"""Excel entry forms: made from a kind's schema, filled by unit staff, read back as data.

``write_forms`` makes one workbook per unit (or one blank form); ``read_form`` reads a
filled one as the same :class:`~reportkit.data.loader.Document` a YAML file gives, with
each value located by cell (``'Chỉ tiêu'!D7``). ``annotate`` writes a copy of a form with
its problem cells marked. openpyxl is imported only when one of these runs.
"""

from __future__ import annotations

from typing import Any


def read_form(path, *, kind=None, year=None, partial=False):
    """Read a filled entry form; see :func:`reportkit.forms.reader.read_form`."""
    from .reader import read_form as read

    return read(path, kind=kind, year=year, partial=partial)


def write_form(target, kind="cds", **options: Any):
    """Write one entry form; see :func:`reportkit.forms.make.write_form`."""
    from .make import write_form as write

    return write(target, kind, **options)


def write_forms(out_dir, kind="cds", **options: Any):
    """Write one form per unit into a folder; see :func:`reportkit.forms.make.write_forms`."""
    from .make import write_forms as write

    return write(out_dir, kind, **options)


def load_units(path):
    """Read a units list; see :func:`reportkit.forms.make.load_units`."""
    from .make import load_units as load

    return load(path)


def annotate(form_path, problems, target):
    """Copy a form with its problem cells marked; see :mod:`reportkit.forms.marking`."""
    from .marking import annotate as mark

    return mark(form_path, problems, target)


__all__ = ["annotate", "load_units", "read_form", "write_form", "write_forms"]
