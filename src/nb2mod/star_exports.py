"""What ``from M import *`` binds: the public names of installed modules, read in a child Python.

The only place conversion imports anything but nb2mod's own dependencies: each module named
by a star import is imported once, in a separate interpreter started in an empty folder
(so a module beside the notebook is never found and no notebook code runs), and its
``__all__`` (or its public names) comes back as JSON. A module that is not installed, fails
to import or takes longer than the timeout is simply absent from the answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

_SCRIPT = """
import importlib, json, os, sys
out = {}
for name in sys.argv[2:]:
    try:
        module = importlib.import_module(name)
    except BaseException:
        continue
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in vars(module) if not n.startswith("_")]
    out[name] = sorted(str(n) for n in names)
with open(sys.argv[1], "w", encoding="utf-8") as handle:
    json.dump(out, handle)
os._exit(0)  # do not wait for threads or exit handlers an imported module may have started
"""


def star_exports(modules: Iterable[str], timeout: float = 60.0) -> dict[str, frozenset[str]]:
    """The names a star import of each module binds, for the modules that could be imported."""
    wanted = sorted({m for m in modules if m and all(p.isidentifier() for p in m.split("."))})
    if not wanted:
        return {}
    with tempfile.TemporaryDirectory(prefix="nb2mod-star-") as scratch:
        answer = Path(scratch) / "names.json"
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONSAFEPATH": "1"}
        env.pop("PYTHONSTARTUP", None)
        try:
            subprocess.run(
                [sys.executable, "-c", _SCRIPT, str(answer), *wanted],
                cwd=scratch,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
            found = json.loads(answer.read_text(encoding="utf-8"))
        except (OSError, ValueError, subprocess.SubprocessError):
            return {}
    return {name: frozenset(names) for name, names in found.items() if isinstance(names, list)}
