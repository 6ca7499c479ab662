"""The lint result cache: one small JSON file per notebook content, nb2mod build and rule set.

The key is the SHA-256 of the notebook's bytes together with a fingerprint of nb2mod itself
(its version and the size and modification time of its source files, so an editable install
that changes a rule invalidates the cache). Entries live in a folder named by that
fingerprint; the first time a run writes an entry, folders of other builds untouched for a
week and entries written more than 30 days ago are removed, so the cache does not grow
without end (an entry that is still useful is simply written again). No setting changes what the rules find: cached
results are every rule's findings after ``noqa`` comments, and ``select``, ``ignore`` and
``per-file-ignores`` are applied after reading, so changing them needs no re-analysis.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from nb2mod._version import __version__
from nb2mod.diagnostics import Diagnostic
from nb2mod.settings import Settings, find_pyproject

CACHE_ENV = "NB2MOD_CACHE_DIR"
DEFAULT_FOLDER = ".nb2mod_cache"
_FORMAT = 1
ENTRY_DAYS = 30  # entries older than this are removed
BUILD_DAYS = 7  # folders of other nb2mod builds untouched this long are removed
_PACKAGE = Path(__file__).resolve().parent

Entry = tuple[int, int, int, str, str, str]


def cache_folder(settings: Settings, start: str | os.PathLike[str] | None = None) -> Path:
    """``$NB2MOD_CACHE_DIR``, else ``cache-dir`` (relative to the project root), else
    ``.nb2mod_cache`` in the project root (the folder of the nearest pyproject.toml)."""
    root = project_root(start)
    chosen = os.environ.get(CACHE_ENV) or settings.cache_dir
    if chosen:
        return root / Path(chosen).expanduser()
    return root / DEFAULT_FOLDER


def project_root(start: str | os.PathLike[str] | None = None) -> Path:
    """The folder of the nearest pyproject.toml at or above ``start``, else the working dir."""
    pyproject = find_pyproject(start)
    return pyproject.parent if pyproject is not None else Path.cwd()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """nb2mod's version and the size and mtime of each of its source files."""
    digest = hashlib.sha256(f"{__version__}:{_FORMAT}".encode())
    for root, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(f for f in files if f.endswith(".py")):
            stat = os.stat(os.path.join(root, name))
            digest.update(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


class LintCache:
    """Reads and writes cached lint results under ``folder`` (None: caching is off)."""

    def __init__(self, folder: Path | None) -> None:
        self._salt = code_fingerprint()
        self.folder = folder / f"lint-{self._salt}" if folder is not None else None
        self._pruned = False

    def key(self, content: bytes) -> str:
        return hashlib.sha256(self._salt.encode() + b"\0" + content).hexdigest()

    def load(self, key: str) -> list[Entry] | None:
        """The cached entries for ``key``, or None on a miss or an unreadable entry."""
        if self.folder is None:
            return None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            entries = [_entry(item) for item in data["diagnostics"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return entries

    def store(self, key: str, diagnostics: Sequence[Diagnostic]) -> None:
        """Write the entry atomically; a cache that cannot be written is silently skipped."""
        if self.folder is None:
            return
        entries = [[d.cell, d.line, d.col, d.code, d.message, d.severity] for d in diagnostics]
        if not self._pruned:
            self._pruned = True
            prune(self.folder)
        try:
            _prepare(self.folder)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"diagnostics": entries}, out)
            os.replace(temporary, self.folder / f"{key}.json")
        except OSError:
            return


def prune(folder: Path, now: float | None = None) -> int:
    """Remove entries of ``folder`` older than ENTRY_DAYS and sibling build folders
    (``lint-*``) untouched for BUILD_DAYS; returns how many entries and folders went."""
    now = time.time() if now is None else now
    stale = [p for p in _children(folder) if p.suffix == ".json" and _age(p, now) > ENTRY_DAYS]
    builds = [
        p
        for p in _children(folder.parent)
        if p.name.startswith("lint-") and p != folder and _age(p, now) > BUILD_DAYS
    ]
    for path in stale:
        path.unlink(missing_ok=True)
    for path in builds:
        shutil.rmtree(path, ignore_errors=True)
    return len(stale) + len(builds)


def _children(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _age(path: Path, now: float) -> float:
    """Days since ``path`` was last modified (0 when it cannot be read)."""
    try:
        return (now - path.stat().st_mtime) / 86400
    except OSError:
        return 0.0


def _entry(item: list[object]) -> Entry:
    cell, line, col, code, message, severity = item
    if not (isinstance(cell, int) and isinstance(line, int) and isinstance(col, int)):
        raise TypeError("bad cache entry")
    return cell, line, col, str(code), str(message), str(severity)


def _prepare(folder: Path) -> None:
    """Create the folder, marked as a cache for backup tools and ignored by git (like ruff)."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True)
    top = folder.parent
    for name, text in (
        (".gitignore", "# Created by nb2mod automatically.\n*\n"),
        ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"),
    ):
        marker = top / name
        if not marker.exists():
            marker.write_text(text, encoding="utf-8")
