"""The language reportkit speaks to a person: Vietnamese unless asked for English.

Messages are written in code as English gettext message ids wrapped in ``_()``; the
Vietnamese text lives in the catalog ``reportkit/locale/vi/LC_MESSAGES/reportkit.po``
(compiled to the shipped ``.mo``). English needs no catalog: it is the message id itself.
How to add or change a message: docs/translating.md.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "reportkit"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
VIETNAMESE = "vi"
ENGLISH = "en"
LANGUAGES = (VIETNAMESE, ENGLISH)
# The POSIX order in which a locale names the language of messages.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

# The library speaks English to the programs that call it; the CLI chooses the language of a
# run and names it here, where the worker processes of a batch inherit it.
LANGUAGE_VARIABLE = "REPORTKIT_LANG"

_current: gettext.NullTranslations | None = None  # loaded on first use
_current_language = os.environ.get(LANGUAGE_VARIABLE, ENGLISH)
if _current_language not in LANGUAGES:
    _current_language = ENGLISH


def language_from_locale(environ: Mapping[str, str]) -> str:
    """English when the locale asks for it (``LANG=en_US.UTF-8``), else Vietnamese.

    Vietnamese is the default because the people reportkit serves read Vietnamese; a
    ``C`` or ``POSIX`` locale (servers, containers) says nothing about the reader.
    """
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return ENGLISH if value.lower().startswith("en") else VIETNAMESE
    return VIETNAMESE


def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language``; for English, the message ids themselves."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


def use_language(language: str) -> None:
    """Make ``_()`` answer in ``language`` from now on."""
    global _current, _current_language
    _current = translations(language)
    _current_language = language


def current_language() -> str:
    """The language ``_()`` answers in."""
    return _current_language


@contextmanager
def speaking(language: str):
    """Answer in ``language`` inside the block, then go back to the language before it."""
    before = _current_language
    use_language(language)
    try:
        yield
    finally:
        use_language(before)


def _catalog() -> gettext.NullTranslations:
    global _current
    if _current is None:
        _current = translations(_current_language)
    return _current


def _(message: str) -> str:
    """``message`` (an English message id) in the current language."""
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message that fits ``count``, in the current language."""
    return _catalog().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog where it is defined; ``_()`` translates it later."""
    return message
