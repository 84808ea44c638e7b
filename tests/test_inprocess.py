"""The in-process papermill engine (helpers.batch.inprocess): a notebook's outputs as a kernel
gives them, failures as papermill reports them, and each notebook on its own."""

from __future__ import annotations

import os
import sys

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

from helpers.batch import inprocess
from helpers.batch.convert import report_html
from helpers.paths import NOTEBOOKS_DIR


def _notebook(tmp_path, *sources: str, name: str = "nb.ipynb") -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("x = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / name
    nbformat.write(nb, path)
    return str(path)


def _run(path: str, **params) -> nbformat.NotebookNode:
    return papermill.execute_notebook(path, None, parameters=params, engine_name=inprocess.NAME, kernel_name="python3",
                                      progress_bar=False, cwd=os.path.dirname(path),
                                      request_save_on_cell_execute=False, execution_timeout=5)


def _outputs(nb) -> list[list]:
    return [c.outputs for c in nb.cells if c.cell_type == "code"]


def test_outputs_are_recorded_as_a_kernel_records_them(tmp_path):
    streams = sys.stdout, sys.stderr
    nb = _run(_notebook(tmp_path,
                        "print('a'); print('b')\nimport sys; print('warn', file=sys.stderr)",
                        "from IPython.display import HTML, display\ndisplay(HTML('<b>đậm</b>'))\nx * 10"), x=2)
    injected, printed, shown = _outputs(nb)[1:]
    assert nb.cells[1].metadata["tags"] == ["injected-parameters"] and "x = 2" in nb.cells[1].source
    assert [(o.output_type, o.name, o.text) for o in printed] == [("stream", "stdout", "a\nb\n"),
                                                                  ("stream", "stderr", "warn\n")]
    assert shown[0].output_type == "display_data" and shown[0].data["text/html"] == "<b>đậm</b>"
    assert shown[1].output_type == "execute_result" and shown[1].data == {"text/plain": "20"}
    assert shown[1].execution_count == nb.cells[3].execution_count == 4
    assert (sys.stdout, sys.stderr) == streams  # the streams are given back


def test_a_failing_cell_stops_the_notebook_with_papermills_error(tmp_path):
    path = _notebook(tmp_path, "y = 2", "raise ValueError('sai số liệu')", "z = 3")
    with pytest.raises(PapermillExecutionError) as info:
        _run(path)
    assert info.value.ename == "ValueError" and info.value.evalue == "sai số liệu"
    assert info.value.exec_count == 3 and "z" not in inprocess.shell().user_ns
    assert any("raise ValueError" in line for line in info.value.traceback)


def test_each_notebook_starts_with_an_empty_namespace(tmp_path):
    _run(_notebook(tmp_path, "left_behind = 42", name="a.ipynb"))
    nb = _run(_notebook(tmp_path, "'left_behind' in globals()", name="b.ipynb"))
    assert _outputs(nb)[-1][0].data["text/plain"] == "False"


def test_a_cell_that_runs_too_long_is_interrupted(tmp_path):
    path = _notebook(tmp_path, "import time\ntime.sleep(30)")
    with pytest.raises(PapermillExecutionError) as info:
        _run(path)
    assert info.value.ename == "TimeoutError" and "execution timeout" in info.value.evalue


def test_the_notebook_runs_in_its_own_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    here = os.getcwd()
    nb = _run(_notebook(tmp_path / "sub", "import os; os.getcwd()"))
    assert _outputs(nb)[-1][0].data["text/plain"] == repr(str(tmp_path / "sub"))
    assert os.getcwd() == here


@pytest.mark.integration
def test_the_report_is_the_same_as_from_a_kernel(tmp_path, monkeypatch):
    """The batch's engine against papermill's own (nbclient and a fresh ipykernel): the report
    of a province, byte for byte, and the map the notebook saved."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    pages = {}
    for engine in (inprocess.NAME, None):
        map_file = tmp_path / f"{engine}.html"
        nb = papermill.execute_notebook(str(NOTEBOOKS_DIR / "01_commune_attainment.ipynb"), None,
                                        parameters={"province": "tuyen-quang", "year": 2025, "map_file": str(map_file)},
                                        engine_name=engine, kernel_name="python3", progress_bar=False,
                                        cwd=str(NOTEBOOKS_DIR), request_save_on_cell_execute=False)
        pages[engine] = (report_html(nb, "Tuyên Quang"), map_file.read_text(encoding="utf-8"))
    ours, kernels = pages[inprocess.NAME], pages[None]
    assert len(ours[0]) > 500_000 and "Tỉnh Tuyên Quang" in ours[0]
    assert ours[0] == kernels[0]
    assert ours[1] == kernels[1]


def test_cell_values_are_not_cached_and_no_full_collection_runs_between_notebooks(tmp_path, monkeypatch):
    """No `_`/`Out` cache holds a cell's value, so a fresh namespace has nothing to flush and
    IPython's full gc.collect() does not run before each notebook; gc itself is left alone."""
    import gc

    collect = gc.collect
    calls = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: calls.append(generation) or 0)
    _run(_notebook(tmp_path, "big = list(range(10))\nbig", name="a.ipynb"))
    nb = _run(_notebook(tmp_path, "Out", name="b.ipynb"))
    assert calls == [] and gc.collect is not collect  # IPython did not call it; nobody swapped it back
    assert _outputs(nb)[-1][0].data["text/plain"] == "{}"
    assert not inprocess.shell().displayhook.do_full_cache
