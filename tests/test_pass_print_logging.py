"""PrintToLogging: print() calls a log record can say become logger.info()."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pass_cases import PLAN, assert_rewrites, assert_unchanged

from nb2mod.codegen.format import format_python
from nb2mod.codegen.passes.print_logging import PrintToLogging
from nb2mod.codegen.passes.registry import rewrite_source

PASS = (PrintToLogging,)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("print(total)\n", 'logger.info("%s", total)\n'),
        ("print('rows:', n)\n", 'logger.info("rows: %s", n)\n'),
        ("print('100%', n, sep='|')\n", 'logger.info("100%%|%s", n)\n'),
        ("print(f'{acc:.3f} after {n} epochs')\n", 'logger.info("%.3f after %s epochs", acc, n)\n'),
        ("print(f'{model!r}')\n", 'logger.info("%r", model)\n'),
        ("print(f'{x=}')\n", "logger.info(\"%s\", f'{x=}')\n"),  # no %-style for x=: a %s value
        ("print(a, end='\\n', flush=True)\n", 'logger.info("%s", a)\n'),
        ("def f(x):\n    print(x)\n", 'def f(x):\n    logger.info("%s", x)\n'),
        ("%time print(x)\n", 'logger.info("%s", x)\n'),  # %time keeps its statement as code
        ('print("it\'s", n)\n', 'logger.info("it\'s %s", n)\n'),
        ("print('say \"hi\"')\n", "logger.info('say \"hi\"')\n"),  # repr's quotes: fewer escapes
        ("print('a '\n      'b', n)\n", 'logger.info("a b %s", n)\n'),  # joined across lines
        ("print(('x = '\n       '1'))\n", 'logger.info("x = 1")\n'),
    ],
)
def test_prints_become_log_records(before: str, after: str) -> None:
    assert_rewrites(PASS, before, after)


@pytest.mark.parametrize(
    "source",
    [
        "print(x, end=', ')\n",  # joins lines: a log record cannot
        "print(*values)\n",
        "print(x, file=sys.stderr)\n",
        "print(x, sep=separator)\n",
        'logger.info("%s", x)\n',
        "printer(x)\n",
        "obj.print(x)\n",
    ],
)
def test_other_calls_stay(source: str) -> None:
    assert_unchanged(PASS, source)


def test_log_messages_are_written_as_black_writes_them() -> None:
    """So a black pass finds nothing to change in them (one pass over the piece, not two)."""
    source = "print('rows:', n)\nprint(f'{acc:.3f}')\nprint(\"it's\")\nprint('a \"b\"')\n"
    rewritten = rewrite_source(source, PLAN, passes=PASS)
    assert format_python(rewritten) == rewritten


def test_the_logger_is_the_name_the_plan_gave_it() -> None:
    renamed = replace(PLAN, renamed_generated=(("logger", "log"),))
    assert_rewrites(PASS, "print(n)\n", 'log.info("%s", n)\n', renamed)
