"""Which scikit-learn calls take ``random_state``: the installed library's signatures when the
interpreter the dependencies resolve in answered (nb2mod.signatures), nb2mod's table otherwise.

A call the table knows draws at random (``analysis.randomness``) that the installed library
says takes no ``random_state`` is not given one (it would raise TypeError): it stays a draw
from NumPy's global generator. A candidate (``analysis.random_candidates``: a scikit-learn call
the table does not know to draw, without ``random_state``) that takes one is seeded like the
table's calls, unless the notebook seeded NumPy before it (it then draws reproducibly).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from nb2mod.analysis.facts import Analysis, RandomUse
from nb2mod.analysis.random_state_table import (
    IMBLEARN_TAKES_RANDOM_STATE,
    SKLEARN_TAKES_RANDOM_STATE,
    TABLE_SOURCE,
)
from nb2mod.plan.model import RandomSite, RandomStateSource, SeedsMode
from nb2mod.signatures import RandomStateSignatures


def names_to_ask(analysis: Analysis) -> tuple[str, ...]:
    """The qualified names whose signatures decide: the scikit-learn calls nb2mod would give
    ``random_state`` and the candidates (empty when the notebook calls neither)."""
    table = (u.call for u in analysis.randomness if _sklearn_argument(u))
    return tuple(sorted({*table, *(c.call for c in analysis.random_candidates)}))


def seedable_uses(
    analysis: Analysis, signatures: RandomStateSignatures | None
) -> tuple[tuple[RandomUse, ...], tuple[RandomUse, ...]]:
    """(the analysis' uses, a refused one without its seed argument; the unseeded candidates
    that take ``random_state``)."""
    answers = signatures.answers if signatures is not None else {}
    uses = tuple(
        replace(u, seed_argument="") if _sklearn_argument(u) and answers.get(u.call) is False else u
        for u in analysis.randomness
    )
    candidates = tuple(
        c for c in analysis.random_candidates if not c.seeded and _takes(c.call, answers)
    )
    return uses, candidates


def seeds_candidates(
    analysis: Analysis, mode: SeedsMode, signatures: RandomStateSignatures | None
) -> bool:
    """Some candidate may be given ``random_state`` (so Config needs its seed field)."""
    return mode == "apply" and bool(seedable_uses(analysis, signatures)[1])


def _takes(name: str, answers: Mapping[str, bool]) -> bool:
    """The installed library's answer, else the table's (by last name)."""
    if name in answers:
        return answers[name]
    imblearn = name.startswith("imblearn.")
    table = IMBLEARN_TAKES_RANDOM_STATE if imblearn else SKLEARN_TAKES_RANDOM_STATE
    return name.rpartition(".")[2] in table


def _sklearn_argument(use: RandomUse) -> bool:
    return use.library == "sklearn" and use.seed_argument == "random_state"


def random_state_source(
    analysis: Analysis,
    sites: Iterable[RandomSite],
    signatures: RandomStateSignatures | None,
    mode: SeedsMode = "apply",
) -> RandomStateSource | None:
    """Where the knowledge of the listed scikit-learn calls came from (None: none listed, or
    ``--seeds keep``, which gives none)."""
    if mode == "keep":
        return None
    names = set(names_to_ask(analysis))
    listed = sorted({s.call for s in sites if s.call in names})
    if not listed:
        return None
    answers = signatures.answers if signatures is not None else {}
    libraries = signatures.libraries if signatures is not None else {}
    answered = {n.partition(".")[0] for n in listed if n in answers}
    return RandomStateSource(
        libraries=tuple(libraries[t] for t in sorted(answered) if t in libraries),
        from_table=tuple(n for n in listed if n not in answers),
        table=TABLE_SOURCE,
        asked=signatures is not None,
    )
