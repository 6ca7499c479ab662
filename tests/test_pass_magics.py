"""Magics: IPython lines as the plan says (dropped, timed, written, or kept as a TODO)."""

from __future__ import annotations

from dataclasses import replace

from pass_cases import PLAN, assert_rewrites, assert_unchanged

from nb2mod.codegen.passes.magics import Magics
from nb2mod.codegen.passes.print_logging import PrintToLogging
from nb2mod.plan.model import MagicPlan

PASS = (Magics,)


def plan(*magics: MagicPlan):  # type: ignore[no-untyped-def]
    return replace(PLAN, magics=magics)


def test_dropped_and_moved_magics_leave_a_comment() -> None:
    magics = plan(MagicPlan(1, 1, "matplotlib", "drop"), MagicPlan(1, 2, "pip", "requirement"))
    assert_rewrites(
        PASS,
        "%matplotlib inline\n%pip install pandas\n",
        "# %matplotlib inline: dropped\npass\n# %pip install pandas: moved to requirements.txt\npass\n",
        magics,
    )


def test_timeit_runs_its_statement_timed_and_the_other_passes_rewrite_it() -> None:
    magics = plan(MagicPlan(1, 1, "timeit", "timed"))
    assert_rewrites(
        (PrintToLogging, Magics),
        "%timeit -n 3 print(f(x))\n",
        "with timed('print(f(x))'):\n    logger.info(\"%s\", f(x))\n",
        magics,
    )


def test_writefile_writes_the_asset() -> None:
    magics = plan(MagicPlan(1, 1, "writefile", "writefile"))
    assert_rewrites(
        PASS,
        "%%writefile run.sh\necho hi\n",
        "write_asset('run.sh', 'echo hi\\n', append=False)\n",
        magics,
    )


def test_a_magic_without_a_module_equivalent_is_a_todo_and_its_names_are_none() -> None:
    assert_rewrites(
        PASS,
        "files = !ls\n",
        "# TODO(nb2mod): IPython call with no module equivalent; kept as a comment\n"
        "# files = get_ipython().getoutput('ls')\nfiles = None\n",
    )
    run = plan(MagicPlan(1, 1, "run", "run_todo", "helpers.py"))
    assert_rewrites(
        PASS,
        "%run helpers.py\n",
        "# TODO(nb2mod): %run helpers.py: import the converted module instead; kept as a comment\n"
        "# get_ipython().run_line_magic('run', 'helpers.py')\npass\n",
        run,
    )


def test_plain_code_stays() -> None:
    assert_unchanged(PASS, "x = ipython_like()\nshell.system('ls')\n", plan())
