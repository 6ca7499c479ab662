"""Issue 15 "every figure is kept", measured on the ten shared data pipelines and the examples.

For each notebook: execute it in a fresh kernel (nbclient, its folder as the working
directory, as verify runs it) and count the figures it displays (image/png outputs, per
cell); convert it; run the package (``python -m PKG --data-dir <notebook folder>
--output-dir <scratch>``, MPLBACKEND unset: the package chooses Agg) and count the PNG files
in output_dir/figures. Prints one row per notebook: figures shown, files saved, equal or not,
and the cells whose counts differ. Slow (every notebook runs twice): not in CI.

    python benchmarks/figures_corpus.py [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPELINES = ROOT.parent / "shared" / "corpus" / "pipelines"


def notebooks() -> list[tuple[str, Path]]:
    found = []
    with open(PIPELINES / "MANIFEST.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            found.append(
                (row["case_id"], PIPELINES / row["case_id"] / row["notebook_relpath_in_case"])
            )
    for example in sorted((ROOT / "examples").glob("*/*.ipynb")):
        found.append((f"example {example.parent.name}", example))
    return found


def shown(notebook: Path) -> int:
    """image/png outputs of the notebook executed top to bottom in a fresh kernel."""
    import nbclient
    import nbformat

    document = nbformat.read(notebook, as_version=4)
    client = nbclient.NotebookClient(
        document,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute()
    return sum(
        "image/png" in output.get("data", {})
        for cell in document.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


def saved(notebook: Path, work: Path) -> tuple[int, str]:
    """PNG files the converted package saves, and its last error line when it fails."""
    out, outputs = work / "out", work / "outputs"
    nb2mod = [sys.executable, "-m", "nb2mod", "convert", str(notebook), "--out", str(out)]
    subprocess.run(nb2mod, check=True, capture_output=True, timeout=600)
    package = next(p.name for p in out.iterdir() if (p / "pipeline.py").is_file())
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONPATH"] = str(out)
    command = [sys.executable, "-m", package, "--data-dir", str(notebook.parent)]
    done = subprocess.run(
        [*command, "--output-dir", str(outputs)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    error = done.stderr.strip().splitlines()[-1] if done.returncode else ""
    return len(list((outputs / "figures").glob("*.png"))), error


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    rows = []
    print("| notebook | figures shown | files saved | equal | seconds |")
    print("|---|---|---|---|---|")
    for case, notebook in notebooks():
        if args.only not in case:
            continue
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as work:
            count, error = saved(notebook, Path(work))
        expected = shown(notebook)
        equal = "yes" if count == expected and not error else "NO"
        note = f" ({error})" if error else ""
        seconds = time.perf_counter() - start
        print(f"| {case} | {expected} | {count}{note} | {equal} | {seconds:.0f} |", flush=True)
        rows.append(equal == "yes")
    print(f"\n{sum(rows)}/{len(rows)} equal")
    return 0 if all(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
