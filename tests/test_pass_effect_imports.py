"""EffectImports: an import kept for what it does becomes an importlib call."""

from __future__ import annotations

import pytest
from pass_cases import assert_rewrites, assert_unchanged

from nb2mod.analysis.names import IMPORTED_FOR_EFFECT
from nb2mod.codegen.passes.effect_imports import EffectImports

PASS = (EffectImports,)


def test_an_effect_import_becomes_a_call_that_says_why() -> None:
    why = IMPORTED_FOR_EFFECT["this"]
    assert_rewrites(
        PASS,
        "import this\n",
        f"importlib.import_module('this')  # imported for what it does: {why}\n",
    )


@pytest.mark.parametrize(
    "source",
    [
        "import os\n",
        "import this, os\n",  # not every module is imported for its effect
        "import this as zen\n",
        "from this import s\n",
        "def f():\n    import this\n",  # only a cell's own top-level lines
    ],
)
def test_other_imports_stay(source: str) -> None:
    assert_unchanged(PASS, source)
