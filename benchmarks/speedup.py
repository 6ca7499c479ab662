"""Conversion speed against nb2mod before issue 12 (commit cb11405), measured in the same run.

    python benchmarks/speedup.py [--base cb11405] [--repeat 5] [--cells 300]

The baseline's src/ is taken from git (``git archive``) into the temporary folder, once.
Each side converts the generated benchmark notebook (benchmarks/convert.py) in-process, in
its own interpreter with the same packages (this one's), after a warm-up conversion that
loads libcst and black; the runs alternate between the sides so that load from others on
the machine falls on both alike. Prints the best time of each and the speed-up
(baseline / now; issue 12's target is at least 1.5), in wall-clock and in CPU time: on a
shared machine the CPU figure is the steadier one. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(tempfile.gettempdir()) / "nb2mod-bench"
BASE = "cb11405"  # the last commit before issue 12's refactor of plan/ and codegen/

# One side's measurement: convert the notebook once to warm up, then time one conversion.
_PROBE = """
import json, sys, time
from nb2mod.conversion import convert
from nb2mod.notebook import read_notebook
notebook = read_notebook(json.loads(sys.stdin.read()), path="long.ipynb")
convert(notebook)
times = []
for _ in range({runs}):
    wall, cpu = time.perf_counter(), time.process_time()
    convert(notebook)
    times.append((time.perf_counter() - wall, time.process_time() - cpu))
print(json.dumps(times))
"""


def baseline_src(commit: str) -> Path:
    """The ``src`` folder of ``commit``, exported once into the benchmark folder."""
    target = BENCH / f"src-{commit}"
    if not (target / "src" / "nb2mod").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "src"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target / "src"


def convert_times(src: Path, notebook: str, runs: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each of ``runs`` in-process conversions by the nb2mod in ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(runs=runs)],
        input=notebook,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return [(wall, cpu) for wall, cpu in json.loads(done.stdout.strip().splitlines()[-1])]


def compare(commit: str, repeat: int, cells: int) -> dict[str, tuple[float, float]]:
    """Best (wall, CPU) seconds of the baseline and of this checkout, alternating ``repeat``
    rounds of two runs each; each figure is the best of its own kind."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import convert as bench

    notebook = json.dumps(bench.synthetic_notebook(cells))
    sides = {"base": baseline_src(commit), "now": ROOT / "src"}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
    for _ in range(repeat):
        for name, src in sides.items():
            runs[name] += convert_times(src, notebook, 2)
    return {name: (min(w for w, _ in r), min(c for _, c in r)) for name, r in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BASE, help="the commit to compare with")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of two runs per side")
    parser.add_argument("--cells", type=int, default=300)
    args = parser.parse_args()
    best = compare(args.base, args.repeat, args.cells)
    print(f"convert {args.cells}-cell notebook in-process, best of {2 * args.repeat} runs each")
    print(f"| {'':<28} | wall s | CPU s |")
    for name, label in (("base", f"{args.base} (before issue 12)"), ("now", "this checkout")):
        print(f"| {label:<28} | {best[name][0]:6.3f} | {best[name][1]:5.3f} |")
    wall, cpu = (best["base"][k] / best["now"][k] for k in (0, 1))
    print(f"| {'speed-up (base / now)':<28} | {wall:5.2f}x | {cpu:4.2f}x |  target: 1.5x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
