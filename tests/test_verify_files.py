"""The (files written) row: files each run wrote in its scratch folder, compared."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import write_notebook
from test_verify import converter_for, simple_package

from nb2mod.settings import Settings
from nb2mod.verification.files import FILES, compare_written, written_files
from nb2mod.verification.verifier import verify


def side(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


def test_written_files_are_new_or_changed_ones(tmp_path: Path) -> None:
    original = side(tmp_path / "original", {"data.csv": "a\n1\n", "keep.txt": "same"})
    for path in original.iterdir():  # files made long before the run, as real ones are
        os.utime(path, (1_000_000_000, 1_000_000_000))
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)  # copies keep file times, as the scratch copies do
    (copy / "data.csv").write_text("a\n2\n")
    side(copy, {"out/predictions.csv": "p\n0.5\n"})
    found = written_files(original, copy)
    assert sorted(found) == ["data.csv", "out/predictions.csv"]
    assert written_files(None, copy).keys() == {"data.csv", "keep.txt", "out/predictions.csv"}


def written(tmp_path: Path, label: str, files: dict[str, str]):  # type: ignore[no-untyped-def]
    return written_files(None, side(tmp_path / label, files))


def test_identical_files_are_equal_and_nothing_written_is_no_row(tmp_path: Path) -> None:
    notebook = written(tmp_path, "n", {"out.csv": "x\n1\n"})
    package = written(tmp_path, "p", {"out.csv": "x\n1\n"})
    verdict = compare_written(notebook, package)
    assert verdict is not None and verdict.name == FILES
    assert (verdict.status, verdict.detail) == ("equal", "1 file identical")
    assert compare_written({}, {}) is None


def test_a_different_file_names_the_file_and_the_first_line(tmp_path: Path) -> None:
    notebook = written(tmp_path, "n", {"out.csv": "x\n1\n2\n"})
    package = written(tmp_path, "p", {"out.csv": "x\n1\n3\n"})
    verdict = compare_written(notebook, package)
    assert verdict is not None and verdict.status == "different"
    assert verdict.detail == "out.csv: line 3: '2' != '3'"


def test_missing_and_extra_files_are_differences(tmp_path: Path) -> None:
    notebook = written(tmp_path, "n", {"a.csv": "1", "b.csv": "2"})
    package = written(tmp_path, "p", {"a.csv": "1", "c.csv": "3", "figures/step.png": "img"})
    verdict = compare_written(notebook, package, package_only_ok=("figures",))
    assert verdict is not None and verdict.status == "different"
    assert verdict.detail == "the package does not write b.csv; only the package writes c.csv"


def test_the_package_figure_folder_alone_is_no_row(tmp_path: Path) -> None:
    package = written(tmp_path, "p", {"figures/step.png": "img"})
    assert compare_written({}, package, package_only_ok=("figures",)) is None


def test_images_are_checked_to_exist_not_compared(tmp_path: Path) -> None:
    notebook = written(tmp_path, "n", {"fig/plot.png": "one"})
    package = written(tmp_path, "p", {"fig/plot.png": "two"})
    verdict = compare_written(notebook, package)
    assert verdict is not None and verdict.status == "not compared"
    assert "fig/plot.png written on both sides" in verdict.detail


def test_a_file_that_changes_between_notebook_runs_is_not_deterministic(tmp_path: Path) -> None:
    notebook = written(tmp_path, "n", {"stamp.txt": "1"})
    again = written(tmp_path, "a", {"stamp.txt": "2"})
    package = written(tmp_path, "p", {"stamp.txt": "3"})
    verdict = compare_written(notebook, package, again)
    assert verdict is not None and verdict.status == "not deterministic"
    verdict = compare_written(notebook, package, None)
    assert verdict is not None and verdict.status == "different"


NOTEBOOK = "rows = [1, 2, 3]\nwith open('out/total.txt', 'w') as f:\n    f.write(str(sum(rows)))"


def package_writing(total: str) -> str:
    return (
        "import os\n\n\ndef run(config=None):\n"
        "    os.makedirs('out', exist_ok=True)\n"
        f"    with open('out/total.txt', 'w') as f:\n        f.write({total!r})\n"
        "    return {}\n"
    )


@pytest.mark.parametrize(("total", "status"), [("6", "equal"), ("7", "different")])
def test_verify_compares_what_both_runs_write(tmp_path: Path, total: str, status: str) -> None:
    (tmp_path / "nb" / "out").mkdir(parents=True)
    path = write_notebook(tmp_path / "nb" / "writer.ipynb", NOTEBOOK)
    package = simple_package(tmp_path, "writer", package_writing(total))
    before = sorted(os.listdir(tmp_path / "nb" / "out"))
    result = verify(path, Settings(), converter=converter_for(package, "writer", ()))
    (row,) = [v for v in result.verdicts if v.name == FILES]
    assert row.status == status
    assert result.status == status
    if status == "different":
        assert row.detail == "out/total.txt: line 1: '6' != '7'"
    assert sorted(os.listdir(tmp_path / "nb" / "out")) == before  # nothing written back
