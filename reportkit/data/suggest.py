"""Say which known name a mistyped one probably meant."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..i18n import _


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name most like ``word``, if one is close enough to be a likely typo."""
    known = list(known)
    lowered = {name.lower(): name for name in known}
    if word.lower() in lowered:
        return lowered[word.lower()]
    matches = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[matches[0]] if matches else None


def unknown_name_message(
    word: str, known: Iterable[str], *, indicator: bool = False, elsewhere: Iterable[str] = ()
) -> str:
    """``unknown field; did you mean "signed_docs"?``, where the name belongs if it is a
    field of another block (``elsewhere``: dotted paths), or the list of known names."""
    known = list(known)
    guess = closest(word, known)
    if guess:
        message = (
            _('unknown indicator; did you mean "{guess}"?')
            if indicator
            else _('unknown field; did you mean "{guess}"?')
        )
        return message.format(guess=guess)
    homes = [path for path in elsewhere if path.rsplit(".", 1)[-1] == word]
    if homes:
        message = _("unknown field here; it belongs under {block} ({path})")
        return message.format(block=homes[0].rsplit(".", 1)[0], path=homes[0])
    message = (
        _("unknown indicator (known: {names})")
        if indicator
        else _("unknown field (known: {names})")
    )
    return message.format(names=", ".join(known))
