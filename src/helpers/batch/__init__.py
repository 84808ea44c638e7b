"""The batch: every notebook for every province and year, rendered to HTML, indexed.

`jobs` (what runs and the output names), `parameters` (checked before any notebook runs),
`dependencies` (what each output depends on, as digests), `execute` (jobs in a pool of workers,
outputs put in place only on success), `inprocess` and `papermill_engine` (papermill's engine that
runs a notebook in the worker), `convert` (an executed notebook as a report), `index`
(manifest.json, index.html), `console` (what the person waiting sees), `build` (`antt build`).
"""

from .build import build, default_out, plan_build
from .execute import Runner, run, run_job
from .index import manifest_entries, publish, read_manifest, write_index, write_manifest
from .jobs import (
                   NATIONAL,
                   SEED_PROVINCES,
                   Job,
                   Result,
                   comparison_name,
                   national_name,
                   output_name,
                   plan_jobs,
                   with_national,
)
from .parameters import ParameterError, check_parameters, declared_parameters

__all__ = ["build", "default_out", "plan_build", "Runner", "run", "run_job", "manifest_entries", "publish", "read_manifest", "write_index", "write_manifest",
           "NATIONAL", "SEED_PROVINCES", "Job", "Result", "comparison_name", "national_name", "output_name",
           "plan_jobs", "with_national", "ParameterError", "check_parameters", "declared_parameters"]
