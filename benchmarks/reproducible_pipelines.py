"""Issue 14's figure: for every data pipeline in ../shared/corpus/pipelines, does its package's
run() return identical results in two fresh processes (PYTHONHASHSEED 1 and 2, nothing seeded
from outside)?

Usage: python benchmarks/reproducible_pipelines.py [--seeds apply|keep] [--timeout S]

Prints one line per pipeline (identical / differs: names / fails: why) and the count.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPELINES = ROOT.parent / "shared" / "corpus" / "pipelines"


def check(notebook_path: Path, seeds: str, timeout: float) -> str:
    from nb2mod.conversion import convert
    from nb2mod.notebook import read_notebook
    from nb2mod.settings import Settings
    from nb2mod.verification.comparing import DumpPair, compare_dumps
    from nb2mod.verification.package import run_package
    from nb2mod.verification.scratch import notebook_folder, parent_levels, run_folder

    notebook = read_notebook(str(notebook_path))
    conversion = convert(notebook, Settings(seeds=seeds))  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        conversion.write(root / "out")
        levels = parent_levels(c.source for c in notebook.code_cells)
        dumps = []
        for label, hash_seed in (("first", "1"), ("second", "2")):
            with run_folder(notebook_folder(notebook.path), levels, root, label) as workdir:
                run = run_package(
                    root / "out", conversion.package, conversion.returns, workdir,
                    root / f"{label}.values", timeout, (),
                    extra_env={"PYTHONHASHSEED": hash_seed}, entry=conversion.entry,
                )  # fmt: skip
            if not run.ok or run.dump is None:
                return f"fails: {run.error}"
            dumps.append(run.dump)
        local = (conversion.package,)
        pair = DumpPair(dumps[0], dumps[1], local, local)
        compared = compare_dumps(pair, conversion.returns, 0.0, 0.0, timeout=timeout)
    differ = sorted(n for n, c in compared.items() if c.verdict.status == "different")
    equal = sum(c.verdict.status == "equal" for c in compared.values())
    return f"differs: {', '.join(differ)}" if differ else f"identical ({equal} names equal)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", choices=("apply", "keep"), default="apply")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    with (PIPELINES / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    identical = 0
    for row in rows:
        path = PIPELINES / row["case_id"] / row["notebook_relpath_in_case"]
        outcome = check(path, args.seeds, args.timeout)
        identical += outcome.startswith("identical")
        print(f"{row['case_id']}: {outcome}", flush=True)
    print(f"identical in two fresh runs: {identical}/{len(rows)} (--seeds {args.seeds})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
