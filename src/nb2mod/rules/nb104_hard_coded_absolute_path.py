"""NB104 hard-coded-absolute-path: an absolute or user-home path literal."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis

_WINDOWS = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\[^\\])")
_DEVICES = ("/dev/", "/proc/")


def check(analysis: Analysis) -> Iterator[Finding]:
    seen: set[tuple[int, int, int]] = set()
    for where, text in _path_literals(analysis):
        kind = path_kind(text)
        if kind is not None and where not in seen:
            seen.add(where)
            yield Finding(*where, kind)


def _path_literals(analysis: Analysis) -> Iterator[tuple[tuple[int, int, int], str]]:
    """Path literals the analyzer found: path config candidates and literal effect paths."""
    for candidate in analysis.config_candidates:
        value = candidate.value
        if candidate.type == "path" and isinstance(value, str) and _file_like(value):
            yield (candidate.cell, candidate.line, candidate.col), value
    for facts in analysis.cells:
        for effect in facts.effects:
            if effect.path and effect.kind in ("file_read", "file_write"):
                yield (effect.cell, effect.line, effect.col), effect.path


def _file_like(text: str) -> bool:
    """A literal only guessed to be a path must look like one: two parts or an extension
    (``/data`` alone, or a device name such as ``/gpu:0``, is not enough)."""
    parts = [p for p in re.split(r"[\\/]", text.strip()) if p]
    return len(parts) >= 2 or bool(re.search(r"\.[A-Za-z0-9]{1,5}$", text.strip()))


def path_kind(text: str) -> str | None:
    """'absolute' or 'user-home' for such a path literal, else None (URLs, relative paths)."""
    text = text.strip()
    if "\n" in text or "://" in text or len(text) < 2:
        return None
    if text == "~" or text.startswith(("~/", "~\\")) or re.match(r"^~\w+[\\/]", text):
        return "user-home"
    if text.startswith("/") and not text.startswith(("//", *_DEVICES)):
        return None if ":" in text else "absolute"  # '/cpu:0', '/job:worker/task:0' are devices
    return "absolute" if _WINDOWS.match(text) else None


RULE = register(
    Rule(
        code="NB104",
        name="hard-coded-absolute-path",
        message="{detail} path literal: make it a setting (config or parameter) relative to a "
        "data folder",
        what="Reports a string literal that is an absolute path (`/home/ana/data.csv`, "
        "`C:\\\\data`) or starts at a user's home (`~/data`), when it is given to a file "
        "function or is a path the analyzer would lift into Config.",
        why="The path exists only on the machine where the notebook was written: on a "
        "colleague's laptop, in CI or in production the code fails, and the path may reveal "
        "user names.",
        example='df = pd.read_csv("/home/ana/projects/churn/data/train.csv")',
        instead='DATA_DIR = Path(os.environ.get("CHURN_DATA", "data"))\n'
        'df = pd.read_csv(DATA_DIR / "train.csv")',
        check=check,
    )
)
