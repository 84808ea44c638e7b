"""Decoding text files in the encodings Vietnamese offices use."""

import unicodedata

import pytest

from helpers.textfile import NotText, decode

from test_loader import _windows_1258

TEXT = "Xã Đồng Quý, huyện Sơn Dương: đạt chỉ tiêu 19.2"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1258"])
def test_each_encoding_gives_the_same_text(encoding):
    if encoding == "cp1258":  # Windows-1258 writes tone marks as combining characters
        data = _windows_1258(TEXT).encode(encoding)
    else:
        data = (b"\xfe\xff" if encoding == "utf-16-be" else b"") + TEXT.encode(encoding)
    assert unicodedata.normalize("NFC", decode(data)) == TEXT


def test_binary_and_undecodable_bytes_are_told_apart():
    with pytest.raises(NotText) as exc:
        decode(b"PK\x03\x04\x00\x00" * 10)
    assert exc.value.binary and "binary content" in str(exc.value)
    with pytest.raises(NotText) as exc:
        decode(b"\x81\x8a\xec\xd2" * 3)  # undefined in Windows-1258 and not UTF-8
    assert not exc.value.binary and "Windows-1258" in str(exc.value)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_or_with_their_mark_give_the_same_text(encoding):
    """UTF-16 without its byte-order mark (as some exporters write it) was taken for binary
    content, and UTF-32 read as UTF-16 gave an empty draft; "utf-32" writes its mark."""
    text = "\n".join([TEXT, "Mã xã,Tên xã,Năm", "08245,Xã Đồng Quý,2025"] * 3)
    assert decode(text.encode(encoding)) == text


def test_a_wide_encoding_still_tells_binary_content():
    with pytest.raises(NotText) as exc:
        decode(bytes(range(256)) * 4)
    assert exc.value.binary
