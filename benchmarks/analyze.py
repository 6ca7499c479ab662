"""Benchmark `nb2mod.analyze` on the corpus: code lines per second next to `ast.parse`.

Both run in one process, in the same run, over the same normalised code (magics turned into
Python), so the ratio holds across machines. Reading the notebook files (JSON and nbformat
validation) is done once up front and is not timed for either. Each is timed by wall clock and
by this process's CPU time: on a shared machine other processes slow the wall clock, while the
CPU time counts only the work done here. The best of ``--repeat`` runs is reported.

    python benchmarks/analyze.py [--corpus ../shared/corpus] [--repeat 3]

Target (issue 3): at least 5,000 code lines per second in one process.
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
from collections.abc import Callable
from pathlib import Path

from nb2mod.analysis import analyze
from nb2mod.errors import NotebookError
from nb2mod.ipython_syntax import normalise_cell
from nb2mod.notebook import Notebook, read_notebook

ROOT = Path(__file__).resolve().parent.parent
TARGET = 5_000


def main() -> int:
    args = parse_args()
    notebooks = load(Path(args.corpus))
    if not notebooks:
        print(f"no readable notebooks under {args.corpus}", file=sys.stderr)
        return 2
    codes = [normalise_cell(c.source, c.index).code for nb in notebooks for c in nb.code_cells]
    lines = sum(code.count("\n") for code in codes)
    nb2mod = best_of(args.repeat, lambda: [analyze(nb) for nb in notebooks])
    baseline = best_of(args.repeat, lambda: [parse_or_none(code) for code in codes])
    report(len(notebooks), len(codes), lines, nb2mod, baseline)
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    return parser.parse_args()


def load(corpus: Path) -> list[Notebook]:
    notebooks = []
    for path in sorted(corpus.rglob("*.ipynb")):
        try:
            notebooks.append(read_notebook(path))
        except NotebookError:
            continue  # unreadable notebooks are refused before analysis; nothing to time
    return notebooks


def parse_or_none(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return None


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(max(repeat, 1)):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def report(
    notebooks: int, cells: int, lines: int, ours: tuple[float, float], base: tuple[float, float]
) -> None:
    print(f"corpus: {notebooks} notebooks, {cells} code cells, {lines} normalised code lines")
    for label, index in (("wall clock", 0), ("CPU time", 1)):
        mine, theirs = ours[index], base[index]
        print(
            f"{label:>10}: nb2mod.analyze {mine:.2f} s = {lines / mine:,.0f} code lines/s; "
            f"ast.parse {theirs:.2f} s = {lines / theirs:,.0f} code lines/s; "
            f"ratio {mine / theirs:.1f}x"
        )
    rate = lines / ours[1]
    verdict = "meets" if rate >= TARGET else "misses"
    print(f"target {TARGET:,} code lines/s (CPU time, one process): {verdict} ({rate:,.0f})")


if __name__ == "__main__":
    raise SystemExit(main())
