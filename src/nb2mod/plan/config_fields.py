"""Which literals become Config fields, named how; the fields nb2mod adds (seed, figures)."""

from __future__ import annotations

import dataclasses
import keyword
import math
from collections.abc import Iterable

from nb2mod.analysis.facts import Analysis, ConfigCandidate
from nb2mod.identifiers import snake_identifier, unique_name
from nb2mod.plan.model import ConfigField, Definition
from nb2mod.plan.naming import GENERATED_NAMES
from nb2mod.plan.paths import RESERVED_FIELDS, file_effects, with_path_roles

_CONFIG_TYPES = {"int": "int", "float": "float", "bool": "bool", "str": "str", "path": "str"}
_CONFIG_TYPES["url"] = "str"


def plan_config_fields(
    analysis: Analysis, definitions: Iterable[Definition]
) -> tuple[ConfigField, ...]:
    """Config fields from the analyzer's candidates that live in step code (a path or URL
    used in several places is one field), path fields with their role."""
    inside_defs = definition_lines(analysis, definitions)
    fields: list[ConfigField] = []
    paths: set[str] = set()
    used: set[str] = set(GENERATED_NAMES) | set(keyword.kwlist) | {"replace"} | RESERVED_FIELDS
    for c in analysis.config_candidates:
        kind = _CONFIG_TYPES.get(c.type)
        if kind is None or not _tomlable(c.value) or (c.cell, c.line) in inside_defs:
            continue
        if analysis.module(c.cell) is None:
            continue
        same = next((i for i, f in enumerate(fields) if _same_path(c, f)), None)
        if same is not None:
            merged = fields[same]
            fields[same] = dataclasses.replace(merged, sites=(*merged.sites, (c.cell, c.line)))
            continue
        name = unique_name(snake_identifier(c.name, "value"), used)
        used.add(name)
        fields.append(_field(c, name, kind))
        if c.type == "path":
            paths.add(name)
    return with_path_roles(fields, file_effects(analysis), paths)


def _same_path(candidate: ConfigCandidate, field: ConfigField) -> bool:
    return (
        candidate.type in ("path", "url")
        and field.default == candidate.value
        and field.keyword is None
    )


def _field(c: ConfigCandidate, name: str, kind: str) -> ConfigField:
    return ConfigField(
        name=name,
        type="bool" if isinstance(c.value, bool) else kind,
        default=c.value,
        cell=c.cell,
        line=c.line,
        col=c.col,
        code=c.code or repr(c.value),
        reason=c.reason,
        variable=c.variable,
        keyword=c.keyword,
    )


def generated_field(
    fields: Iterable[ConfigField],
    name: str,
    default: object,
    reason: str,
    template: ConfigField | None = None,
) -> ConfigField:
    """A field nb2mod adds (``seed``, ``figures_dir``), renamed if the notebook has one."""
    name = unique_name(name, {f.name for f in fields})
    if template is not None:
        return dataclasses.replace(template, name=name)
    kind = "int" if isinstance(default, int) else "str"
    return ConfigField(name, kind, default, 0, 0, 0, "", reason)


def _tomlable(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (bool, int, str)) and "\x00" not in str(value)


def definition_lines(analysis: Analysis, definitions: Iterable[Definition]) -> set[tuple[int, int]]:
    """(cell, line) of every line of the lifted definitions."""
    lines: set[tuple[int, int]] = set()
    for d in definitions:
        statement = analysis.statement(d.cell, d.index)
        if statement is not None:
            lines.update((d.cell, n) for n in range(statement.line, statement.end_line + 1))
    return lines
