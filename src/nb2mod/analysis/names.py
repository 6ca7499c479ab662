"""Name tables and helpers: builtins, IPython-provided names, dotted names of CST expressions."""

from __future__ import annotations

import builtins

import libcst as cst

# Names IPython puts in every notebook namespace; reading them is never hidden state.
IPYTHON_NAMES = frozenset(
    {"get_ipython", "display", "In", "Out", "_", "__", "___", "_i", "_ii", "_iii", "_oh", "_dh"}
    | {"exit", "quit", "__file__", "__name__", "__doc__", "__builtins__", "__spec__"}
)
BUILTINS = frozenset(dir(builtins))  # every name of the builtins module
PYTHON_BUILTINS = frozenset(n for n in BUILTINS if not n.startswith("_"))
MODULE_GLOBALS = BUILTINS | {"__file__", "__name__", "__doc__"}  # what any module can read
BUILTIN_NAMES = BUILTINS | IPYTHON_NAMES
LITERAL_NAMES = frozenset({"True", "False", "None"})
# Modules whose import is done for what it visibly does, not for the name it binds.
IMPORTED_FOR_EFFECT = {
    "this": "prints the Zen of Python",
    "antigravity": "opens a web browser",
    "__hello__": "prints a greeting",
    "__phello__": "prints a greeting",
}


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a chain of names and attributes, None for anything else."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def base_name(node: cst.BaseExpression) -> str | None:
    """The name an attribute/subscript/call chain starts from: ``df`` in ``df.a["x"].b``."""
    while True:
        if isinstance(node, cst.Name):
            return node.value
        if isinstance(node, (cst.Attribute, cst.Subscript)):
            node = node.value
        elif isinstance(node, cst.Call):
            node = node.func
        else:
            return None
