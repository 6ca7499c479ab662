"""The tests/fixtures/README.md of ``convert --capture``: every fixture file with the type,
shape and notebook cell of the value it holds, and how it is stored."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from nb2mod.capture import StepCapture
from nb2mod.plan.model import Plan

_FORMATS = {
    "json": "JSON, in `values.json`",
    "scalar": "numpy scalar, in `values.json`",
    "array": "JSON array (dtype, shape, values)",
    "csv": "CSV plus dtypes sidecar",
    "pickle": "pickle (base64): no readable form gives it back exactly",
}


def render_fixtures_readme(
    plan: Plan, captured: Sequence[StepCapture], code_cells: Collection[int]
) -> str:
    """The README that lists each captured step's values, one table per step; cells are
    numbered as in CONVERSION.md (``code_cells``: the notebook's code cells)."""
    lines = [
        "# Test fixtures",
        "",
        "`nb2mod convert --capture` ran the notebook once and stored, for each step below,",
        "the values it read (inputs, as they were before its first cell ran) and the values it",
        "bound (outputs, after its last cell), and the global random state it started with",
        "(`random.json`). The characterization tests in `tests/` call the step on the inputs",
        "and compare its outputs with these. Each value is stored readably when that gives it",
        "back exactly (checked when it was written): JSON for plain values, a JSON array file",
        "for numpy arrays, CSV plus a `.dtypes.json` sidecar (index, column names, dtypes) for",
        "pandas frames and series; otherwise as a pickle.",
    ]
    cells = {step.name: [i for i in step.cells if i in code_cells] for step in plan.steps}
    for c in captured:
        if not c.fixture:
            continue
        first, last = min(cells[c.step]), max(cells[c.step])
        span = f"cell {first}" if first == last else f"cells {first}-{last}"
        lines += ["", f"## `{c.step}/` ({span})", ""]
        sample = ", ".join(f"the first {k} of {h} rows of `{n}`" for n, h, k in c.sampled)
        if sample:
            lines += [f"Tested on a sample ({sample}): the outputs are the step's on it.", ""]
        lines += ["| value | type | shape | from | stored as | file |", "|---|---|---|---|---|---|"]
        for part in ("inputs", "outputs"):
            where = f"before cell {first}" if part == "inputs" else f"after cell {last}"
            for name, entry in c.values()[part].items():
                lines.append(_row(name, part, where, entry))
        if c.figures:
            lines += ["", _figures_line(c.figures, span)]
        if c.printed:
            lines += ["", _printed_line(c.printed, span)]
    return "\n".join(lines) + "\n"


def _figures_line(count: int, span: str) -> str:
    figures = "1 figure" if count == 1 else f"{count} figures"
    return (
        f"`values.json` also holds a digest of the {figures} the step showed ({span}): its size"
        " and a hash of its pixels at 40 dpi. The test compares the figures the step saves with"
        " them, in order."
    )


def _printed_line(count: int, span: str) -> str:
    lines = "1 line" if count == 1 else f"{count} lines"
    return (
        f"`printed.txt` holds the {lines} the step printed ({span}), with memory addresses and"
        " the numbers of lines that look like times or durations left out. The test checks that"
        " each line the step logs in their place ends one of these lines, in order."
    )


def _row(name: str, part: str, where: str, entry: dict[str, object]) -> str:
    kind = next(key for key in _FORMATS if key in entry)
    file = entry.get(kind) if kind in ("array", "csv", "pickle") else "values.json"
    if kind == "csv":
        file = f"{file}, {entry['dtypes']}"
    shape = entry.get("shape")
    shown = "" if shape is None else " x ".join(str(n) for n in shape)  # type: ignore[attr-defined]
    label = "input" if part == "inputs" else "output"
    return (
        f"| `{name}` ({label}) | `{entry.get('type')}` | {shown} | {where} "
        f"| {_FORMATS[kind]} | `{file}` |"
    )


__all__ = ["render_fixtures_readme"]
