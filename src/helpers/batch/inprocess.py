"""A papermill engine that runs a notebook in the worker's own Python, without a Jupyter kernel.

papermill still reads, parameterises and checks the notebook and raises PapermillExecutionError
for a failed cell; only the execution changes. Each code cell runs in an IPython shell (the
shell a kernel runs too, with the same display formatters), and what it displays, returns,
prints or raises becomes the cell's outputs exactly as nbclient records them from a kernel:
display_data, execute_result, stream and error outputs. The report rendered from them is the
same, byte for byte (tests/test_inprocess.py compares it with a kernel's).

Why: a build runs 64 notebooks on two cores. A kernel is one more process per worker, competing
for the same cores, and every output (a map's page is about 1 MB) went through JSON, ZeroMQ and
JSON again; the worker, forked from the build after the data was read and checked, already
holds the helpers and the data.

Isolation: every notebook starts with an empty namespace (the shell is reset), in the
notebook's folder, with the figures of earlier notebooks closed; a cell that runs longer than
the execution timeout is interrupted with an error. Modules and their read-only caches stay,
as they did in a reused kernel.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading

import nbformat

# the engine's name in papermill's entry-point group "papermill.engine" (pyproject.toml; the class
# is helpers.batch.papermill_engine.InProcessEngine)
NAME = "antt-inprocess"


class _Stream:
    """sys.stdout or sys.stderr of a running cell: text goes to the cell's outputs, one stream
    output per run of writes to the same stream (as the notebook shows it)."""

    def __init__(self, cell: "_CellOutputs", name: str):
        self._cell, self.name = cell, name
        self.encoding = "utf-8"

    def write(self, text: str) -> int:
        if text:
            self._cell.stream(self.name, text)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class _CellOutputs:
    """The outputs of the cell that is running."""

    def __init__(self):
        self.outputs: list = []
        self.execution_count: int | None = None

    def stream(self, name: str, text: str) -> None:
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.outputs.append(nbformat.v4.new_output("stream", name=name, text=text))

    def display(self, data: dict, metadata: dict | None) -> None:
        self.outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=metadata or {}))

    def result(self, data: dict, metadata: dict | None, count: int) -> None:
        self.outputs.append(nbformat.v4.new_output("execute_result", data=data, metadata=metadata or {},
                                                   execution_count=count))

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        self.outputs.append(nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=traceback))


def _shell_classes():
    """The shell and its display hooks: built on first use, so that importing this module (to
    register the engine) costs nothing."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            self.shell.antt_cell.display(data, metadata)

        def clear_output(self, wait=False):
            self.shell.antt_cell.outputs.clear()

    class Hook(DisplayHook):
        """A cell's value (its last expression) as an execute_result, not printed."""

        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            self.shell.antt_cell.result(format_dict, md_dict, self.prompt_count)

    class Shell(InteractiveShell):
        displayhook_class = Hook
        display_pub_class = Publisher

        def _showtraceback(self, etype, evalue, stb):
            # The method IPython's docstring names for subclasses that send a traceback elsewhere.
            self.antt_cell.error(etype.__name__, str(evalue), list(stb))

    return Shell


_SHELL = None


def shell():
    """This process's shell (one per worker), without history on disk or colours in tracebacks."""
    global _SHELL
    if _SHELL is None:
        from traitlets.config import Config

        config = Config()
        config.HistoryManager.enabled = False
        config.InteractiveShell.colors = "nocolor"
        config.InteractiveShell.xmode = "Context"
        # No output cache (`_`, `Out`): cell values are not held between cells, and a reset has
        # nothing to flush, so IPython runs no full garbage collection before every notebook
        # (0.2 s in a worker holding a country's data). Nothing is written between results.
        config.InteractiveShell.cache_size = 0
        config.InteractiveShell.separate_out2 = ""
        _SHELL = _shell_classes().instance(config=config)  # the instance display() publishes to
        _SHELL.antt_cell = _CellOutputs()
    return _SHELL


@contextlib.contextmanager
def _time_limit(seconds: float | None):
    """Interrupt the cell after `seconds` (TimeoutError in the cell); only in the main thread,
    where signals are delivered."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeoutError(f"the cell ran longer than {seconds:g} s (execution timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run_cell(sh, source: str, timeout: float | None) -> tuple[_CellOutputs, bool]:
    cell = sh.antt_cell = _CellOutputs()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream(cell, "stdout"), _Stream(cell, "stderr")
    try:
        with _time_limit(timeout):
            cell.execution_count = sh.execution_count
            result = sh.run_cell(source, store_history=True)
    finally:
        sys.stdout, sys.stderr = saved
    return cell, result.success


def _fresh(sh) -> None:
    """An empty namespace and no figure left open, as in a new kernel."""
    sh.reset(new_session=True)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def execute_managed_notebook(nb_man, execution_timeout: float | None = None) -> None:
    """The notebook's code cells in this process, in order, until one fails (papermill's
    NotebookExecutionManager `nb_man` records each cell's start, outputs and end)."""
    sh = shell()
    _fresh(sh)  # (the namespace of the last notebook stays until the next one starts)
    for index, cell in enumerate(nb_man.nb.cells):
        if cell.cell_type != "code":
            continue
        nb_man.cell_start(cell, index)
        outputs, ok = _run_cell(sh, cell.source, execution_timeout)
        cell.outputs, cell.execution_count = outputs.outputs, outputs.execution_count
        if not ok:
            nb_man.cell_exception(cell, index)
            nb_man.cell_complete(cell, index)
            break
        nb_man.cell_complete(cell, index)
