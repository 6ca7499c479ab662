"""SARIF 2.1.0 logs of lint diagnostics, for GitHub code scanning and other SARIF viewers.

One run; its driver lists one rule per code that has results (id, name, descriptions, help
as text and Markdown), and each diagnostic is one result at the notebook's path, with a
region at the file line and column that hold the cell location (see ``file_positions``),
and the cell location itself in the message and in the result's properties.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from nb2mod._version import __version__
from nb2mod.diagnostics import Diagnostic

if TYPE_CHECKING:
    from nb2mod.file_positions import FilePositions
    from nb2mod.rules import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}

RuleLookup = Callable[[str], "Rule | None"]


def sarif_log(
    diagnostics: Sequence[Diagnostic],
    rule_for: RuleLookup,
    positions: Mapping[str, FilePositions | None],
    root: Path,
    failures: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """The SARIF log: paths below ``root`` are relative to it (``%SRCROOT%``), others absolute
    file URIs; ``failures`` are (path, message) of notebooks that could not be read."""
    codes = sorted({d.code for d in diagnostics})
    rules = [_rule(code, rule_for(code)) for code in codes]
    index = {code: i for i, code in enumerate(codes)}
    results = [_result(d, index[d.code], positions.get(d.path), root) for d in diagnostics]
    invocation: dict[str, Any] = {"executionSuccessful": not failures}
    if failures:
        invocation["toolExecutionNotifications"] = [
            _notification(path, message, root) for path, message in failures
        ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": _driver(rules)},
                "invocations": [invocation],
                "originalUriBaseIds": {SRCROOT: {"uri": _folder_uri(root)}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def format_sarif(log: Mapping[str, Any]) -> str:
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "nb2mod",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": rules,
    }


def _rule(code: str, rule: Rule | None) -> dict[str, Any]:
    if rule is None:  # a code from an older cache entry: still a valid, if bare, rule
        return {"id": code}
    what = " ".join(rule.what.split())
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": _first_sentence(what)},
        "fullDescription": {"text": what},
        "help": {"text": " ".join(rule.why.split()), "markdown": rule.doc()},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": ["notebook"]},
    }


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _result(
    d: Diagnostic, rule_index: int, positions: FilePositions | None, root: Path
) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(d.path, root)}
    where = positions.position(d.cell, d.line, d.col) if positions is not None else None
    if where is not None:
        physical["region"] = {"startLine": where[0], "startColumn": where[1]}
    return {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[d.severity],
        "message": {"text": f"cell {d.cell}:{d.line}:{d.col}: {d.message}"},
        "locations": [{"physicalLocation": physical}],
        "properties": {"cell": d.cell, "cellLine": d.line, "cellColumn": d.col},
    }


def _notification(path: str, message: str, root: Path) -> dict[str, Any]:
    location = {"physicalLocation": {"artifactLocation": _artifact(path, root)}}
    return {"level": "error", "message": {"text": message}, "locations": [location]}


def _artifact(path: str, root: Path) -> dict[str, str]:
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(os.path.abspath(root))
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(PurePath(relative).as_posix()), "uriBaseId": SRCROOT}


def _folder_uri(root: Path) -> str:
    uri = Path(os.path.abspath(root)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


__all__ = ["SCHEMA_URI", "format_sarif", "sarif_log"]
