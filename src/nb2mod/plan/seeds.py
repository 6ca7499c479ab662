"""Seeding decisions: which generator libraries run() seeds, with which Config field."""

from __future__ import annotations

from collections.abc import Iterable

from nb2mod.analysis.facts import Analysis
from nb2mod.plan.config_fields import definition_lines, generated_field
from nb2mod.plan.model import ConfigField, Definition, SeedsMode
from nb2mod.plan.random_sites import GLOBAL_GENERATORS, needs_numpy

SEEDED_LIBRARIES = GLOBAL_GENERATORS


def seed_libraries(analysis: Analysis, mode: SeedsMode = "apply") -> tuple[str, ...]:
    """The generator libraries set_seeds() seeds: those the notebook seeds or draws from
    (scikit-learn and pandas without random_state draw from NumPy's); none with keep."""
    if mode == "keep":
        return ()
    used = {s.library for s in analysis.seeds} | {r.library for r in analysis.randomness}
    if needs_numpy(analysis):
        used.add("numpy")
    return tuple(lib for lib in SEEDED_LIBRARIES if lib in used)


def seed_default(analysis: Analysis) -> int:
    for seed in analysis.seeds:
        if seed.value is not None and seed.value.strip().isdigit():
            return int(seed.value)
    return 0


def with_seed_field(
    analysis: Analysis,
    fields: tuple[ConfigField, ...],
    wanted: bool,
    definitions: Iterable[Definition],
) -> tuple[tuple[ConfigField, ...], str]:
    """The Config field set_seeds() and the calls given a seed use (``wanted``: some do): the
    notebook's own seed literal when it is one."""
    if not wanted:
        return fields, "seed"
    for seed in analysis.seeds:
        for f in fields:
            if (f.cell, f.line) == (seed.cell, seed.line) and f.type == "int":
                return fields, f.name
            if f.type == "int" and f.variable and seed.value == f.variable:
                return fields, f.name  # np.random.seed(SEED) with SEED = 42 lifted into Config
    inside = definition_lines(analysis, definitions)
    seeds = [s for s in analysis.seeds if (s.cell, s.line) not in inside]
    first = seeds[0] if seeds else None
    default = seed_default(analysis)
    where = (first.cell, first.line, first.col) if first else (0, 0, 0)
    field = ConfigField("seed", "int", default, *where, str(default), "random seed")
    if first is None or first.value is None or not first.value.strip().isdigit():
        field = ConfigField("seed", "int", default, 0, 0, 0, "", "random seed (none set)")
    field = generated_field(fields, "seed", default, field.reason, field)
    return (*fields, field), field.name
