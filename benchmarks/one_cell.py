"""How lint scales with the size of one cell: 5,000, 10,000 and 20,000 lines in one code cell.

Each size is linted (analysis and every rule, no cache) in a fresh interpreter, which reports
the time of the lint itself and its peak resident memory (VmHWM). The baseline is measured in
the same run: the 5,000-line cell for the ratios, and ``ast.parse`` of the same code.

    python benchmarks/one_cell.py [--sizes 5000,10000,20000] [--repeat 1]

Target (issue 11): the 20,000-line cell lints in at most 6 x the 5,000-line cell's time, and
memory grows in proportion to the input.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

BLOCK = """\
df_{i} = load_data("data/part_{i}.csv", sep=",")
x_{i} = df_{i}["col"].mean() * 0.5 + {i}
if x_{i} > 3:
    y_{i} = [v**2 for v in range(10) if v % 2]
else:
    y_{i} = {{"a": 1, "b": [1, 2, 3], "path": "/home/ana/data_{i}.csv"}}
def f_{i}(a, b=2):
    return a + b + x_{i}
print(f_{i}(x_{i}), y_{i})
z_{i} = np.random.rand(3)
for k in range(3):
    z_{i}[k] += k
s_{i} = f"value {{x_{i}:.2f}}"
model_{i} = Model(alpha=0.{i}, max_iter=100)
model_{i}.fit(z_{i})
"""
BLOCK_LINES = BLOCK.count("\n")

PROBE = """
import json, re, sys, time
from nb2mod.linter import lint_notebook
from nb2mod.notebook import read_notebook
notebook = read_notebook(json.loads(sys.stdin.read()), path="one_cell.ipynb")
start = time.perf_counter()
found = lint_notebook(notebook)
seconds = time.perf_counter() - start
peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
print(json.dumps({"seconds": seconds, "peak_mib": peak, "findings": len(found)}))
"""
AST_PROBE = """
import ast, json, sys, time
code = json.loads(sys.stdin.read())["cells"][0]["source"]
start = time.perf_counter()
ast.parse(code)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def cell_code(lines: int) -> str:
    """About ``lines`` lines of ordinary notebook code, every block with its own names."""
    blocks = [BLOCK.format(i=i) for i in range(max(1, lines // BLOCK_LINES))]
    return "import numpy as np\n" + "".join(blocks)


def notebook(lines: int) -> dict[str, object]:
    cell = {"cell_type": "code", "id": "big", "metadata": {}, "outputs": []}
    meta = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
    cells = [{**cell, "execution_count": 1, "source": cell_code(lines)}]
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": cells}


def probe(script: str, data: dict[str, object]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000,20000")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (best is kept)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for size in sizes:
        data = notebook(size)
        runs = [probe(PROBE, data) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        base = min(probe(AST_PROBE, data)["seconds"] for _ in range(args.repeat))
        size_mib = len(json.dumps(data)) / 2**20
        rows.append((size, size_mib, best["seconds"], best["peak_mib"], base, best["findings"]))
    first = rows[0]
    print(f"one code cell, lint without cache (best of {args.repeat}; {time.strftime('%F')})")
    print("  lines   input MiB   lint s  x first   peak MiB  x first   ast.parse s  findings")
    for size, mib, seconds, peak, base, found in rows:
        print(
            f"{size:7,}  {mib:9.2f}  {seconds:7.2f}  {seconds / first[2]:6.2f}  "
            f"{peak:9.0f}  {peak / first[3]:6.2f}  {base:11.3f}  {found:8}"
        )
    ratio = rows[-1][2] / first[2]
    growth = rows[-1][0] / first[0]
    verdict = "met" if ratio <= 6 else "NOT met"
    print(f"time ratio {rows[-1][0]:,} / {first[0]:,} lines: {ratio:.2f} (target <= 6: {verdict})")
    print(f"input grew {growth:.0f}x, peak memory {rows[-1][3] / first[3]:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
