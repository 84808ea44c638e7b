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


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _line_of(text: str, loc: tuple) -> int | None:
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
            line = _line_of(text, err["loc"]) if text else None
            at = f" (line {line})" if line else ""
            lines.append(f"{path}: {_where(err['loc'])}{at}: {err['msg']}")
        raise SchemaError("\n".join(lines)) from None


def load(path: Path | str, model: type[M]) -> M:
    """Read a YAML file and validate it against `model`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{path}: cannot read the file ({exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        raise SchemaError(f"{path}:{where} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    return parse(raw, model, path, text)
