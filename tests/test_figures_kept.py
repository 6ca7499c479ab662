"""Every figure the notebook shows is kept: the golden case figures_every_way, executed in a
kernel (as verify runs notebooks), displays as many images as its package saves files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_convert_golden import CASES, convert_case

CASE = CASES / "figures_every_way"


def shown_images(notebook: Path) -> int:
    """The image/png outputs of the notebook, executed top to bottom in a fresh kernel."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    document = nbformat.read(notebook, as_version=4)
    client = nbclient.NotebookClient(
        document,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute()
    return sum(
        "image/png" in output.get("data", {})
        for cell in document.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


def saved_figures(folder: Path, package: str, outputs: Path) -> list[str]:
    """The files a run of the package (its command line, no MPLBACKEND set) saves."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONPATH"] = str(folder)
    subprocess.run(
        [sys.executable, "-m", package, "--output-dir", str(outputs)],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return sorted(p.name for p in (outputs / "figures").glob("*.png"))


def test_the_package_saves_each_figure_the_notebook_shows(tmp_path: Path) -> None:
    conversion = convert_case(CASE)
    folder = tmp_path / "out"
    conversion.write(folder)
    saved = saved_figures(folder, conversion.package, tmp_path / "outputs")
    assert len(saved) == shown_images(CASE / "input.ipynb")
    assert saved == sorted(
        [
            *(f"shown-{n}.png" for n in (1, 2)),  # two plt.show()
            *(f"left_open-{n}.png" for n in (1, 2, 3, 4)),  # pandas, seaborn, plt, subplots
            *(f"figure_objects-{n}.png" for n in (1, 2, 3)),  # closed once, open twice
            *(f"draw-{n}.png" for n in (1, 2)),  # a function's plt.show(), called twice
        ]
    )  # plt.figure() with nothing drawn shows no image, and is not saved


def test_a_second_run_numbers_its_figures_from_one_again(tmp_path: Path) -> None:
    conversion = convert_case(CASE)
    folder = tmp_path / "out"
    conversion.write(folder)
    code = (
        "from figures_every_way.config import Config\n"
        "from figures_every_way.pipeline import run\n"
        "import sys\n"
        "for _ in range(2):\n"
        "    run(Config(output_dir=sys.argv[1]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(folder)}
    outputs = tmp_path / "outputs"
    subprocess.run(
        [sys.executable, "-c", code, str(outputs)], env=env, check=True, capture_output=True
    )
    assert len(list((outputs / "figures").glob("*.png"))) == 11
    assert not (outputs / "figures" / "draw-3.png").exists()
