"""Render config.py (a frozen Config dataclass and load_config) and config.toml (defaults)."""

from __future__ import annotations

import json
import textwrap

from nb2mod.codegen.black_style import bracketed, literal, string
from nb2mod.codegen.chunks import Chunk, styled
from nb2mod.plan.model import ConfigField, Plan

_METHODS = '''
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
'''

_JOINED = """

def _joined(folder: str, path: str) -> str:
    return os.path.join(folder, os.path.expanduser(path)) if path else path
"""

_SECRET = '''

def _secret(variable: str) -> str:
    """A secret the notebook hard-coded, from the environment variable that now holds it."""
    try:
        return os.environ[variable]
    except KeyError:
        raise ConfigError(
            f"environment variable {variable} is not set: it holds a secret the notebook "
            "hard-coded (see CONVERSION.md)"
        ) from None
'''

_LOADER = '''

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
'''


def render_config(plan: Plan) -> Chunk:
    """config.py: every extracted constant as a typed field with the notebook's value, in
    black's style (a value it cannot write exactly leaves the file to black)."""
    lines = [
        f'"""Configuration of the {plan.package} pipeline: the constants nb2mod lifted from '
        'the notebook."""',
        "",
        "from __future__ import annotations",
        "",
        "import dataclasses",
        "import os",
        "import sys",
        "from collections.abc import Mapping",
        "from dataclasses import dataclass",
        "from typing import Any",
        "",
        "if sys.version_info >= (3, 11):",
        "    import tomllib",
        "else:  # pragma: no cover",
        "    import tomli as tomllib",
        "",
        "",
        "@dataclass(frozen=True)",
        "class Config:",
        *_docstring(plan),
        "",
    ]
    exact = True
    for f in plan.config_fields:
        origin, default = _origin(f), _default(f)
        exact = exact and default is not None and _plain_comment(origin)
        lines.append(f"    # {origin}")
        lines.append(f"    {f.name}: {f.type} = {default or python_value(f.default)}")
    lines.append(_METHODS)
    tables, laid_out = _path_tables(plan)
    lines += tables
    secrets = _SECRET if any(f.env for f in plan.config_fields) else ""
    text = "\n".join(lines) + "\n" + _JOINED + secrets + _LOADER
    return styled(text, exact and laid_out)


def _plain_comment(text: str) -> bool:
    """Comment text black leaves as it is."""
    return text.isprintable() and text == text.strip()


def _docstring(plan: Plan) -> list[str]:
    first = "Every constant of the notebook; defaults are the values the notebook used."
    variables = [f.env for f in plan.config_fields if f.env]
    if not variables:
        return [f'    """{first}"""']
    text = (
        "The secrets the notebook hard-coded have no default: each is read from its "
        f"environment variable ({', '.join(variables)}) when a Config is made, and an unset "
        "one is a ConfigError naming it. They are left out of repr()."
    )
    wrapped = textwrap.wrap(text, width=92, break_on_hyphens=False)
    return [f'    """{first}', "", *(f"    {line}" for line in wrapped), '    """']


def _default(f: ConfigField) -> str | None:
    if f.env:
        return f"dataclasses.field(default_factory=lambda: _secret({string(f.env)}), repr=False)"
    return literal(f.default)


def _path_tables(plan: Plan) -> tuple[list[str], bool]:
    """The path fields by role: what resolve_paths joins to data_dir and to output_dir, and
    whether they are laid out as black would (if not, black lays them out)."""
    lines = [
        "",
        "# Path fields: inputs resolve against data_dir, the files the notebook wrote against",
        "# output_dir (Config.resolve_paths; run() calls it).",
    ]
    laid_out = True
    for head, role in (("INPUT_PATHS", "input"), ("OUTPUT_PATHS", "output")):
        names = [string(f.name) for f in plan.config_fields if f.path == role]
        table = bracketed(f"{head}: tuple[str, ...] = (", names, ")")
        laid_out = laid_out and table is not None
        single = "," if len(names) == 1 else ""
        lines += table or [f"{head}: tuple[str, ...] = ({', '.join(names)}{single})"]
    return lines, laid_out


def render_toml(plan: Plan) -> str:
    """config.toml: the defaults, each commented with the cell it came from."""
    lines = [
        f"# Configuration for {plan.package}; run with: python -m {plan.package} --config config.toml",
        "",
    ]
    for f in plan.config_fields:
        lines.append(f"# {_origin(f)}")
        if f.env:
            lines.append(f"# {f.name}: not here, set the environment variable {f.env}")
        else:
            lines.append(f"{f.name} = {toml_value(f.default)}")
    return "\n".join(lines) + "\n"


def _origin(f: ConfigField) -> str:
    where = f"cell {f.cell}, line {f.line}" if f.cell else "added by nb2mod"
    role = {"input": " (read from data_dir)", "output": " (written below output_dir)"}
    env = f"; read from the environment variable {f.env}" if f.env else ""
    return f"{where}: {f.reason}{role.get(f.path or '', '')}{env}".replace("\n", " ")


def python_value(value: object) -> str:
    return repr(value)


def toml_value(value: object) -> str:
    """A TOML literal: strings as basic strings (JSON escapes are TOML escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
