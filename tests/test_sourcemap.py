"""The source map codegen builds while it joins pipeline.py: regions, cell marks, JSON."""

from __future__ import annotations

from pathlib import PurePosixPath

from conftest import make_notebook

from nb2mod.codegen.joining import Piece, anchored, join_file
from nb2mod.conversion import convert
from nb2mod.sourcemap import CellMark, FileMap, Region, SourceMap


def piece(kind: str, name: str, *lines: str, marks: tuple[tuple[int, bool], ...] = ()) -> Piece:
    return Piece(kind, name, "\n".join(lines) + "\n", marks)


HEADER = piece("module", "", '"""Doc."""', "", "import os")
STEP = piece(
    "step",
    "load",
    "def load(x):",
    "    # " + anchored("cell 2", 0),
    "    y = [1,",
    "      2]",
    "    # " + anchored("cell 3", 1),
    "    return (x)",
    marks=((2, True), (3, True)),
)


def test_raw_join_keeps_the_text_and_maps_each_region_and_mark() -> None:
    text, file_map = join_file("p/pipeline.py", [HEADER, STEP], format=False)
    assert (
        text
        == '"""Doc."""\n\nimport os\n\n\ndef load(x):\n    # cell 2\n    y = [1,\n      2]\n    # cell 3\n    return (x)\n\n'
    )
    assert file_map == FileMap(
        "p/pipeline.py", (Region("step", "load", 6, 11, (CellMark(2, 7), CellMark(3, 10))),)
    )


def test_formatted_join_moves_the_marks_with_their_comments() -> None:
    text, file_map = join_file("p/pipeline.py", [HEADER, STEP], format=True)
    lines = text.splitlines()
    (region,) = file_map.regions
    assert lines[region.start - 1] == "def load(x):" and lines[region.end - 1] == "    return x"
    assert [lines[m.line - 1] for m in region.marks] == ["    # cell 2", "    # cell 3"]
    assert file_map.step_lines()[region.marks[0].line + 1] == 2


def test_a_users_comment_like_a_mark_is_not_one() -> None:
    user = piece(
        "step", "s", "def s():", "    # " + anchored("cell 4", 0), "    # cell 4", "    x = 1",
        marks=((4, True),),
    )  # fmt: skip
    text, file_map = join_file("p/pipeline.py", [HEADER, user], format=True)
    assert [m.line for m in file_map.regions[0].marks] == [7]


def test_a_conversion_maps_every_step_and_definition_to_its_cells() -> None:
    notebook = make_notebook(
        ("markdown", "# Title\n## Load"),
        "import math\nvalues = [1, 4, 9]",
        "def root(v):\n    return math.sqrt(v)",
        ("markdown", "## Use"),
        "%matplotlib inline",
        "roots = [root(v) for v in values]\nprint(roots)",
    )
    conversion = convert(notebook)
    lines = conversion.files[PurePosixPath("notebook/pipeline.py")].splitlines()
    file_map = conversion.source_map.file("notebook/pipeline.py")
    assert file_map is not None
    kinds = {r.name: r for r in file_map.regions}
    assert kinds["root"].kind == "definition" and kinds["root"].cells == (3,)
    assert kinds["load"].cells == (2,) and kinds["use"].cells == (5, 6)
    for region in file_map.regions:
        assert lines[region.start - 1].lstrip("# ").startswith(("def", "class", "@", "cell"))
        for mark in region.marks:
            assert lines[mark.line - 1].strip() == f"# cell {mark.cell}"
    assert file_map.cells_with_code() == {2, 3, 6}  # cell 5's magic is dropped
    assert [s.name for s in conversion.pipeline_steps] == ["load", "use"]


def test_the_map_round_trips_through_json() -> None:
    source_map = convert(make_notebook("x = 1", "def f():\n    return x")).source_map
    assert SourceMap.from_json(source_map.to_json()) == source_map
