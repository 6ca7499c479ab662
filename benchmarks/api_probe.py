"""Issue 16's figure: what asking the installed libraries which APIs they lack costs.

Usage: python benchmarks/api_probe.py [--json FILE]

Converts every corpus notebook (pipelines included) in one process, as a batch does, timing
each child process ``nb2mod.api_probe`` starts and listing each stop it makes known. Prints
how many notebooks asked, the children's median, longest and total time against the total
conversion time, and how many notebooks get a stop (an ExpectedStop or an import stop).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", default=None, help="write one record per notebook here")
    args = parser.parse_args()
    import nb2mod.api_probe as api_probe
    from nb2mod.conversion import convert

    children: list[float] = []
    ask = api_probe._ask

    def timed(python: str, questions: str) -> api_probe.ApiAnswers:
        start = time.perf_counter()
        try:
            return ask(python, questions)
        finally:
            children.append(time.perf_counter() - start)

    api_probe._ask = timed  # type: ignore[assignment]
    records: list[dict[str, Any]] = []
    for path in sorted(CORPUS.rglob("*.ipynb")):
        asked = len(children)
        start = time.perf_counter()
        record: dict[str, Any] = {"path": str(path.relative_to(CORPUS))}
        try:
            report = convert(str(path)).report
        except Exception as exc:  # a one-line error: not this figure's business
            report = ""
            record["error"] = f"{type(exc).__name__}: {exc}"
        record["seconds"] = time.perf_counter() - start
        record["probe"] = children[asked] if len(children) > asked else None
        lines = report.splitlines()
        record["stops"] = [s for s in lines if s.startswith("- ") and "as installed where" in s]
        records.append(record)
        if record["stops"]:
            print(record["path"], *record["stops"], sep="\n    ", flush=True)
    probes = [r["probe"] for r in records if r["probe"] is not None]
    total = sum(r["seconds"] for r in records)
    print(
        f"{len(records)} notebooks; the probe asked for {len(probes)}: median "
        f"{statistics.median(probes):.2f} s, longest {max(probes):.2f} s, total "
        f"{sum(probes):.0f} s of {total:.0f} s converting; "
        f"{sum(bool(r['stops']) for r in records)} notebooks get a stop"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(records, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
