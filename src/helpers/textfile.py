"""Decoding the text files analysts bring (CSV exports, plan texts copied from PDF).

Vietnamese offices save text as UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text"),
now and then UTF-32, or Windows-1258. A byte-order mark decides; without one, UTF-16 and UTF-32
are told by where their zero bytes fall (text that is mostly Latin letters has a zero byte in
every other byte, or in three of four), then UTF-8 and Windows-1258 are tried in that order.
"""

from __future__ import annotations

import unicodedata

ENCODINGS = ("utf-8", "cp1258")


class NotText(ValueError):
    """The bytes are not text in any encoding tried; `binary` tells binary content apart."""

    def __init__(self, binary: bool):
        self.binary = binary
        super().__init__("binary content" if binary else "unknown text encoding (tried UTF-8, UTF-16, UTF-32, Windows-1258)")


def decode(data: bytes) -> str:
    """The text of a file's bytes, in Unicode's composed form (NFC: Windows-1258 and macOS text
    write tone marks apart), or NotText."""
    return unicodedata.normalize("NFC", _decode(data))


BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))  # UTF-32's before UTF-16's: FF FE starts both
SAMPLE = 4000  # bytes looked at to tell a wide encoding without its mark


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by the zero bytes at each place of a
    code unit: in text mostly of Latin letters, the high bytes are zero and the low ones never."""
    sample = data[:SAMPLE]
    for width, names in ((4, ("utf-32-le", "utf-32-be")), (2, ("utf-16-le", "utf-16-be"))):
        n = len(sample) // width
        if n < 4 or len(data) % width:
            continue
        zeros = [sum(1 for k in range(n) if sample[k * width + i] == 0) / n for i in range(width)]
        low_le, low_be = zeros[0], zeros[-1]
        high_le, high_be = min(zeros[1:]), min(zeros[:-1])
        if low_le < 0.02 and high_le > 0.5:
            return names[0]
        if low_be < 0.02 and high_be > 0.5:
            return names[1]
    return None


def _decode(data: bytes) -> str:
    for mark, encoding in BOMS:
        if data.startswith(mark):
            try:
                return data[len(mark):].decode(encoding)
            except UnicodeDecodeError:
                raise NotText(binary=False) from None
    if b"\x00" in data[:SAMPLE]:
        wide = _wide_encoding(data)
        if wide is None:
            raise NotText(binary=True)
        try:
            return data.decode(wide)
        except UnicodeDecodeError:
            raise NotText(binary=True) from None
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise NotText(binary=False)
