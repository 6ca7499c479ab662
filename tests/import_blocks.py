"""Post-render check for tests: is a generated module's import block as isort orders it?"""

from __future__ import annotations

import ast
from collections.abc import Iterable

import isort

from nb2mod.plan.import_order import isort_config


def imports_sorted(code: str, first_party: Iterable[str]) -> bool:
    """Whether the module-level import block of ``code`` (its docstring and the imports before
    its first other statement) is grouped and sorted as ``ordered_imports`` does; imports
    inside notebook functions are the notebook's, kept as written."""
    body = ast.parse(code).body
    end = 0
    for number, node in enumerate(body):
        docstring = number == 0 and isinstance(node, ast.Expr)
        if not docstring and not isinstance(node, (ast.Import, ast.ImportFrom)):
            break
        end = node.end_lineno or end
    block = "".join(code.splitlines(keepends=True)[:end])
    return bool(isort.check_code(block, config=isort_config(tuple(sorted(set(first_party))))))
