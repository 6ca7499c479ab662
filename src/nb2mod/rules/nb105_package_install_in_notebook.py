"""NB105 package-install-in-notebook: `%pip install`, `%conda install`, `!pip install`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, first_column, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis

_INSTALLERS = frozenset({"pip", "pip3", "conda", "mamba", "micromamba"})
_SHELL_INSTALL = re.compile(
    r"(?:^|[;&|(]\s*)(?:sudo\s+)?(?:\S+\s+-m\s+)?"
    r"(?P<tool>pip3?|conda|mamba|micromamba|uv\s+pip)\s+install\b"
)


def check(analysis: Analysis) -> Iterator[Finding]:
    for facts in analysis.cells:
        source = analysis.notebook.cells[facts.cell - 1].source
        for magic in facts.magics:
            tool = _installer(magic.kind, magic.name, magic.args)
            if tool is not None:
                yield Finding(facts.cell, magic.line, first_column(source, magic.line), tool)


def _installer(kind: str, name: str, args: str) -> str | None:
    """The install command a magic or shell escape runs, or None when it installs nothing."""
    if kind == "line_magic" and name in _INSTALLERS:
        words = args.split()
        return f"%{name} install" if words[:1] == ["install"] else None
    if kind in ("shell", "shell_assign"):
        match = _SHELL_INSTALL.search(args.strip())
        return f"!{' '.join(match['tool'].split())} install" if match else None
    return None


RULE = register(
    Rule(
        code="NB105",
        name="package-install-in-notebook",
        message="`{detail}` in a notebook: declare the package in requirements or pyproject "
        "dependencies instead",
        what="Reports `%pip install`, `%conda install` and shell escapes such as "
        "`!pip install` or `!python -m pip install`.",
        why="Installing packages while the code runs makes the environment depend on the order "
        "cells were run in, changes it for everyone sharing the kernel, and cannot be "
        "reproduced or pinned. A module cannot install its own dependencies.",
        example="%pip install lightgbm==4.3.0\nimport lightgbm",
        instead="# requirements.txt: lightgbm==4.3.0\nimport lightgbm",
        check=check,
    )
)
