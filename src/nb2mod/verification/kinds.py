"""What kind of value a comparison looks at, and how its messages name values and types.

Standard library only: the library modules (numpy, pandas, scipy) are looked up in
``sys.modules``, so nothing is imported that the values themselves did not bring.
"""

from __future__ import annotations

import math
import sys
from typing import Any


def safe_equal(e: Any, a: Any) -> bool | None:
    """True/False from ``==``; None when ``==`` raises or does not give a plain truth value."""
    try:
        result = e == a
        return bool(result) if isinstance(result, bool) else None
    except Exception:  # user objects may raise anything from __eq__
        return None


def has_default_eq(value: Any) -> bool:
    return type(value).__eq__ is object.__eq__


def safe_repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception as exc:  # a broken __repr__ must not stop the comparison
        return f"<{type_name(value)} with a failing repr: {type(exc).__name__}>"


def is_numpy_array(value: Any) -> bool:
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.ndarray)


def is_numpy_scalar(value: Any) -> bool:
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.generic)


def is_pandas(value: Any) -> bool:
    module = type(value).__module__
    return (module == "pandas" or module.startswith("pandas.")) and "pandas" in sys.modules


def is_sparse(value: Any) -> bool:
    sparse = sys.modules.get("scipy.sparse")
    return sparse is not None and bool(sparse.issparse(value))


def canonical_csr(matrix: Any) -> Any:
    csr = matrix.tocsr(copy=True)
    csr.sum_duplicates()
    csr.sort_indices()
    return csr


def is_index(value: Any) -> bool:
    pandas = sys.modules["pandas"]
    return isinstance(value, pandas.Index)


def pandas_message(exc: AssertionError) -> str:
    lines = [" ".join(line.split()) for line in str(exc).splitlines() if line.strip()]
    return short("; ".join(lines), 240)


def sorted_reprs(values: Any) -> str:
    return "{" + ", ".join(sorted(repr(v) for v in values)) + "}"


def relative(e: float, a: float) -> str:
    if math.isinf(e) or math.isinf(a) or e == 0:
        return ""
    return f" (relative difference {abs(e - a) / abs(e):.2g})"


def type_name(value: Any) -> str:
    kind = type(value)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def short_type(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
