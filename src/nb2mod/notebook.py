"""The notebook model (Notebook, Cell, OutputSummary) and reading nbformat v2-v4 into it."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

from nb2mod.errors import (
    NotANotebookError,
    NotebookError,
    NotJSONError,
    NotPythonError,
    TruncatedNotebookError,
    UnreadableFileError,
    UnsupportedVersionError,
)
from nb2mod.paths import NotARegularFileError, notebooks_below, read_regular_file

CellKind = Literal["code", "markdown", "raw"]
NotebookSource = str | os.PathLike[str] | Mapping[str, Any]

_PYTHON_NAMES = {"python", "python2", "python3", "ipython", "ipython2", "ipython3", "py"}


@dataclass(frozen=True)
class OutputSummary:
    """What a code cell's stored outputs contain, without the outputs themselves."""

    count: int = 0
    types: tuple[str, ...] = ()
    error_names: tuple[str, ...] = ()

    @property
    def has_error(self) -> bool:
        return "error" in self.types or "pyerr" in self.types


@dataclass(frozen=True)
class Cell:
    """One cell; ``index`` counts all cells from 1 in file order, as Jupyter shows them."""

    index: int
    kind: CellKind
    source: str
    tags: tuple[str, ...] = ()
    execution_count: int | None = None
    cell_id: str | None = None
    outputs: OutputSummary = field(default_factory=OutputSummary)


@dataclass(frozen=True)
class Notebook:
    """A notebook read into cells; ``path`` is what messages call it."""

    path: str
    cells: tuple[Cell, ...]
    nbformat: tuple[int, int]
    language: str = "python"
    kernel_name: str | None = None
    warnings: tuple[str, ...] = ()
    # folders between the repository root (the nearest folder above with .git) and the
    # notebook's folder; None when unknown (not read from a file, or no repository)
    project_depth: int | None = None
    # SHA-256 (hex) of the file's text as read; None when not read from a file
    digest: str | None = None

    @property
    def code_cells(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.kind == "code")

    @property
    def stem(self) -> str:
        return Path(self.path).stem


def read_notebook(source: NotebookSource, *, path: str | None = None) -> Notebook:
    """Read a notebook from a file path (``.ipynb``, or a jupytext percent ``.py`` script
    with nb2mod[jupytext]), JSON text, or an already-parsed dict.

    Raises a NotebookError subclass, whose message names the file, for input that is not a
    usable Python notebook.
    """
    if isinstance(source, Mapping):
        return notebook_from_dict(source, path or "<notebook>")
    if isinstance(source, str) and source.lstrip().startswith("{"):
        return notebook_from_text(source, path or "<notebook>")
    file_path = os.fspath(source)
    text = read_text(file_path)
    if is_script(file_path):
        notebook = notebook_from_script(text, path or file_path)
    else:
        notebook = notebook_from_text(text, path or file_path)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return replace(notebook, project_depth=project_depth(file_path), digest=digest)


def project_depth(path: str | os.PathLike[str]) -> int | None:
    """How many folders the file ``path`` sits below its repository's root (the nearest
    folder at or above its own that holds ``.git``); None outside a repository."""
    folder = Path(os.path.abspath(path)).parent
    for depth, candidate in enumerate((folder, *folder.parents)):
        if (candidate / ".git").exists():
            return depth
    return None


def notebook_from_script(text: str, path: str) -> Notebook:
    """Read a percent-format script with jupytext; cells are numbered as jupytext reads them."""
    from nb2mod.script_notebook import script_notebook_dict

    return notebook_from_dict(script_notebook_dict(text, path), path)


def is_script(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a text notebook (a jupytext percent ``.py`` script)."""
    return os.fspath(path).lower().endswith(".py")


def read_text(path: str) -> str:
    """Read a regular file as UTF-8 text, turning every OS failure (and a folder, a FIFO or
    a device given as a file) into an UnreadableFileError."""
    try:
        return read_regular_file(path).decode("utf-8-sig")
    except FileNotFoundError:
        raise UnreadableFileError(path, "no such file") from None
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(path, f"not UTF-8 text (byte {exc.start})") from None
    except NotARegularFileError as exc:
        if os.path.isdir(path) and not notebooks_below(path):
            raise UnreadableFileError(
                path, "is a folder with no notebook (*.ipynb) in it"
            ) from None
        raise UnreadableFileError(path, f"{exc.strerror}") from None
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot read: {exc.strerror or exc}") from None


def notebook_from_text(text: str, path: str) -> Notebook:
    """Parse notebook JSON text; bad JSON is reported with its line and column."""
    if not text.strip():
        raise NotJSONError(path, "empty file, not a notebook")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise TruncatedNotebookError(
                path, f"truncated JSON: the document ends early (line {exc.lineno})"
            ) from None
        raise NotJSONError(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise NotJSONError(path, "not valid JSON: nested too deeply") from None
    except ValueError:  # only a number with more digits than int() reads (4,300) gets here
        raise NotJSONError(path, "not a usable notebook: a number with too many digits") from None
    if not isinstance(data, dict):
        raise NotANotebookError(path, f"not a notebook: the JSON is a {type(data).__name__}")
    return notebook_from_dict(data, path)


def notebook_from_dict(data: Mapping[str, Any], path: str) -> Notebook:
    """Build a Notebook from notebook JSON already parsed into a dict."""
    major, minor = _format_version(data, path)
    warnings: list[str] = []
    if major < 4:
        data = _upgrade(data, major, path)
        warnings.append(f"nbformat v{major} notebook upgraded to v4 for reading")
    elif major > 4:
        shown = major if major < 10**6 else "(a huge number)"
        raise UnsupportedVersionError(path, f"nbformat v{shown} is not supported (v2-v4 are)")
    elif minor > 5:
        warnings.append(f"nbformat 4.{minor} is newer than 4.5; read as 4.5")
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, Mapping):
        metadata = {}
        warnings.append("notebook metadata is not an object; ignored")
    language, kernel_name = _language(metadata)
    if language.lower() not in _PYTHON_NAMES:
        raise NotPythonError(path, f"the kernel language is {language!r}, not Python")
    raw_cells = data.get("cells")
    if not isinstance(raw_cells, list):
        raise NotANotebookError(path, "not a notebook: no list of cells")
    cells = tuple(_cell(i, raw, warnings) for i, raw in enumerate(raw_cells, start=1))
    warnings.extend(_schema_warnings(data, major))
    return Notebook(
        path=path,
        cells=cells,
        nbformat=(major, minor),
        language="python",
        kernel_name=kernel_name,
        warnings=tuple(warnings),
    )


def _format_version(data: Mapping[str, Any], path: str) -> tuple[int, int]:
    major = data.get("nbformat")
    if major is None:
        if "cells" in data or "worksheets" in data:
            raise NotANotebookError(path, "not a notebook: no 'nbformat' version field")
        raise NotANotebookError(path, "not a notebook: JSON without 'nbformat' and 'cells'")
    if not isinstance(major, int) or isinstance(major, bool):
        raise NotANotebookError(path, f"not a notebook: 'nbformat' is {major!r}, not a number")
    minor = data.get("nbformat_minor", 0)
    if not isinstance(minor, int) or isinstance(minor, bool):
        minor = 0
    if major < 2:
        raise UnsupportedVersionError(path, f"nbformat v{major} is not supported (v2-v4 are)")
    return major, minor


def _upgrade(data: Mapping[str, Any], major: int, path: str) -> Mapping[str, Any]:
    """Upgrade a v2/v3 notebook to v4 with nbformat's own reader and converter; the cell ids
    the converter draws at random are dropped (the file has none, and a read must give the
    same notebook every time)."""
    import nbformat
    from nbformat import versions

    try:
        node = versions[major].to_notebook_json(_fill_old_defaults(data, major))
        upgraded = nbformat.convert(node, 4)
        for cell in upgraded.get("cells", ()):
            cell.pop("id", None)
        return upgraded
    except Exception as exc:  # nbformat raises many kinds on malformed old notebooks
        raise NotANotebookError(
            path, f"nbformat v{major} notebook that nbformat cannot upgrade: {_one_line(exc)}"
        ) from None


def _fill_old_defaults(data: Mapping[str, Any], major: int) -> dict[str, Any]:
    """Old notebooks often lack fields the converter needs but whose default is obvious."""
    filled = dict(data)
    filled.setdefault("metadata", {})
    if major >= 3 or "worksheets" in filled:
        sheets = filled.get("worksheets")
        filled["worksheets"] = [
            {**sheet, "cells": sheet.get("cells") or []}
            for sheet in (sheets if isinstance(sheets, list) else [])
            if isinstance(sheet, Mapping)
        ]
    return filled


def _language(metadata: Mapping[str, Any]) -> tuple[str, str | None]:
    kernelspec = metadata.get("kernelspec")
    kernelspec = kernelspec if isinstance(kernelspec, Mapping) else {}
    info = metadata.get("language_info")
    info = info if isinstance(info, Mapping) else {}
    language = kernelspec.get("language") or info.get("name") or metadata.get("language")
    name = kernelspec.get("name")
    if not isinstance(language, str) or not language:
        language = "python"
    return language, name if isinstance(name, str) else None


def _cell(index: int, raw: Any, warnings: list[str]) -> Cell:
    if not isinstance(raw, Mapping):
        warnings.append(f"cell {index} is not an object; read as an empty raw cell")
        return Cell(index=index, kind="raw", source="")
    kind = raw.get("cell_type")
    if kind not in ("code", "markdown", "raw"):
        warnings.append(f"cell {index} has unknown type {kind!r}; read as raw")
        kind = "raw"
    metadata = raw.get("metadata")
    metadata = metadata if isinstance(metadata, Mapping) else {}
    tags = metadata.get("tags")
    count = raw.get("execution_count")
    cell_id = raw.get("id")
    source = _join_source(raw.get("source", ""))
    if kind != "code" and _unicode(source) != source:  # code keeps it: NB001 reports it
        warnings.append(f"cell {index} has a lone surrogate (not Unicode text); read as U+FFFD")
        source = _unicode(source)
    return Cell(
        index=index,
        kind=cast(CellKind, kind),
        source=source,
        tags=(
            tuple(_unicode(t) for t in tags if isinstance(t, str)) if isinstance(tags, list) else ()
        ),
        execution_count=count if isinstance(count, int) and not isinstance(count, bool) else None,
        cell_id=_unicode(cell_id) if isinstance(cell_id, str) else None,
        outputs=_outputs(raw.get("outputs")) if kind == "code" else OutputSummary(),
    )


def _unicode(text: str) -> str:
    """``text`` with each lone surrogate (JSON can hold one, UTF-8 cannot) as U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


def _join_source(source: Any) -> str:
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


def _outputs(outputs: Any) -> OutputSummary:
    if not isinstance(outputs, list):
        return OutputSummary()
    items = [o for o in outputs if isinstance(o, Mapping)]
    types = tuple(str(o.get("output_type", "")) for o in items)
    errors = tuple(
        _unicode(str(o.get("ename", "")))
        for o in items
        if o.get("output_type") in ("error", "pyerr")
    )
    return OutputSummary(count=len(items), types=types, error_names=errors)


def _schema_warnings(data: Mapping[str, Any], major: int) -> list[str]:
    """Validate against the nbformat schema; problems become warnings, not refusals."""
    if major != 4:
        return []
    import warnings as python_warnings

    from nbformat.validator import ValidationError, validate

    given = data.get("nbformat_minor", 0)
    minor = min(given, 5) if isinstance(given, int) and not isinstance(given, bool) else 0
    try:
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("ignore")
            validate(dict(data), version=4, version_minor=minor)
    except ValidationError as exc:
        return [f"notebook does not match the nbformat schema: {_one_line(exc)}"]
    except Exception as exc:  # a validator crash on odd input must not stop reading
        return [f"notebook could not be validated: {_one_line(exc)}"]
    return []


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return first[:200]


__all__ = ["Cell", "Notebook", "NotebookError", "OutputSummary", "is_script", "read_notebook"]
