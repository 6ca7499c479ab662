"""Python identifiers made from free text, and names made unique against those taken."""

from __future__ import annotations

import keyword
import re
from collections.abc import Collection, Iterator

_MAX_WORDS = 6


def snake_identifier(text: str, fallback: str) -> str:
    """An ASCII snake_case identifier from a title: '2. Load the Data!' -> 'load_the_data'
    (at most six words; ``fallback`` when nothing usable is left)."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))
    while words and words[0].isdigit():
        words.pop(0)
    name = "_".join(words[:_MAX_WORDS])
    if not name or not name.isidentifier() or not name.isascii():
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    return name


def name_identifier(text: str) -> str:
    """A lower-case identifier from a name or word (``Learning-Rate`` -> ``learning_rate``);
    a keyword gets a trailing underscore."""
    name = re.sub(r"\W+", "_", text.lower()).strip("_") or "value"
    if name[0].isdigit():
        name = f"v_{name}"
    return f"{name}_" if keyword.iskeyword(name) else name


def unique_name(base: str, taken: Collection[str], first: str | None = None) -> str:
    """``base``, else ``first`` (when given), else ``base_2``, ``base_3``... not in ``taken``."""
    return next(n for n in _candidates(base, first) if n not in taken)


def _candidates(base: str, first: str | None) -> Iterator[str]:
    yield base
    if first is not None:
        yield first
    number = 2
    while True:
        yield f"{base}_{number}"
        number += 1
