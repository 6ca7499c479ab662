"""``lint --fix``: the two fixes that are safe without running code, as surgical edits of the
notebook's JSON text.

- NB110: the error outputs (tracebacks) of a reported cell are removed; its other outputs
  (text printed before the error, say) stay.
- NB102's second form: every stored execution count is cleared (``null``, shown as ``[ ]``),
  in the cells and in their result outputs (nbformat v3 requires a number in a result, so
  there only the cells' prompt numbers are cleared). Clearing, not renumbering: numbers 1, 2, 3...
  would claim a top-to-bottom run that never happened, next to outputs that came from the
  out-of-order one; and which counts are "the" out-of-order ones has no single answer.

nbformat's writer would re-indent the file, sort its keys and change its last newline, so
the edits are made in the text itself at the spans the standard JSON parser reports
(``notebook_json``): every other byte stays as it was. Each result is checked before it is
written: it decodes to exactly the original notebook with those changes made on the decoded
data, and nbformat still validates it when it validated before. Code is never changed.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from nb2mod.errors import NotebookError
from nb2mod.notebook_json import CellLayout, NotebookLayout, notebook_layout

FixKind = Literal["error-output", "execution-count"]
ERROR_TYPES = frozenset({"error", "pyerr"})  # nbformat v4, v3


class UnsafeFixError(NotebookError):
    """The edited text did not check out; nothing was written."""


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str
    kind: FixKind


@dataclass(frozen=True)
class Fixed:
    """A fixed notebook text and the edits that made it."""

    text: str
    edits: tuple[Edit, ...]

    @property
    def changed(self) -> bool:
        return bool(self.edits)


def fix_text(text: str, path: str, error_cells: Iterable[int], clear_counts: bool) -> Fixed:
    """Remove the error outputs of ``error_cells`` and (``clear_counts``) clear every stored
    execution count in notebook JSON ``text``; UnsafeFixError if the result does not check."""
    try:
        layout = notebook_layout(text)
    except ValueError as exc:
        raise UnsafeFixError(path, f"cannot fix: {exc}") from None
    edits = plan_edits(layout, set(error_cells), clear_counts)
    fixed = apply_edits(text, edits)
    if edits:
        check_fixed(text, fixed, path, set(error_cells), clear_counts)
    return Fixed(fixed, edits)


def plan_edits(
    layout: NotebookLayout, error_cells: set[int], clear_counts: bool
) -> tuple[Edit, ...]:
    edits: list[Edit] = []
    for cell in layout.cells:
        dropped = _dropped(cell) if cell.index in error_cells else set()
        edits.extend(_drop_outputs(cell, dropped))
        if clear_counts:
            edits.extend(_clear_counts(layout.text, cell, dropped, layout.major >= 4))
    return tuple(sorted(edits))


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with the (sorted, disjoint) edits made."""
    parts = []
    at = 0
    for edit in edits:
        parts.append(text[at : edit.start])
        parts.append(edit.replacement)
        at = edit.end
    parts.append(text[at:])
    return "".join(parts)


def _dropped(cell: CellLayout) -> set[int]:
    return {i for i, output in enumerate(cell.output_items) if output.output_type in ERROR_TYPES}


def _drop_outputs(cell: CellLayout, dropped: set[int]) -> list[Edit]:
    """Edits that remove the ``dropped`` items of the outputs array with their separators."""
    items = cell.output_items
    if not dropped or cell.outputs is None:
        return []
    if len(dropped) == len(items):
        return [Edit(*cell.outputs, "[]", "error-output")]
    kept_after = [
        any(j not in dropped for j in range(i + 1, len(items))) for i in range(len(items))
    ]
    edits = []
    for i in sorted(dropped):
        if kept_after[i]:  # the item and the separator after it, up to the next item
            edits.append(Edit(items[i].span[0], items[i + 1].span[0], "", "error-output"))
    tail = [i for i in dropped if not kept_after[i]]
    if tail:  # a run at the end: from the end of the last kept item
        first = min(tail)
        edits.append(Edit(items[first - 1].span[1], items[-1].span[1], "", "error-output"))
    return _merged(edits)


def _merged(edits: list[Edit]) -> list[Edit]:
    """Adjacent deletions become one edit (consecutive dropped items)."""
    out: list[Edit] = []
    for edit in sorted(edits):
        if out and out[-1].end == edit.start:
            out[-1] = Edit(out[-1].start, edit.end, "", edit.kind)
        else:
            out.append(edit)
    return out


def _clear_counts(text: str, cell: CellLayout, dropped: set[int], results: bool) -> list[Edit]:
    """The cell's count and (``results``: nbformat v4) its results' counts: v3 requires a
    number in a ``pyout`` output, so there only the cell's own prompt number is cleared."""
    spans = [cell.count]
    if results:
        spans += [o.count for i, o in enumerate(cell.output_items) if i not in dropped]
    return [
        Edit(start, end, "null", "execution-count")
        for start, end in (s for s in spans if s is not None)
        if text[start:end] != "null"
    ]


# --- the check before writing ----------------------------------------------------------------


def check_fixed(old: str, new: str, path: str, error_cells: set[int], clear_counts: bool) -> None:
    """The new text must decode to the old notebook with exactly the fixes made on the
    decoded data, and validate with nbformat whenever the old one did."""
    try:
        decoded = json.loads(new)
    except ValueError as exc:
        raise UnsafeFixError(path, f"fix would break the JSON ({exc}); nothing written") from None
    if decoded != expected_data(json.loads(old), error_cells, clear_counts):
        raise UnsafeFixError(path, "fix would change more than intended; nothing written")
    if _validates(old) and not _validates(new):
        raise UnsafeFixError(path, "fix would break the nbformat schema; nothing written")


def expected_data(data: Any, error_cells: set[int], clear_counts: bool) -> Any:
    """What the fixed notebook must decode to, made on the decoded data."""
    v3 = data.get("nbformat", 4) < 4
    key = "prompt_number" if v3 else "execution_count"
    cells = (
        [c for sheet in data.get("worksheets") or [] for c in sheet.get("cells") or []]
        if v3
        else data.get("cells") or []
    )
    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        outputs = cell.get("outputs")
        if index in error_cells and isinstance(outputs, list):
            outputs[:] = [o for o in outputs if not _is_error(o)]
        if clear_counts:
            _clear(cell, key)
            for output in outputs if isinstance(outputs, list) and not v3 else []:
                if isinstance(output, dict):
                    _clear(output, key)
    return data


def _is_error(output: Any) -> bool:
    return isinstance(output, dict) and output.get("output_type") in ERROR_TYPES


def _clear(node: dict[str, Any], key: str) -> None:
    if key in node:
        node[key] = None


def _validates(text: str) -> bool:
    import warnings

    import nbformat

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nbformat.validate(nbformat.reads(text, as_version=nbformat.NO_CONVERT))
    except Exception:  # any failure to read or validate counts as "does not validate"
        return False
    return True


# --- the edge: read, fix, write in place -----------------------------------------------------


def fix_file(path: str, error_cells: Iterable[int], clear_counts: bool) -> Fixed:
    """Fix the notebook file ``path`` in place (its real file when it is a symlink), written
    atomically with its permissions kept; nothing is written when nothing changes."""
    from nb2mod.notebook import read_text

    text = read_text(path)
    fixed = fix_text(text, path, error_cells, clear_counts)
    if fixed.changed:
        _replace(os.path.realpath(path), fixed.text, _has_bom(path))
    return fixed


def _has_bom(path: str) -> bool:
    with open(path, "rb") as handle:
        return handle.read(3) == b"\xef\xbb\xbf"


def _replace(target: str, text: str, bom: bool) -> None:
    folder = os.path.dirname(target) or "."
    handle, temporary = tempfile.mkstemp(prefix=".nb2mod-fix-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, os.stat(target).st_mode & 0o7777)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


__all__ = [
    "ERROR_TYPES",
    "Edit",
    "Fixed",
    "UnsafeFixError",
    "apply_edits",
    "expected_data",
    "fix_file",
    "fix_text",
    "plan_edits",
]
