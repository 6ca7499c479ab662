"""The three-way merge of one text: merge3's regions, the conflicts settled on top of them
(before/after triples), and git-style markers for the rest."""

from __future__ import annotations

from textwrap import dedent

from nb2mod.update.merge import END, MIDDLE, START, has_markers, merge_texts

BASE = dedent("""\
    def load(config):
        # cell 4
        raw = read(config.path)
        return raw


    def clean(raw):
        # cell 6
        sales = raw.dropna()
        return sales
    """)


def test_one_side_changed_takes_that_side() -> None:
    ours = BASE.replace("raw.dropna()", "raw.dropna().copy()")
    assert merge_texts(BASE, ours, BASE).text == ours
    assert merge_texts(BASE, BASE, ours).text == ours
    assert merge_texts(BASE, ours, ours).text == ours


def test_changes_in_different_places_both_apply() -> None:
    ours = BASE.replace("    return raw\n", "    assert len(raw)\n    return raw\n")
    theirs = BASE.replace("raw.dropna()", "raw.dropna(how='all')")
    merged = merge_texts(BASE, ours, theirs)
    assert merged.conflicts == ()
    assert "assert len(raw)" in merged.text and "how='all'" in merged.text


def test_the_same_line_changed_both_ways_is_a_conflict_with_both_versions() -> None:
    ours = BASE.replace("raw.dropna()", "raw.dropna().copy()")
    theirs = BASE.replace("raw.dropna()", "raw.dropna(how='all')")
    merged = merge_texts(BASE, ours, theirs)
    lines = merged.text.splitlines()
    start = lines.index(START)
    assert merged.conflicts == (start + 1,)
    assert lines[start : start + 5] == [
        START,
        "    sales = raw.dropna().copy()",
        MIDDLE,
        "    sales = raw.dropna(how='all')",
        END,
    ]
    assert has_markers(merged.text) and not has_markers(BASE)


def test_a_line_added_beside_a_renumbered_cell_comment_is_no_conflict() -> None:
    ours = BASE.replace("    # cell 6\n", "    # cell 6\n    raw = raw[raw.units > 0]\n")
    theirs = BASE.replace("# cell 6", "# cell 7").replace("# cell 4", "# cell 5")
    merged = merge_texts(BASE, ours, theirs)
    assert merged.conflicts == ()
    assert "    # cell 7\n    raw = raw[raw.units > 0]\n    sales" in merged.text
    assert "# cell 5" in merged.text


def test_neighbouring_lines_changed_one_each_are_no_conflict() -> None:
    ours = BASE.replace("    # cell 6\n", "    # cell 6 (checked)\n")
    theirs = BASE.replace("raw.dropna()", "raw.dropna(how='all')")
    merged = merge_texts(BASE, ours, theirs)
    assert merged.conflicts == ()
    assert "# cell 6 (checked)\n    sales = raw.dropna(how='all')" in merged.text


def test_import_lines_added_on_both_sides_are_joined() -> None:
    base = "import os\n\nX = 1\n"
    ours = "import os\nimport re\n\nX = 1\n"
    theirs = "import os\nimport json\n\nX = 2\n"
    merged = merge_texts(base, ours, theirs, python=True)
    assert merged == merge_texts(base, ours, theirs, python=True)
    assert merged.conflicts == ()
    assert merged.text == "import os\nimport re\nimport json\n\nX = 2\n"
    assert merge_texts(base, ours, theirs).conflicts  # not Python: markers


def test_an_import_the_notebook_dropped_goes_and_the_users_stays() -> None:
    base = "import os\nimport sys\n\nX = 1\n"
    ours = "import os\nimport sys\nimport re\n\nX = 1\n"
    theirs = "import os\n\nX = 1\n"
    assert merge_texts(base, ours, theirs, python=True).text == "import os\nimport re\n\nX = 1\n"


def test_a_missing_last_newline_does_not_glue_a_marker_to_a_line() -> None:
    merged = merge_texts("a\n", "b", "c")
    assert merged.text == f"{START}\nb\n{MIDDLE}\nc\n{END}\n"
