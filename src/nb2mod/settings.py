"""One frozen Settings object: defaults, then `[tool.nb2mod]` in pyproject.toml, then the CLI."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from nb2mod.errors import ConfigError

SplitMode = Literal["headings", "cells", "tags"]


@dataclass(frozen=True)
class Settings:
    """Every option of every command; TOML keys are the field names with '-' for '_'."""

    # convert
    split: SplitMode = "headings"
    heading_level: int = 0  # 0: the most common heading level below the title
    name: str | None = None
    out: str | None = None
    format: bool = True
    capture: bool = False
    plots: Literal["save", "drop"] = "save"
    seeds: Literal["apply", "keep"] = "apply"  # keep: add no seed (the notebook's behaviour)
    # lint
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    cache: bool = True
    cache_dir: str | None = None
    # verify
    timeout: float = 600.0
    rtol: float = 1e-7
    atol: float = 0.0
    repeat: bool = False
    kernel: str | None = None  # the Jupyter kernel that runs the notebook (verify, --capture)
    python: str | None = None  # the interpreter that runs the package (verify, --capture)
    # batch
    jobs: int = 0  # 0: all cores

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied; None values are ignored (an option not given)."""
        given = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **given) if given else self


_CONVERT = ("split", "heading_level", "name", "out", "format", "capture", "plots", "seeds", "jobs")
# convert's keys are read from [tool.nb2mod] and from [tool.nb2mod.convert] alike
_SECTIONS: dict[str, tuple[str, ...]] = {
    "": _CONVERT,
    "convert": _CONVERT,
    "lint": ("select", "ignore", "per_file_ignores", "cache", "cache_dir"),
    "verify": ("timeout", "rtol", "atol", "repeat", "kernel", "python"),
}
_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}
# the settings that shape what convert writes (the manifest records them for --update)
OUTPUT_SETTINGS = tuple(n for n in _SECTIONS[""] if n not in ("out", "jobs"))


def find_pyproject(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` (default: the working directory)."""
    here = Path(start or os.getcwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(start: str | os.PathLike[str] | None = None) -> Settings:
    """Defaults overlaid with `[tool.nb2mod]` from the nearest pyproject.toml."""
    path = find_pyproject(start)
    if path is None:
        return Settings()
    return settings_from_pyproject(path.read_text(encoding="utf-8"), str(path))


def settings_from_pyproject(text: str, path: str = "pyproject.toml") -> Settings:
    """Parse pyproject text; an unknown key or a bad value is a ConfigError naming it."""
    toml = toml_reader()
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    table = data.get("tool", {}).get("nb2mod", {})
    if not isinstance(table, Mapping):
        raise ConfigError(f"{path}: [tool.nb2mod] must be a table")
    settings = settings_from_mapping(table, path)
    if settings.python and _is_relative_path(settings.python):  # from pyproject's folder
        return dataclasses.replace(settings, python=str(Path(path).parent / settings.python))
    return settings


def _is_relative_path(value: str) -> bool:
    """A path with a folder in it that is not absolute (a bare name is looked up on PATH)."""
    has_folder = "/" in value or (os.sep in value) or (os.altsep is not None and os.altsep in value)
    return has_folder and not os.path.isabs(value)


def settings_from_mapping(table: Mapping[str, Any], where: str = "[tool.nb2mod]") -> Settings:
    values: dict[str, Any] = {}
    for section, names in _SECTIONS.items():
        part = table.get(section, {}) if section else table
        if not isinstance(part, Mapping):
            raise ConfigError(f"{where}: [tool.nb2mod.{section}] must be a table")
        prefix = f"tool.nb2mod.{section}." if section else "tool.nb2mod."
        for key, value in part.items():
            if not section and key in _SECTIONS:
                continue
            name = key.replace("-", "_")
            if name not in names:
                raise ConfigError(f"{where}: unknown key '{prefix}{key}'")
            values[name] = _coerce(name, value, f"{prefix}{key}", where)
    return Settings(**values)


def _coerce(name: str, value: Any, key: str, where: str) -> Any:
    default = _FIELDS[name].default
    if name == "per_file_ignores":
        if not isinstance(value, Mapping):
            raise ConfigError(f"{where}: '{key}' must be a table of glob = [codes]")
        return tuple(sorted((str(k), _code_list(v, key, where)) for k, v in value.items()))
    if name in ("select", "ignore"):
        return _code_list(value, key, where)
    if name == "split" and value not in ("headings", "cells", "tags"):
        raise ConfigError(f"{where}: '{key}' must be one of headings, cells, tags")
    if name == "plots" and value not in ("save", "drop"):
        raise ConfigError(f"{where}: '{key}' must be 'save' or 'drop'")
    if name == "seeds" and value not in ("apply", "keep"):
        raise ConfigError(f"{where}: '{key}' must be 'apply' or 'keep'")
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: '{key}' must be true or false")
        return value
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: '{key}' must be a number")
        return type(default)(value)
    if not isinstance(value, str):
        raise ConfigError(f"{where}: '{key}' must be a string")
    return value


def _code_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of rule codes")
    return tuple(v.strip().upper() for v in value)


def toml_reader() -> Any:
    """tomllib (Python 3.11+) or tomli: the same reader for every TOML file nb2mod reads."""
    if sys.version_info >= (3, 11):
        import tomllib as reader
    else:  # pragma: no cover - Python 3.10 only
        import tomli as reader
    return reader


__all__ = ["Settings", "load_settings", "settings_from_pyproject"]
