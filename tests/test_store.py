"""The on-disk cache cannot serve stale or altered data (issue 25): the data is keyed by its
content (an edit that keeps a file's size and time is seen), the cached geometry is verified
against its digest on every read, and a cache folder that others may write is not used."""

import os
from pathlib import Path

import pandas as pd
import pytest
import scenarios

from helpers import geometry, shapes, store, workbook


def test_an_edit_that_keeps_the_file_size_and_time_is_read(tmp_path):
    """As `cp -p`, `rsync -t` or unzipping leave a corrected file: same size, same time."""
    path = scenarios.write("first-file", tmp_path)
    before = workbook.load("gia-lai", 2025, data=path)
    code = before.communes().query("year == 2025")["code"].iloc[0]
    df = pd.read_csv(path, dtype={"commune_code": str}, keep_default_na=False)
    row = df.index[df["commune_code"] == code][0]
    old = int(df.loc[row, "crime_cases"])
    new = 9 if old != 9 else 8  # one digit for one digit: the size stays
    st = path.stat()
    df.loc[row, "crime_cases"] = new
    df.to_csv(path, index=False)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    after = workbook.load("gia-lai", 2025, data=path)
    cases = after.communes().set_index(["code", "year"]).loc[(code, 2025), "crime_cases"]
    assert cases == new
    assert after.crime().query("year == 2025")["cases"].iloc[0] == \
        before.crime().query("year == 2025")["cases"].iloc[0] - old + new


def test_no_record_is_kept_on_disk(tmp_path):
    """Only computed geometry is cached (data, never code): no pickle is written or read."""
    import subprocess
    import sys

    env = {**os.environ, "ANTT_CACHE": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-c", "from helpers import workbook; workbook.load('tuyen-quang', 2025)"],
                   env=env, check=True, timeout=300)
    files = sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert files and all(f.endswith((".geojson", ".geojson.sha256")) for f in files), files


def _cached_geometry(tmp_path, monkeypatch) -> tuple[Path, object]:
    monkeypatch.setattr(store, "CACHE_DIR", tmp_path / "cache")
    geo = geometry.approximate_communes(shapes.units(workbook.gazetteer.province("tuyen-quang")))
    _read.geo = geo
    store.geometry("tuyen-quang", ("a digest",), lambda: geo)
    path = store.geometry_path("tuyen-quang", ("a digest",))
    assert path.parent == tmp_path / "cache" / "geometry" and path.exists()
    return path, geo


def _read(path: Path):
    """The cached geometry, or None when the store does not trust it and computes it again."""
    made = []
    geo = store.geometry("tuyen-quang", ("a digest",), lambda: made.append(path) or _read.geo)
    return None if made else geo


def test_cached_geometry_is_read_back_as_written(tmp_path, monkeypatch):
    path, geo = _cached_geometry(tmp_path, monkeypatch)
    back = _read(path)
    assert back is not None and list(back["code"]) == list(geo["code"].astype(str))
    assert back.geometry.geom_equals_exact(geo.geometry.reset_index(drop=True), tolerance=1e-9).all()


def test_a_flipped_bit_in_cached_geometry_is_reported_and_rebuilt(tmp_path, monkeypatch, capsys):
    path, _ = _cached_geometry(tmp_path, monkeypatch)
    data = bytearray(path.read_bytes())
    at = data.index(b'"coordinates": [ [ [ ') + 23  # a digit of a coordinate: the commune drawn elsewhere
    data[at] ^= 0x01
    path.write_bytes(bytes(data))
    assert _read(path) is None  # computed again
    err = capsys.readouterr().err
    assert path.name in err and "does not match its digest" in err and "được tính lại" in err
    assert _read(path) is not None  # kept again, and trusted


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_folder_others_may_write_is_emptied_and_made_private(tmp_path, monkeypatch, capsys):
    """What such a folder holds may not be what this tool wrote, digest and all: not read."""
    path, geo = _cached_geometry(tmp_path, monkeypatch)
    path.parent.chmod(0o777)
    (path.parent / "planted.geojson").write_text("{}")  # what another user could have put there
    assert _read(path) is None  # not read: computed again, and kept again
    assert "was writable by others: its files were removed and it is now private" in capsys.readouterr().err
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, path.name + ".sha256"]
    assert _read(path) is not None


def test_force_clears_the_cache(tmp_path, monkeypatch):
    path, _ = _cached_geometry(tmp_path, monkeypatch)
    assert store.clear(tmp_path / "cache") == 2  # the file and its digest
    assert not path.exists()


def test_a_temporary_file_left_by_a_killed_writer_is_swept(tmp_path, monkeypatch):
    """A kill during a cache write leaves its temporary file: the next run removes it once it is
    old enough not to be another writer's at work, and keeps a fresh one."""
    import signal
    import subprocess
    import sys
    import time

    from helpers import atomic

    folder = tmp_path / "cache" / "geometry"
    folder.mkdir(parents=True, mode=0o700)
    # a writer killed mid-write, as `kill -9` leaves it
    writer = subprocess.Popen([sys.executable, "-c", (
        "import os, time; from helpers import atomic\n"
        "os.replace = lambda *a: time.sleep(60)\n"  # stuck between writing and renaming
        f"print('writing', flush=True); atomic.write({str(folder / 'x.geojson')!r}, b'{{}}')")],
        stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "writing"
    deadline = time.time() + 20
    while not list(folder.glob(".*.tmp")) and time.time() < deadline:
        time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    left = list(folder.glob(".*.tmp"))
    assert len(left) == 1 and not (folder / "x.geojson").exists()
    old = time.time() - atomic.STALE_AFTER_S - 60
    os.utime(left[0], (old, old))
    fresh = folder / ".y.geojson.abc.tmp"  # another writer's, at work now
    fresh.write_bytes(b"{")
    path, _ = _cached_geometry(tmp_path, monkeypatch)
    assert path.parent == folder
    assert not left[0].exists() and fresh.exists()


def test_what_is_kept_in_memory_is_made_once_per_key_the_latest_kept_and_forgotten_by_clear(tmp_path, monkeypatch):
    made = []
    assert store.remember("test", ("a", "digest 1"), lambda: made.append(1) or "A1") == "A1"
    assert store.remember("test", ("a", "digest 1"), lambda: made.append(2) or "other") == "A1" and made == [1]
    store.keep("test", ("a", "digest 1"), "A1 covered")
    assert store.recall("test", ("a", "digest 1")) == "A1 covered"
    for i in range(store.MEMORY_ENTRIES):
        store.remember("test", ("b", i), lambda i=i: i)
    assert store.recall("test", ("a", "digest 1")) is None  # the oldest entry went first
    monkeypatch.setattr(store, "CACHE_DIR", tmp_path / "cache")
    store.clear(tmp_path / "cache")
    assert store.recall("test", ("b", 1)) is None
