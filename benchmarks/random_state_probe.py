"""Issue 14's figure: what asking the installed scikit-learn which calls take random_state costs.

Usage: python benchmarks/random_state_probe.py [--python PATH]

Analyses every corpus notebook (pipelines included) and, for those that call scikit-learn or
imbalanced-learn, asks ``nb2mod.signatures`` as a conversion does (one process, so the
per-interpreter cache works as in a batch). Prints how many notebooks asked, how many child
processes ran, their total, first and median time, and how many names were answered.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the interpreter asked")
    args = parser.parse_args()
    import nb2mod.signatures as signatures
    from nb2mod.analysis import analyze
    from nb2mod.notebook import read_notebook
    from nb2mod.plan.random_uses import names_to_ask

    times: list[float] = []
    ask = signatures._ask

    def timed(python: str, names: list[str]) -> signatures.RandomStateSignatures:
        start = time.perf_counter()
        try:
            return ask(python, names)
        finally:
            times.append(time.perf_counter() - start)

    signatures._ask = timed  # type: ignore[assignment]
    asking = answered = 0
    for path in sorted(CORPUS.rglob("*.ipynb")):
        try:
            names = names_to_ask(analyze(read_notebook(str(path))))
        except Exception:  # noqa: BLE001 - a notebook nb2mod refuses is not asked
            continue
        if names:
            asking += 1
            answered += len(signatures.random_state_signatures(args.python, names).answers)
    if not times:
        print("no notebook calls scikit-learn")
        return
    print(
        f"{asking} notebooks asked about {answered} names; {len(times)} child processes, "
        f"{sum(times):.1f} s in all (first {times[0]:.2f} s, median {statistics.median(times):.2f} s)"
    )


if __name__ == "__main__":
    main()
