"""Mutation score of the generated tests with --capture on the shared data pipelines.

python benchmarks/mutation.py [--limit N] [--case SUBSTRING]

Each pipeline in ../shared/corpus/pipelines is converted with --capture; its generated tests
must pass as generated (with the notebook's folder as the data folder); then each of N single
changes to the step functions of pipeline.py (evenly spaced over all of them; all with
--limit 0) is written in turn and the generated tests run: a change is caught when they fail.
Prints caught/tried per pipeline and the changes not caught.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPELINES = ROOT.parent / "shared" / "corpus" / "pipelines"
sys.path.insert(0, str(ROOT / "tests"))

from mutation import mutation_score  # noqa: E402


def progress(line: str) -> None:
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=20, help="mutants per pipeline (0: all)")
    parser.add_argument("--case", default="", help="only pipelines whose name contains this")
    args = parser.parse_args()
    with (PIPELINES / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if args.case in r["case_id"]]
    caught = tried = 0
    for row in rows:
        notebook = PIPELINES / row["case_id"] / row["notebook_relpath_in_case"]
        start = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="nb2mod-mutation-") as work:
            try:
                score = mutation_score(
                    notebook, Path(work), args.limit or None, row["case_id"], progress
                )
            except AssertionError as exc:
                print(f"{row['case_id']}: not scored: {str(exc).splitlines()[0]}", flush=True)
                continue
        print(f"{score.line()} in {time.perf_counter() - start:.0f} s", flush=True)
        for missed in score.missed:
            print(f"  not caught: {missed}", flush=True)
        caught, tried = caught + score.caught, tried + score.tried
    if tried:
        print(f"all scored pipelines: {caught}/{tried} = {100 * caught / tried:.0f}%")


if __name__ == "__main__":
    main()
