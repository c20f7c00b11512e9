"""Changing the case of Vietnamese text without losing or splitting its diacritics."""

from __future__ import annotations

import unicodedata

from ..i18n import N_
from .mistakes import wrong_kind


def _nfc(value: object, filter_name: str) -> str:
    """Composed form, so "ó" typed as "o" + combining acute is one letter like any other."""
    if not isinstance(value, str):
        raise wrong_kind(filter_name, N_("text"), value)
    return unicodedata.normalize("NFC", value)


def upper_vi(value: object) -> str:
    """ "Thanh Hóa" → "THANH HÓA", "đổi" → "ĐỔI"; None → ""."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", _nfc(value, "upper_vi").upper())


def lower_vi(value: object) -> str:
    """ "THANH HÓA" → "thanh hóa"; None → ""."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", _nfc(value, "lower_vi").lower())


def capitalize_vi(value: object) -> str:
    """Upper-case the first letter only and leave the rest as written: "ba nghìn" → "Ba nghìn"."""
    if value is None:
        return ""
    text = _nfc(value, "capitalize_vi")
    for index, char in enumerate(text):
        if char.isalpha():
            return unicodedata.normalize("NFC", text[:index] + char.upper() + text[index + 1 :])
    return text


# The five tone marks; the other marks (â, ă, ơ, ư) belong to a letter and stay on it.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def same_text_key(value: object) -> str:
    """What a reader compares: "Thoả  thuận " and "thỏa thuận" are the same words.

    Composed or decomposed letters, the older and newer tone placement (oà/òa, uỷ/ủy),
    case and spaces do not change a word for a person, so they do not for a comparison.
    """
    words = []
    for word in unicodedata.normalize("NFD", str(value)).split():
        tones = "".join(char for char in word if char in _TONES)
        words.append("".join(char for char in word if char not in _TONES) + tones)
    return unicodedata.normalize("NFC", " ".join(words)).casefold()
