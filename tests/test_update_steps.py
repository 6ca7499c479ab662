"""Realigning steps before the line merge (before/after triples): base and the user's file are
put in the new conversion's order of top-level definitions, matched by name or by cells."""

from __future__ import annotations

from nb2mod.update.steps import aligned


def lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


HEAD = "import os\n\n\n"
A = 'def load():\n    """Load."""\n    # cell 2\n    return 1\n\n\n'
B = 'def clean():\n    """Clean."""\n    # cell 4\n    return 2\n\n\n'
RUN = "def run():\n    return load(), clean()\n"
THEN = {2: "id:a", 4: "id:b"}


def test_nothing_moved_is_left_to_the_line_merge() -> None:
    base = lines(HEAD + A + B + RUN)
    assert aligned(base, base, base, THEN, THEN) is None
    assert aligned(base, base, lines("def (:\n"), THEN, THEN) is None  # does not parse


def test_moved_steps_are_put_in_the_new_order_with_the_users_lines_inside() -> None:
    mine = A.replace("    return 1\n", "    assert os.sep\n    return 1\n")
    helper = "def my_helper():\n    return 3\n\n\n"  # the user's, right after load
    theirs = lines(HEAD + B.replace("cell 4", "cell 2") + A.replace("cell 2", "cell 4") + RUN)
    now = {2: "id:b", 4: "id:a"}
    result = aligned(
        lines(HEAD + A + B + RUN), lines(HEAD + mine + helper + B + RUN), theirs, THEN, now
    )
    assert result is not None
    base, ours = result
    assert "".join(base) == HEAD + B + A + RUN
    assert "".join(ours) == HEAD + B + mine + helper + RUN


def test_a_renamed_step_is_found_by_its_cells() -> None:
    renamed = A.replace("def load", "def read").replace("cell 2", "cell 4")
    theirs = lines(HEAD + B.replace("cell 4", "cell 2") + renamed + RUN.replace("load", "read"))
    now = {2: "id:b", 4: "id:a"}
    result = aligned(lines(HEAD + A + B + RUN), lines(HEAD + A + B + RUN), theirs, THEN, now)
    assert result is not None and "".join(result[0]) == HEAD + B + A + RUN
    # with other cells (no ids, and the text changed) it is not matched: nothing moves
    other = {2: "text:x", 4: "text:y"}
    assert (
        aligned(lines(HEAD + A + B + RUN), lines(HEAD + A + B + RUN), theirs, THEN, other) is None
    )
