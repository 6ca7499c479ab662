"""NB103 unseeded-randomness: random numbers drawn with no seed set for that library."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, register, source_lines

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis

# The fix, per library: what to call before the first draw, or what to pass.
SEED_HINTS = {
    "random": "call random.seed(…) before the first draw",
    "numpy": "call np.random.seed(…) before the first draw, or draw from np.random.default_rng(…)",
    "torch": "call torch.manual_seed(…) before the first draw",
    "tensorflow": "call tf.random.set_seed(…) before the first draw",
    "sklearn": "pass random_state=… (or call np.random.seed(…) before the first draw)",
    "pandas": "pass random_state=… (or call np.random.seed(…) before the first draw)",
}
_OWN_GENERATOR = "pass it a seed: {call}(…)"


def check(analysis: Analysis) -> Iterator[Finding]:
    for use in analysis.randomness:
        source = analysis.notebook.cells[use.cell - 1].source
        if not use.seeded and not passes_generator(source, use.line, use.col):
            hint = fix_for(use.library, use.call, use.seed_argument)
            yield Finding(use.cell, use.line, use.col, f"`{use.call}` ({use.library}); {hint}")


def fix_for(library: str, call: str, seed_argument: str = "") -> str:
    """The change that seeds the call (the message names it)."""
    if seed_argument == "0" or call.endswith(("default_rng", "RandomState")):
        short = call.replace("numpy.", "np.", 1)
        return _OWN_GENERATOR.format(call=short)
    return SEED_HINTS.get(library, "set a seed before the first draw")


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
        "TensorFlow, scikit-learn estimators and splitters without `random_state`, pandas' "
        "`sample`, `np.random.default_rng()` without a seed) when no earlier cell seeds that "
        "library. Seeds are per library: a NumPy seed does not seed `random`, nor a generator "
        "made by `np.random.default_rng()`. The message names the fix: `random_state=…` for a "
        "call that takes one, `np.random.seed(…)` (or `random.seed`, `torch.manual_seed`, "
        "`tf.random.set_seed`) before the first draw, or a seed for `default_rng(…)`.",
        why="Every run gives different numbers, so results cannot be reproduced, reviewed or "
        "verified against the converted package.",
        example="import numpy as np\nfrom sklearn.model_selection import train_test_split\n"
        "sample = np.random.choice(ids, 100)\ntrain, test = train_test_split(frame)",
        instead="import numpy as np\nfrom sklearn.model_selection import train_test_split\n"
        "np.random.seed(42)  # before the first draw\nsample = np.random.choice(ids, 100)\n"
        "train, test = train_test_split(frame, random_state=42)",
        check=check,
    )
)
