"""Cells that are one bare expression computing something expensive whose value nobody keeps
(DiscardedResult): the data read, the object fitted or the scores computed are shown, if at
all, and lost; later cells cannot use them, and a converted package drops or logs them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from nb2mod.analysis.cell_facts import GatheredCell
from nb2mod.analysis.effects import call_effect
from nb2mod.analysis.facts import DiscardedResult
from nb2mod.analysis.imports import qualify
from nb2mod.analysis.records import CallSite

_READERS = frozenset(
    "numpy.load numpy.loadtxt numpy.genfromtxt numpy.fromfile pickle.load joblib.load "
    "torch.load tensorflow.keras.models.load_model keras.models.load_model scipy.io.loadmat "
    "xarray.open_dataset geopandas.read_file pyarrow.parquet.read_table seaborn.load_dataset "
    "datasets.load_dataset requests.get urllib.request.urlopen".split()
)
_READER_PREFIXES = ("pandas.read_", "sklearn.datasets.fetch_", "sklearn.datasets.load_")
_SELECTION = frozenset(
    f"sklearn.model_selection.{name}"
    for name in "cross_val_score cross_validate cross_val_predict learning_curve "
    "validation_curve permutation_test_score".split()
) | {"sklearn.inspection.permutation_importance"}
_FITS = frozenset({"fit", "fit_transform", "fit_predict", "fit_resample", "train"})
# effects that are the point of the statement: the value is not "nobody's"
_PURPOSE = frozenset({"plot", "display", "print", "file_write", "shell", "environment", "input"})


def discarded_results(gathered: Sequence[GatheredCell]) -> tuple[DiscardedResult, ...]:
    return tuple(found for cell in gathered for found in _in_cell(cell))


def _in_cell(cell: GatheredCell) -> Iterator[DiscardedResult]:
    statements = cell.raw.statements
    if len(statements) != 1:
        return  # the cell must be that expression alone
    statement = statements[0]
    if statement.kind != "expression" or statement.is_print or statement.mutates:
        return
    calls = [c for c in cell.raw.calls if c.stmt == statement.index and c.function is None]
    if any(c.magic is not None or _has_purpose(c, cell) for c in calls):
        return
    for call in calls:
        reason = expensive(call, qualify(call.func, cell.aliases))
        if reason is not None:
            line, col = cell.locator.position(call.ref)
            name = qualify(call.func, cell.aliases) or f".{call.method}()"
            yield DiscardedResult(cell.facts.cell, line, col, name, reason)
            return  # one finding per cell: the first expensive call


def _has_purpose(call: CallSite, cell: GatheredCell) -> bool:
    found = call_effect(call, cell.aliases)
    return found is not None and found[0] in _PURPOSE


def expensive(call: CallSite, qualified: str | None) -> str | None:
    """Why ``call`` is expensive work worth keeping, or None."""
    if qualified is not None and (qualified in _READERS or qualified.startswith(_READER_PREFIXES)):
        return "reads data"
    if qualified in _SELECTION:
        return "runs a model selection"
    if call.method in _FITS and call.receiver is None and call.func is None:
        return "fits an object nothing keeps"  # Model().fit(X, y): the fitted model is lost
    return None


__all__ = ["discarded_results", "expensive"]
