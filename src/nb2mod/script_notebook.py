"""Percent-format ``.py`` notebooks (``# %%`` cells), read with jupytext's own reader.

jupytext is an optional extra (``pip install 'nb2mod[jupytext]'``); without it, reading a
``.py`` notebook is a one-line error that names the extra. A ``.py`` file that jupytext does
not recognise as a percent notebook (a plain module) is ``NotAScriptNotebookError``, so the
``nb2mod-lint-py`` hook can skip it.
"""

from __future__ import annotations

from typing import Any

from nb2mod.errors import NotANotebookError, NotebookError

EXTRA_HINT = "pip install 'nb2mod[jupytext]'"
# jupytext's names for the cell-marker formats: hydrogen is percent with magics left as code
_PERCENT_FORMATS = ("percent", "hydrogen")


class MissingJupytextError(NotebookError):
    """jupytext, needed for ``.py`` notebooks, is not installed."""


class NotAScriptNotebookError(NotANotebookError):
    """A ``.py`` file that is not a jupytext percent notebook."""


def script_format(text: str, path: str) -> str | None:
    """jupytext's format name for ``text`` when it is a percent notebook, else None."""
    from jupytext.formats import guess_format  # type: ignore[import-untyped]

    _jupytext(path)
    name, _options = guess_format(text, ".py")
    return name if name in _PERCENT_FORMATS else None


def script_notebook_dict(text: str, path: str) -> dict[str, Any]:
    """The notebook jupytext reads from the percent script ``text``, as nbformat 4.4 JSON.

    Cell ids are dropped: jupytext draws fresh random ones on every read (they are not in
    the file), and nb2mod's output must not change between runs."""
    jupytext = _jupytext(path)
    name = script_format(text, path)
    if name is None:
        raise NotAScriptNotebookError(
            path, "a Python module, not a jupytext percent notebook (no '# %%' cell markers)"
        )
    try:
        notebook = jupytext.reads(text, fmt=f"py:{name}")
    except Exception as exc:  # jupytext raises many kinds on odd headers
        raise NotANotebookError(path, f"jupytext cannot read it: {_one_line(exc)}") from None
    data: dict[str, Any] = dict(notebook)
    data["cells"] = [{k: v for k, v in cell.items() if k != "id"} for cell in notebook.cells]
    data["nbformat"], data["nbformat_minor"] = 4, 4
    return data


def _jupytext(path: str) -> Any:
    try:
        import jupytext  # type: ignore[import-untyped]
    except ImportError:
        raise MissingJupytextError(
            path, f"reading a .py notebook needs jupytext: {EXTRA_HINT}"
        ) from None
    return jupytext


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


__all__ = [
    "EXTRA_HINT",
    "MissingJupytextError",
    "NotAScriptNotebookError",
    "script_format",
    "script_notebook_dict",
]
