"""What each magic, shell escape and help request becomes in the package (DESIGN 5)."""

from __future__ import annotations

import re
import shlex

from nb2mod.ipython_syntax import Magic
from nb2mod.plan.model import MagicPlan

DROPPED_LINE_MAGICS = frozenset(
    "matplotlib load_ext reload_ext unload_ext autoreload aimport config pylab precision "
    "xmode colors who whos who_ls lsmagic magic quickref pdb autocall automagic doctest_mode "
    "pinfo pinfo2 psearch pprint history hist notebook".split()
)
TIMED = frozenset({"time", "timeit"})
WRITEFILE = frozenset({"writefile", "file"})
CAPTURE = frozenset({"capture", "prun", "memit", "snakeviz", "debug"})
_INSTALLERS = re.compile(r"^\s*(?:python\s+-m\s+)?(pip3?|conda|mamba)\s+install\b(?P<rest>.*)$")


def plan_magic(magic: Magic) -> MagicPlan:
    """The action for one magic; the detail is what codegen needs (a package list, a path)."""
    where = (magic.cell, magic.line)
    if magic.kind == "help":
        return MagicPlan(*where, magic.name, "drop", "help request")
    if magic.kind in ("shell", "shell_assign"):
        return _shell(magic)
    if magic.name in ("pip", "conda", "mamba") and magic.args.strip().startswith("install"):
        return _install(magic, f"{magic.name} {magic.args}")
    if magic.kind == "magic_assign":
        return MagicPlan(*where, magic.name, "todo", f"%{magic.name} result assigned")
    if magic.kind == "line_magic" and magic.name == "pylab":
        why = "its imports become explicit (numpy as np, pyplot as plt, the pylab names read)"
        return MagicPlan(*where, magic.name, "drop", why)
    if magic.kind == "line_magic" and magic.name in DROPPED_LINE_MAGICS:
        return MagicPlan(*where, magic.name, "drop", "notebook display/reload setting")
    if magic.name in TIMED:
        return MagicPlan(*where, magic.name, "timed", timed_statement(magic.args))
    if magic.kind == "cell_magic" and magic.name in WRITEFILE:
        return MagicPlan(*where, magic.name, "writefile", magic.args.strip())
    if magic.kind == "cell_magic" and magic.name in CAPTURE:
        return MagicPlan(*where, magic.name, "drop", "its body is kept as code")
    if magic.name == "run":
        return MagicPlan(*where, magic.name, "run_todo", magic.args.strip())
    return MagicPlan(*where, magic.name, "todo", "no module equivalent")


def _shell(magic: Magic) -> MagicPlan:
    if magic.kind == "shell" and _INSTALLERS.match(magic.args):
        return _install(magic, magic.args)
    return MagicPlan(magic.cell, magic.line, "!", "todo", "shell command")


def _install(magic: Magic, command: str) -> MagicPlan:
    match = _INSTALLERS.match(command)
    packages = install_packages(match["rest"]) if match else ()
    return MagicPlan(magic.cell, magic.line, magic.name, "requirement", " ".join(packages))


def install_packages(arguments: str) -> tuple[str, ...]:
    """Requirement specifiers from ``pip install`` arguments (options and files skipped)."""
    try:
        words = shlex.split(arguments)
    except ValueError:
        words = arguments.split()
    out, skip = [], False
    for word in words:
        if skip:
            skip = False
            continue
        if word in ("-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "-e"):
            skip = True
            continue
        if word.startswith("-") or "$" in word or "{" in word or "/" in word:
            continue
        out.append(word)
    return tuple(out)


def timed_statement(args: str) -> str:
    """The statement of ``%timeit -n 10 f(x)``: the arguments after the options."""
    words = args.split()
    index = 0
    while index < len(words) and words[index].startswith("-"):
        index += 2 if words[index] in ("-n", "-r", "-p") else 1
    return " ".join(words[index:]).strip()
