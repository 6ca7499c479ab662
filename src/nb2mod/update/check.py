"""``--check``: which generated files a fresh conversion would change (the package is stale).

The fresh conversion is compared with the digests the manifest recorded for what nb2mod
wrote, never with the files as the user edited them: an edit is not staleness. A package
converted with ``--capture`` is checked without running the notebook: its tests, fixtures
and CONVERSION.md (which hold what the run captured) are stale when a code cell changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from nb2mod._version import __version__
from nb2mod.update.history import with_history
from nb2mod.update.manifest import Manifest, NotebookRecord, text_digest

_REPORT = PurePosixPath("CONVERSION.md")
_CAPTURED = (PurePosixPath("tests"), _REPORT)
_REQUIREMENTS = PurePosixPath("requirements.txt")
_PIN = re.compile(r"\s*==\S+")


@dataclass(frozen=True)
class Stale:
    """One generated file that is not what nb2mod would write now, and why."""

    path: PurePosixPath
    state: str  # "changes", "new" or "gone"
    reason: str

    def line(self, folder: str) -> str:
        shown = PurePosixPath(folder, self.path) if folder not in ("", ".") else self.path
        what = {"changes": "stale", "new": "missing", "gone": "no longer generated"}[self.state]
        return f"{shown}: {what} ({self.reason})"


def stale_files(
    files: Mapping[PurePosixPath, str],
    source: NotebookRecord,
    manifest: Manifest,
    bases: Mapping[PurePosixPath, str] | None = None,
) -> list[Stale]:
    """The files of a fresh conversion (``files``, of the notebook ``source``) that differ
    from what ``manifest`` recorded, in path order.

    requirements.txt is pinned from the environment nb2mod runs in (a pre-commit hook's is
    its own): with the merge ``bases`` it is stale only when the notebook changed, and then
    only when it requires other things (version pins and comments are not compared)."""
    reason = _reason(source, manifest)
    unchanged = source.digest is not None and source.digest == manifest.notebook.digest
    files = _pins_as_recorded(files, bases or {}, unchanged)
    files = with_recorded_history(files, manifest)
    captured = bool(manifest.settings.get("capture"))
    recorded = {PurePosixPath(p): d for p, d in manifest.files.items()}
    found = []
    for path in sorted(set(files) | set(recorded)):
        if captured and _captured(path):
            continue
        if path not in recorded:
            found.append(Stale(path, "new", reason))
        elif path not in files:
            found.append(Stale(path, "gone", reason))
        elif text_digest(files[path]) != recorded[path]:
            found.append(Stale(path, "changes", reason))
    if captured and _code_changed(source, manifest.notebook):
        why = "its code cells changed since the run --capture recorded"
        found.extend(Stale(p, "changes", why) for p in sorted(recorded) if _captured(p))
    return found


def with_recorded_history(
    files: Mapping[PurePosixPath, str], manifest: Manifest
) -> Mapping[PurePosixPath, str]:
    """The files with the history the manifest holds in CONVERSION.md, as updates wrote it."""
    report = files.get(_REPORT)
    if report is None or not manifest.history:
        return files
    return {**files, _REPORT: with_history(report, manifest.history)}


def _pins_as_recorded(
    files: Mapping[PurePosixPath, str], bases: Mapping[PurePosixPath, str], unchanged: bool
) -> Mapping[PurePosixPath, str]:
    """``files`` with requirements.txt as recorded when the notebook is unchanged or the
    file differs only in version pins and comments."""
    fresh, recorded = files.get(_REQUIREMENTS), bases.get(_REQUIREMENTS)
    if fresh is None or recorded is None:
        return files
    if not unchanged and _unpinned(fresh) != _unpinned(recorded):
        return files
    return {**files, _REQUIREMENTS: recorded}


def _unpinned(text: str) -> list[str]:
    return [_PIN.sub("", line.split("#")[0]).strip() for line in text.splitlines()]


def _captured(path: PurePosixPath) -> bool:
    return any(path == top or top in path.parents for top in _CAPTURED)


def _code_changed(now: NotebookRecord, then: NotebookRecord) -> bool:
    return [c.digest for c in now.cells if c.kind == "code"] != [
        c.digest for c in then.cells if c.kind == "code"
    ]


def _reason(source: NotebookRecord, manifest: Manifest) -> str:
    if source.digest is not None and source.digest != manifest.notebook.digest:
        return "the notebook changed since it was converted"
    if manifest.nb2mod != __version__:
        return f"nb2mod {__version__} writes it differently from nb2mod {manifest.nb2mod}"
    return "nb2mod would write it differently now"
