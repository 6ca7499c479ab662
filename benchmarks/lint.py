"""Benchmark `nb2mod lint` on the corpus, cold and warm cache, against `nbqa flake8`.

Both tools lint the same notebooks in the same run on the same machine. nbqa and flake8 are
installed into a separate virtual environment this script creates (never into the project).

    python benchmarks/lint.py [--corpus ../shared/corpus] [--repeat 3] [--venv /tmp/nb2mod-bench-nbqa]

Targets (issue 4): cold at most half of nbqa-flake8's time; warm at most a twentieth of cold.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_PACKAGES = ["nbqa", "flake8"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


def main() -> int:
    args = parse_args()
    notebooks = sorted(str(p) for p in Path(args.corpus).rglob("*.ipynb"))
    if not notebooks:
        print(f"no notebooks under {args.corpus}", file=sys.stderr)
        return 2
    nbqa = baseline_env(Path(args.venv))
    nb2mod = [sys.executable, "-m", "nb2mod", "lint", "--format", "json", *notebooks]
    cold, warm, baseline, findings = [], [], [], None
    snapshot = Path(tempfile.mkdtemp(prefix="nb2mod-bench-src-"))
    # A frozen copy of the source: edits to the working tree during the run would change
    # the cache fingerprint and turn warm runs cold.
    shutil.copytree(ROOT / "src" / "nb2mod", snapshot / "nb2mod", ignore=IGNORED)
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="nb2mod-bench-cache-") as cache:
            env = {**os.environ, "NB2MOD_CACHE_DIR": cache, "PYTHONPATH": str(snapshot)}
            seconds, output = timed(nb2mod, env)
            cold.append(seconds)
            warm.append(timed(nb2mod, env)[0])
            findings = findings or json.loads(output)
        baseline.append(timed([str(nbqa), "flake8", *notebooks], dict(os.environ))[0])
    shutil.rmtree(snapshot, ignore_errors=True)
    report(len(notebooks), cold, warm, baseline, findings or [])
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--venv", default=os.path.join(tempfile.gettempdir(), "nb2mod-bench-nbqa"))
    return parser.parse_args()


def baseline_env(venv: Path) -> Path:
    """The nbqa executable of a venv holding nbqa and flake8, created on first use."""
    nbqa = venv / "bin" / "nbqa"
    if not nbqa.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *BASELINE_PACKAGES]
        subprocess.run(pip, check=True)
    return nbqa


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time of one run and its standard output.

    Findings exit 1, unreadable notebooks 2 (nb2mod) or 123 (nbqa, which cannot read the
    nbformat v3 files and reports them): all are expected; anything else is a failure."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1, 2, 123):
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-500:]}")
    return seconds, done.stdout


def report(count: int, cold: list[float], warm: list[float], baseline: list[float], found) -> None:  # type: ignore[no-untyped-def]
    c, w, b = (statistics.median(x) for x in (cold, warm, baseline))
    print(f"notebooks: {count}; runs: {len(cold)} (medians; {os.cpu_count()} cores)")
    print(f"nbqa flake8          {b:7.2f} s")
    print(
        f"nb2mod lint (cold)   {c:7.2f} s   {c / b:5.2f} x nbqa   target <= 0.50: {ok(c <= b / 2)}"
    )
    print(
        f"nb2mod lint (warm)   {w:7.2f} s   {w / c:5.3f} x cold  target <= 0.05: {ok(w <= c / 20)}"
    )
    print("runs (s): nbqa " + _runs(baseline) + "; cold " + _runs(cold) + "; warm " + _runs(warm))
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (other work on the machine)")
    counts = Counter(d["code"] for d in found)
    notebooks = len({d["path"] for d in found})
    print(f"findings: {len(found)} in {notebooks} notebooks")
    for code, n in sorted(counts.items()):
        print(f"  {code}  {n}")


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def ok(met: bool) -> str:
    return "met" if met else "NOT met"


if __name__ == "__main__":
    raise SystemExit(main())
