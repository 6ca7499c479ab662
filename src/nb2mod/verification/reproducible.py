"""Reproducibility: what differs between two fresh runs of the package, and which notebook
differences come from draws the notebook left unseeded and nb2mod seeded."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from nb2mod.analysis.facts import Analysis
from nb2mod.verification.comparing import Compared
from nb2mod.verification.randomness import unseeded_names

# The two package runs: their labels and hash seeds (the notebook side keeps PYTHONHASHSEED=0)
PACKAGE_RUNS = (("package", "1"), ("package-again", "2"))
SEEDED_BY_NB2MOD = "seeded by nb2mod; the notebook was not deterministic"
_ONE_RUN_ONLY = "returned by one run and not by the other"
_UNKNOWN = "source unknown (the analysis found no unseeded draw or clock read behind it)"


def unreproducible(compared: Mapping[str, Compared], analysis: Analysis | None) -> dict[str, str]:
    """Name -> why, for each value that differs between the package's two runs; the likely
    source is the unseeded draw or clock read the analysis traces it to (a value read from
    the clock that differs is not reproducible too: the package gives another result on
    every run), else "source unknown"."""
    sources = unseeded_names(analysis) if analysis is not None else {}
    out = {}
    for name, c in compared.items():
        if c.verdict.status not in ("different", "missing"):
            continue
        detail = c.verdict.detail if c.verdict.status == "different" else _ONE_RUN_ONLY
        source = sources.get(name)
        why = f"likely source: {source}" if source else _UNKNOWN
        out[name] = f"differs between two runs of the package ({detail}); {why}"
    return out


def seeded_by_nb2mod(
    analysis: Analysis | None, seeded: Iterable[tuple[int, int, int]]
) -> dict[str, str]:
    """Name -> reason, for names that depend on a draw the notebook left unseeded and the
    package seeds (so the notebook's value is not deterministic, the package's is)."""
    positions = set(seeded)
    if analysis is None or not positions:
        return {}
    drawn = (*analysis.randomness, *analysis.random_candidates)
    uses = tuple(u for u in drawn if (u.cell, u.line, u.col) in positions)
    only = dataclasses.replace(analysis, randomness=uses)
    return {
        name: f"{SEEDED_BY_NB2MOD} ({reason})"
        for name, reason in unseeded_names(only).items()
        if reason.startswith("unseeded ")
    }
