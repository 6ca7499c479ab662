"""The update history: which notebook cells changed, and CONVERSION.md's history section.

The entries live in the manifest; the section is rendered from them, newest first, so that a
new entry goes right below the heading and never meets notes the user added at the end."""

from __future__ import annotations

import difflib
import os
import time
from collections.abc import Mapping, Sequence

from nb2mod.update.manifest import HistoryEntry, NotebookRecord

HEADING = "## Update history"
NONE_YET = (
    "None yet. Each `nb2mod convert NOTEBOOK --out DIR --update` that changes something adds "
    "a line here."
)
OUTCOMES = (  # the file outcomes an entry names, in this order, and how it says them
    ("replaced", "updated (you had not edited them)"),
    ("merged", "merged with your edits"),
    ("conflict", "conflicts to resolve"),
    ("added", "added"),
    ("removed", "removed (no longer generated)"),
    ("kept-deleted", "left deleted, as you deleted them"),
    ("kept-edited", "no longer generated, kept with your edits"),
)


def update_time() -> str:
    """Now in UTC, to the minute (``SOURCE_DATE_EPOCH``, when set, stands for now)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(seconds))


def cell_changes(then: NotebookRecord, now: NotebookRecord) -> dict[str, tuple[int, ...]]:
    """Cells changed or added (numbered as in the notebook now) and removed (as then)."""
    before = [c.digest for c in then.cells]
    after = [c.digest for c in now.cells]
    changed: list[int] = []
    added: list[int] = []
    removed: list[int] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            changed.extend(now.cells[j].index for j in range(j1, j2))
        elif tag != "equal":
            added.extend(now.cells[j].index for j in range(j1, j2))
            removed.extend(then.cells[i].index for i in range(i1, i2))
    return {"changed": tuple(changed), "added": tuple(added), "removed": tuple(removed)}


def render_history(entries: Sequence[HistoryEntry]) -> str:
    """The body of the history section (after its heading), newest entry first."""
    if not entries:
        return NONE_YET + "\n"
    return "".join(f"- {_entry_line(entry)}\n" for entry in reversed(entries))


def _entry_line(entry: HistoryEntry) -> str:
    parts = [_cells_text(entry.cells)]
    for outcome, said in OUTCOMES:
        paths = entry.files.get(outcome, ())
        if paths:
            parts.append(f"{said}: " + ", ".join(f"`{p}`" for p in paths))
    return f"{entry.when}: " + "; ".join(parts) + "."


def _cells_text(cells: Mapping[str, Sequence[int]]) -> str:
    said = [
        f"{_numbers(cells[kind])} {kind}"
        for kind in ("changed", "added", "removed")
        if cells.get(kind)
    ]
    return "notebook " + ", ".join(said) if said else "no notebook cell changed"


def _numbers(numbers: Sequence[int]) -> str:
    word = "cell" if len(numbers) == 1 else "cells"
    return f"{word} " + ", ".join(str(n) for n in numbers)


def with_history(report: str, entries: Sequence[HistoryEntry]) -> str:
    """CONVERSION.md text with its history section saying ``entries`` (the section is
    added at the end when the report has none)."""
    lines = report.split("\n")
    body = render_history(entries)
    if HEADING not in lines:
        return report.rstrip("\n") + f"\n\n{HEADING}\n\n{body}"
    start = lines.index(HEADING)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    tail = "\n".join(lines[end:])
    section = f"{HEADING}\n\n{body}" + ("\n" + tail if tail else "")
    head = "\n".join(lines[:start]) + "\n" if start else ""
    return head + section
