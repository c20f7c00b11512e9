"""The Word template engine: .docx files with Jinja tags (docxtpl's tag language).

``WordTemplate(path)`` compiles a template once; ``render(context)`` fills it, as often and
from as many threads as needed. ``RichText`` and ``InlineImage`` are values that bring
their own formatting or a picture. The syntax is described in docs/word-templates.md.
"""

from __future__ import annotations

from .template import WordTemplate
from .values import InlineImage, Listing, RichText

__all__ = ["InlineImage", "Listing", "RichText", "WordTemplate"]
