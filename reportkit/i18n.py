"""The language reportkit speaks to a person: Vietnamese unless asked for English.

Messages are written in code as English gettext message ids wrapped in ``_()``; the
Vietnamese text lives in the catalog ``reportkit/locale/vi/LC_MESSAGES/reportkit.po``
(compiled to the shipped ``.mo``). English needs no catalog: it is the message id itself.
How to add or change a message: docs/translating.md.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "reportkit"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
VIETNAMESE = "vi"
ENGLISH = "en"
LANGUAGES = (VIETNAMESE, ENGLISH)
# The POSIX order in which a locale names the language of messages.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

# The library speaks English to the programs that call it; the CLI chooses the language of a
# run (use_language), and a batch hands it to its worker processes.
_process_language = ENGLISH
# A block that speaks another language than the process (a form's problems are told in
# Vietnamese to the unit that filled it); per thread, so the web service's threads never
# change each other's language.
_block_language: ContextVar[str | None] = ContextVar("reportkit_language", default=None)


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


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language``; for English, the message ids themselves."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


def use_language(language: str) -> None:
    """Make ``_()`` answer in ``language`` from now on, in every thread."""
    global _process_language
    translations(language)  # an unknown language fails here, not at the first message
    _process_language = language


def current_language() -> str:
    """The language ``_()`` answers in."""
    return _block_language.get() or _process_language


@contextmanager
def speaking(language: str):
    """Answer in ``language`` inside the block (in this thread), then as before it."""
    translations(language)
    token = _block_language.set(language)
    try:
        yield
    finally:
        _block_language.reset(token)


def _(message: str) -> str:
    """``message`` (an English message id) in the current language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message that fits ``count``, in the current language."""
    return translations(current_language()).ngettext(singular, plural, count)


class Rewording:
    """Another program's messages (PyYAML's, Jinja's) said again through the catalog.

    ``rules`` are (pattern, message id); the first pattern that matches the whole text gives
    the message, filled with its named groups (each passed through ``fill``, if given).
    """

    def __init__(self, rules: Iterable[tuple[str, str]], flags: int = 0):
        self._rules = [(re.compile(pattern, flags), message) for pattern, message in rules]

    def say(self, text: str, fill: Callable[[str, str], str] | None = None) -> str | None:
        """``text`` said in the current language, or None when no rule knows it."""
        for pattern, message in self._rules:
            found = pattern.fullmatch(text)
            if found:
                values = {k: v for k, v in found.groupdict().items() if v is not None}
                if fill is not None:
                    values = {key: fill(key, value) for key, value in values.items()}
                return _(message).format(**values)
        return None


def N_(message: str) -> str:
    """Mark ``message`` for the catalog where it is defined; ``_()`` translates it later."""
    return message
