"""Where the notebook draws random numbers, and what seeds each draw in the package.

With ``--seeds apply`` (the default) a draw the notebook left unseeded is seeded by nb2mod:
a call that takes its own seed (scikit-learn's ``random_state``, pandas' ``sample``,
``np.random.default_rng()``) is given one derived from ``config.seed``; any other draws from a
global generator that ``set_seeds()`` seeds at the start of ``run()``. With ``--seeds keep``
nothing is added and such a draw stays unseeded.

Several calls given their own seed get independent ones: the k-th call of a callable (counted
in notebook order among the calls nb2mod seeds) gets ``config.seed + crc32("NAME#k") % 10000``
(NAME the callable's last name part; the next free number on a clash), so a change to unrelated
cells does not change it. A single call gets ``config.seed`` itself, unless the notebook's own
code already uses that seed (its ``np.random.seed(42)`` became ``config.seed``): it then gets
a derived one too.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from nb2mod.analysis.facts import Analysis, RandomUse
from nb2mod.diagnostics import Diagnostic
from nb2mod.plan.model import Plan, RandomSite, SeedHow, SeedsMode, StatementRef
from nb2mod.plan.random_uses import seedable_uses
from nb2mod.signatures import RandomStateSignatures

# Generators ``set_seeds()`` seeds: a draw from one of them is reproducible once it runs.
GLOBAL_GENERATORS = ("random", "numpy", "torch", "tensorflow")
# Draws without their own state that use NumPy's global generator (random_state=None).
FROM_NUMPY = ("sklearn", "pandas")
_SPREAD = 10000


def plan_random_sites(
    analysis: Analysis,
    mode: SeedsMode,
    kept: Iterable[StatementRef],
    inside_definitions: set[tuple[int, int]],
    config_name: str,
    seed_field: str,
    set_seeds: str = "set_seeds",
    seed_in_code: bool = False,
    signatures: RandomStateSignatures | None = None,
) -> tuple[RandomSite, ...]:
    """One site per random use of the notebook, in notebook order, and one per candidate
    nb2mod gives ``random_state`` (plan/random_uses.py); ``seed_in_code``: the notebook's own
    code uses the seed field too (its np.random.seed(42) became config.seed)."""
    lines, plain = _kept_lines(analysis, kept)
    table_uses, candidates = seedable_uses(analysis, signatures)
    uses = sorted((*table_uses, *candidates), key=lambda u: (u.cell, u.line, u.col))
    given = [
        u
        for u in uses
        if mode == "apply"
        and not u.seeded
        and u.seed_argument
        and (u.cell, u.line) in plain
        and (u.cell, u.line) not in inside_definitions
    ]
    offsets = derived_offsets(given, always=seed_in_code)
    sites = []
    for use in uses:
        where = (use.cell, use.line, use.col, use.call)
        if use in offsets:
            value = f"{config_name}.{seed_field}" + (f" + {offsets[use]}" if offsets[use] else "")
            draws = use not in candidates
            sites.append(RandomSite(*where, "argument", "", use.seed_argument, value, draws))
        elif use not in candidates:
            inside = (use.cell, use.line) in inside_definitions
            kept_code = (use.cell, use.line) in lines or inside
            how, why = _otherwise(use, mode, kept_code, inside, set_seeds)
            sites.append(RandomSite(*where, how, why))
    return tuple(sites)


def _otherwise(
    use: RandomUse, mode: SeedsMode, kept: bool, inside: bool, set_seeds: str
) -> tuple[SeedHow, str]:
    """(how, detail) of a use nb2mod gives no seed argument."""
    if use.seeded:
        return "notebook", "seeded by the notebook itself"
    if mode == "keep":
        return "none", "not seeded (--seeds keep)"
    if not kept:
        return "none", "not in the package's code (dropped or kept as a comment)"
    library = drawn_from(use)
    if library in GLOBAL_GENERATORS:
        return "global", f"draws from {_GENERATOR_NAMES[library]}, which {set_seeds}() seeds"
    where = "inside a notebook function" if inside else "in a magic's line"
    return "none", f"makes its own unseeded generator {where}, where nb2mod passes no seed"


_GENERATOR_NAMES = {
    "random": "random's global generator",
    "numpy": "NumPy's global generator",
    "torch": "PyTorch's generators",
    "tensorflow": "TensorFlow's global generator",
}


def drawn_from(use: RandomUse) -> str | None:
    """The global generator a use draws from, None when it makes its own (default_rng())."""
    if use.seed_argument == "0":
        return None  # np.random.default_rng() / RandomState() with no seed: fresh entropy
    if use.library in FROM_NUMPY:
        return "numpy"
    return use.library if use.library in GLOBAL_GENERATORS else None


def derived_offsets(uses: Iterable[RandomUse], always: bool = False) -> dict[RandomUse, int]:
    """The number added to the seed for each use (0 when there is only one, unless
    ``always``: the seed itself is taken already)."""
    uses = list(uses)
    if len(uses) == 1 and not always:
        return {uses[0]: 0}
    counts: dict[str, int] = {}
    taken: set[int] = set()
    out = {}
    for use in uses:
        name = use.call.rpartition(".")[2]
        counts[name] = counts.get(name, 0) + 1
        offset = zlib.crc32(f"{name}#{counts[name]}".encode()) % _SPREAD
        while offset in taken:
            offset = (offset + 1) % _SPREAD
        taken.add(offset)
        out[use] = offset
    return out


def _kept_lines(
    analysis: Analysis, refs: Iterable[StatementRef]
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(cell, line) of every line of the statements the package runs as code, and of those
    that are plain Python (a magic's line is rewritten whole: nb2mod adds no argument there)."""
    lines: set[tuple[int, int]] = set()
    plain: set[tuple[int, int]] = set()
    for ref in refs:
        statement = analysis.statement(ref.cell, ref.index)
        if ref.action == "drop" or ref.as_comment or statement is None:
            continue
        span = {(ref.cell, n) for n in range(statement.line, statement.end_line + 1)}
        lines |= span
        if not statement.magics:
            plain |= span
    return lines, plain


def needs_numpy(analysis: Analysis) -> bool:
    """Some unseeded draw uses NumPy's global generator without naming numpy."""
    return any(u.library in FROM_NUMPY and not u.seeded for u in analysis.randomness)


def site_warnings(analysis: Analysis, sites: Iterable[RandomSite], plan: Plan) -> list[Diagnostic]:
    """An NB103 warning per draw the notebook leaves unseeded, saying what the package does."""
    out = []
    for site in sites:
        if site.how == "notebook" or not site.draws:
            continue  # seeded by the notebook, or not known to draw (LogisticRegression())
        if site.how == "argument":
            code = site.value if site.keyword == "0" else f"{site.keyword}={site.value}"
            then = f"the package gives it {code}"
        elif site.how == "global":
            then = (
                f"the package seeds it: {plan.name('run')}() calls {plan.name('set_seeds')}() first"
            )
        elif plan.seeds == "keep":
            then = "--seeds keep leaves it unseeded, so results can differ between runs"
        else:
            then = f"not reproducible: it {site.why}" if "generator" in site.why else site.why
        message = f"unseeded randomness ({site.call}); {then}"
        path = analysis.notebook.path
        out.append(Diagnostic(path, site.cell, site.line, site.col, "NB103", message))
    return out
