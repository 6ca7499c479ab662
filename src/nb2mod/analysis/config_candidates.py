"""Literals worth lifting into Config: paths, URLs, numeric keyword arguments, constants."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from nb2mod.analysis.effects import is_url
from nb2mod.analysis.facts import ConfigCandidate
from nb2mod.analysis.records import LiteralSite
from nb2mod.identifiers import name_identifier, unique_name

# Keyword arguments that set presentation or plumbing, not a parameter of the computation.
IGNORED_KEYWORDS = frozenset(
    "axis verbose n_jobs fontsize labelsize linewidth lw ms markersize s size rotation dpi "
    "zorder ncol ncols nrows loc pad width height figsize alpha bins header index_col skiprows "
    "decimals precision indent level stacklevel ndmin protocol max_colwidth max_rows "
    "max_columns aspect rot edgecolor linestyle ls marker color c cmap hue shrink "
    "annot_kws fmt x y labelpad bbox_to_anchor frameon fraction wspace hspace top bottom "
    "left right xytext fontweight weight ax n row col sep".split()
)
_EXTENSIONS = re.compile(
    r"\.(csv|tsv|txt|json|jsonl|xlsx?|parquet|feather|pkl|pickle|joblib|h5|hdf5?|npy|npz|"
    r"png|jpe?g|gif|svg|pdf|zip|gz|bz2|tar|db|sqlite3?|yaml|yml|toml|pt|pth|ckpt|onnx|model|"
    r"bin|mat|xml|html?|log|dat|sav|arff|ipynb|py)$",
    re.I,
)


@dataclass(frozen=True)
class LocatedLiteral:
    """A literal site with its cell and original position, and where it came from."""

    site: LiteralSite
    cell: int
    line: int
    col: int
    parameters_cell: bool = False
    file_path: bool = False  # a file call in its cell is given this string as its path


def config_candidates(
    literals: Iterable[LocatedLiteral], not_constant: set[str]
) -> tuple[ConfigCandidate, ...]:
    """Candidates in notebook order with unique identifier names.

    ``not_constant`` holds names bound more than once or mutated: their literal assignments
    are state, not configuration.
    """
    chosen: list[tuple[LocatedLiteral, str, str]] = []
    constant_values: set[tuple[int, int, str]] = set()
    items = list(literals)
    for item in items:
        site = item.site
        if not _plain_value(site.value):
            continue
        if site.top_level_constant and site.variable not in not_constant:
            reason = _constant_reason(item)
            chosen.append((item, reason, _type(site.value, item.file_path)))
            if isinstance(site.value, str):
                constant_values.add((item.cell, site.stmt, site.value))
    for item in items:
        site = item.site
        if site.top_level_constant:
            continue
        if isinstance(site.value, str) and (item.cell, site.stmt, site.value) in constant_values:
            continue
        found = _literal_reason(site, item.file_path)
        if found is not None:
            chosen.append((item, *found))
    chosen.sort(key=lambda c: (c[0].cell, c[0].line, c[0].col))
    return _named(chosen)


def _plain_value(value: object) -> bool:
    """Short one-line strings, numbers, booleans and flat lists of them (not text or code)."""
    if isinstance(value, str):
        return "\n" not in value and len(value) <= 300
    if isinstance(value, (list, tuple)):
        return len(value) <= 50 and all(_plain_value(v) for v in value)
    return isinstance(value, (int, float, bool))


def may_be_candidate(site: LiteralSite, file_path: bool = False) -> bool:
    """A cheap filter before locating: literals that can become candidates at all."""
    if not _plain_value(site.value):
        return False
    return site.top_level_constant or _literal_reason(site, file_path) is not None


def _constant_reason(item: LocatedLiteral) -> str:
    site = item.site
    if item.parameters_cell:
        return "papermill parameter"
    kind = "module-level constant" if site.variable and site.variable.isupper() else "literal"
    return f"{kind} assigned to {site.variable}"


def _literal_reason(site: LiteralSite, file_path: bool = False) -> tuple[str, str] | None:
    value = site.value
    if isinstance(value, str):
        if is_url(value):
            return "URL literal", "url"
        if is_path(value) or (file_path and site.call is not None and value.strip()):
            return "path literal", "path"
        return None
    if site.keyword is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if site.keyword in IGNORED_KEYWORDS:
        return None
    return f"keyword {site.keyword} of {site.call or 'a call'}", _type(value)


def is_path(text: str) -> bool:
    """A string that looks like a file or folder path (not a label or a format)."""
    if not text or len(text) > 300 or "\n" in text or "{" in text or "%" in text:
        return False
    if text.startswith(("/", "~/", "./", "../", "file://")) and " " not in text.strip():
        return len(text) > 1
    if re.match(r"^[A-Za-z]:[\\/]", text):
        return True
    return bool(_EXTENSIONS.search(text)) and " " not in text


def _type(value: object, file_path: bool = False) -> str:
    if isinstance(value, str):
        if is_url(value):
            return "url"
        return "path" if is_path(value) or file_path else "str"
    return type(value).__name__


def _named(chosen: list[tuple[LocatedLiteral, str, str]]) -> tuple[ConfigCandidate, ...]:
    used: set[str] = set()
    out = []
    for item, reason, kind in chosen:
        site = item.site
        name = _unique(_suggest(site, kind), used)
        out.append(
            ConfigCandidate(
                name=name,
                value=site.value,
                type=kind,
                cell=item.cell,
                line=item.line,
                col=item.col,
                reason=reason,
                code=site.code,
                variable=site.variable,
                keyword=site.keyword,
                call=site.call,
            )
        )
    return tuple(out)


def _suggest(site: LiteralSite, kind: str) -> str:
    if site.variable:
        return name_identifier(site.variable.lower())
    if kind in ("path", "url"):
        stem = re.split(r"[\\/]", site.value.rstrip("/\\"))[-1] or "data"
        return name_identifier(f"{stem}_{'url' if kind == 'url' else 'path'}")
    return name_identifier(site.keyword or "value")


def _unique(name: str, used: set[str]) -> str:
    candidate = unique_name(name, used)
    used.add(candidate)
    return candidate
