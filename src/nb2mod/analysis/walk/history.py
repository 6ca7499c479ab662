"""IPython's history by number: ``Out[3]`` and ``In[3]`` (the names themselves are ordinary
reads; see analysis/history.py for what they refer to)."""

from __future__ import annotations

import libcst as cst

from nb2mod.analysis.walk.registry import handles
from nb2mod.analysis.walk.walker import Walker

HISTORY_LISTS = frozenset({"Out", "In", "_oh", "_ih"})


@handles(cst.Subscript)
def subscript(walk: Walker, node: cst.Subscript) -> None:
    """Record ``Out[N]``/``In[N]`` with the ref its name is read under, then walk as usual."""
    value = node.value
    if isinstance(value, cst.Name) and value.value in HISTORY_LISTS and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index) and isinstance(index.value, cst.Integer):
            key = ("n", value.value)
            ref = (walk.stmt.index, key, walk.counts.get(key, 0))  # what the name's read takes
            walk.raw.history_indexes.append((value.value, int(index.value.value, 0), ref))
    walk.visit(value)
    walk.visit_all(node.slice)
