"""The build's papermill engine (helpers.batch.papermill_engine): found by papermill through its
entry-point group, made only when papermill asks for it."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_papermill_finds_the_engine_through_its_entry_point_group():
    """Registered by the package's metadata (pyproject.toml, group papermill.engine), not by an
    import: a fresh Python that imports papermill alone finds it."""
    code = ("from papermill.engines import papermill_engines; "
            "print(papermill_engines.get_engine('antt-inprocess').__module__)")
    out = _python(code)
    assert out == "helpers.batch.papermill_engine"
    # in any order of imports: ours first, then papermill's
    first = ("from helpers.batch import inprocess, papermill_engine; import papermill; "
             "from papermill.engines import papermill_engines; "
             "print(papermill_engines.get_engine(inprocess.NAME) is papermill_engine.InProcessEngine)")
    assert _python(first) == "True"


def test_importing_the_engine_module_imports_nothing_of_papermill():
    """papermill imports the module while its own `papermill.engines` is half made: the module
    must not import papermill back."""
    code = ("import sys; from helpers.batch import inprocess, papermill_engine; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'papermill'))")
    assert _python(code) == "[]"


def test_the_engine_runs_notebooks_through_papermill_s_engine_class():
    from papermill.engines import Engine

    from helpers.batch import papermill_engine

    engine = papermill_engine.InProcessEngine
    assert issubclass(engine, Engine) and engine is papermill_engine.InProcessEngine  # made once
    with pytest.raises(AttributeError, match="no attribute 'Engine'"):
        getattr(papermill_engine, "Engine")  # noqa: B009 - the module's __getattr__ is what is tested
