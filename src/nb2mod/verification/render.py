"""Verification results as text for people and JSON for programs."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence

from nb2mod.verification.outcome import Verdict, VerdictStatus, Verification

_ORDER: tuple[VerdictStatus, ...] = (
    "equal",
    "different",
    "not reproducible",
    "missing",
    "not deterministic",
    "not compared",
)


def render_text(result: Verification) -> str:
    """A header line, then one row per name: name, status, difference."""
    lines = [_header(result)]
    if result.verdicts:
        width = max(len(_label(v)) for v in result.verdicts)
        status_width = max(len(v.status) for v in result.verdicts)
        for v in result.verdicts:
            row = f"  {_label(v):<{width}}  {v.status:<{status_width}}  {v.detail}"
            lines.append(row.rstrip())
    where = _interpreters(result)
    if where:
        lines.append(f"  {where}")
    for folder in result.kept:
        lines.append(f"  kept temporary files in {folder}")
    return "\n".join(lines)


def _interpreters(result: Verification) -> str:
    """Where the runs ran, when the package did not run with nb2mod's own interpreter."""
    from nb2mod.interpreters import OWN_KERNEL, same_interpreter

    if result.python is None or same_interpreter(result.python, sys.executable):
        return ""
    kernel = "nb2mod's own kernel" if result.kernel == OWN_KERNEL else f"kernel {result.kernel!r}"
    package = f", the package with {result.python}" if result.python else ""
    return f"ran in {kernel}{package}"


def _label(verdict: Verdict) -> str:
    """Values run() passes between steps are marked; returned results are plain names."""
    return f"{verdict.name} (step)" if verdict.origin == "step" else verdict.name


def _header(result: Verification) -> str:
    package = f" (package {result.package})" if result.package else ""
    if result.status == "package fails":
        step = f" in step {result.step}" if result.step else ""
        return f"{result.path}: package fails{step}{package}: {result.message}"
    if result.message:
        return f"{result.path}: {result.status}{package}: {result.message}"
    return f"{result.path}: {result.status}{package}: {_counts(result)}"


def _counts(result: Verification) -> str:
    counts = Counter(v.status for v in result.verdicts)
    parts = [f"{counts[s]} {s}" for s in _ORDER if counts[s]]
    noun = "comparison" if len(result.verdicts) == 1 else "comparisons"
    return f"{len(result.verdicts)} {noun}: " + ", ".join(parts)


def summary(results: Sequence[Verification]) -> str:
    """One line: how many notebooks ended in each status."""
    counts = Counter(r.status for r in results)
    parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    noun = "notebook" if len(results) == 1 else "notebooks"
    return f"{len(results)} {noun} verified: {parts}"


def render_json(results: Sequence[Verification]) -> str:
    payload = {
        "version": 1,
        "results": [r.to_json() for r in results],
        "summary": dict(Counter(r.status for r in results)),
    }
    return json.dumps(payload, indent=2)
