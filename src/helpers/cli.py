"""The `antt` command line: a thin layer over the helpers.

Exit codes: 0 success; 1 the command ran and found problems (failed outputs, invalid data);
2 the command could not run (unreadable input, bad arguments).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .paths import resolve


def _provinces(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    out: list[str] = []
    for v in values:
        out += [p.strip() for p in v.split(",") if p.strip()]
    return out


def _jobs(value: str) -> int:
    """--jobs: a whole number of at least 1 (a negative or zero count is refused, not taken as 1)."""
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: must be a whole number of at least 1 / phải là số nguyên từ 1")
    return n


def cmd_build(args) -> int:
    from . import batch

    return batch.build(_provinces(args.province), args.year, args.data, args.boundaries, args.out, args.jobs,
                       vintage=args.vintage, force=args.force, clear_cache=args.clear_cache)


def cmd_demo(args) -> int:
    from . import demo
    from .gazetteer import expand
    from .paths import DEMO_DIR

    provinces = expand(_provinces(args.province) or ["tuyen-quang", "gia-lai"])
    out = resolve(args.out) if args.out else DEMO_DIR
    held = [f.name for f in (out / "communes.csv", out / "districts.csv", out / "dataset.yaml") if f.exists()]
    if held and out != DEMO_DIR and not args.force:
        print(f"antt: {out} already holds data ({', '.join(held)}); nothing was changed. Give another --out, or "
              f"--force to replace it / thư mục đã có số liệu; không ghi đè. Chọn thư mục khác bằng --out, hoặc "
              f"thêm --force để thay thế.", file=sys.stderr)
        return 1
    c, d = demo.write(provinces, out)
    print(f"wrote {c} and {d}")
    return 0


def cmd_progress(args) -> int:
    import json

    import pandas as pd

    from . import plan_progress, plan_wording, plans, request

    req = request.resolve(args.province, args.year, args.data)
    plan = plans.plan_for(req.province.slug, req.year)
    rows = plan_progress.progress(plan, plan_progress.evidence(req.province.slug, req.dataset(), vintage=req.units), req.year)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    else:
        cols = ["id", "metric", "grade", "comparison", "threshold", "deadline", "actual", "actual_count",
                "denominator", "required", "gap", "gap_text", "status"]
        df = pd.DataFrame(rows)[cols]
        if args.format == "csv":
            from .export import safe_frame

            print(safe_frame(df).to_csv(index=False, lineterminator="\n"), end="")
        else:
            print(plan_wording.progress_table(plan, rows, f"{plan.name} — năm {req.year}"))
    return 0


def cmd_extract_plan(args) -> int:
    import json

    import yaml

    from . import plan_text

    draft = plan_text.extract_file(resolve(args.file))
    if not draft.get("targets"):
        print(f"antt extract-plan: {args.file}: no target found (no sentence with a share, a count or a reduction "
              "of the security-and-order indicators); is it a plan? / không tìm thấy mục tiêu nào trong văn bản",
              file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(draft, ensure_ascii=False, indent=2))
    else:
        print("# Draft extracted by `antt extract-plan`: review every target against its source sentence.")
        print(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=120), end="")
    return 0


def cmd_template(args) -> int:
    import datetime

    from . import gazetteer, template

    prov = gazetteer.province(args.province)
    years = sorted(set(args.year or [datetime.date.today().year - 1]))
    out = resolve(args.out) if args.out else resolve(f"mau-so-lieu-{prov.slug}-{years[-1]}.xlsx")
    if out.exists() and not args.force:
        print(f"antt: {out} already exists (perhaps filled in already); it was not changed. Give another --out, "
              f"or --force to replace it / tệp đã có (có thể đã được điền số liệu); không ghi đè. Chọn tên khác "
              f"bằng --out, hoặc thêm --force để thay thế.", file=sys.stderr)
        return 1
    template.write_template(prov.slug, years, out)
    print(f"wrote {out} ({prov.name}, {', '.join(map(str, years))})")
    return 0


def cmd_audit(args) -> int:
    from . import audit

    folder = resolve(args.folder)
    findings = audit.audit(folder)
    for f in findings[: args.most] if args.most else findings:
        print(f)
    if findings:
        more = f" (the first {args.most} shown)" if args.most and len(findings) > args.most else ""
        print(f"antt audit: {len(findings)} finding(s){more} in {folder} / {len(findings)} lỗi hiển thị",
              file=sys.stderr)
        return 1
    print(f"antt audit: {folder}: nothing a reader would find wrong / không phát hiện lỗi hiển thị")
    return 0


def cmd_validate(args) -> int:
    from . import loader

    problems = loader.validate(args.file, args.province)
    for p in problems:
        print(p)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"{errors} problem(s), {warnings} warning(s) / {errors} lỗi, {warnings} cảnh báo", file=sys.stderr)
        return 1
    if warnings:
        print(f"{args.file}: no errors, {warnings} warning(s): data missing, reports will say so / không có lỗi, "
              f"{warnings} cảnh báo: thiếu số liệu, báo cáo sẽ ghi rõ")
        return 0
    print(f"{args.file}: no problems / không có lỗi")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="antt", description="ANTT Workbook: the security-and-order criterion of "
                                 "Vietnam's New Rural Development programme, commune by commune.")
    ap.add_argument("--version", action="version", version=f"antt {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="run the notebooks and write reports, maps, index.html, manifest.json")
    b.add_argument("--province", action="append", help="slug or GSO code, or 'all' (every province: 63 until "
                   "2025, 34 from 2026); repeat or comma-separate (default: tuyen-quang, gia-lai)")
    b.add_argument("--year", action="append", type=int, help="year (repeatable; default: the latest in the data)")
    b.add_argument("--data", help="data folder (default: the illustrative demo data)")
    b.add_argument("--boundaries", help="commune or district boundary file (GeoJSON, zipped Shapefile, GeoPackage; "
                   "any CRS)")
    b.add_argument("--out", help="output root; reports go to OUT/reports, maps to OUT/maps (default: project root)")
    b.add_argument("--jobs", type=_jobs, help="parallel notebooks (default: the number of cores)")
    b.add_argument("--vintage", choices=["legacy", "2025"], default=None,
                   help="administrative units: by default each year's own (legacy until 2025, the units of "
                        "1/7/2025 from 2026); 2025 also carries earlier years to the new units")
    b.add_argument("--force", action="store_true", help="rebuild every output, also those whose inputs have not "
                   "changed since they were built (the verified geometry cache is kept)")
    b.add_argument("--clear-cache", action="store_true", help="empty the geometry cache first: everything is "
                   "computed again from the sources")
    b.set_defaults(func=cmd_build)

    p = sub.add_parser("progress", help="progress of a province against every target of its plan")
    p.add_argument("--province", required=True, help="slug or GSO code")
    p.add_argument("--year", type=int, help="year (default: the latest in the data)")
    p.add_argument("--data", help="data folder (default: the illustrative demo data)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=cmd_progress)

    x = sub.add_parser("extract-plan", help="draft a plan's targets (YAML) from the plan document")
    x.add_argument("file", help="plan document: .txt, .docx or .pdf with a text layer")
    x.add_argument("--format", choices=["yaml", "json"], default="yaml")
    x.set_defaults(func=cmd_extract_plan)

    t = sub.add_parser("template", help="write the Excel template of a province, ready to fill in")
    t.add_argument("--province", required=True, help="slug or GSO code")
    t.add_argument("--year", type=int, action="append", help="year of the data, repeatable (default: last year)")
    t.add_argument("--out", help="file to write (default: mau-so-lieu-<province>-<year>.xlsx in the current folder)")
    t.add_argument("--force", action="store_true", help="replace the file if it exists (it may hold filled-in data)")
    t.set_defaults(func=cmd_template)

    v = sub.add_parser("validate", help="check an attainment file and list every problem")
    v.add_argument("file", help=".xlsx or .csv file, or a data folder")
    v.add_argument("--province", help="the province the file is about (default: that of most of its communes)")
    v.set_defaults(func=cmd_validate)

    a = sub.add_parser("audit", help="read every report and map of an output folder as a reader does and list "
                       "what is visibly wrong (artefacts of the code, figures that disagree, impossible statuses)")
    a.add_argument("folder", nargs="?", default=".", help="output root holding reports/ and maps/ (default: .)")
    a.add_argument("--most", type=int, default=0, help="print at most this many findings (default: all)")
    a.set_defaults(func=cmd_audit)

    d = sub.add_parser("demo", help="generate the illustrative data (deterministic)")
    d.add_argument("--province", action="append", help="slug or GSO code, or 'all' (default: tuyen-quang, gia-lai)")
    d.add_argument("--out", help="data folder to write (default: data/demo)")
    d.add_argument("--force", action="store_true", help="replace the data of an --out folder that holds some")
    d.set_defaults(func=cmd_demo)
    return ap


def check_environment() -> None:
    """Environment variables the workbook reads, refused with a clear message when malformed."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and (not epoch.strip().isdigit() or int(epoch) > 253402300799):  # 9999-12-31
        raise ValueError(f"environment variable SOURCE_DATE_EPOCH={epoch!r}: must be a whole number of seconds "
                         "since 1970-01-01, before the year 10000 (or unset)")
    for name in ("ANTT_ROOT", "ANTT_CACHE"):
        value = os.environ.get(name)
        if value is not None and value.strip() and Path(value).expanduser().exists() and \
                not Path(value).expanduser().is_dir():
            raise ValueError(f"environment variable {name}={value!r}: not a folder")


def main(argv: list[str] | None = None) -> int:
    """Run a command. A user never sees a traceback: every failure is one or more located lines
    and an exit code (0 success, 1 problems found, 2 the command could not run; 130 interrupted).
    ANTT_DEBUG=1 prints the traceback of an unexpected error."""
    import os
    import traceback

    from .boundaries import BoundaryError
    from .criteria import CriteriaError
    from .gazetteer import UnknownUnitError
    from .plan_schema import PlanError
    from .plan_text import ExtractError
    from .records import DataError
    from .tables import UnreadableError

    args = parser().parse_args(argv)
    try:
        check_environment()
        return int(args.func(args) or 0)
    except DataError as exc:
        print(f"antt: {exc}", file=sys.stderr)
        return 1
    except (ExtractError, UnreadableError, UnknownUnitError, PlanError, BoundaryError, CriteriaError) as exc:
        print(f"antt: error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, OSError, LookupError) as exc:
        print(f"antt: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("antt: interrupted / đã dừng", file=sys.stderr)
        return 130
    except Exception as exc:  # a defect of the tool: one line, the traceback only on request
        if os.environ.get("ANTT_DEBUG"):
            traceback.print_exc()
        print(f"antt: unexpected error ({type(exc).__name__}: {exc}); please report it with the command you ran "
              "(ANTT_DEBUG=1 shows the details) / lỗi không lường trước của công cụ", file=sys.stderr)
        return 2


def run() -> None:
    """The `antt` command: main(), then the process ends. What it holds needs no collecting on
    the way out (CPython's last full pass over a build's heap took 0.3 s): frozen first."""
    import gc

    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
