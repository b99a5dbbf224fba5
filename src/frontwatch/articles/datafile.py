"""Loading the articles stage's YAML data files with line numbers for clear validation errors."""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from frontwatch.errors import DataFileError

DATA_PACKAGE = "frontwatch.data"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records, for every mapping, the 1-based line where it starts."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = {loader.construct_object(k): k.start_mark.line + 1 for k, _ in node.value}
    return mapping


def key_line(mapping: dict, key: object) -> int | None:
    """1-based line of `key` in a mapping read by `load_yaml` (else the mapping's own line)."""
    return mapping.get("__lines__", {}).get(key, mapping.get("__line__"))


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def data_path(name: str) -> Path:
    return Path(str(resources.files(DATA_PACKAGE).joinpath(name)))


def load_yaml(path: str | Path) -> Any:
    """Parses a YAML file; every mapping carries `__line__`. Bad YAML -> DataFileError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise DataFileError(f"cannot read data file: {e.strerror}", source=str(path)) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise DataFileError(f"invalid YAML: {getattr(e, 'problem', e)}", source=where) from None


def fail(path: str | Path, line: int | None, field: str, message: str) -> DataFileError:
    """A DataFileError naming file, line and field."""
    where = f"{path}:{line}" if line else str(path)
    return DataFileError(f"field '{field}': {message}", source=where)


def string_list(value: Any, path: Path, line: int | None, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise fail(path, line, field, "must be a list of strings")
    return [str(v) for v in value]
