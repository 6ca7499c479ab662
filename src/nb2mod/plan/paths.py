"""Paths: which Config fields are input or output paths, and the data and output folders.

A relative input path resolves against ``Config.data_dir`` (default: the current folder) and a
relative output path against ``Config.output_dir`` (default ``outputs``). A path is an output
when the first file call that is given it (in notebook order) writes, or when it names a file
an earlier call wrote under another name (``np.save("a", x)`` writes ``a.npy``, so a later
``np.load("a.npy")`` reads an output); every other path field is an input, so that a path the
notebook only builds on (``DATA_DIR``) is read from data_dir.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from nb2mod.analysis.facts import Analysis, Effect
from nb2mod.plan.model import ConfigField, PathRole

DATA_DIR = "data_dir"
OUTPUT_DIR = "output_dir"
# Config fields nb2mod always adds (the CLI's --data-dir and --output-dir set them), and the
# Config methods a notebook field must not be called.
RESERVED_FIELDS = frozenset({DATA_DIR, OUTPUT_DIR, "resolve_paths", "make_output_folders"})
FIGURES_FOLDER = "figures"  # below output_dir
_FILE_KINDS = ("file_read", "file_write")
# Writers that add a suffix to a path given without it.
_ADDED_SUFFIX = {
    "numpy.save": ".npy",
    "numpy.savez": ".npz",
    "numpy.savez_compressed": ".npz",
}


def file_effects(analysis: Analysis) -> list[Effect]:
    """File reads and writes at cell level in notebook order, then those in functions."""
    effects = [e for c in analysis.cells for e in c.effects if e.kind in _FILE_KINDS]
    effects += [e for f in analysis.functions for e in f.effects if e.kind in _FILE_KINDS]
    return effects


def with_path_roles(
    fields: Sequence[ConfigField], effects: Sequence[Effect], path_fields: Iterable[str]
) -> tuple[ConfigField, ...]:
    """``fields`` with each path field's role; ``path_fields`` are those the analysis typed
    as paths (a string constant a file call is given by name is one too)."""
    paths = set(path_fields)
    out = []
    for f in fields:
        role = _role(f, effects)
        if role is None and f.name in paths:
            role = "input"
        out.append(dataclasses.replace(f, path=role) if role else f)
    return tuple(out)


def _role(field: ConfigField, effects: Sequence[Effect]) -> PathRole | None:
    if field.type != "str":
        return None
    for index, effect in enumerate(effects):
        if is_given(field, effect):
            written = effect.kind == "file_write"
            return "output" if written or _written_before(field, effects[:index]) else "input"
    return None


def _written_before(field: ConfigField, effects: Sequence[Effect]) -> bool:
    """An earlier call wrote the field's file under a name without its suffix."""
    return any(
        e.kind == "file_write" and e.path is not None and written_file(e) == field.default
        for e in effects
    )


def written_file(effect: Effect) -> str | None:
    """The file a write creates: its path, with the suffix ``np.save`` and the like add."""
    suffix = _ADDED_SUFFIX.get(effect.call, "")
    if effect.path is None or effect.path.endswith(suffix):
        return effect.path
    return effect.path + suffix


def is_given(field: ConfigField, effect: Effect) -> bool:
    """The file call ``effect`` is given the field's path, as a literal or by its name."""
    if effect.path is not None:
        return effect.path == field.default
    return field.variable is not None and effect.path_name == field.variable


def folder_fields() -> tuple[ConfigField, ...]:
    """The two folders every Config has: data_dir and output_dir."""
    return (
        ConfigField(
            DATA_DIR, "str", ".", 0, 0, 0, "", "the folder relative input paths are read from"
        ),
        ConfigField(
            OUTPUT_DIR,
            "str",
            "outputs",
            0,
            0,
            0,
            "",
            "the folder figures and the files the notebook wrote go to",
        ),
    )


def read_field(
    fields: Sequence[ConfigField], effect: Effect
) -> tuple[ConfigField | None, str | None]:
    """The path field a read is given (and the notebook name holding it, when by name)."""
    for f in fields:
        if f.path is not None and is_given(f, effect):
            return f, (effect.path_name if effect.path is None else None)
    return None, None
