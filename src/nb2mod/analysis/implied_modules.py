"""Modules a library call needs at run time although the notebook never imports them."""

from __future__ import annotations

from nb2mod.analysis.records import CallSite

# scikit-learn's dataset loaders return pandas objects with as_frame=True, and fetch_openml
# does by default (as_frame="auto"): without pandas installed they raise ImportError.
_SKLEARN_DATASETS = "sklearn.datasets."


def implied_modules(call: CallSite, qualified: str | None) -> tuple[tuple[str, str], ...]:
    """(module, why) for each module ``call`` needs without an import of it in the code."""
    if qualified is None or not qualified.startswith(_SKLEARN_DATASETS):
        return ()
    frame = call.keywords.get("as_frame")
    value = frame.value if frame is not None else None
    if qualified == "sklearn.datasets.fetch_openml" and value is not False:
        return (("pandas", f"{qualified}() returns pandas objects"),)
    if value is True:
        return (("pandas", f"{qualified}(as_frame=True) returns pandas objects"),)
    return ()
