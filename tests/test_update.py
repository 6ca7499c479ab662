"""`convert --update` and `--check`, each a scripted scenario on a real conversion: the user
edits the package, the notebook changes, and the update keeps the one and applies the other.

The tests look only for the lines they wrote themselves (the user's edits, the notebook's
code), never for other generated text, which other work changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import write_notebook

from nb2mod.cli import cli
from nb2mod.update.merge import END, MIDDLE, START

CELLS: list[str | tuple[str, str]] = [
    ("markdown", "# Prices"),
    "prices = [3.0, 4.5, 2.25]\ntotal = sum(prices)\nprint(total)",
    ("markdown", "# Counts"),
    "counts = [1, 2, 3]\nn = len(counts)\nprint(n)",
    ("markdown", "# Checks"),
    "assert total > 0",
    ("markdown", "# Report"),
    "print(total, n)",
]
PIPELINE = Path("pkg", "shop", "pipeline.py")
TESTS = Path("pkg", "tests", "test_shop.py")
MY_LINE = '    assert total < 100, "prices too high"\n'
MY_TEST = "\n\ndef test_my_own():\n    assert sum([1, 2]) == 3\n"


def nb2mod(folder: Path, *args: str) -> Result:
    here = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(cli, ["convert", *args])
    finally:
        os.chdir(here)


def converted(tmp_path: Path, cells: list[str | tuple[str, str]] | None = None) -> Path:
    write_notebook(tmp_path / "shop.ipynb", *(cells or CELLS))
    result = nb2mod(tmp_path, "shop.ipynb", "--out", "pkg")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pkg" / ".nb2mod" / "manifest.json").is_file()
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def user_edits(folder: Path) -> None:
    """A line added in the Prices step, and a test of the user's own."""
    edit(folder / PIPELINE, "    total = sum(prices)\n", "    total = sum(prices)\n" + MY_LINE)
    with (folder / TESTS).open("a", encoding="utf-8") as handle:
        handle.write(MY_TEST)


def notebook_changes(folder: Path, old: str, new: str) -> None:
    path = folder / "shop.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"] if old in "".join(c["source"])]
    assert len(cells) == 1, old
    cells[0]["source"] = "".join(cells[0]["source"]).replace(old, new)
    path.write_text(json.dumps(notebook), encoding="utf-8")


def reorder(folder: Path, order: list[int]) -> None:
    """The notebook's cells in another order, each keeping its id."""
    path = folder / "shop.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"] = [notebook["cells"][i] for i in order]
    path.write_text(json.dumps(notebook), encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def runs(folder: Path) -> str:
    """What the package's run() returns, run in its own interpreter."""
    code = "from shop.pipeline import run; print(sorted(run().items()))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder / "pkg",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(folder / "pkg")},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_unchanged_notebook_is_current_and_update_changes_nothing(tmp_path: Path) -> None:
    folder = converted(tmp_path)
    user_edits(folder)
    before = tree(folder / "pkg")

    check = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--check")
    assert check.exit_code == 0, check.output
    assert check.stdout == ""
    update = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update")
    assert update.exit_code == 0, update.output
    assert tree(folder / "pkg") == before  # the edits in place, not a byte moved


def test_edits_survive_a_notebook_change_in_another_step(tmp_path: Path) -> None:
    folder = converted(tmp_path)
    user_edits(folder)
    notebook_changes(folder, "counts = [1, 2, 3]", "counts = [1, 2, 3, 4]")

    check = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--check")
    assert check.exit_code == 1, check.output
    assert f"{PIPELINE.as_posix()}: stale (the notebook changed" in check.stdout
    assert TESTS.as_posix() not in check.stdout  # the user's edit is not staleness

    update = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update")
    assert update.exit_code == 0, update.output
    pipeline = (folder / PIPELINE).read_text(encoding="utf-8")
    assert MY_LINE in pipeline and "counts = [1, 2, 3, 4]" in pipeline
    assert (folder / TESTS).read_text(encoding="utf-8").endswith(MY_TEST)
    assert "('n', 4)" in runs(folder)
    report = (folder / "pkg" / "CONVERSION.md").read_text(encoding="utf-8")
    history = report[report.index("## Update history") :]
    assert "notebook cell 4 changed" in history and "`shop/pipeline.py`" in history

    again = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--check")
    assert again.exit_code == 0, again.output
    settled = tree(folder / "pkg")
    assert nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update").exit_code == 0
    assert tree(folder / "pkg") == settled


def test_the_same_line_changed_both_ways_is_a_conflict_and_nothing_else_is_lost(
    tmp_path: Path,
) -> None:
    folder = converted(tmp_path)
    user_edits(folder)
    edit(folder / PIPELINE, "    n = len(counts)\n", "    n = len(set(counts))\n")
    notebook_changes(folder, "n = len(counts)", "n = len(counts) - 1")

    update = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update")
    assert update.exit_code == 1, update.output
    lines = (folder / PIPELINE).read_text(encoding="utf-8").splitlines()
    start = lines.index(START)
    assert lines[start : start + 5] == [
        START,
        "    n = len(set(counts))",
        MIDDLE,
        "    n = len(counts) - 1",
        END,
    ]
    assert f"{PIPELINE.as_posix()}:{start + 1}: conflict" in update.stderr
    assert MY_LINE.rstrip("\n") in lines
    assert (folder / TESTS).read_text(encoding="utf-8").endswith(MY_TEST)
    report = (folder / "pkg" / "CONVERSION.md").read_text(encoding="utf-8")
    assert "conflicts to resolve: `shop/pipeline.py`" in report

    # markers left in: --check fails on them, the next update touches nothing in that file
    check = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--check")
    assert check.exit_code == 1, check.output
    assert check.stdout == f"{PIPELINE.as_posix()}: holds the conflict markers of an update\n"
    marked = (folder / PIPELINE).read_bytes()
    blocked = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update")
    assert blocked.exit_code == 1
    assert "resolve them first" in blocked.stderr
    assert (folder / PIPELINE).read_bytes() == marked


def test_a_removed_step_with_user_edits_is_reported_not_dropped(tmp_path: Path) -> None:
    folder = converted(tmp_path)
    edit(
        folder / PIPELINE,
        "    assert total > 0\n",
        "    assert total > 0\n    assert total < 1e6\n",
    )
    cells = [c for c in CELLS if c not in (("markdown", "# Checks"), "assert total > 0")]
    write_notebook(folder / "shop.ipynb", *cells)

    update = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update")
    assert update.exit_code == 1, update.output
    text = (folder / PIPELINE).read_text(encoding="utf-8")
    mine = text[text.index(START) : text.index(MIDDLE)]
    assert "    assert total < 1e6\n" in mine  # the user's version of the step, whole
    assert f"{PIPELINE.as_posix()}:" in update.stderr


def test_a_removed_step_nobody_edited_just_goes(tmp_path: Path) -> None:
    folder = converted(tmp_path)
    user_edits(folder)
    cells = [c for c in CELLS if c not in (("markdown", "# Checks"), "assert total > 0")]
    write_notebook(folder / "shop.ipynb", *cells)

    update = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update")
    assert update.exit_code == 0, update.output
    text = (folder / PIPELINE).read_text(encoding="utf-8")
    assert "assert total > 0" not in text and MY_LINE in text
    assert "('n', 3)" in runs(folder)


def test_a_deleted_file_stays_deleted_and_dry_run_and_diff_write_nothing(
    tmp_path: Path,
) -> None:
    folder = converted(tmp_path)
    user_edits(folder)
    (folder / TESTS).unlink()
    notebook_changes(folder, "counts = [1, 2, 3]", "counts = [5, 6]")
    before = tree(folder / "pkg")

    dry = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "pipeline.py  (merged" in dry.stdout
    diff = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update", "--diff")
    assert diff.exit_code == 1, diff.output
    assert "+    counts = [5, 6]\n" in diff.stdout
    assert tree(folder / "pkg") == before

    update = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update")
    assert update.exit_code == 0, update.output
    assert not (folder / TESTS).exists()
    assert "test_shop.py: you deleted it; left deleted" in update.stderr
    assert "counts = [5, 6]" in (folder / PIPELINE).read_text(encoding="utf-8")


def test_check_without_out_finds_the_packages_by_their_manifests(tmp_path: Path) -> None:
    folder = converted(tmp_path)
    write_notebook(folder / "other.ipynb", "x = 1")
    current = nb2mod(folder, "--check")
    assert current.exit_code == 0, current.output
    notebook_changes(folder, "assert total > 0", "assert total > 1")
    stale = nb2mod(folder, "--check", "shop.ipynb", "other.ipynb")
    assert stale.exit_code == 1, stale.output
    assert stale.stdout.splitlines() == [
        "pkg/shop/pipeline.py: stale (the notebook changed since it was converted)"
    ]
    assert "1 notebook with no package" in stale.stderr
    assert nb2mod(folder, "--check", "other.ipynb").exit_code == 0


def test_plain_convert_refuses_an_edited_package_and_points_to_update(tmp_path: Path) -> None:
    folder = converted(tmp_path)
    user_edits(folder)
    again = nb2mod(folder, "shop.ipynb", "--out", "pkg")
    assert again.exit_code == 2
    assert "--update" in again.output
    assert (folder / TESTS).read_text(encoding="utf-8").endswith(MY_TEST)


def test_a_nb2mod_folder_nb2mod_did_not_write_is_never_overwritten(tmp_path: Path) -> None:
    write_notebook(tmp_path / "shop.ipynb", *CELLS)
    mine = tmp_path / "pkg" / ".nb2mod" / "manifest.json"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own notes\n", encoding="utf-8")
    result = nb2mod(tmp_path, "shop.ipynb", "--out", "pkg")
    assert result.exit_code == 2, result.output
    assert mine.read_text(encoding="utf-8") == "my own notes\n"


def test_reordered_sections_keep_the_edits_in_their_steps(tmp_path: Path) -> None:
    folder = converted(tmp_path)
    user_edits(folder)  # in Prices, which moves below Counts
    counted = '    n = len(counts)\n    assert n, "no counts"\n'
    edit(folder / PIPELINE, "    n = len(counts)\n", counted)
    reorder(folder, [2, 3, 0, 1, 4, 5, 6, 7])

    update = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update")
    assert update.exit_code == 0, update.output
    text = (folder / PIPELINE).read_text(encoding="utf-8")
    counts, prices = text.index("counts = [1, 2, 3]"), text.index("prices = [3.0")
    assert counts < prices  # the notebook's new order
    assert counted in text[counts - 40 : prices] and MY_LINE in text[prices:]
    assert "('n', 3)" in runs(folder)


def test_a_renamed_and_moved_step_keeps_its_edit(tmp_path: Path) -> None:
    folder = converted(tmp_path)
    counted = '    n = len(counts)\n    assert n, "no counts"\n'
    edit(folder / PIPELINE, "    n = len(counts)\n", counted)
    notebook_changes(folder, "# Counts", "# Tallies")
    reorder(folder, [2, 3, 0, 1, 4, 5, 6, 7])

    update = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update")
    assert update.exit_code == 0, update.output
    text = (folder / PIPELINE).read_text(encoding="utf-8")
    assert "counts_step" not in text and "def tallies" in text
    assert text.index("def tallies") < text.index(counted) < text.index("def prices")
    assert "('n', 3)" in runs(folder)


def test_a_symlink_in_the_package_is_refused_on_one_line(tmp_path: Path) -> None:
    folder = converted(tmp_path)
    (folder / "pkg" / "shop").rename(folder / "elsewhere")
    (folder / "pkg" / "shop").symlink_to(folder / "elsewhere")
    notebook_changes(folder, "counts = [1, 2, 3]", "counts = [1, 2]")
    before = (folder / "elsewhere" / "pipeline.py").read_bytes()

    update = nb2mod(folder, "shop.ipynb", "--out", "pkg", "--update")
    assert update.exit_code == 2, update.output
    (line,) = update.stderr.splitlines()
    assert line.startswith("error: shop.ipynb: ") and "symbolic link" in line, line
    assert (folder / "elsewhere" / "pipeline.py").read_bytes() == before


def test_a_renamed_notebook_updates_the_package_it_was_converted_into(tmp_path: Path) -> None:
    folder = converted(tmp_path)
    user_edits(folder)
    notebook_changes(folder, "counts = [1, 2, 3]", "counts = [7]")
    (folder / "shop.ipynb").rename(folder / "store.ipynb")

    update = nb2mod(folder, "store.ipynb", "--out", "pkg", "--update")
    assert update.exit_code == 0, update.output
    assert not (folder / "pkg" / "store").exists()  # the package keeps its name
    text = (folder / PIPELINE).read_text(encoding="utf-8")
    assert MY_LINE in text and "counts = [7]" in text
    manifest = json.loads((folder / "pkg" / ".nb2mod" / "manifest.json").read_text("utf-8"))
    assert manifest["notebook"]["path"] == "../store.ipynb"
    assert nb2mod(folder, "--check").exit_code == 0
