"""What a build prints while it runs: plain lines in a log, a bar on a terminal."""

import io

from helpers.batch.console import Progress, duration
from helpers.batch.jobs import Job, Result


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


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _simulate(kinds_and_seconds: list[tuple[str, float]], workers: int) -> list[tuple[float, float]]:
    """Run jobs of given notebooks and true durations through `workers` workers that take them
    in order (as the build's pool does); at each result, the estimate of the time left and the
    true time left."""
    import heapq

    jobs = [Job(kind, {}, f"{i}.html", str(i), str(i), 2026) for i, (kind, _) in enumerate(kinds_and_seconds)]
    clock = Clock()
    p = Progress(jobs, None, workers=workers, clock=clock)
    running = [(sec, i) for i, (_, sec) in enumerate(kinds_and_seconds[:workers])]
    heapq.heapify(running)
    nxt, ends = workers, []
    while running:
        t, i = heapq.heappop(running)
        clock.now = t
        p.result(jobs[i], Result(str(i), 2026, jobs[i].notebook, f"/o/{i}.html", "ok", kinds_and_seconds[i][1]))
        ends.append((t, p.left()))
        if nxt < len(jobs):
            heapq.heappush(running, (t + kinds_and_seconds[nxt][1], nxt))
            nxt += 1
    end = ends[-1][0]
    return [(left, end - t) for t, left in ends if left is not None]


def test_the_time_left_holds_for_a_national_build():
    """The national overview first (long), then 34 province reports of varied length and a few
    comparisons, on 2 workers: from a tenth of the results on, each estimate is within 25 % of
    the time truly left, or 3 s near the end (the estimate from the mean time per result was 50
    to 100 % too long all along)."""
    import random

    rng = random.Random(7)
    work = [("03_national_overview.ipynb", 14.0)] + [
        ("01_commune_attainment.ipynb", rng.uniform(1.2, 2.6)) for _ in range(34)] + [
        ("02_plan_comparison.ipynb", rng.uniform(0.4, 0.7)) for _ in range(3)]
    estimates = _simulate(work, workers=2)
    later = estimates[len(work) // 10:]
    assert len(later) > 25 and all(abs(est - true) <= max(0.25 * true, 3.0) for est, true in later), later


def test_the_time_left_counts_what_running_jobs_have_done():
    jobs = [job("a"), job("b"), job("c"), job("d")]
    clock = Clock()
    p = Progress(jobs, None, workers=2, clock=clock)
    clock.now = 2.0
    p.result(jobs[0], Result("a", 2025, jobs[0].notebook, "/o/a.html", "ok", 2.0))  # c starts at 2
    assert p.left() is None  # one result says too little
    clock.now = 3.0
    p.result(jobs[1], Result("b", 2025, jobs[1].notebook, "/o/b.html", "ok", 3.0))  # d starts at 3
    # c and d are expected to take 2.5 s: c has run 1 s, d none; 1.5 + 2.5 over two workers
    assert p.left() == 2.0
