"""The walk's handler registry: one handler per node type, found by its decorator."""

from __future__ import annotations

import types

import libcst as cst
import pytest

from nb2mod.analysis.walk.cell import HANDLERS, walk_cell
from nb2mod.analysis.walk.registry import collect, handles


def test_every_handled_node_type_has_one_handler_from_its_module() -> None:
    assert HANDLERS[cst.Assign].__module__ == "nb2mod.analysis.walk.bindings"
    assert HANDLERS[cst.Call].__module__ == "nb2mod.analysis.walk.calls"
    assert HANDLERS[cst.FunctionDef].__module__ == "nb2mod.analysis.walk.definitions"
    assert HANDLERS[cst.Import].__module__ == "nb2mod.analysis.walk.imports"
    assert HANDLERS[cst.Integer] is HANDLERS[cst.Float]
    assert cst.BinaryOperation not in HANDLERS  # walked field by field


def test_two_handlers_for_one_type_are_refused() -> None:
    module = types.ModuleType("fake")

    @handles(cst.Name)
    def first(walk, node) -> None: ...

    @handles(cst.Name)
    def second(walk, node) -> None: ...

    first.__module__ = second.__module__ = "fake"
    module.first, module.second = first, second
    with pytest.raises(TypeError, match="two walk handlers for Name"):
        collect([module])


def test_the_table_cannot_be_changed_at_run_time() -> None:
    with pytest.raises(TypeError):
        HANDLERS[cst.BinaryOperation] = lambda walk, node: None  # type: ignore[index]


def test_a_walk_reads_and_binds_through_the_handlers() -> None:
    raw = walk_cell(cst.parse_module("import numpy as np\nx = np.zeros(3)\nprint(x)\n"))
    assert [s.defines for s in raw.statements] == [["np"], ["x"], []]
    assert [s.uses for s in raw.statements] == [[], ["np"], ["print", "x"]]
