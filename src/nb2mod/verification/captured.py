"""Values captured from a run, as read back by the verifier: loaded, or why they cannot be."""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

CapturedKind = Literal["value", "figure", "code"]


@dataclass(frozen=True)
class Captured:
    """One name's value from one side; ``loaded`` tells whether ``value`` holds it."""

    name: str
    present: bool = True
    type_name: str = ""
    kind: CapturedKind = "value"
    repr: str = ""
    value: Any = None
    loaded: bool = False
    unpicklable: str | None = None  # why the run could not pickle it
    unloadable: str | None = None  # why the verifier could not unpickle it
    local: bool = False  # its class is defined by the notebook or the package


class _GuardedUnpickler(pickle.Unpickler):
    """Refuses classes of the notebook (``__main__``) and of the generated package, so a
    value never resolves to a same-named class of the verifier's own process (the dump
    pickles their instances as placeholders; see state.py)."""

    def __init__(self, data: bytes, local_modules: tuple[str, ...]) -> None:
        super().__init__(io.BytesIO(data))
        self.local_modules = local_modules

    def find_class(self, module: str, name: str) -> Any:
        if module == "__main__" or any(
            module == m or module.startswith(m + ".") for m in self.local_modules
        ):
            raise pickle.UnpicklingError(f"{module}.{name} is defined by the notebook or package")
        return super().find_class(module, name)


def load_pickle(data: bytes, local_modules: tuple[str, ...] = ()) -> Any:
    return _GuardedUnpickler(data, local_modules).load()


def decode_record(
    name: str, record: Mapping[str, Any] | None, local_modules: tuple[str, ...] = ()
) -> Captured:
    """A raw record written by the dump code (see dump.py) turned into a Captured value."""
    if record is None or record.get("missing"):
        return Captured(name=name, present=False)
    base = Captured(
        name=name,
        type_name=str(record.get("type", "")),
        kind=record.get("kind", "value"),
        repr=str(record.get("repr", "")),
        unpicklable=record.get("pickle_error"),
        local=bool(record.get("local", False)),
    )
    fields: dict[str, Any] = {}
    data = record.get("pickle")
    if isinstance(data, bytes):
        try:
            fields.update(value=load_pickle(data, local_modules), loaded=True)
        except Exception as exc:  # any unpickling failure means: compare another way
            fields["unloadable"] = f"{type(exc).__name__}: {exc}"[:200]
    return replace(base, **fields) if fields else base


def read_captured(
    path: str | Path, names: Iterable[str], local_modules: tuple[str, ...] = ()
) -> dict[str, Captured]:
    """Read the dump file a run wrote; a name it does not hold is captured as missing."""
    with open(path, "rb") as handle:
        records = pickle.load(handle)
    return {n: decode_record(n, records.get(n), local_modules) for n in names}
