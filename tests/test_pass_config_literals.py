"""ConfigLiterals: a literal the plan lifted into Config is read from it, at its line."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pass_cases import PLAN, assert_rewrites, assert_unchanged

from nb2mod.codegen.passes.config_literals import ConfigLiterals
from nb2mod.plan.model import ConfigField

PASS = (ConfigLiterals,)
LR = ConfigField("lr", "float", 0.1, 1, 1, 5, "0.1", "assigned", variable="lr")
EPOCHS = ConfigField("epochs", "int", 10, 1, 2, 20, "10", "keyword", keyword="epochs")
PATH = ConfigField("data_path", "str", "d.csv", 1, 3, 14, "'d.csv'", "read", sites=((2, 1),))
FIELDS = replace(PLAN, config_fields=(LR, EPOCHS, PATH))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "lr = 0.1\nfit(x, epochs=10)\ndf = read_csv('d.csv')\n",
            "lr = config.lr\nfit(x, epochs=config.epochs)\ndf = read_csv(config.data_path)\n",
        ),
        ("lr: float = 0.10\n", "lr: float = config.lr\n"),  # the same value, written otherwise
    ],
)
def test_lifted_literals_read_the_config(before: str, after: str) -> None:
    assert_rewrites(PASS, before, after, FIELDS)


def test_another_site_of_the_same_literal_reads_it_too() -> None:
    assert_rewrites(
        PASS, "df2 = read_csv('d.csv')\n", "df2 = read_csv(config.data_path)\n", FIELDS, 2
    )


def test_the_plans_config_name_is_used() -> None:
    plan = replace(FIELDS, renamed_generated=(("config", "cfg"),))
    assert_rewrites(PASS, "lr = 0.1\n", "lr = cfg.lr\n", plan)


@pytest.mark.parametrize(
    "source",
    [
        "\nlr = 0.1\n",  # not at the field's line
        "lr = 0.2\n",  # another value
        "x, lr = 1, 0.1\n",  # a literal inside a tuple is not the assigned value
        "x = 1\nfit(x, 10)\n",  # at its line, but a keyword field needs its keyword
    ],
)
def test_other_literals_stay(source: str) -> None:
    assert_unchanged(PASS, source, FIELDS)


def test_a_field_is_applied_once_per_line() -> None:
    assert_rewrites(PASS, "lr = 0.1; lr2 = 0.1\n", "lr = config.lr; lr2 = 0.1\n", FIELDS)
