"""The stable JSON form of an Analysis (schema version 1, documented in docs/analysis-json.md)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from nb2mod.analysis.facts import Analysis, CellFacts, Effect, FunctionFacts
from nb2mod.redaction import redact_json, redacted

SCHEMA_VERSION = 1


def analysis_to_json(analysis: Analysis) -> dict[str, Any]:
    """The analysis as JSON; the notebook's hard-coded secrets are redacted everywhere."""
    return redact_json(_json(analysis), analysis.secrets.values)


def _json(analysis: Analysis) -> dict[str, Any]:
    notebook = analysis.notebook
    facts = {c.cell: c for c in analysis.cells}
    return {
        "path": notebook.path,
        "nbformat": f"{notebook.nbformat[0]}.{notebook.nbformat[1]}",
        "warnings": list(notebook.warnings),
        "cells": [
            _cell_json(cell.index, cell.kind, facts.get(cell.index)) for cell in notebook.cells
        ],
        "functions": [_function_json(f) for f in analysis.functions],
        "dataflow": [asdict(e) for e in analysis.dataflow],
        "hidden_state": [asdict(h) for h in analysis.hidden_state],
        "execution_out_of_order": analysis.execution_out_of_order,
        "redefined": [asdict(r) for r in analysis.redefined],
        "unused": [asdict(u) for u in analysis.unused],
        "seeds": [asdict(s) for s in analysis.seeds],
        "randomness": [
            {k: v for k, v in asdict(r).items() if k != "seed_argument"}
            for r in analysis.randomness
        ],
        "config_candidates": [_jsonable(asdict(c)) for c in analysis.config_candidates],
        "unsure": [asdict(u) for u in analysis.unsure],
        "diagnostics": [d.to_json() for d in analysis.diagnostics],
        "history_reads": [asdict(h) for h in analysis.history_reads],
        "discarded_results": [asdict(d) for d in analysis.discarded_results],
        "working_directory_paths": [asdict(w) for w in analysis.working_directory_paths],
        "secrets": [
            {"cell": f.cell, "line": f.line, "col": f.col, "detail": f.detail}
            | {"redacted": redacted(f.value)}
            for f in analysis.secrets.findings
        ],
    }


# The fields of schema version 1; facts added since for the conversion are not part of it.
_STATEMENT_FIELDS = (
    "index",
    "kind",
    "line",
    "end_line",
    "defines",
    "uses",
    "mutates",
    "deletes",
    "display_only",
    "is_print",
    "local_reads",
)
_FUNCTION_FIELDS = (
    "name",
    "kind",
    "cell",
    "line",
    "params",
    "reads_globals",
    "writes_globals",
    "mutates_globals",
    "mutates_params",
    "calls",
    "pure",
    "effects",
    "end_line",
)


def _function_json(function: FunctionFacts) -> dict[str, Any]:
    out = _fields(function, _FUNCTION_FIELDS)
    out["effects"] = [_effect_json(e) for e in function.effects]
    return out


def _fields(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    data = asdict(value)
    return {name: data[name] for name in names}


def _cell_json(index: int, kind: str, facts: CellFacts | None) -> dict[str, Any]:
    out: dict[str, Any] = {"index": index, "kind": kind}
    if facts is None:
        return out
    out.update(
        parsed=facts.parsed,
        defines=list(facts.defines),
        uses=list(facts.uses),
        mutates=list(facts.mutates),
        deletes=list(facts.deletes),
        mutations=[asdict(m) for m in facts.mutations],
        effects=[_effect_json(e) for e in facts.effects],
        imports=[{k: v for k, v in asdict(i).items() if k != "submodule"} for i in facts.imports],
        display_only=facts.display_only,
        magics=[asdict(m) for m in facts.magics],
        magic_uses=list(facts.magic_uses),
        unsure=[asdict(u) for u in facts.unsure],
        statements=[_fields(s, _STATEMENT_FIELDS) for s in facts.statements],
    )
    return out


def _effect_json(effect: Effect) -> dict[str, Any]:
    return {
        "kind": effect.kind,
        "line": effect.line,
        "col": effect.col,
        "call": effect.call,
        "detail": effect.detail,
        "path": effect.path,
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)
