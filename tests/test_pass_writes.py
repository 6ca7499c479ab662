"""Writes: a line that writes a file (or a ``with open(..., "w")`` block) goes under
``with writing(what, path):`` where the plan's WriteSite says, at any depth."""

from __future__ import annotations

from dataclasses import replace

from pass_cases import PLAN, assert_rewrites, assert_unchanged

from nb2mod.codegen.passes.writes import Writes
from nb2mod.plan.model import WriteSite

PASS = (Writes,)


def sites(*found: WriteSite):  # type: ignore[no-untyped-def]
    return replace(PLAN, write_sites=found)


OUT = WriteSite(1, 2, "config field out", "config.out")


def test_a_write_line_names_the_field_and_its_path() -> None:
    assert_rewrites(
        PASS,
        "frame = load()\nframe.to_csv(config.out)\nprint(frame)\n",
        "frame = load()\nwith writing('config field out', config.out):\n"
        "    frame.to_csv(config.out)\nprint(frame)\n",
        sites(OUT),
    )


def test_a_write_without_a_path_it_can_name_relies_on_the_error() -> None:
    assert_rewrites(
        PASS,
        "x = 1\nnp.save(f'{name}.npy', x)\n",
        "x = 1\nwith writing('the file numpy.save() writes'):\n    np.save(f'{name}.npy', x)\n",
        sites(WriteSite(1, 2, "the file numpy.save() writes")),
    )


def test_a_with_whose_header_writes_is_wrapped_whole_and_its_body_not_again() -> None:
    assert_rewrites(
        PASS,
        "# keep me\nwith open(config.out, 'w') as handle:\n    json.dump(data, handle)\n",
        "# keep me\nwith writing('config field out', config.out):\n"
        "    with open(config.out, 'w') as handle:\n        json.dump(data, handle)\n",
        sites(OUT, WriteSite(1, 3, "the file json.dump() writes")),
    )


def test_writes_inside_loops_and_functions_are_wrapped_where_they_are() -> None:
    assert_rewrites(
        PASS,
        "def save(table, path):\n    table.to_csv(path)\n"
        "for n in range(2):\n    frame.to_csv(f'h{n}.csv')\n",
        "def save(table, path):\n    with writing('path', path):\n        table.to_csv(path)\n"
        "for n in range(2):\n    with writing('the file to_csv() writes'):\n"
        "        frame.to_csv(f'h{n}.csv')\n",
        sites(WriteSite(1, 2, "path", "path"), WriteSite(1, 4, "the file to_csv() writes")),
    )


def test_a_with_that_does_not_write_is_left_and_its_writing_lines_wrapped() -> None:
    assert_rewrites(
        PASS,
        "with timer():\n    frame.to_csv(config.out)\n",
        "with timer():\n    with writing('config field out', config.out):\n"
        "        frame.to_csv(config.out)\n",
        sites(WriteSite(1, 2, "config field out", "config.out")),
    )


def test_the_helper_takes_the_name_the_plan_gives_it() -> None:
    plan = replace(
        sites(WriteSite(1, 1, "config field out")), renamed_generated=(("writing", "w2"),)
    )
    assert_rewrites(
        PASS, "frame.to_csv(x)\n", "with w2('config field out'):\n    frame.to_csv(x)\n", plan
    )


def test_lines_and_cells_the_plan_does_not_name_stay() -> None:
    assert_unchanged(PASS, "frame = 1\nframe.to_csv(config.out)\n", sites(WriteSite(1, 3, "x")))
    assert_unchanged(PASS, "frame.to_csv(config.out)\n", sites(OUT), cell=2)
