"""Conversion figures: speed on a generated 300-cell notebook, and quality over the corpus.

python benchmarks/convert.py speed            # 300-cell notebook, nb2mod vs nbconvert
python benchmarks/convert.py corpus [--tests] [--timeout S] [--jobs N] [--only FILE]
    every corpus notebook (or those FILE lists, one path a line, relative to the corpus): package or one-line error, compiles, pyflakes, and with --tests
    its generated tests as generated (pytest -q -x -p no:cacheprovider in the package folder,
    nb2mod's interpreter, at most S seconds each, default 120, the notebook's folder as the
    data folder)
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def synthetic_notebook(cells: int = 300) -> dict:
    """A notebook of ``cells`` code cells with headings every 10 cells: data work, functions,
    prints, config-like literals and mutation, like a long exploratory notebook."""
    out = [_md("# Long analysis")]
    out.append(_code("import math\nimport random\nimport statistics\n\nrandom.seed(0)"))
    for i in range(cells - 1):
        if i % 10 == 0:
            out.append(_md(f"## Section {i // 10}"))
        kind = i % 5
        if kind == 0:
            src = f"values_{i} = [random.random() for _ in range({50 + i})]\nthreshold_{i} = 0.{i % 9 + 1}"
        elif kind == 1:
            src = f"def transform_{i}(x, k={i}):\n    return math.sqrt(abs(x)) * k\n"
        elif kind == 2:
            src = f"kept_{i} = [transform_{i - 1}(v) for v in values_{i - 2} if v > threshold_{i - 2}]\nprint(f'kept {{len(kept_{i})}} of {{len(values_{i - 2})}}')"
        elif kind == 3:
            src = f"values_{i - 3}.append(1.0)\nvalues_{i - 3}.sort()\nsummary_{i} = statistics.mean(kept_{i - 1} or [0.0])"
        else:
            src = f"summary_{i - 1}"
        out.append(_code(src))
    meta = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": out}


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text: str) -> dict:
    return {
        "cell_type": "code",
        "metadata": {},
        "source": text,
        "outputs": [],
        "execution_count": None,
    }


def speed(repeat: int = 5) -> None:
    from nb2mod.conversion import convert
    from nb2mod.notebook import read_notebook

    data = synthetic_notebook()
    code_cells = sum(c["cell_type"] == "code" for c in data["cells"])
    notebook = read_notebook(data, path="long.ipynb")
    convert(notebook)  # warm up imports (libcst, black)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        conversion = convert(notebook)
        timings.append(time.perf_counter() - start)
    lines = conversion.files[next(p for p in conversion.files if p.name == "pipeline.py")].count(
        "\n"
    )
    print(
        f"nb2mod convert, {code_cells} code cells: best {min(timings):.3f} s of {repeat} "
        f"({lines} lines of pipeline.py)"
    )
    try:
        import nbformat
        from nbconvert import PythonExporter
    except ImportError:
        print("nbconvert PythonExporter: not installed, no baseline")
        return
    node = nbformat.from_dict(data)
    start = time.perf_counter()
    PythonExporter().from_notebook_node(node)
    print(
        f"nbconvert PythonExporter (a plain script, no analysis): {time.perf_counter() - start:.3f} s"
    )


FLAKES = ("UndefinedName", "UnusedImport", "UndefinedLocal")


def _flakes(code: str, path: str) -> list[str]:
    from pyflakes import checker

    found = checker.Checker(ast.parse(code), filename=path).messages
    return [
        f"{path}:{m.lineno}: {m.message % m.message_args}"
        for m in found
        if type(m).__name__ in FLAKES
    ]


def check_one(path: str, run_tests: bool, timeout: float = 120) -> dict:
    """Convert one notebook in a subprocess-safe way and check the package."""
    from nb2mod.conversion import convert
    from nb2mod.errors import NotebookError

    before = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    record: dict = {"path": path}
    try:
        conversion = convert(path)
    except NotebookError as exc:
        record.update(status="error", message=str(exc), one_line="\n" not in str(exc))
        return record
    except Exception as exc:  # this is what the figure counts: a crash, not a message
        record.update(status="crash", message=f"{type(exc).__name__}: {exc}"[:300])
        return record
    finally:
        record["input_unchanged"] = hashlib.sha256(Path(path).read_bytes()).hexdigest() == before
    record["status"] = "package"
    problems, compiled = [], True
    for file, text in conversion.files.items():
        if file.suffix != ".py":
            continue
        try:
            compile(text, str(file), "exec", dont_inherit=True)
        except SyntaxError as exc:
            compiled = False
            problems.append(f"{file}: does not compile: {exc}")
            continue
        problems.extend(_flakes(text, str(file)))
    record.update(compiles=compiled, flakes=problems, returns=len(conversion.returns))
    if run_tests:
        record.update(generated_tests(conversion, timeout, Path(path).parent))
    return record


def generated_tests(conversion, timeout: float, data: Path) -> dict:  # noqa: ANN001
    """Run the package's generated tests as generated (in its own folder, nb2mod's
    interpreter, which has the corpus libraries of requirements-exec.txt), in their own
    process group, killed with everything they started after ``timeout`` seconds. The
    end-to-end tests read the notebook's data from ``data`` (the notebook's folder, as the
    generated tests' PKG_DATA_DIR variable documents)."""
    import signal

    from nb2mod.codegen.behaviour_tests import data_variable

    with tempfile.TemporaryDirectory(prefix="nb2mod-corpus-tests-") as folder:
        conversion.write(folder)
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}
        env[data_variable(conversion.package)] = str(data)
        command = [sys.executable, "-m", "pytest", "-q", "-x", "-rsx", "-p", "no:cacheprovider"]
        process = subprocess.Popen(
            [*command, "tests"], cwd=folder, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )  # fmt: skip
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return {"tests_pass": False, "tests_output": f"timed out after {timeout:g} s"}
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # anything the tests left running
            except ProcessLookupError:
                pass
    summary = (output.strip().splitlines() or [""])[-1]
    notes = [line for line in output.splitlines() if line.startswith(("SKIPPED", "XFAIL"))]
    record = {"tests_pass": process.returncode == 0, "tests_summary": summary, "notes": notes}
    if process.returncode != 0:
        record["tests_output"] = output[-3000:]
    return record


def corpus(
    run_tests: bool,
    jobs: int,
    limit: int | None,
    output: str | None,
    timeout: float = 120,
    only: str | None = None,
) -> None:
    paths = sorted(str(p) for p in CORPUS.rglob("*.ipynb"))[:limit]
    if only:
        wanted = {line.strip() for line in Path(only).read_text().splitlines() if line.strip()}
        paths = [p for p in paths if str(Path(p).relative_to(CORPUS)) in wanted]
    start = time.perf_counter()
    records = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        runs, timeouts = [run_tests] * len(paths), [timeout] * len(paths)
        for record in pool.map(check_one, paths, runs, timeouts):
            records.append(record)  # one line each as it comes: a stopped run keeps them
            passed = {True: "pass", False: "FAIL", None: "-"}[record.get("tests_pass")]
            print(f"{record['status']} tests:{passed} {record['path']}", flush=True)
    elapsed = time.perf_counter() - start
    packages = [r for r in records if r["status"] == "package"]
    errors = [r for r in records if r["status"] == "error"]
    crashes = [r for r in records if r["status"] == "crash"]
    clean = [r for r in packages if not r["flakes"]]
    print(
        f"{len(records)} notebooks in {elapsed:.1f} s: {len(packages)} packages, "
        f"{len(errors)} one-line errors ({sum(not r['one_line'] for r in errors)} multi-line), "
        f"{len(crashes)} crashes"
    )
    print(f"input unchanged: {sum(r['input_unchanged'] for r in records)}/{len(records)}")
    print(f"packages that compile: {sum(r['compiles'] for r in packages)}/{len(packages)}")
    print(
        f"pyflakes-clean (no undefined names, no unused imports): {len(clean)}/{len(packages)} "
        f"= {100 * len(clean) / max(len(packages), 1):.1f}%"
    )
    if run_tests:
        passed = [r for r in packages if r.get("tests_pass")]
        print(
            f"generated tests pass: {len(passed)}/{len(packages)} "
            f"= {100 * len(passed) / max(len(packages), 1):.1f}% "
            f"(each run bounded by {timeout:g} s)"
        )
        skipped_all = [r for r in passed if " passed" not in r.get("tests_summary", "")]
        print(f"  of which every test skipped: {len(skipped_all)}")
        for word in ("skipped", "xfailed"):  # the end-to-end test: data not there, or expected
            some = [r for r in passed if f" {word}" in r.get("tests_summary", "")]
            print(f"  of which a test {word}: {len(some)}")
    for r in crashes:
        print(f"CRASH {r['path']}: {r['message']}")
    for r in packages:
        for problem in r["flakes"][:3]:
            print(f"FLAKE {Path(r['path']).relative_to(CORPUS)}: {problem}")
        if run_tests and not r.get("tests_pass"):
            lines = r.get("tests_output", "").strip().splitlines()
            errors = [line for line in lines if line.startswith(("E ", "FAILED", "ERROR"))]
            print(f"TESTS {Path(r['path']).relative_to(CORPUS)}: {(errors or lines)[-3:]}")
    if output:
        Path(output).write_text(json.dumps(records, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["speed", "corpus"])
    parser.add_argument("--tests", action="store_true", help="also run each package's tests")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", default=None, help="write every record to this file")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per package's tests")
    parser.add_argument("--only", default=None, help="a file of corpus paths to check, one a line")
    args = parser.parse_args()
    if args.what == "speed":
        speed()
    else:
        corpus(args.tests, args.jobs, args.limit, args.json, args.timeout, args.only)


if __name__ == "__main__":
    main()
