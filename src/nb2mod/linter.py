"""Linting: run the registered rules on a notebook's facts, apply noqa and rule selection.

``lint(paths)`` is the library call; ``lint_analysis`` is the pure core (facts in, diagnostics
out); ``Linter`` lints one file at a time, so the CLI can report an unreadable notebook
and go on with the others.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from nb2mod.cache import LintCache, cache_folder, project_root
from nb2mod.diagnostics import (
    Diagnostic,
    cell_noqa,
    is_suppressed,
    line_noqa,
    sort_diagnostics,
)
from nb2mod.errors import ConfigError
from nb2mod.notebook import is_script, project_depth
from nb2mod.pairs import select_files
from nb2mod.paths import common_folder, expand_notebooks, read_regular_file
from nb2mod.redaction import redact
from nb2mod.rules import Rule, all_rules
from nb2mod.settings import Settings, load_settings

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis
    from nb2mod.notebook import Notebook

PathArg = str | os.PathLike[str]


def lint(paths: PathArg | Iterable[PathArg], settings: Settings | None = None) -> list[Diagnostic]:
    """Lint notebooks (folders are searched for ``*.ipynb``; a percent ``.py`` notebook is
    read with jupytext, and skipped when its paired ``.ipynb`` is linted, see ``pairs``) and
    return sorted diagnostics.

    ``settings`` defaults to ``[tool.nb2mod]`` of the nearest pyproject.toml, as on the CLI.
    Raises ConfigError for an unknown rule code and NotebookError (naming the file) for a
    notebook that cannot be read.
    """
    given = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    files, _skipped = select_files(expand_notebooks(os.fspath(p) for p in given))
    linter = Linter.for_paths(files, settings)
    return sort_diagnostics(d for path in files for d in linter.lint(path))


@dataclass
class Linter:
    """Lints files one at a time with one rule selection, cache and project root."""

    selection: RuleSelection
    cache: LintCache
    root: Path

    @classmethod
    def for_paths(cls, paths: Sequence[str], settings: Settings | None = None) -> Linter:
        """Settings (default: the nearest pyproject.toml's), cache folder and root for paths."""
        start = common_folder(paths)
        settings = settings if settings is not None else load_settings(start)
        cache = LintCache(cache_folder(settings, start) if settings.cache else None)
        return cls(RuleSelection.from_settings(settings), cache, project_root(start))

    def lint(self, path: str) -> list[Diagnostic]:
        """The enabled rules' findings for one notebook file, from the cache when it can."""
        content = _read_bytes(path)
        key = self.cache.key(_cache_content(path, content)) if content is not None else None
        found = self._load(path, key)
        if found is None:
            found = lint_notebook(_read(path))
            if key is not None:
                self.cache.store(key, found)
        return self.enabled(path, found)

    def cached(self, path: str) -> list[Diagnostic] | None:
        """The findings when the cache holds them (cheap: no analysis), else None."""
        content = _read_bytes(path)
        key = self.cache.key(_cache_content(path, content)) if content is not None else None
        found = self._load(path, key) if key is not None else None
        return self.enabled(path, found) if found is not None else None

    def enabled(self, path: str, found: list[Diagnostic]) -> list[Diagnostic]:
        codes = self.selection.for_path(path, self.root)
        return [d for d in found if d.code in codes]

    def _load(self, path: str, key: str | None) -> list[Diagnostic] | None:
        entries = self.cache.load(key) if key is not None else None
        if entries is None:
            return None
        return [Diagnostic(path, *entry) for entry in entries]  # type: ignore[arg-type]


def lint_notebook(notebook: Notebook) -> list[Diagnostic]:
    """Analyse ``notebook`` (never running it) and return every rule's unsuppressed findings."""
    from nb2mod.analysis import analyze

    return lint_analysis(analyze(notebook))


def lint_analysis(analysis: Analysis, rules: Iterable[Rule] | None = None) -> list[Diagnostic]:
    """The pure core: run ``rules`` (default: all) on the facts, drop noqa'd findings, sort;
    a message that quotes the notebook (a path, a call) never quotes a secret in it."""
    found = (d for rule in (rules or all_rules()) for d in rule.diagnose(analysis))
    lines: dict[int, tuple[frozenset[str] | None, list[str]]] = {}  # split each cell once
    kept = [d for d in set(found) if not suppressed(d, analysis.notebook, lines)]
    secrets = analysis.secrets.values if kept else ()
    if secrets:
        kept = [dataclasses.replace(d, message=redact(d.message, secrets)) for d in kept]
    return sort_diagnostics(kept)


def suppressed(
    diagnostic: Diagnostic,
    notebook: Notebook,
    split: dict[int, tuple[frozenset[str] | None, list[str]]] | None = None,
) -> bool:
    """Whether ``# noqa`` on the finding's line or ``# nb2mod: noqa`` atop its cell hides it.

    ``split`` caches each cell's noqa codes and lines across calls (a large cell with many
    findings would otherwise be split once per finding)."""
    if not 1 <= diagnostic.cell <= len(notebook.cells):
        return False
    split = {} if split is None else split
    if diagnostic.cell not in split:
        source = notebook.cells[diagnostic.cell - 1].source
        split[diagnostic.cell] = (cell_noqa(source), source.splitlines())
    codes, lines = split[diagnostic.cell]
    if is_suppressed(diagnostic.code, codes):
        return True
    if not 1 <= diagnostic.line <= len(lines):
        return False
    return is_suppressed(diagnostic.code, line_noqa(lines[diagnostic.line - 1]))


@dataclass(frozen=True)
class RuleSelection:
    """Which codes are on: ``select`` (empty: all) minus ``ignore``, then per-file ignores."""

    enabled: frozenset[str]
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> RuleSelection:
        codes = [r.code for r in all_rules()]
        selected = expand_codes(settings.select, codes, "select") if settings.select else set(codes)
        ignored = expand_codes(settings.ignore, codes, "ignore")
        per_file = tuple(
            (glob, frozenset(expand_codes(given, codes, f"per-file-ignores '{glob}'")))
            for glob, given in settings.per_file_ignores
        )
        return cls(frozenset(selected - ignored), per_file)

    def for_path(self, path: str, root: Path) -> frozenset[str]:
        ignored: set[str] = set()
        for glob, codes in self.per_file_ignores:
            if matches_glob(path, glob, root):
                ignored |= codes
        return self.enabled - ignored


def expand_codes(given: Iterable[str], codes: Sequence[str], where: str) -> set[str]:
    """Codes named by ``given`` (a full code, a prefix such as ``NB1``, or ``ALL``).

    A selector that matches no rule is a ConfigError, so a typo never silently disables
    nothing."""
    out: set[str] = set()
    unknown = []
    for selector in given:
        selector = selector.strip().upper()
        matched = [c for c in codes if selector == "ALL" or c.startswith(selector)]
        if not matched or not selector:
            unknown.append(selector or "''")
        out.update(matched)
    if unknown:
        raise ConfigError(
            f"unknown rule code {', '.join(unknown)} in {where} (`nb2mod rules` lists them)"
        )
    return out


def matches_glob(path: str, glob: str, root: Path) -> bool:
    """Match like ruff: the path relative to the project root, or the file name alone."""
    absolute = Path(path).resolve()
    names = {PurePath(path).as_posix(), absolute.name}
    if absolute.is_relative_to(root.resolve()):
        names.add(absolute.relative_to(root.resolve()).as_posix())
    globs = {glob, glob[3:]} if glob.startswith("**/") else {glob}
    return any(fnmatch.fnmatchcase(name, g) for name in names for g in globs)


def _cache_content(path: str, content: bytes) -> bytes:
    """What the cache key hashes: a script is read another way than the same bytes as JSON,
    and NB114 depends on how deep the notebook sits in its repository."""
    where = f"depth={project_depth(path)}\0".encode()
    return where + (b"percent-script\0" + content if is_script(path) else content)


def _read_bytes(path: str) -> bytes | None:
    try:
        return read_regular_file(path)
    except OSError:
        return None  # read_notebook will report it with the right words


def _read(path: str) -> Notebook:
    from nb2mod.notebook import read_notebook

    return read_notebook(path)


__all__ = ["Linter", "RuleSelection", "lint", "lint_analysis", "lint_notebook"]
