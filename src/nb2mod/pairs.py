"""Which files a lint run reads: one file of each jupytext pair, and no plain ``.py`` modules
when the run comes from the ``nb2mod-lint-py`` hook.

A pair is ``x.ipynb`` and ``x.py`` side by side (what jupytext's ``formats: ipynb,py:percent``
writes). The ``.ipynb`` wins: it holds everything the script holds plus the stored outputs and
execution counts (NB102's order check, NB110, ``--fix``). The script is skipped when its
``.ipynb`` is in the same run, or when the two hooks run separately and the ``.ipynb`` is
tracked by git with the same cells (so ``nb2mod-lint`` reports the same findings from it). A
script edited apart from its notebook, or whose notebook git does not track (a gitignored or
untracked ``.ipynb``), is linted itself.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nb2mod.errors import NotebookError
from nb2mod.notebook import Notebook, is_script, read_notebook, read_text

Tracked = Callable[[str], bool]


@dataclass(frozen=True)
class Skipped:
    """A file the run does not lint; ``silent``: not worth a note (a plain module)."""

    path: str
    reason: str
    silent: bool = False


def select_files(
    files: Sequence[str], skip_plain_py: bool = False, tracked: Tracked | None = None
) -> tuple[list[str], list[Skipped]]:
    """The files to lint, in order, and the ones left out with why."""
    given = {os.path.abspath(f) for f in files}
    chosen: list[str] = []
    skipped: list[Skipped] = []
    for path in files:
        reason = (
            _skip_reason(path, given, skip_plain_py, tracked or git_tracks)
            if is_script(path)
            else None
        )
        if reason is None:
            chosen.append(path)
        else:
            skipped.append(reason)
    return chosen, skipped


def _skip_reason(
    path: str, given: set[str], skip_plain_py: bool, tracked: Tracked
) -> Skipped | None:
    if skip_plain_py and not _is_percent_notebook(path):
        return Skipped(path, "not a jupytext percent notebook", silent=True)
    partner = paired_notebook(path)
    if partner is None:
        return None
    if os.path.abspath(partner) in given:
        return Skipped(path, f"paired with {partner}, which is linted instead")
    if tracked(partner) and _same_cells(path, partner):
        return Skipped(path, f"paired with {partner} (same cells), which nb2mod-lint lints")
    return None


def paired_notebook(script: str) -> str | None:
    """``x.ipynb`` beside the script ``x.py``, when that file exists."""
    partner = os.path.splitext(script)[0] + ".ipynb"
    return partner if os.path.isfile(partner) else None


def _is_percent_notebook(path: str) -> bool:
    """Whether jupytext reads ``path`` as a percent notebook; unreadable files are kept, so
    that reading them reports why."""
    from nb2mod.script_notebook import MissingJupytextError, script_format

    try:
        return script_format(read_text(path), path) is not None
    except MissingJupytextError:
        return True  # linting it then says which extra to install
    except NotebookError:
        return True


def _same_cells(script: str, notebook: str) -> bool:
    try:
        a, b = read_notebook(script), read_notebook(notebook)
    except NotebookError:
        return False
    return _cell_shape(a) == _cell_shape(b)


def _cell_shape(notebook: Notebook) -> list[tuple[str, str]]:
    """Cell kinds in order and code cells' text (markdown layout may differ in a script)."""
    return [(c.kind, c.source.rstrip() if c.kind == "code" else "") for c in notebook.cells]


def git_tracks(path: str) -> bool:
    """Whether git tracks ``path`` (False outside a repository or without git)."""
    folder, name = os.path.split(os.path.abspath(path))
    try:
        done = subprocess.run(
            ["git", "ls-files", "--error-unmatch", "--", name],
            cwd=folder,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


__all__ = ["Skipped", "git_tracks", "paired_notebook", "select_files"]
