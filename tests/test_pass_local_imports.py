"""LocalImports: imports of the carried local modules point into the package, wherever they
stay in cell code; the sys.path edits the plan drops become a comment with a note."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pass_cases import PLAN, assert_rewrites, assert_unchanged

from nb2mod.codegen.passes.local_imports import LocalImports
from nb2mod.plan.model import CarriedModule

PASSES = (LocalImports,)
CARRIED = replace(
    PLAN,
    carried=(
        CarriedModule("helpers", "helpers.py", "helpers"),
        CarriedModule("lib", "lib", "lib"),
        CarriedModule("config", "config.py", "local_config"),
    ),
)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("import helpers\n", "from demo import helpers\n"),
        ("import helpers as h\n", "from demo import helpers as h\n"),
        ("from helpers import f\n", "from demo.helpers import f\n"),
        (
            "from helpers import f as g, h\n",
            "from demo.helpers import f as g; from demo.helpers import h\n",
        ),
        ("from lib.t import f\n", "from demo.lib.t import f\n"),
        ("from lib import t\n", "from demo.lib import t\n"),
        ("import lib.t as t\n", "from demo.lib import t\n"),
        ("import lib.t\n", "import demo.lib.t; lib = demo.lib\n"),
        ("from helpers import *\n", "from demo.helpers import *\n"),
        ("import os, helpers\n", "import os; from demo import helpers\n"),
        ("import config\n", "from demo import local_config as config\n"),
        ("from config import A\n", "from demo.local_config import A\n"),
        (
            "def f():\n    import helpers\n    return helpers.g()\n",
            "def f():\n    from demo import helpers\n    return helpers.g()\n",
        ),
        (
            "try:\n    from lib.t import f  # fast\nexcept ImportError:\n    f = None\n",
            "try:\n    from demo.lib.t import f  # fast\nexcept ImportError:\n    f = None\n",
        ),
    ],
)
def test_imports_of_carried_modules_point_into_the_package(before: str, after: str) -> None:
    assert_rewrites(PASSES, before, after, CARRIED)


@pytest.mark.parametrize(
    "source",
    [
        "import os\nimport helpers_extra\n",
        "from .helpers import f\n",
        "from libs.t import f\n",
        "x = 'import helpers'\n",
        "import numpy as helpers\n",
    ],
)
def test_other_imports_are_left_alone(source: str) -> None:
    assert_unchanged(PASSES, source, CARRIED)


def test_nothing_carried_nothing_changes() -> None:
    assert_unchanged(PASSES, "import helpers\nsys.path.insert(0, 'lib')\n")


def test_a_dropped_sys_path_edit_is_kept_as_a_comment() -> None:
    plan = replace(CARRIED, path_edits=((1, 2),))
    assert_rewrites(
        PASSES,
        "import sys\nsys.path.insert(0, 'lib')\nsys.path.append('other')\n",
        "import sys\n"
        "# sys.path edit dropped: the local modules it made importable are in the package\n"
        "# sys.path.insert(0, 'lib')\n"
        "pass\n"
        "sys.path.append('other')\n",
        plan,
    )


def test_a_sys_path_edit_in_another_cell_or_a_function_stays() -> None:
    plan = replace(CARRIED, path_edits=((2, 1),))
    assert_unchanged(PASSES, "sys.path.insert(0, 'lib')\n", plan, cell=1)
    source = "def f():\n    sys.path.insert(0, 'lib')\n"
    assert_unchanged(PASSES, source, replace(CARRIED, path_edits=((1, 2),)))
