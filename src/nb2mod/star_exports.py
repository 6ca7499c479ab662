"""What ``from M import *`` binds, for each module a notebook star-imports.

First from the module's source, read with ``ast`` (``star_source``): nothing is imported.
Only a module that cannot be read that way (compiled, or building its names at run time) is
imported, once, in a separate Python started in an empty folder (so a module beside the
notebook is never found and no notebook code runs) with a scrubbed environment (only the
variables an import needs: no ``BROWSER``, ``DISPLAY``, tokens, keys or passwords), in a
process group of its own that is killed when the probe ends, so nothing the import started
outlives it. Modules imported for what they do (``this``, ``antigravity``) are never
imported. A module that is not installed, fails to import or takes longer than the timeout
is simply absent from the answer.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from nb2mod.analysis.names import IMPORTED_FOR_EFFECT
from nb2mod.star_source import names_from_source

# Variables the probe keeps (and LC_*, PYTHON* but PYTHONSTARTUP); everything else is dropped.
_KEPT = frozenset(
    {"PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT"}
    | {"LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "VIRTUAL_ENV", "CONDA_PREFIX"}
)

_SCRIPT = """
import ctypes, importlib, json, os, sys
if sys.platform.startswith("linux"):  # die with the nb2mod process that started this probe
    try:
        ctypes.CDLL(None).prctl(1, 9, 0, 0, 0)
    except Exception:
        pass
import webbrowser  # a module that opens a browser on import opens nothing
webbrowser.open = webbrowser.open_new = webbrowser.open_new_tab = lambda *a, **k: False
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
    """The names a star import of each module binds, for the modules that could be read."""
    wanted = sorted({m for m in modules if _may_import(m)})
    found: dict[str, frozenset[str]] = {}
    for module in wanted:
        names = names_from_source(module)
        if names is not None:
            found[module] = names
    rest = [m for m in wanted if m not in found]
    return {**found, **probe(rest, timeout)} if rest else found


def _may_import(module: str) -> bool:
    parts = module.split(".") if module else []
    return (
        bool(parts)
        and all(p.isidentifier() for p in parts)
        and parts[0] not in (IMPORTED_FOR_EFFECT)
    )


def probe(modules: list[str], timeout: float = 60.0) -> dict[str, frozenset[str]]:
    """Import ``modules`` in a child Python, as the module docstring says; their names."""
    with tempfile.TemporaryDirectory(prefix="nb2mod-star-") as scratch:
        answer = Path(scratch) / "names.json"
        child = subprocess.Popen(
            [sys.executable, "-c", _SCRIPT, str(answer), *modules],
            cwd=scratch,
            env=scrubbed_environment(os.environ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, killed below
        )
        try:
            child.wait(timeout=timeout)
            found = json.loads(answer.read_text(encoding="utf-8"))
        except (OSError, ValueError, subprocess.SubprocessError):
            return {}
        finally:
            _kill_group(child)
    return {name: frozenset(names) for name, names in found.items() if isinstance(names, list)}


def scrubbed_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables an import needs, and nothing that opens windows or holds secrets."""
    kept = {
        key: value
        for key, value in environ.items()
        if key in _KEPT
        or key.startswith("LC_")
        or (key.startswith("PYTHON") and key != "PYTHONSTARTUP")
    }
    return {**kept, "MPLBACKEND": "Agg", "PYTHONSAFEPATH": "1"}


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    """Kill the probe's process group: the probe and whatever its imports started."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        pass
    child.wait()
