"""--data-dir and --output-dir: input paths read from data_dir, written files below output_dir."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import write_notebook

from nb2mod.analysis import analyze
from nb2mod.conversion import convert
from nb2mod.notebook import read_notebook
from nb2mod.plan.planner import plan_conversion

CELLS = (
    "import csv\nimport json",
    "with open('data/rows.csv', newline='') as handle:\n    rows = list(csv.DictReader(handle))",
    "total = sum(int(r['value']) for r in rows)",
    "with open('summary.json', 'w') as handle:\n    json.dump({'total': total}, handle)",
    "with open('summary.json') as handle:\n    again = json.load(handle)",
)


def project(tmp_path: Path) -> Path:
    """A notebook that reads data/rows.csv, writes summary.json and reads it back."""
    folder = tmp_path / "project"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "rows.csv").write_text("name,value\na,1\nb,2\n", encoding="utf-8")
    return write_notebook(folder / "totals.ipynb", *CELLS)


def fields(path: Path) -> dict[str, str | None]:
    plan = plan_conversion(analyze(read_notebook(str(path))))
    return {f.name: f.path for f in plan.config_fields}


def test_a_path_read_first_is_an_input_and_one_written_first_an_output(tmp_path: Path) -> None:
    assert fields(project(tmp_path)) == {
        "rows_csv_path": "input",
        "summary_json_path": "output",
        "data_dir": None,
        "output_dir": None,
    }


def test_a_constant_given_by_name_and_a_literal_with_spaces_are_paths(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path / "n.ipynb",
        "import pandas as pd\nOUT = 'results'",
        "df = pd.read_csv('WH Report.csv')",
        "df.to_csv(OUT)",
    )
    found = fields(path)
    assert found["wh_report_csv_path"] == "input"
    assert found["out"] == "output"


def test_a_notebook_data_dir_constant_does_not_take_the_folder_field(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "n.ipynb", "DATA_DIR = 'data/'\nprint(DATA_DIR)")
    assert list(fields(path)) == ["data_dir_2", "data_dir", "output_dir"]


def cli(
    out: Path, cwd: Path, *args: str, package: str = "totals"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(out)}
    return subprocess.run(
        [sys.executable, "-m", package, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_package_runs_from_another_folder_with_data_dir(tmp_path: Path) -> None:
    notebook = project(tmp_path)
    convert(str(notebook)).write(tmp_path / "out")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = cli(tmp_path / "out", elsewhere, "--data-dir", str(notebook.parent))
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "outputs" / "summary.json").read_text() == '{"total": 3}'
    assert not (notebook.parent / "summary.json").exists()  # nothing written beside the data
    done = cli(tmp_path / "out", elsewhere, "--data-dir", str(notebook.parent), "--output-dir", "o")
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "o" / "summary.json").is_file()


def test_a_file_np_save_wrote_under_a_name_without_its_suffix_is_read_back_as_an_output(
    tmp_path: Path,
) -> None:
    # handson-ml3 tools_numpy: np.save("my_array", a) writes my_array.npy, read back by name
    notebook = write_notebook(
        tmp_path / "arrays.ipynb",
        "import numpy as np\na = np.arange(3)",
        "np.save('my_array', a)\nnp.savez('pair', x=a)",
        "back = np.load('my_array.npy')\npair = np.load('pair.npz')['x']",
        "total = int(back.sum() + pair.sum())\nprint(total)",
    )
    assert fields(notebook)["my_array_npy_path"] == "output"
    assert fields(notebook)["pair_npz_path"] == "output"
    convert(str(notebook)).write(tmp_path / "out")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = cli(tmp_path / "out", elsewhere, package="arrays")
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "outputs" / "my_array.npy").is_file()


def test_a_missing_input_is_one_line_naming_the_field_and_the_absolute_path(
    tmp_path: Path,
) -> None:
    notebook = project(tmp_path)
    convert(str(notebook)).write(tmp_path / "out")
    done = cli(tmp_path / "out", tmp_path)  # the data is not below the current folder
    assert done.returncode == 2
    missing = tmp_path / "data" / "rows.csv"
    assert done.stderr == (
        f"error: cannot read config field rows_csv_path ({missing}): No such file or directory\n"
    )
    done = cli(tmp_path / "out", tmp_path, "--data-dir", str(tmp_path / "nowhere"))
    assert done.returncode == 2 and "'--data-dir'" in done.stderr and "Traceback" not in done.stderr


def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    notebook = project(tmp_path)
    convert(str(notebook)).write(tmp_path / "out")
    (tmp_path / "file").write_text("not a folder")
    args = ("--data-dir", str(notebook.parent), "--output-dir", str(tmp_path / "file" / "o"))
    done = cli(tmp_path / "out", tmp_path, *args)
    assert done.returncode == 2
    assert done.stderr.startswith("error: config field summary_json_path: cannot create ")
    assert done.stderr.count("\n") == 1


def test_resolve_paths_keeps_absolute_paths_and_is_idempotent(tmp_path: Path, monkeypatch) -> None:
    convert(str(project(tmp_path))).write(tmp_path / "out")
    monkeypatch.syspath_prepend(str(tmp_path / "out"))
    monkeypatch.chdir(tmp_path)
    from totals.config import Config  # type: ignore[import-not-found]

    config = Config(data_dir="d", summary_json_path="/abs/summary.json").resolve_paths()
    assert config.rows_csv_path == str(tmp_path / "d" / "data/rows.csv")
    assert config.summary_json_path == "/abs/summary.json"
    assert config.output_dir == str(tmp_path / "outputs")
    assert config.resolve_paths() == config


def test_verify_compares_a_file_below_output_dir_with_the_notebooks(tmp_path: Path) -> None:
    from nb2mod.verification.files import FILES
    from nb2mod.verification.verifier import verify

    result = verify(str(project(tmp_path)))
    files = next(v for v in result.verdicts if v.name == FILES)
    assert (files.status, files.detail) == ("equal", "1 file identical")
