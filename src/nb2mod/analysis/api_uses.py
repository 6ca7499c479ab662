"""The library APIs a cell surely uses through imported names: attribute reads and calls.

Surely: where the code runs whenever the cell does (at the cell's top level, outside a try,
a branch, a loop body, a function, a comprehension or an operand; Walker.surely_runs).
"""

from __future__ import annotations

from collections.abc import Mapping

from nb2mod.analysis.facts import ApiUse
from nb2mod.analysis.imports import qualify
from nb2mod.analysis.locate import Locator
from nb2mod.analysis.records import RawCell


def api_uses(
    raw: RawCell, aliases: Mapping[str, str], cell: int, locator: Locator
) -> tuple[ApiUse, ...]:
    """The attributes read and the calls made through a name bound by import (``cm.spectral``
    after ``from matplotlib import cm`` is ``matplotlib.cm.spectral``), where they surely run,
    the attributes assigned through such a name (``np.answer = 42``), the objects such calls
    bind to a name and the methods called on a name, in source order; a name no import alias
    stands for (a star import's) is left out."""
    found: list[ApiUse] = []
    for dotted, ref in raw.attributes:
        if dotted.partition(".")[0] in aliases:
            line = locator.position(ref)[0]
            found.append(
                ApiUse("attribute", qualify(dotted, aliases) or dotted, cell, line, ref[0])
            )
    for call in raw.calls:
        if not call.sure or call.func is None:
            continue
        line = locator.position(call.ref)[0]
        head, _, method = call.func.partition(".")
        if not call.api and method and "." not in method:  # vec.get_feature_names()
            found.append(ApiUse("method", method, cell, line, call.stmt, receiver=head))
        if not call.api or head not in aliases:
            continue
        name = qualify(call.func, aliases) or call.func
        shape = len(call.args), tuple(call.keywords), call.starred
        found.append(ApiUse("call", name, cell, line, call.stmt, *shape))
        if call.target is not None:
            found.append(ApiUse("made", name, cell, line, call.stmt, receiver=call.target))
    for dotted, ref in raw.module_writes:
        if dotted.partition(".")[0] in aliases and "." in dotted:
            line = locator.position(ref)[0]
            found.append(ApiUse("assigned", qualify(dotted, aliases) or dotted, cell, line, ref[0]))
    return tuple(sorted(dict.fromkeys(found), key=lambda u: (u.line, u.kind != "attribute")))
