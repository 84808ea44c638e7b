"""What caches and incremental builds key on: a digest changes when one byte of what it covers
changes (a file, a file's name, the package's code, a library's version) and not otherwise."""

import hashlib
import re
from importlib import metadata

from helpers import digests


def test_a_digest_is_sixteen_hex_digits_of_sha256_over_length_prefixed_parts():
    data = b"commune_code,year\n02233,2025\n"
    expected = hashlib.sha256(len(data).to_bytes(8, "little") + data).hexdigest()[:16]
    assert digests.sha(data) == expected
    assert re.fullmatch(r"[0-9a-f]{16}", digests.sha(b""))


def test_parts_are_kept_apart_so_moving_a_boundary_changes_the_digest():
    assert digests.sha(b"ab", b"c") != digests.sha(b"a", b"bc")
    assert digests.sha(b"abc") != digests.sha(b"abc", b"")
    assert digests.sha(b"a", b"b") != digests.sha(b"b", b"a")


def test_a_file_digest_changes_with_one_byte_and_not_when_nothing_changes(tmp_path):
    path = tmp_path / "so-lieu.csv"
    path.write_bytes(b"commune_code,crime_cases\n02233,3\n")
    first = digests.file_digest(path)
    assert digests.file_digest(str(path)) == first == digests.file_digest(path)
    path.write_bytes(b"commune_code,crime_cases\n02233,3\n")  # written again, same bytes
    assert digests.file_digest(path) == first
    path.write_bytes(b"commune_code,crime_cases\n02233,4\n")
    assert digests.file_digest(path) != first


def test_a_file_with_the_same_bytes_elsewhere_has_the_same_digest(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.csv").write_bytes(b"1,2\n")
    (tmp_path / "y.csv").write_bytes(b"1,2\n")
    assert digests.file_digest(tmp_path / "a" / "x.csv") == digests.file_digest(tmp_path / "y.csv")


def test_no_file_and_a_missing_file_are_told_apart(tmp_path):
    assert digests.file_digest("") == digests.file_digest(None) == ""
    assert digests.file_digest(tmp_path / "gone.csv") == "missing"
    assert digests.file_digest(tmp_path) == "missing"  # a folder is not a file


def test_a_set_of_files_is_digested_whatever_the_order_it_is_given_in(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(b"id: a\n")
    b.write_bytes(b"id: b\n")
    assert digests.files_digest([a, b]) == digests.files_digest([b, a])
    assert digests.files_digest([a, b]) != digests.files_digest([a])


def test_a_set_of_files_changes_with_one_byte_or_a_renamed_file(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(b"id: a\n")
    b.write_bytes(b"id: b\n")
    first = digests.files_digest([a, b])
    b.write_bytes(b"id: c\n")
    edited = digests.files_digest([a, b])
    assert edited != first
    c = b.rename(tmp_path / "c.yaml")
    assert digests.files_digest([a, c]) != edited


def test_the_code_digest_is_stable_within_a_run():
    assert digests.code_digest() == digests.code_digest()
    assert re.fullmatch(r"[0-9a-f]{16}", digests.code_digest())


def _package(root):
    (root / "assets").mkdir(parents=True)
    (root / "__pycache__").mkdir()
    (root / "maps.py").write_bytes(b"WIDTH = 800\n")
    (root / "assets" / "page.css").write_bytes(b"body { margin: 0 }\n")
    return root


def test_the_code_digest_covers_every_file_of_the_package_but_not_its_bytecode(tmp_path, monkeypatch):
    root = _package(tmp_path / "helpers")
    monkeypatch.setattr(digests, "PACKAGE_DIR", root)
    compute = digests.code_digest.__wrapped__  # the cached value is the real package's
    first = compute()
    assert compute() == first
    (root / "__pycache__" / "maps.cpython-311.pyc").write_bytes(b"\x00bytecode")
    assert compute() == first
    (root / "assets" / "page.css").write_bytes(b"body { margin: 1 }\n")
    css = compute()
    assert css != first
    (root / "assets" / "new.js").write_bytes(b"")
    assert compute() != css


def test_the_code_digest_changes_with_the_version_of_a_library_that_shapes_the_outputs(tmp_path, monkeypatch):
    root = _package(tmp_path / "helpers")
    monkeypatch.setattr(digests, "PACKAGE_DIR", root)
    compute = digests.code_digest.__wrapped__
    first = compute()
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda lib: "99.0" if lib == "folium" else real(lib))
    assert "folium" in digests.LIBRARIES and compute() != first
    monkeypatch.setattr(metadata, "version", lambda lib: "99.0" if lib == "requests" else real(lib))
    assert compute() == first  # a library that does not shape the outputs
