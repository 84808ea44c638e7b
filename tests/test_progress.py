"""What a build prints while it runs: plain lines in a log, a bar on a terminal."""

import io

from helpers.batch.jobs import Job, Result
from helpers.batch.progress import Progress, duration


def job(name: str, with_map: bool = True) -> Job:
    return Job("01_commune_attainment.ipynb", {}, f"{name}.html", name, name, 2025,
               map=f"{name}.html" if with_map else None)


def result(name: str, status: str = "ok") -> Result:
    return Result(name, 2025, "01_commune_attainment.ipynb", f"/out/reports/{name}.html", status, 2.04,
                  None if status == "ok" else "ValueError: boom")


def test_plain_lines_count_reports_and_maps_apart_with_the_time_left():
    log = io.StringIO()
    jobs = [job("a"), job("b"), job("c"), job("cmp", with_map=False)]
    p = Progress(jobs, log)
    for j, r in zip(jobs, [result("a"), result("b"), result("c", "error"), result("cmp")], strict=True):
        p.result(j, r)
    p.close()
    lines = log.getvalue().splitlines()
    assert lines[0] == "  ok     a.html (report + map, 2.0 s)  [1/4]"
    assert lines[1].startswith("  ok     b.html (report + map, 2.0 s)  [2/4, about ") and lines[1].endswith(" left]")
    assert lines[2].startswith("  ERROR  c.html: ValueError: boom  [3/4")
    assert lines[3] == "  ok     cmp.html (report, 2.0 s)  [4/4]"
    assert p.counts() == "reports 3/4, maps 2/3, 1 failed"
    assert "\r" not in log.getvalue()  # no bar drawn into a log


def test_a_terminal_gets_a_bar():
    log = io.StringIO()
    p = Progress([job("a")], log, bar=True)
    p.result(job("a"), result("a"))
    p.close()
    assert "\r" in log.getvalue() and "a.html (report + map" in log.getvalue()


def test_duration():
    assert (duration(45.4), duration(185), duration(-1)) == ("45 s", "3 min 05 s", "0 s")
