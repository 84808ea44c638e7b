"""Decoding the text files analysts bring (CSV exports, plan texts copied from PDF).

Vietnamese offices save text as UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or
Windows-1258; the encodings are tried in that order.
"""

from __future__ import annotations

import unicodedata

ENCODINGS = ("utf-8", "cp1258")


class NotText(ValueError):
    """The bytes are not text in any encoding tried; `binary` tells binary content apart."""

    def __init__(self, binary: bool):
        self.binary = binary
        super().__init__("binary content" if binary else "unknown text encoding (tried UTF-8, UTF-16, Windows-1258)")


def decode(data: bytes) -> str:
    """The text of a file's bytes, in Unicode's composed form (NFC: Windows-1258 and macOS text
    write tone marks apart), or NotText."""
    return unicodedata.normalize("NFC", _decode(data))


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:400]:
        raise NotText(binary=True)
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise NotText(binary=False)
