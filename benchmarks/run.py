"""All of nb2mod's speed and memory figures in one table, each next to a baseline measured in
the same run on the same machine.

    python benchmarks/run.py [--corpus ../shared/corpus] [--repeat 3] [--quick]

The first run creates two virtual environments under the temporary folder (they are reused):
one with nb2mod (editable), nbconvert, nbqa and flake8, in which every figure but soorgeon's is
measured; one with soorgeon alone, run from its command line. Figures are not asserted
anywhere: they are printed for people to read. --quick measures one run of each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(tempfile.gettempdir()) / "nb2mod-bench"
TOOLS_VENV = BENCH / "tools-venv"
SOORGEON_VENV = BENCH / "soorgeon-venv"


def main() -> int:
    args = parse_args()
    if args.inner:
        rows = measure(Path(args.corpus), args.repeat)
        print(json.dumps(rows))
        return 0
    python = ensure_venv(TOOLS_VENV, ["-e", str(ROOT), "nbconvert", "nbqa", "flake8"])
    inner = [
        str(python),
        __file__,
        "--inner",
        "--corpus",
        args.corpus,
        "--repeat",
        str(args.repeat),
    ]
    done = subprocess.run(inner, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-4000:], file=sys.stderr)
        return 1
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    rows += soorgeon_rows(args.repeat)
    print_table(rows)
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run of each measurement")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.repeat = 1
    return args


def ensure_venv(venv: Path, packages: list[str]) -> Path:
    """A virtual environment holding ``packages``; created once, then reused."""
    python = venv / "bin" / "python"
    marker = venv / ".nb2mod-bench-ready"
    if not marker.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, *packages], check=True)
        marker.write_text(" ".join(packages))
    return python


# Row: (what, nb2mod figure, baseline name, baseline figure, unit, "lower is better" ratio)
Row = dict[str, object]


def row(what: str, ours: float, baseline: str, theirs: float, unit: str) -> Row:
    return {"what": what, "nb2mod": ours, "baseline": baseline, "theirs": theirs, "unit": unit}


def measure(corpus: Path, repeat: int) -> list[Row]:
    """Run inside the tools venv: every figure measured in this one process or its children."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    rows = analyze_rows(corpus, repeat)
    rows += lint_rows(corpus, repeat)
    rows += convert_rows(repeat)
    rows += startup_rows(repeat)
    rows += memory_rows(corpus)
    rows += jobs_rows(corpus)
    rows += one_cell_rows()
    return rows


def one_cell_rows() -> list[Row]:
    """Lint of one 20,000-line cell against the 5,000-line cell (target: at most 6x)."""
    import one_cell

    small, large = (one_cell.probe(one_cell.PROBE, one_cell.notebook(n)) for n in (5000, 20000))
    return [
        row(
            "lint one 20,000-line cell, s",
            large["seconds"],
            "5,000-line cell",
            small["seconds"],
            "s",
        ),
        row(
            "lint one 20,000-line cell, peak MiB",
            large["peak_mib"],
            "5,000-line cell",
            small["peak_mib"],
            "MiB",
        ),
    ]


def analyze_rows(corpus: Path, repeat: int) -> list[Row]:
    import analyze as bench

    from nb2mod.analysis import analyze
    from nb2mod.ipython_syntax import normalise_cell

    notebooks = bench.load(corpus)
    codes = [normalise_cell(c.source, c.index).code for nb in notebooks for c in nb.code_cells]
    lines = sum(code.count("\n") for code in codes)
    ours = bench.best_of(repeat, lambda: [analyze(nb) for nb in notebooks])[1]
    theirs = bench.best_of(repeat, lambda: [bench.parse_or_none(c) for c in codes])[1]
    return [
        row(f"analyze corpus ({lines:,} code lines), CPU s", ours, "ast.parse", theirs, "s"),
        row("analyze speed, code lines/s", lines / ours, "ast.parse", lines / theirs, "lines/s"),
    ]


def lint_rows(corpus: Path, repeat: int) -> list[Row]:
    notebooks = sorted(str(p) for p in corpus.rglob("*.ipynb"))
    nbqa = Path(sys.executable).parent / "nbqa"
    command = [sys.executable, "-m", "nb2mod", "lint", "--format", "json", *notebooks]
    cold, warm, base = [], [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="nb2mod-bench-cache-") as cache:
            env = {**os.environ, "NB2MOD_CACHE_DIR": cache}
            cold.append(timed(command, env))
            warm.append(timed(command, env))
        base.append(timed([str(nbqa), "flake8", *notebooks], dict(os.environ)))
    n = len(notebooks)
    return [
        row(f"lint {n} notebooks, cold cache, s", min(cold), "nbqa flake8", min(base), "s"),
        row(f"lint {n} notebooks, warm cache, s", min(warm), "nb2mod cold", min(cold), "s"),
    ]


def convert_rows(repeat: int) -> list[Row]:
    import convert as bench
    import nbformat
    from nbconvert import PythonExporter

    from nb2mod.conversion import convert
    from nb2mod.notebook import read_notebook

    data = bench.synthetic_notebook()
    notebook = read_notebook(data, path="long.ipynb")
    convert(notebook)  # imports (libcst, black) are start-up, measured separately
    ours = best(repeat, lambda: convert(notebook))
    node = nbformat.from_dict(data)
    theirs = best(repeat, lambda: PythonExporter().from_notebook_node(node))
    return [
        row("convert 300-cell notebook, s", ours, "nbconvert PythonExporter", theirs, "s"),
        *speedup_rows(max(repeat, 2)),
    ]


def speedup_rows(repeat: int) -> list[Row]:
    """The same conversion against nb2mod before issue 12 (speedup.py; target 1.5x)."""
    import speedup

    best = speedup.compare(speedup.BASE, repeat, 300)
    base = f"{speedup.BASE} (before issue 12)"
    return [
        row("convert 300-cell notebook in-process, s", best["now"][0], base, best["base"][0], "s"),
        row("convert 300-cell notebook, CPU s", best["now"][1], base, best["base"][1], "s"),
    ]


def startup_rows(repeat: int) -> list[Row]:
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.ipynb"
        small.write_text(json.dumps(_small_notebook()))
        env = {**os.environ, "NB2MOD_CACHE_DIR": str(Path(folder) / "cache")}
        python_only = best_timed(repeat, [sys.executable, "-c", "pass"], env)
        version = best_timed(repeat, [str(bin_dir / "nb2mod"), "--version"], env)
        lint = best_timed(repeat, [str(bin_dir / "nb2mod"), "lint", "--no-cache", str(small)], env)
        nbqa = best_timed(repeat, [str(bin_dir / "nbqa"), "flake8", str(small)], env)
    return [
        row("start-up: nb2mod --version, s", version, "python -c pass", python_only, "s"),
        row("start-up: nb2mod lint one small notebook, s", lint, "nbqa flake8", nbqa, "s"),
    ]


def memory_rows(corpus: Path) -> list[Row]:
    largest = max(corpus.rglob("*.ipynb"), key=lambda p: p.stat().st_size)
    ours = peak_rss("from nb2mod.conversion import convert\n" f"convert({str(largest)!r})\n")
    theirs = peak_rss(
        "import nbformat\nfrom nbconvert import PythonExporter\n"
        f"PythonExporter().from_notebook_node(nbformat.read({str(largest)!r}, 4))\n"
    )
    name = largest.name if len(largest.name) < 40 else largest.name[:37] + "..."
    return [row(f"peak memory converting {name}, MiB", ours, "nbconvert", theirs, "MiB")]


def jobs_rows(corpus: Path) -> list[Row]:
    """Converting 100 notebooks with --jobs 2 against --jobs 1 (both cores against one)."""
    notebooks = sorted(corpus.rglob("*.ipynb"))[:100]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in"
        source.mkdir()
        for i, path in enumerate(notebooks):
            (source / f"nb{i:03d}.ipynb").write_bytes(path.read_bytes())
        base = [sys.executable, "-m", "nb2mod", "convert", str(source), "--force"]
        one = timed([*base, "--out", str(Path(folder) / "one"), "--jobs", "1"], dict(os.environ))
        two = timed([*base, "--out", str(Path(folder) / "two"), "--jobs", "2"], dict(os.environ))
    return [row(f"convert {len(notebooks)} notebooks, --jobs 2, s", two, "--jobs 1", one, "s")]


def soorgeon_rows(repeat: int) -> list[Row]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import convert as bench

    try:
        python = ensure_venv(SOORGEON_VENV, ["soorgeon"])
    except subprocess.CalledProcessError:
        return [row("convert 300-cell notebook, s", float("nan"), "soorgeon (no install)", 0, "s")]
    soorgeon = python.parent / "soorgeon"
    ours = None
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "long.ipynb"
            path.write_text(json.dumps(bench.synthetic_notebook()))
            start = time.perf_counter()
            done = subprocess.run(
                [str(soorgeon), "refactor", str(path)], cwd=folder, capture_output=True, text=True
            )
            times.append(time.perf_counter() - start)
            ours = ours or _nb2mod_cli_time(path)
    status = "soorgeon refactor" if done.returncode == 0 else "soorgeon refactor (failed)"
    return [row("convert 300-cell notebook (CLI), s", ours or 0.0, status, min(times), "s")]


def _nb2mod_cli_time(path: Path) -> float:
    tools = TOOLS_VENV / "bin" / "nb2mod"
    out = path.parent / "nb2mod-out"
    return timed([str(tools), "convert", str(path), "--out", str(out)], dict(os.environ))


def peak_rss(code: str) -> float:
    """Peak resident memory (MiB) of a fresh interpreter running ``code``.

    Read from VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent, so
    a child of this (large) process would report the parent's peak."""
    probe = code + (
        "import re\n"
        "status = open('/proc/self/status').read()\n"
        "print(re.search(r'VmHWM:\\s+(\\d+)', status).group(1))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def best_timed(repeat: int, command: list[str], env: dict[str, str]) -> float:
    return min(timed(command, env) for _ in range(max(repeat, 1)))


def best(repeat: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def _small_notebook() -> dict[str, object]:
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1}
    cells = [
        {**cell, "id": "a", "source": "import numpy as np\nx = np.random.rand(3)"},
        {**cell, "id": "b", "source": "def f(y):\n    return y + x\nprint(f(1))"},
    ]
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def print_table(rows: list[Row]) -> None:
    print(f"nb2mod benchmarks ({os.cpu_count()} cores; baselines measured in the same run)\n")
    header = f"| {'measure':<52} | {'nb2mod':>10} | {'baseline':<26} | {'baseline':>10} | ratio |"
    print(header)
    print("|" + "|".join("-" * (len(part) + 0) for part in header.split("|")[1:-1]) + "|")
    for r in rows:
        ours, theirs = float(r["nb2mod"]), float(r["theirs"])  # type: ignore[arg-type]
        ratio = ours / theirs if theirs else float("nan")
        print(
            f"| {r['what']!s:<52} | {_fmt(ours):>10} | {r['baseline']!s:<26} | "
            f"{_fmt(theirs):>10} | {ratio:5.2f} |"
        )
    print("\nratio = nb2mod / baseline (for times and memory lower is better; for lines/s higher).")


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 1000 else f"{value:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
