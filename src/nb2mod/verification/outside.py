"""Files the runs write outside their scratch copies, at paths the notebook's code names.

The scratch copies contain what the runs write at relative paths; an absolute path, a ``~``
path or a relative path that climbs out of the copy is the user's real file, written with
the user's permissions. Verify cannot stop that, but it can see the ones the code names
literally (the analysis's file-write effects): it notes their state before each run, and a
file a run created or changed is reported under its path, for the side that wrote it. The
notebook's version is kept aside, so it can be compared with the package's after the
package has written over it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nb2mod.analysis.facts import Analysis
from nb2mod.verification.files import Written, digest_file

KEEP_BYTES = 16 * 1024**2  # the notebook's version is kept aside up to this size
Stamp = tuple[int, int] | None  # (size, mtime_ns) of a file, None when there is none


@dataclass(frozen=True)
class OutsidePath:
    """A path the code writes that lies outside the scratch copy."""

    shown: str  # as the code names it: '/tmp/out.csv', '~/results.csv'
    path: Path  # where it is


def outside_paths(
    analysis: Analysis | None, workdir: Path, scratch: Path
) -> tuple[OutsidePath, ...]:
    """The literal paths the notebook writes that resolve outside ``scratch`` from a run's
    working folder ``workdir`` (inside it)."""
    if analysis is None:
        return ()
    found: dict[Path, OutsidePath] = {}
    for literal in _written_literals(analysis):
        expanded = os.path.expanduser(literal)
        path = Path(os.path.normpath(workdir / expanded))
        if path != scratch and scratch not in path.parents and path not in found:
            found[path] = OutsidePath(literal, path)
    return tuple(found.values())


def _written_literals(analysis: Analysis) -> Iterable[str]:
    for cell in analysis.cells:
        for effect in cell.effects:
            if effect.kind != "file_write":
                continue
            if effect.path is not None and "\n" not in effect.path and effect.path.strip():
                yield effect.path
            elif effect.call == "magic writefile" and effect.detail.split()[1:]:
                yield effect.detail.split()[-1]  # %%writefile [-a] PATH


def stamps(paths: Iterable[OutsidePath]) -> dict[str, Stamp]:
    """The state of each path before a run."""
    return {p.shown: _stamp(p.path) for p in paths}


def written_outside(
    paths: Iterable[OutsidePath], before: Mapping[str, Stamp], keep_in: Path | None = None
) -> dict[str, Written]:
    """The paths a run created or changed since ``before``; with ``keep_in``, a copy of
    each (up to KEEP_BYTES) is kept there, so a later run writing over it does not hide
    what this run wrote."""
    found: dict[str, Written] = {}
    for number, outside in enumerate(paths):
        after = _stamp(outside.path)
        if after is None or after == before.get(outside.shown):
            continue
        digest = digest_file(outside.path)
        if digest is None:
            continue
        kept = outside.path
        if keep_in is not None:  # a file too large to keep compares by digest and size only
            keep_in.mkdir(parents=True, exist_ok=True)
            kept = keep_in / f"{number}{outside.path.suffix}"
            if after[0] <= KEEP_BYTES:
                try:
                    shutil.copy2(outside.path, kept)
                except OSError:
                    pass
        found[outside.shown] = Written(kept, digest, after[0], outside=True)
    return found


@contextmanager
def watching(
    paths: tuple[OutsidePath, ...], found: dict[str, dict[str, Written]], label: str, keep_in: Path
) -> Iterator[None]:
    """Note in ``found[label]`` which of ``paths`` the run ``label`` creates or changes."""
    before = stamps(paths)
    try:
        yield
    finally:
        found[label] = written_outside(paths, before, keep_in / label)


def _stamp(path: Path) -> Stamp:
    try:
        status = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    return status.st_size, status.st_mtime_ns
