"""No import cycle among the helpers modules, the imports inside functions counted: the layers
import downwards only (helpers.paths at the bottom imports nothing of the package)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _modules() -> dict[str, Path]:
    out = {}
    for path in (SRC / "helpers").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def import_graph() -> dict[str, set[str]]:
    """Each helpers module and the helpers modules it imports, anywhere in its code. `from . import
    x` of a submodule x counts as importing x (the package itself is already loaded)."""
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join([*base, *([node.module] if node.module else [])])
                subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in mods]
                targets = subs if len(subs) == len(node.names) else [target, *subs]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in mods and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_among_the_helpers_modules():
    graph = import_graph()
    assert len(graph) > 40 and graph["helpers.workbook"] >= {"helpers.records", "helpers.gazetteer"}
    assert cycles(graph) == []


def test_the_bottom_modules_import_nothing_of_the_package():
    graph = import_graph()
    for bottom in ("helpers.paths", "helpers.projection", "helpers.names", "helpers.atomic"):
        assert graph[bottom] == set(), (bottom, graph[bottom])


def test_a_cycle_is_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_has_a_test_file_of_its_own():
    """Tests mirror modules: helpers/x.py and helpers/batch/x.py are tested in tests/test_x.py."""
    tests = Path(__file__).resolve().parent
    names = {p.stem for p in (SRC / "helpers").rglob("*.py") if p.stem != "__init__"}
    assert sorted(n for n in names if not (tests / f"test_{n}.py").exists()) == []
