"""Configuration of the figures_every_way pipeline: the constants nb2mod lifted from the notebook."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class Config:
    """Every constant of the notebook; defaults are the values the notebook used."""

    # added by nb2mod: the folder relative input paths are read from
    data_dir: str = "."
    # added by nb2mod: the folder figures and the files the notebook wrote go to
    output_dir: str = "outputs"

    def resolve_paths(self) -> Config:
        """This config with each relative input path joined to data_dir and each relative
        output path to output_dir (absolute paths stay as they are); both folders absolute."""
        data_dir = os.path.abspath(os.path.expanduser(self.data_dir))
        output_dir = os.path.abspath(os.path.expanduser(self.output_dir))
        changes = {"data_dir": data_dir, "output_dir": output_dir}
        changes.update({name: _joined(data_dir, getattr(self, name)) for name in INPUT_PATHS})
        changes.update({name: _joined(output_dir, getattr(self, name)) for name in OUTPUT_PATHS})
        return dataclasses.replace(self, **changes)

    def make_output_folders(self) -> None:
        """Create the folder of each output path (the notebook's folders existed already)."""
        for name in OUTPUT_PATHS:
            folder = os.path.dirname(getattr(self, name))
            try:
                os.makedirs(folder or ".", exist_ok=True)
            except OSError as exc:
                reason = exc.strerror or exc
                raise ConfigError(
                    f"config field {name}: cannot create {folder}: {reason}"
                ) from None


# Path fields: inputs resolve against data_dir, the files the notebook wrote against
# output_dir (Config.resolve_paths; run() calls it).
INPUT_PATHS: tuple[str, ...] = ()
OUTPUT_PATHS: tuple[str, ...] = ()


def _joined(folder: str, path: str) -> str:
    return os.path.join(folder, os.path.expanduser(path)) if path else path


class ConfigError(Exception):
    """A config file or override that does not fit Config: names the key."""


def load_config(
    toml_path: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """Config from defaults, then a TOML file, then ``overrides`` (strings are parsed)."""
    values: dict[str, Any] = {}
    if toml_path is not None:
        try:
            with open(toml_path, "rb") as handle:
                values.update(tomllib.load(handle))
        except OSError as exc:
            raise ConfigError(f"{toml_path}: cannot read: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{toml_path}: not valid TOML: {exc}") from None
    values.update(overrides or {})
    types = {f.name: f.type for f in dataclasses.fields(Config)}
    checked = {}
    for key, value in values.items():
        if key not in types:
            raise ConfigError(f"unknown config key {key!r}")
        checked[key] = _coerce(key, value, str(types[key]))
    return Config(**checked)


def _coerce(key: str, value: Any, kind: str) -> Any:
    if isinstance(value, str) and kind != "str":
        try:
            value = {"bool": _boolean, "int": int, "float": float}[kind](value)
        except (KeyError, ValueError):
            raise ConfigError(f"config key {key!r}: {value!r} is not a {kind}") from None
    if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    expected = {"bool": bool, "int": int, "float": float, "str": str}.get(kind, object)
    if not isinstance(value, expected) or (kind == "int" and isinstance(value, bool)):
        raise ConfigError(f"config key {key!r}: {value!r} is not a {kind}")
    return value


def _boolean(text: str) -> bool:
    if text.strip().lower() in ("true", "1", "yes"):
        return True
    if text.strip().lower() in ("false", "0", "no"):
        return False
    raise ValueError(text)
