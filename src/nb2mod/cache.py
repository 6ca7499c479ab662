"""The lint result cache: one small JSON file per notebook content, nb2mod build and rule set.

The key is the SHA-256 of the notebook's bytes together with a fingerprint of nb2mod itself
(its version and the size and modification time of its source files, so an editable install
that changes a rule invalidates the cache). The root folder is one nb2mod created and tagged
(``cache_root``); entries live below it in ``nb2mod-lint/<build fingerprint>/``, each with the
SHA-256 of its own content, so an entry edited by hand is a miss. The first time a run writes
an entry, entries written more than 30 days ago and folders of other builds untouched for a
week are removed, so the cache does not grow without end; only nb2mod's own names are
removed (``<64 hex>.json``, ``.entry-*.tmp``, ``<16 hex>/``), and only under a tagged root.
No setting changes what the rules find: cached results are every rule's findings after
``noqa`` comments, and ``select``, ``ignore`` and ``per-file-ignores`` are applied after
reading, so changing them needs no re-analysis.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from nb2mod._version import __version__
from nb2mod.cache_root import is_tagged, open_root
from nb2mod.diagnostics import Diagnostic
from nb2mod.paths import read_regular_file
from nb2mod.settings import Settings, find_pyproject

CACHE_ENV = "NB2MOD_CACHE_DIR"
DEFAULT_FOLDER = ".nb2mod_cache"
SUBFOLDER = "nb2mod-lint"  # nb2mod's own folder inside the root; the root may be shared
_FORMAT = 2
ENTRY_DAYS = 30  # entries older than this are removed
BUILD_DAYS = 7  # folders of other nb2mod builds untouched this long are removed
TEMP_DAYS = 1  # half-written entries of an interrupted run
_PACKAGE = Path(__file__).resolve().parent
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_TEMP = re.compile(r"\.entry-[A-Za-z0-9_]+\.tmp")
_BUILD = re.compile(r"[0-9a-f]{16}")

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
    """Reads and writes cached lint results under the root ``folder`` (None: caching is off).

    A root that cannot be used turns caching off; ``warning`` then says why, in one line."""

    def __init__(self, folder: Path | None) -> None:
        self._salt = code_fingerprint()
        root = open_root(folder) if folder is not None else None
        self.warning = root.warning if root is not None else None
        self.root = root.folder if root is not None else None
        self.folder = self.root / SUBFOLDER / self._salt if self.root is not None else None
        self._pruned = False

    def key(self, content: bytes) -> str:
        return hashlib.sha256(self._salt.encode() + b"\0" + content).hexdigest()

    def load(self, key: str) -> list[Entry] | None:
        """The cached entries for ``key``, or None on a miss, an unreadable entry or one
        whose content does not match the hash stored with it."""
        if self.folder is None:
            return None
        try:
            data = json.loads(read_regular_file(self.folder / f"{key}.json"))
            stored = data["diagnostics"]
            if data["sha256"] != entry_hash(key, stored):
                raise ValueError("entry edited since nb2mod wrote it")
            entries = [_entry(item) for item in stored]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return entries

    def store(self, key: str, diagnostics: Sequence[Diagnostic]) -> None:
        """Write the entry atomically; a cache that cannot be written is silently skipped."""
        if self.folder is None or self.root is None:
            return
        entries = [[d.cell, d.line, d.col, d.code, d.message, d.severity] for d in diagnostics]
        if not self._pruned:
            self._pruned = True
            prune(self.folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".entry-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"diagnostics": entries, "sha256": entry_hash(key, entries)}, out)
            os.replace(temporary, self.folder / f"{key}.json")
        except OSError:
            return


def entry_hash(key: str, diagnostics: object) -> str:
    """The SHA-256 of an entry's key and its diagnostics in canonical JSON."""
    text = json.dumps([key, diagnostics], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def prune(folder: Path, now: float | None = None) -> int:
    """Remove nb2mod's entries in ``folder`` older than ENTRY_DAYS (its half-written ones
    older than TEMP_DAYS) and sibling build folders untouched for BUILD_DAYS; returns how
    many went. Nothing is removed unless the root above ``nb2mod-lint/`` is tagged."""
    if folder.parent.name != SUBFOLDER or not is_tagged(folder.parent.parent):
        return 0
    now = time.time() if now is None else now
    stale = [
        path
        for name, path in _files(folder)
        if (_ENTRY.fullmatch(name) and _age(path, now) > ENTRY_DAYS)
        or (_TEMP.fullmatch(name) and _age(path, now) > TEMP_DAYS)
    ]
    builds = [
        path
        for name, path in _folders(folder.parent)
        if _BUILD.fullmatch(name) and path != folder and _age(path, now) > BUILD_DAYS
    ]
    for path in stale:
        path.unlink(missing_ok=True)
    for path in builds:
        _remove_build(path)
    return len(stale) + len(builds)


def _remove_build(folder: Path) -> None:
    """Remove an old build's entries, then the folder if nothing else is left in it."""
    for name, path in _files(folder):
        if _ENTRY.fullmatch(name) or _TEMP.fullmatch(name):
            path.unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # something nb2mod did not write is in it: leave it


def _files(folder: Path) -> list[tuple[str, Path]]:
    return [(e.name, Path(e.path)) for e in _scan(folder) if e.is_file(follow_symlinks=False)]


def _folders(folder: Path) -> list[tuple[str, Path]]:
    return [(e.name, Path(e.path)) for e in _scan(folder) if e.is_dir(follow_symlinks=False)]


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _age(path: Path, now: float) -> float:
    """Days since ``path`` was last modified (0 when it cannot be read)."""
    try:
        return (now - path.lstat().st_mtime) / 86400
    except OSError:
        return 0.0


def _entry(item: list[object]) -> Entry:
    cell, line, col, code, message, severity = item
    if not (isinstance(cell, int) and isinstance(line, int) and isinstance(col, int)):
        raise TypeError("bad cache entry")
    return cell, line, col, str(code), str(message), str(severity)
