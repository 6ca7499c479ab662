"""NB113 discarded-expensive-result: a cell that only shows an expensive result nobody keeps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis


def check(analysis: Analysis) -> Iterator[Finding]:
    for found in analysis.discarded_results:
        yield Finding(found.cell, found.line, found.col, f"`{found.call}` {found.reason}")


RULE = register(
    Rule(
        code="NB113",
        name="discarded-expensive-result",
        message="{detail} and the result is only shown, then lost: assign it to a name "
        "(`df = ...`) so later cells and the converted package keep it",
        what="Reports a cell that is a single bare expression whose work is expensive and kept "
        "by nothing: reading data (`pd.read_*`, `np.load`, `pickle.load`, dataset loaders), "
        "fitting an object no name holds (`RandomForestClassifier().fit(X, y)`), or a model "
        "selection (`cross_val_score`). A fit on a named model (`model.fit(X, y)`) is not "
        "reported: the model keeps it.",
        why="The value is displayed and dropped: later cells cannot use it (so the work is done "
        "again, or read back through `_`), and a converted package logs or drops a displayed "
        "expression, so the work is lost there too.",
        example='pd.read_csv("train.csv")',
        instead='train = pd.read_csv("train.csv")\ntrain',
        check=check,
    )
)
