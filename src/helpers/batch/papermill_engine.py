"""The build's papermill engine as papermill finds it: through its entry-point group
"papermill.engine" (pyproject.toml), never by an import of ours.

papermill loads its entry points while its own module `papermill.engines` is being imported. The
class, a subclass of papermill's Engine, is therefore made on first access (PEP 562), when
papermill asks for it: importing this module, or helpers.batch.inprocess, imports nothing of
papermill, so that no order of imports meets a module half made.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _engine() -> type:
    from papermill.engines import Engine

    from . import inprocess

    class InProcessEngine(Engine):
        """papermill engine: the notebook's code cells in this process (helpers.batch.inprocess)."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, execution_timeout=None, **kwargs):
            inprocess.execute_managed_notebook(nb_man, execution_timeout)

    return InProcessEngine


def __getattr__(name: str):
    if name == "InProcessEngine":
        return _engine()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
