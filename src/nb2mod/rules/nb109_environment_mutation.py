"""NB109 environment-mutation: `sys.path` edits, `os.chdir`, `os.environ[...] =`, `%env`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, first_column, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis

# Calls that only read the environment are not mutations.
READ_ONLY_CALLS = frozenset(
    {"os.getenv", "os.environ.get", "os.getcwd", "os.getcwdb", "os.environ.copy"}
)


def check(analysis: Analysis) -> Iterator[Finding]:
    for facts in analysis.cells:
        for effect in facts.effects:
            if effect.kind in ("environment", "sys_path") and effect.call not in READ_ONLY_CALLS:
                shown = f"{effect.call}[...] =" if effect.call == "os.environ" else effect.call
                if effect.detail == "assignment" and effect.call == "sys.path":
                    shown = "sys.path ="
                yield Finding(effect.cell, effect.line, effect.col, f"`{shown}`")
        source = analysis.notebook.cells[facts.cell - 1].source
        for magic in facts.magics:
            if (
                magic.kind == "line_magic"
                and magic.name in ("env", "set_env")
                and _sets(magic.args)
            ):
                yield Finding(facts.cell, magic.line, first_column(source, magic.line), "`%env`")


def _sets(args: str) -> bool:
    """``%env NAME=value`` or ``%env NAME value`` set a variable; ``%env [NAME]`` reads."""
    text = args.strip()
    return "=" in text or len(text.split()) > 1


RULE = register(
    Rule(
        code="NB109",
        name="environment-mutation",
        message="{detail} changes the process environment: pass paths and settings explicitly "
        "(install the package instead of editing sys.path)",
        what="Reports `sys.path` edits, `os.chdir`, assignments to `os.environ` and `%env NAME=value`.",
        why="The notebook then depends on where and in which order it was run, and imported as a "
        "module the same code changes the environment of every program that imports it.",
        example='import os, sys\nsys.path.append("../src")\nos.chdir("/data/project")',
        instead="# pip install -e . makes the package importable\n"
        "from project import load\nDATA_DIR = Path(config.data_dir)",
        check=check,
    )
)
