"""Parameters a notebook declares, checked before any kernel starts (papermill only warns)."""

from __future__ import annotations

from pathlib import Path

from ..paths import NOTEBOOKS_DIR
from .jobs import Job

MAP_FILE = "map_file"  # the parameter through which a job tells its notebook where to save its map


class ParameterError(ValueError):
    """A job passes a parameter its notebook does not declare."""


def declared_parameters(notebook: Path) -> dict:
    """The parameters a notebook declares in its cell tagged `parameters`."""
    import papermill

    return papermill.inspect_notebook(str(notebook))


def check_parameters(job: Job, notebooks_dir: Path = NOTEBOOKS_DIR) -> None:
    """Refuse unknown parameters, and a map the notebook cannot save, before any kernel starts."""
    path = Path(notebooks_dir) / job.notebook
    if not path.exists():
        raise ParameterError(f"notebook {path} not found")
    known = declared_parameters(path)
    unknown = sorted(set(job.parameters) - set(known))
    if unknown:
        raise ParameterError(f"{job.notebook}: unknown parameter(s) {', '.join(unknown)}; "
                             f"it declares {', '.join(known) or 'none'}")
    if job.map and MAP_FILE not in known:
        raise ParameterError(f"{job.notebook}: the job expects a map, but the notebook declares no {MAP_FILE}")
