"""Normalisation of Vietnamese place names, for matching user input to the gazetteer.

Handles NFC/NFD input, old and new tone placement (hoà/hòa), đ/Đ and its look-alikes,
unit prefixes (Xã, Phường, Thị trấn, P., TT.) and zero-padded numbers (Phường 01 = Phường 1).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Đ has no decomposition; Ð (U+00D0) and Ɖ (U+0189) are look-alikes seen in typed data.
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d", "Ɖ": "d", "ɖ": "d"})

_PREFIXES = (
    "thanh pho", "thi xa", "thi tran", "phuong", "quan", "huyen", "xa", "tinh", "dac khu",
    "tp.", "tp", "tx.", "tx", "tt.", "tt", "p.", "q.", "h.",
)
_PREFIX_RE = re.compile(r"^(?:" + "|".join(re.escape(p) for p in _PREFIXES) + r")(?:\s+|(?<=\.))")
_SPACE_RE = re.compile(r"\s+")
_NUM_RE = re.compile(r"\b0+(\d)")


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics (and map đ to d), keeping case otherwise."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, diacritic-free, single-spaced form of a text (no prefix removal). Cached: a
    data file repeats the same few texts (Đạt, Không đạt, names) thousands of times."""
    text = unicodedata.normalize("NFKC", str(text)).replace("\u00a0", " ")
    text = strip_diacritics(text).lower()
    text = text.replace("-", " ").replace("–", " ").replace("_", " ")
    return _SPACE_RE.sub(" ", text).strip()


def name_key(name: str) -> str:
    """Matching key of an administrative unit name: folded, prefix removed, numbers unpadded.

    >>> name_key("Xã Hùng Lợi") == name_key("hung loi") == name_key("XÃ HÙNG LỢI")
    True
    >>> name_key("Phường 01") == name_key("P.1")
    True
    """
    key = fold(name)
    key = _PREFIX_RE.sub("", key, count=1).strip()
    key = _NUM_RE.sub(r"\1", key)
    return key.replace(".", " ").replace(" ", "")


_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_QUALITY = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn (with their base below)
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


def _letters(text: str) -> tuple[list[int], list[int]]:
    """Each letter's place in the Vietnamese alphabet, and its tone (0 for none)."""
    primary, tones = [], []
    for ch in unicodedata.normalize("NFC", text.lower()):
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        quality = {"a\u0306": "ă", "a\u0302": "â", "e\u0302": "ê", "o\u0302": "ô", "o\u031b": "ơ",
                   "u\u031b": "ư"}.get(base + "".join(m for m in marks if m in _QUALITY), base)
        letter = "đ" if ch == "đ" else quality
        primary.append(_ALPHABET.index(letter) if letter in _ALPHABET else 100 + ord(letter))
        tones.append(next((_TONES[m] for m in marks if m in _TONES), 0))
    return primary, tones


@lru_cache(maxsize=1 << 12)
def sort_key(text: str) -> tuple:
    """Vietnamese alphabetical order: a < ă < â < b … d < đ … o < ô < ơ … u < ư, letter by letter,
    the tones deciding only between words spelt alike (Cao Bằng before Cần Thơ).

    >>> sorted(["Cần Thơ", "Cao Bằng", "Đà Nẵng", "Điện Biên", "Đắk Lắk", "Bắc Ninh", "An Giang"], key=sort_key)
    ['An Giang', 'Bắc Ninh', 'Cao Bằng', 'Cần Thơ', 'Đà Nẵng', 'Đắk Lắk', 'Điện Biên']
    """
    words = [_letters(w) for w in str(text).split()]
    return tuple(w[0] for w in words), tuple(w[1] for w in words)


def slugify(name: str) -> str:
    """URL-style slug of a name: 'Tuyên Quang' -> 'tuyen-quang'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


_FORMER = re.compile(r"\s*\(cũ\)\s*$")


def named(units, ref: str, code_width: int):
    """The rows of `units` (a frame with code, name and short_name) that `ref` names, given as
    loosely as a reader writes it: a code with or without its leading zeros, or a name with or
    without diacritics, prefix or "(cũ)" ('02233', '2233', 'Xã Hùng Lợi', 'hung loi', 'ha giang'
    for 'Tỉnh Hà Giang (cũ)'). Every lookup of a commune, a district or a province by the user's
    words goes through here; the caller says what none or several matches mean."""
    text = str(ref).strip()
    if text.isdigit():
        by_code = units[units["code"] == text.zfill(code_width)]
        if len(by_code):  # else a number that is a name ('1' for Phường 1)
            return by_code

    def key(name: str) -> str:
        return name_key(_FORMER.sub("", str(name)))

    want = key(text)
    return units[(units["short_name"].map(key) == want) | (units["name"].map(key) == want)]
