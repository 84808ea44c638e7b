"""The project installs and runs as README.md says; environment.yml agrees with pyproject.toml."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from helpers.paths import PROJECT_ROOT


def _norm(req: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    name = m.group(1).lower().replace("_", "-").replace(".", "-")
    return name, m.group(2).replace(" ", "")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    py = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = dict(_norm(r) for r in py["project"]["dependencies"] + py["project"]["optional-dependencies"]["test"])
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed: dict[str, str] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for p in dep["pip"]:
                if not p.startswith("-e"):
                    listed.update([_norm(p)])
        else:
            name, spec = _norm(dep)
            if name not in ("python", "pip"):
                listed[name] = spec
    assert listed == wanted


def test_readme_gives_exactly_the_two_commands():
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Two commands.*?```sh\n(.*?)```", text, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make reports", "make test"]
    assert "Hướng dẫn nhanh" in text
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "chromium" in ci


def test_notebooks_are_committed_without_outputs():
    for path in (PROJECT_ROOT / "notebooks").glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs") and cell.get("execution_count") is None, path.name
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"


def _makefile_extra_keys() -> str:
    text = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    m = re.search(r"^NB_EXTRA_KEYS := ((?:.*\\\n)*.*)$", text, re.M)
    return " ".join(m.group(1).replace("\\\n", " ").split())


def test_git_strips_notebook_outputs_on_add():
    """The checkout's git filter (nbstripout, as `make strip-outputs` installs it, with the
    Makefile's extra keys): a notebook saved with outputs (as JupyterLab saves it) is stored
    without them. The filter is given to git for this command, so that the test passes in a
    fresh clone run by `pytest` alone as well as after `make`."""
    if subprocess.run(["git", "rev-parse", "--git-dir"], cwd=PROJECT_ROOT, capture_output=True).returncode:
        pytest.skip("not a git checkout")
    attr = subprocess.run(["git", "check-attr", "filter", "notebooks/01_commune_attainment.ipynb"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True).stdout
    assert attr.strip().endswith("filter: nbstripout")
    keys = _makefile_extra_keys()
    assert "metadata.language_info.version" in keys and "cell.metadata.jupyter" in keys
    as_make_installs = ["-c", f'filter.nbstripout.clean="{sys.executable}" -m nbstripout', "-c",
                        "filter.nbstripout.smudge=cat", "-c", f"filter.nbstripout.extrakeys={keys}"]
    path = PROJECT_ROOT / "notebooks" / "02_plan_comparison.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["1 MB of map\n"]}]
    nb["cells"][1]["execution_count"] = 7
    nb["metadata"]["language_info"]["version"] = "3.11.7"
    saved = json.dumps(nb, ensure_ascii=False, indent=1) + "\n"
    # what `git add` stores for the saved notebook: exactly the committed, output-free file
    stored = subprocess.run(["git", *as_make_installs, "hash-object", "--path", "notebooks/02_plan_comparison.ipynb",
                             "--stdin"], cwd=PROJECT_ROOT, input=saved, capture_output=True, text=True,
                            check=True).stdout
    committed = subprocess.run(["git", "hash-object", str(path)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                               check=True).stdout
    assert stored == committed
    unfiltered = subprocess.run(["git", "-c", "filter.nbstripout.clean=cat", "hash-object", "--path",
                                 "notebooks/02_plan_comparison.ipynb", "--stdin"], cwd=PROJECT_ROOT, input=saved,
                                capture_output=True, text=True, check=True).stdout
    assert unfiltered != committed  # the filter is what strips them


def test_make_installs_the_filter_for_this_checkout():
    """Every make target that uses the environment installs the filter (strip-outputs)."""
    text = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = text[text.index("strip-outputs: "):].split("\n\n", 1)[0]
    assert "nbstripout --install --attributes .gitattributes" in recipe and "filter.nbstripout.extrakeys" in recipe
    for target in ("reports", "test", "test-fast"):
        line = next(ln for ln in text.splitlines() if ln.startswith(f"{target}: "))
        assert "strip-outputs" in line, target


def test_the_installed_versions_are_the_pinned_ones():
    """constraints.txt pins every distribution installed with the project to the version the
    tests pass on; `make` installs with it, so these tests run on exactly those versions."""
    from importlib.metadata import PackageNotFoundError, version

    from packaging.requirements import Requirement

    pins = {}
    for line in (PROJECT_ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            assert pinned, f"constraints.txt: {line!r} is not an exact pin"
            pins[_norm(name)[0]] = pinned.strip()
    py = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for req in map(Requirement, py["project"]["dependencies"] + py["project"]["optional-dependencies"]["test"]):
        name = _norm(req.name)[0]
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert req.specifier.contains(pins[name], prereleases=True), (name, pins[name], str(req.specifier))
    wrong = {}
    for name, pinned in pins.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        if installed != pinned:
            wrong[name] = (pinned, installed)
    assert wrong == {}, f"installed versions differ from constraints.txt (pinned, installed): {wrong}"


def test_no_absolute_paths_of_this_machine_in_tracked_files():
    files = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True).stdout.split()
    root = str(PROJECT_ROOT)
    offenders = []
    for f in files:
        path = PROJECT_ROOT / f
        if path.suffix in {".py", ".md", ".yaml", ".yml", ".toml", ".ipynb", ".j2", ".js", ".css", ".csv", ""} and path.is_file():
            if root in path.read_text(encoding="utf-8", errors="ignore"):
                offenders.append(f)
    assert offenders == []


def test_console_script_is_installed():
    antt = Path(sys.executable).parent / "antt"
    out = subprocess.run([str(antt), "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("antt ")


def test_the_docstrings_examples_are_collected_as_tests():
    """`pytest` runs the examples of the helpers' docstrings too (testpaths and
    --doctest-modules in pyproject.toml): every module with a runnable example is collected."""
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                         cwd=PROJECT_ROOT, capture_output=True, text=True).stdout
    collected = {line.split("::")[0] for line in out.splitlines() if line.startswith("src/helpers/")}
    runnable = set()
    for path in (PROJECT_ROOT / "src" / "helpers").rglob("*.py"):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip().startswith(">>>")]
        if any("+SKIP" not in ln for ln in lines):
            runnable.add(str(path.relative_to(PROJECT_ROOT)))
    assert len(runnable) >= 6 and runnable <= collected, sorted(runnable - collected)
