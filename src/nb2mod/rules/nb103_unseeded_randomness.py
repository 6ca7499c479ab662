"""NB103 unseeded-randomness: random numbers drawn with no seed set for that library."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, register, source_lines

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis

SEED_HINTS = {
    "random": "random.seed(...)",
    "numpy": "np.random.default_rng(seed) or np.random.seed(...)",
    "torch": "torch.manual_seed(...)",
    "tensorflow": "tf.random.set_seed(...)",
    "sklearn": "random_state=...",
    "pandas": "random_state=...",
}


def check(analysis: Analysis) -> Iterator[Finding]:
    for use in analysis.randomness:
        source = analysis.notebook.cells[use.cell - 1].source
        if not use.seeded and not passes_generator(source, use.line, use.col):
            hint = SEED_HINTS.get(use.library, "a seed")
            yield Finding(use.cell, use.line, use.col, f"`{use.call}` ({use.library}); use {hint}")


def passes_generator(source: str, line: int, col: int) -> bool:
    """Whether the call at (line, col) passes its own seeded ``generator=`` (PyTorch's way).

    TODO(issue 3): the analyzer should mark such uses ``seeded``; until it does, the call's
    argument text is read here so that a hook does not cry wolf on every ``generator=g``."""
    lines = source_lines(source)
    if not 1 <= line <= len(lines):
        return False
    text, number = lines[line - 1][col - 1 :], line  # read on only to the closing bracket
    while "(" not in text and number < len(lines):
        text, number = text + "\n" + lines[number], number + 1
    start = resume = text.find("(")
    depth = 0
    while start >= 0:
        for index in range(resume, len(text)):
            depth += text[index] in "([{"
            depth -= text[index] in ")]}"
            if depth == 0:
                return re.search(r"\bgenerator\s*=", text[start:index]) is not None
        if number >= len(lines):
            break
        resume, text, number = len(text), text + "\n" + lines[number], number + 1
    return False


RULE = register(
    Rule(
        code="NB103",
        name="unseeded-randomness",
        message="unseeded randomness in {detail} so results can be reproduced",
        what="Reports a call that draws random numbers from a library (random, NumPy, PyTorch, "
        "TensorFlow, scikit-learn estimators without `random_state`) when no earlier cell "
        "seeds that library. Seeds are per library: a NumPy seed does not seed `random`.",
        why="Every run gives different numbers, so results cannot be reproduced, reviewed or "
        "verified against the converted package.",
        example="import numpy as np\nsample = np.random.choice(ids, 100)",
        instead="import numpy as np\nrng = np.random.default_rng(42)\n"
        "sample = rng.choice(ids, 100)",
        check=check,
    )
)
