"""Every output file is written whole or not at all: a reader sees the old file or the new one,
an interrupted writer leaves the old file and no temporary file, a link is replaced rather than
written through, and the temporary files of killed writers are swept once they are stale."""

import os
import time

import pytest

from helpers import atomic


def _mode(path) -> int:
    return path.stat().st_mode & 0o777


def _folder(path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


def test_text_is_written_as_utf8_and_bytes_as_they_are(tmp_path):
    text = atomic.write(tmp_path / "bao-cao.html", "Xã Hùng Lợi: Đạt 19.2")
    assert text == tmp_path / "bao-cao.html"
    assert text.read_bytes() == "Xã Hùng Lợi: Đạt 19.2".encode()
    data = atomic.write(str(tmp_path / "map.png"), b"\x89PNG\r\n\x1a\n\x00")
    assert data.read_bytes() == b"\x89PNG\r\n\x1a\n\x00"


def test_missing_folders_are_made_and_an_old_file_is_replaced_whole(tmp_path):
    path = tmp_path / "reports" / "2025" / "index.html"
    atomic.write(path, "a long first version " * 100)
    atomic.write(path, "short")
    assert path.read_text(encoding="utf-8") == "short"
    assert _folder(path.parent) == ["index.html"]  # no temporary file left behind


def test_a_new_file_gets_the_mode_open_would_give_it(tmp_path):
    atomic.write(tmp_path / "new.html", "x")
    with open(tmp_path / "plain.html", "w") as f:
        f.write("x")
    assert _mode(tmp_path / "new.html") == _mode(tmp_path / "plain.html")


def test_a_writer_interrupted_mid_write_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    path = tmp_path / "bao-cao.html"
    path.write_text("old report", encoding="utf-8")
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            self.f.write(data[:len(data) // 2])
            self.f.flush()
            raise KeyboardInterrupt  # Ctrl-C in the middle of a write

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        atomic.write(path, "new report, much longer than the old one")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "old report"
    assert _folder(tmp_path) == ["bao-cao.html"]


def test_a_failed_rename_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    path = tmp_path / "manifest.json"
    path.write_text("{}", encoding="utf-8")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic.write(path, '{"reports": []}')
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "{}" and _folder(tmp_path) == ["manifest.json"]


def test_the_new_file_is_written_beside_the_target_under_a_name_the_sweep_knows(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace
    monkeypatch.setattr(atomic.os, "replace", lambda src, dst: (seen.append((src, dst)), real_replace(src, dst)))
    atomic.write(tmp_path / "a.html", "x")
    monkeypatch.undo()
    (src, dst), = seen
    src = os.fspath(src)
    assert os.path.dirname(src) == str(tmp_path) and os.fspath(dst) == str(tmp_path / "a.html")
    assert os.path.basename(src).startswith(".a.html.") and src.endswith(atomic.TEMP_SUFFIX)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_link_in_place_of_the_target_is_replaced_not_written_through(tmp_path):
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("not the workbook's", encoding="utf-8")
    link = tmp_path / "out" / "index.html"
    link.parent.mkdir()
    link.symlink_to(secret)
    atomic.write(link, "report")
    assert secret.read_text(encoding="utf-8") == "not the workbook's"
    assert not link.is_symlink() and link.read_text(encoding="utf-8") == "report"


def test_a_finished_file_is_moved_into_place(tmp_path):
    finished = tmp_path / "job" / "report.html"
    finished.parent.mkdir()
    finished.write_text("new", encoding="utf-8")
    os.chmod(finished, 0o600)
    target = tmp_path / "reports" / "tuyen-quang-2025.html"
    assert atomic.install(finished, target) == target
    assert target.read_text(encoding="utf-8") == "new" and not finished.exists()
    atomic.write(tmp_path / "plain.html", "x")
    assert _mode(target) == _mode(tmp_path / "plain.html")  # not the job file's private mode
    assert _folder(target.parent) == ["tuyen-quang-2025.html"]


def test_installing_a_file_that_is_not_there_leaves_the_old_one(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        atomic.install(tmp_path / "never-written.html", target)
    assert target.read_text(encoding="utf-8") == "old" and _folder(tmp_path) == ["report.html"]


def _aged(path, seconds):
    t = time.time() - seconds
    os.utime(path, (t, t))
    return path


def test_the_sweep_removes_only_stale_temporary_files(tmp_path):
    for p, age in [(".index.html.k3j2.tmp", atomic.STALE_AFTER_S + 60), (".map.html.a1.tmp", 60 * 60),
                   (".live.html.z9.tmp", 10), ("report.tmp", 60 * 60), ("report.html", 60 * 60)]:
        (tmp_path / p).write_bytes(b"half")
        _aged(tmp_path / p, age)
    assert atomic.sweep(tmp_path) == 2
    assert _folder(tmp_path) == [".live.html.z9.tmp", "report.html", "report.tmp"]  # a writer may be at work


def test_the_sweep_leaves_folders_and_links_and_takes_its_age_limit(tmp_path):
    (tmp_path / ".dir.tmp").mkdir()
    _aged(tmp_path / ".dir.tmp", 60 * 60)
    target = tmp_path / "kept.html"
    target.write_text("x", encoding="utf-8")
    _aged(target, 60 * 60)
    (tmp_path / ".link.tmp").symlink_to(target)
    os.utime(tmp_path / ".link.tmp", (1, 1), follow_symlinks=False)
    young = tmp_path / ".young.html.q.tmp"
    young.write_bytes(b"")
    _aged(young, 30)
    assert atomic.sweep(tmp_path) == 0
    assert atomic.sweep(tmp_path, older_than_s=10) == 1 and not young.exists()
    assert _folder(tmp_path) == [".dir.tmp", ".link.tmp", "kept.html"]


def test_sweeping_a_folder_that_does_not_exist_removes_nothing(tmp_path):
    assert atomic.sweep(tmp_path / "not-built-yet") == 0
