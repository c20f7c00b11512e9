"""reportkit: structured figures in, finished Word and Excel documents out.

The heavy parts (python-docx, openpyxl, lxml) load only when a name that needs them is
first used, so that ``reportkit --help`` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import InputError, Problem, ReportkitError, TemplateError, ValidationError

__version__ = "0.1.0"

__all__ = [
    "ExcelTemplate",
    "InputError",
    "Problem",
    "ReportkitError",
    "TemplateError",
    "ValidationError",
    "WordTemplate",
    "load_template",
]

_LAZY = {
    "WordTemplate": ("reportkit.word", "WordTemplate"),
    "ExcelTemplate": ("reportkit.excel", "ExcelTemplate"),
    "load_template": ("reportkit.template", "load_template"),
}

if TYPE_CHECKING:
    from .excel import ExcelTemplate
    from .template import load_template
    from .word import WordTemplate


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'reportkit' has no attribute {name!r}")
