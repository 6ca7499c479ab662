"""The (printed output) and (displayed values) rows: pure comparisons, then end to end with
packages nb2mod.convert writes (one of them edited so that a printed value changes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import write_notebook

from nb2mod.conversion import convert
from nb2mod.sourcemap import CellMark, FileMap, Region
from nb2mod.verification.output import (
    DISPLAYED,
    PRINTED,
    NotebookOutput,
    PackageOutput,
    compare_displayed,
    compare_printed,
    notebook_printed,
)
from nb2mod.verification.verifier import verify

# --- printed output, pure ---------------------------------------------------------------


def test_equal_printed_output_line_by_line_ignoring_trailing_spaces() -> None:
    notebook = NotebookOutput(stdout=((2, "total: 6  \nmean: 2.0\n"), (4, "done\n")))
    verdict = compare_printed(notebook, PackageOutput("total: 6\nmean: 2.0\ndone\n"))
    assert (verdict.name, verdict.status, verdict.detail) == (PRINTED, "equal", "3 lines")


def test_a_changed_printed_value_names_the_first_differing_line() -> None:
    notebook = NotebookOutput(stdout=((2, "total: 6\nmean: 2.0\n"),))
    verdict = compare_printed(notebook, PackageOutput("total: 6\nmean: 2.5\n"))
    assert verdict.status == "different"
    assert verdict.detail == "line 2: notebook 'mean: 2.0', package 'mean: 2.5'"


def test_missing_and_extra_lines_are_described() -> None:
    notebook = NotebookOutput(stdout=((1, "a\nb\n"),))
    fewer = compare_printed(notebook, PackageOutput("a\n"))
    assert fewer.status == "different"
    assert fewer.detail == "line 2: the package prints 1 lines fewer; next 'b'"
    more = compare_printed(notebook, PackageOutput("a\nb\nc\n"))
    assert more.detail == "line 3: the package prints 1 more lines; next 'c'"


def test_ipython_timing_lines_are_ignored() -> None:
    text = (
        "result 3\n"
        "CPU times: user 1.2 ms, sys: 12 µs, total: 1.21 ms\n"
        "Wall time: 1.25 ms\n"
        "12.3 µs ± 1.02 µs per loop (mean ± std. dev. of 7 runs, 100,000 loops each)\n"
        "1 2 3 CPU times: user 21 μs, sys: 3 μs, total: 24 μs\n"
        "The slowest run took 4.1 times longer than the fastest. This could mean ...\n"
    )
    assert notebook_printed(NotebookOutput(stdout=((1, text),))) == ["result 3", "1 2 3"]
    verdict = compare_printed(NotebookOutput(stdout=((1, text),)), PackageOutput("result 3\n1 2 3"))
    assert verdict.status == "equal"


def test_each_cell_output_ends_its_line() -> None:
    notebook = NotebookOutput(stdout=((1, "1 2 3 "), (2, "next\n")))
    assert notebook_printed(notebook) == ["1 2 3", "next"]


def test_only_line_breaks_differing_is_equal() -> None:
    notebook = NotebookOutput(stdout=((1, "a b c\n"),))  # print(x, end=" ") in a loop
    verdict = compare_printed(notebook, PackageOutput("a\nb\nc\n"))
    assert verdict.status == "equal" and "broken into lines differently" in verdict.detail


def test_nothing_printed_on_either_side_is_not_compared() -> None:
    verdict = compare_printed(NotebookOutput(), PackageOutput(""))
    assert verdict.status == "not compared"


def test_output_of_cells_the_package_drops_is_not_expected() -> None:
    notebook = NotebookOutput(stdout=((1, "Help on built-in function sum:\n"), (3, "6\n")))
    verdict = compare_printed(notebook, PackageOutput("6\n"), kept={3})
    assert verdict.status == "equal" and "1 cells the package drops skipped" in verdict.detail
    assert compare_printed(notebook, PackageOutput("6\n"), kept={1, 3}).status == "different"


def test_time_and_unseeded_randomness_make_a_difference_not_deterministic() -> None:
    notebook = NotebookOutput(stdout=((1, "sample 0.42\n"),))
    package = PackageOutput("sample 0.17\n")
    assert compare_printed(notebook, package).status == "different"
    verdict = compare_printed(notebook, package, "unseeded numpy.random.rand (cell 1, line 1)")
    assert verdict.status == "not deterministic"
    assert verdict.detail.startswith("unseeded numpy.random.rand")


def test_lines_differing_only_in_elapsed_times_are_not_deterministic() -> None:
    for left, right in (
        ("fitted in 1.52 s", "fitted in 1.61 s"),
        ("epoch 1 - elapsed: 0.3", "epoch 1 - elapsed: 0.4"),
        ("run at 2024-01-02 10:11:12", "run at 2024-01-02 10:11:15"),
    ):
        verdict = compare_printed(
            NotebookOutput(stdout=((1, left + "\n"),)), PackageOutput(right + "\n")
        )
        assert verdict.status == "not deterministic", (left, right)
    verdict = compare_printed(
        NotebookOutput(stdout=((1, "model's accuracy 0.91\n"),)),
        PackageOutput("model's accuracy 0.92\n"),
    )
    assert verdict.status == "different"


def test_a_second_notebook_run_that_printed_otherwise_is_not_deterministic() -> None:
    notebook = NotebookOutput(stdout=((1, "id 17\n"),))
    again = NotebookOutput(stdout=((1, "id 18\n"),))
    verdict = compare_printed(notebook, PackageOutput("id 19\n"), again=again)
    assert verdict.status == "not deterministic"
    steady = compare_printed(notebook, PackageOutput("id 19\n"), again=notebook)
    assert steady.status == "different"


def test_a_notebook_that_logs_itself_is_not_compared_when_it_differs() -> None:
    notebook = NotebookOutput(stdout=((1, "x\n"),))
    verdict = compare_printed(notebook, PackageOutput("loading\nx\n"), logs=True)
    assert verdict.status == "not compared" and "logging module" in verdict.detail


# --- displayed values, pure ---------------------------------------------------------------

PIPELINE = """def load(config):
    # cell 2
    raw = [1, 2]
    logger.debug("%r", raw)
    # cell 4
    logger.debug("%r", obj)
    # cell 5
    pass


def display(*objects):
    for value in objects:
        logger.debug("%r", value)
"""


# PIPELINE's map, as codegen builds it while joining the file
MAP = FileMap(
    "demo/pipeline.py",
    (
        Region("step", "load", 1, 8, (CellMark(2, 2), CellMark(4, 5), CellMark(5, 7, False))),
        Region("helper", "display", 11, 13),
    ),
)


LINES = MAP.step_lines()  # pipeline.py line -> cell, as verify reads it


def test_pipeline_lines_map_to_cells_and_cells_with_code_are_known() -> None:
    lines = PIPELINE.splitlines()
    for region in MAP.regions:  # the hand-written map fits the text it describes
        assert lines[region.start - 1].startswith("def ")
        assert all(lines[m.line - 1].strip() == f"# cell {m.cell}" for m in region.marks)
    cells = LINES
    assert (cells[3], cells[4], cells[6]) == (2, 2, 4)
    assert 12 not in cells  # the display() helper belongs to no cell
    assert MAP.cells_with_code() == {2, 4}  # cell 5 holds only `pass`


def test_displayed_values_compare_without_whitespace_and_addresses() -> None:
    notebook = NotebookOutput(
        results=((2, "[1,\n 2]"), (4, "<__main__.Point object at 0x7f3a2c1b>"), (7, "plot"))
    )
    package = PackageOutput(shown=((4, "[1, 2]"), (6, "<demo.pipeline.Point object at 0x55aa>")))
    verdict = compare_displayed(notebook, package, LINES, ("demo.pipeline",))
    assert (verdict.name, verdict.status) == (DISPLAYED, "equal")
    assert verdict.detail == "2 values; 1 cells the package does not show skipped"


def test_a_different_displayed_value_names_its_cell() -> None:
    notebook = NotebookOutput(results=((2, "[1, 2]"),))
    verdict = compare_displayed(notebook, PackageOutput(shown=((4, "[1, 3]"),)), LINES)
    assert verdict.status == "different"
    assert verdict.detail == "cell 2: notebook shows '[1,2]', package '[1,3]'"
    unstable = compare_displayed(
        notebook,
        PackageOutput(shown=((4, "[1, 3]"),)),
        LINES,
        (),
        "reads the time",
    )
    assert unstable.status == "not deterministic"


def test_displays_the_package_does_not_hold_are_not_compared() -> None:
    notebook = NotebookOutput(results=((7, "<Figure size 640x480 with 1 Axes>"),))
    helper = PackageOutput(shown=((12, "[1, 2]"),))  # from display(), not a cell's last value
    verdict = compare_displayed(notebook, helper, LINES)
    assert verdict.status == "not compared" and "none of the 1 cells" in verdict.detail
    assert compare_displayed(NotebookOutput(), helper, {}).status == "not compared"


# --- end to end, with the real converter ------------------------------------------------------


@dataclass
class Edited:
    """nb2mod.convert's Conversion, with its pipeline.py edited after it is written."""

    conversion: Any
    old: str
    new: str

    @property
    def package(self) -> str:
        return str(self.conversion.package)

    @property
    def returns(self) -> Any:
        return self.conversion.returns

    @property
    def pipeline_steps(self) -> Any:
        return self.conversion.pipeline_steps

    @property
    def source_map(self) -> Any:
        return self.conversion.source_map  # the edits keep every line where it was

    def write(self, out_dir: Path, force: bool = False) -> None:
        self.conversion.write(out_dir, force=force)
        pipeline = Path(out_dir) / self.package / "pipeline.py"
        text = pipeline.read_text(encoding="utf-8")
        assert self.old in text, text
        pipeline.write_text(text.replace(self.old, self.new), encoding="utf-8")


CELLS = (
    ("markdown", "# Totals"),
    "values = [3, 1, 2]\nprint('values:', values)",
    "%time total = sum(values)",
    "print(f'total {total}')\nprint('mean', total / len(values))",
    "sorted(values)",
)


def rows(result: Any) -> dict[str, tuple[str, str]]:
    return {v.name: (v.status, v.detail) for v in result.verdicts if v.origin == "output"}


def test_a_printing_notebook_and_its_package_are_equal(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "totals.ipynb", *CELLS)
    result = verify(path)
    assert rows(result) == {
        PRINTED: ("equal", "3 lines"),  # the %time report is not expected from the package
        DISPLAYED: ("equal", "1 values"),
    }
    assert result.status == "equal" and result.exit_code == 0


def test_a_package_that_prints_a_changed_value_is_different(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "totals.ipynb", *CELLS)

    def edited(notebook: Any, settings: Any) -> Edited:
        conversion = convert(notebook, settings)
        return Edited(conversion, "total / len(values)", "total / (len(values) + 1)")

    result = verify(path, converter=edited)
    assert result.status == "different" and result.exit_code == 1
    status, detail = rows(result)[PRINTED]
    assert status == "different"
    assert detail == "line 3: notebook 'mean 2.0', package 'mean 1.5'"


def test_a_package_that_displays_a_changed_value_is_different(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "totals.ipynb", *CELLS)

    def edited(notebook: Any, settings: Any) -> Edited:
        conversion = convert(notebook, settings)
        return Edited(conversion, "sorted(values)", "sorted(values, reverse=True)")

    result = verify(path, converter=edited)
    status, detail = rows(result)[DISPLAYED]
    assert status == "different" and result.exit_code == 1
    assert re.fullmatch(r"cell 5: notebook shows '\[1,2,3\]', package '\[3,2,1\]'", detail)


def test_printed_times_do_not_fail_the_notebook(tmp_path: Path) -> None:
    # a time only printed; a time the package returns differs between its two runs and is
    # "not reproducible" (tests/test_verify_reproducible.py)
    code = (
        "import time\nvalue = sum(range(10))\n"
        "print('value', value)\nprint(f'at {time.perf_counter():.6f} s')"
    )
    path = write_notebook(tmp_path / "clock.ipynb", code)
    result = verify(path)
    status, detail = rows(result)[PRINTED]
    assert status in ("equal", "not deterministic"), detail
    assert result.exit_code == 0


def test_what_ipython_display_prints_outside_a_kernel_is_not_printed_output(
    tmp_path: Path,
) -> None:
    code = "import IPython\nx = {'a': 1}\nIPython.display.display(x)\nprint('shown', x)"
    result = verify(write_notebook(tmp_path / "show.ipynb", code))
    assert rows(result)[PRINTED] == ("equal", "1 line")


def test_display_keys_ignore_the_step_function_around_a_cells_code() -> None:
    from nb2mod.verification.output import _display_key

    notebook = _display_key("<generator object <genexpr> at 0x7f3a2c>", [])
    package = _display_key("<generator object load.<locals>.<genexpr> at 0x7f99aa>", [])
    assert notebook == package
    assert _display_key("<generator object f at 0x1>", []) != notebook


def test_an_estimator_shown_with_the_random_state_nb2mod_gave_is_equal() -> None:
    # packt-dspp2 chapter03-activity01: the notebook shows LogisticRegression(solver=...)
    shown = "LogisticRegression(solver='liblinear')"
    notebook = NotebookOutput(results=((2, shown), (4, "SVC()"), (4, "PCA(n_components=2)")))
    package = PackageOutput(
        shown=(
            (4, "LogisticRegression(random_state=0, solver='liblinear')"),
            (6, "SVC(random_state=1234)"),
            (6, "PCA(n_components=2, random_state=7)"),
        )
    )
    verdict = compare_displayed(notebook, package, LINES, seeded=True)
    assert verdict.status == "equal"
    assert verdict.detail == "3 values; 3 differ only in the random_state nb2mod gave"
    assert compare_displayed(notebook, package, LINES).status == "different"  # nb2mod gave none
    other = PackageOutput(shown=((4, "LogisticRegression(C=2.0, random_state=0)"),))
    assert (
        compare_displayed(NotebookOutput(results=((2, shown),)), other, LINES, seeded=True).status
        == "different"
    )
