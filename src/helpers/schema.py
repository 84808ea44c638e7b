"""Our YAML data files read through pydantic models: every problem located in the file.

A problem names the file, the path of keys to the value (e.g. `groups[2].islands[0].lat`), the
line where YAML puts it when it can be found, and the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class SchemaError(ValueError):
    """A data file that does not follow its schema; the message lists every problem."""


class _StrictLoader(yaml.SafeLoader):
    """YAML as the workbook reads it: safe, and a key given twice in one mapping is an error
    (PyYAML would keep the last one without a word)."""


def _unique_keys(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:  # a key YAML allows but Python cannot hash: construct_mapping says so
            continue
        if first is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' is given twice (first on line {first + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep)


def _timestamp(loader: _StrictLoader, node: yaml.ScalarNode):
    """A date or time; one that does not exist (2023-13-01) is located, not a bare ValueError."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(None, None, f"'{node.value}' is not a valid date ({exc})",
                                                node.start_mark) from None


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_keys)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def strict_load(text: str):
    """Parse YAML text: safe (no object of any class) and strict (no key given twice)."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader)


def yaml_problem(path: Path | str, exc: yaml.YAMLError) -> str:
    """Where and why a YAML file cannot be read: file, line, column, reason."""
    mark = getattr(exc, "problem_mark", None)
    where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
    return f"{path}:{where} not valid YAML ({getattr(exc, 'problem', None) or exc})"


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def line_of(text: str, loc: tuple) -> int | None:
    """The line of the deepest key of `loc` that YAML can find (for the message)."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            hit = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if hit is None:
                break
            line, node = hit[0].start_mark.line + 1, hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def parse(raw, model: type[M], path: Path | str, text: str = "") -> M:
    """Validate parsed YAML against `model`; SchemaError lists every problem with its place."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            line = line_of(text, err["loc"]) if text else None
            at = f" (line {line})" if line else ""
            lines.append(f"{path}: {_where(err['loc'])}{at}: {err['msg']}")
        raise SchemaError("\n".join(lines)) from None


def read_yaml(path: Path | str) -> tuple[str, object]:
    """The text of a YAML file and what it holds, read strictly (strict_load); SchemaError names
    the file, and the line and column of a YAML mistake."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        return text, strict_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{path}: cannot read the file ({exc})") from None
    except yaml.YAMLError as exc:
        raise SchemaError(yaml_problem(path, exc)) from None


def read(path: Path | str, model: type[M]) -> M:
    """Read a YAML file and validate it against `model`."""
    text, raw = read_yaml(path)
    return parse(raw, model, path, text)
