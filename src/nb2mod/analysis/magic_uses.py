"""Names a magic or shell escape reads: ``%timeit f(x)`` reads f and x, ``!echo $x {y}`` x, y."""

from __future__ import annotations

import ast
import re

# Magics whose argument (or cell body) is Python run in the notebook's namespace.
PYTHON_MAGICS = frozenset({"timeit", "time", "prun", "memit", "lprun", "debug", "capture"})
_DOLLAR = re.compile(r"(?<!\$)\$([A-Za-z_]\w*)")
_BRACES = re.compile(r"(?<!\{)\{([^{}]+)\}(?!\})")


def magic_call_names(magic: tuple[str, ...]) -> list[str]:
    """Names read by a normalised ``get_ipython()`` call: (method, *literal arguments)."""
    method, args = magic[0], magic[1:]
    if method in ("system", "getoutput"):
        return expanded_names(args[0] if args else "")
    name = args[0] if args else ""
    line = args[1] if len(args) > 1 else ""
    names = expanded_names(line)
    if method == "run_cell_magic":
        body = args[2] if len(args) > 2 else ""
        if name in PYTHON_MAGICS:
            names += python_names(body)
    elif name in PYTHON_MAGICS:
        names += python_names(line)
    elif name == "store" and not line.lstrip().startswith("-"):
        names += [word for word in line.split() if word.isidentifier()]
    return _unique(names)


def expanded_names(text: str) -> list[str]:
    """Names IPython expands in a command line: ``$name`` and ``{expression}``."""
    names = [m.group(1) for m in _DOLLAR.finditer(text)]
    for match in _BRACES.finditer(text):
        names += python_names(match.group(1))
    return _unique(names)


def python_names(code: str) -> list[str]:
    """Free names read by a Python snippet; leading magic options (``-n 10``) are skipped."""
    words = code.split(" ")
    for start in range(min(len(words), 8)):
        tree = _parse(" ".join(words[start:]).strip())
        if tree is not None:
            return _free_loads(tree)
        if not words[start].startswith("-") and start and not words[start - 1].startswith("-"):
            break
    return []


def _parse(code: str) -> ast.AST | None:
    if not code:
        return None
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _free_loads(tree: ast.AST) -> list[str]:
    stored = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)
    }
    loads = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
    loads.sort(key=lambda n: (n.lineno, n.col_offset))
    return _unique([n.id for n in loads if n.id not in stored])


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
