"""Issue 15's shipping checks on the ten shared data pipelines and the three examples.

For each notebook: convert it; ``pip install`` the output into a fresh virtual environment
(its pinned dependencies from the index); the console script's ``--help``; the console script
run from an unrelated folder with ``--data-dir`` pointing at the notebook's folder;
``pip install --dry-run --no-deps -r requirements.txt`` there; hadolint on the Dockerfile (no
finding of level error); the workflow against GitHub's schema (check-jsonschema, offline).
Prints one row per notebook and a summary. Slow (a venv with pandas per notebook): not in CI.

``--share`` makes each fresh venv see nb2mod's own environment's site-packages (a ``.pth``
file): the notebooks' dependencies are resolved there, so the lock's pins are what is
installed, and ``pip install`` of the output then installs the package alone (the row says
what it installed); without it every dependency is installed from the index (or pip's cache).

    python benchmarks/ship_pipelines.py [--only SUBSTRING] [--keep DIR] [--share] [--timeout S]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPELINES = ROOT.parent / "shared" / "corpus" / "pipelines"
BIN = Path(sys.executable).parent


def notebooks() -> list[tuple[str, Path]]:
    found = []
    with open(PIPELINES / "MANIFEST.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            found.append(
                (row["case_id"], PIPELINES / row["case_id"] / row["notebook_relpath_in_case"])
            )
    for example in sorted((ROOT / "examples").glob("*/*.ipynb")):
        found.append((f"example {example.parent.name}", example))
    return found


def run(command: list[str], cwd: Path, timeout: int = 900) -> tuple[int, str, float]:
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "MPLBACKEND": "Agg"}
    env.pop("VIRTUAL_ENV", None)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return 124, f"timed out after {timeout} s", time.perf_counter() - start
    tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
    return done.returncode, " | ".join(tail), time.perf_counter() - start


def share_site(venv: Path) -> None:
    """Make ``venv`` see this interpreter's site-packages after its own (a .pth file)."""
    python = venv / "bin" / "python"
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    own = sysconfig.get_paths()["purelib"]
    Path(site.stdout.strip(), "_nb2mod_shared_site.pth").write_text(own + "\n", encoding="utf-8")


def installed(text: str) -> str:
    """The distributions pip's output says it installed."""
    for line in reversed(text.split(" | ")):
        if line.startswith("Successfully installed "):
            return line.removeprefix("Successfully installed ")
    return "?"


def check(
    case: str, notebook: Path, work: Path, share: bool = False, timeout: int = 900
) -> dict[str, str]:
    row: dict[str, str] = {"case": case}
    out = work / "out"
    rc, text, _ = run(
        [str(BIN / "nb2mod"), "convert", str(notebook), "--out", str(out)], cwd=work, timeout=600
    )
    if rc != 0:
        return {**row, "convert": f"FAIL {text}"}
    package = next(p.parent.name for p in out.glob("*/__main__.py"))
    row["convert"] = f"ok ({package})"
    venv = work / "venv"
    row["carried"] = str(sum(1 for p in out.glob(f"{package}/**/*.py")) - 4)
    run([sys.executable, "-m", "venv", str(venv)], cwd=work)
    if share:
        share_site(venv)
    python = venv / "bin" / "python"
    install = [str(python), "-m", "pip", "install", str(out)]
    rc, text, seconds = run(install, cwd=work, timeout=timeout)
    row["pip install"] = (
        f"ok {seconds:.0f}s (installed {installed(text)})" if rc == 0 else f"FAIL {text}"
    )
    script = venv / "bin" / package
    rc, text, _ = run([str(script), "--help"], cwd=work) if script.exists() else (1, "none", 0)
    row["--help"] = "ok" if rc == 0 else f"FAIL {text}"
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    command = [str(script), "--data-dir", str(notebook.parent), "--output-dir", "results"]
    rc, text, seconds = run(command, cwd=elsewhere) if script.exists() else (1, "none", 0)
    written = sum(1 for p in (elsewhere / "results").rglob("*") if p.is_file())
    row["run elsewhere"] = (
        f"ok {seconds:.0f}s, {written} files" if rc == 0 else f"FAIL rc={rc} {text}"
    )
    dry = [str(python), "-m", "pip", "install", "--dry-run", "--no-deps", "-q"]
    rc, text, _ = run([*dry, "-r", str(out / "requirements.txt")], cwd=work)
    row["dry-run lock"] = "ok" if rc == 0 else f"FAIL {text}"
    rc, text, _ = run(
        [str(BIN / "hadolint"), "--failure-threshold", "error", str(out / "Dockerfile")], cwd=work
    )
    _, findings, _ = run([str(BIN / "hadolint"), "--no-fail", str(out / "Dockerfile")], cwd=work)
    row["hadolint"] = ("ok" if rc == 0 else f"FAIL {text}") + (
        f" (findings: {findings})" if findings else " (no finding)"
    )
    workflow = out / ".github" / "workflows" / "ci.yml"
    schema = [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
    rc, text, _ = run([*schema, str(workflow)], cwd=work)
    row["workflow"] = "ok" if rc == 0 else f"FAIL {text}"
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only cases whose name contains this")
    parser.add_argument("--keep", type=Path, help="keep the work folders below this folder")
    parser.add_argument("--share", action="store_true", help="venvs see nb2mod's site-packages")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per pip install")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="nb2mod-ship-"))
    rows = []
    for case, notebook in notebooks():
        if args.only not in case:
            continue
        work = base / case.replace(" ", "_")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        row = check(case, notebook, work, args.share, args.timeout)
        rows.append(row)
        print(" ; ".join(f"{k}: {v}" for k, v in row.items()), flush=True)
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    columns = ["pip install", "--help", "run elsewhere", "dry-run lock", "hadolint", "workflow"]
    for column in columns:
        ok = sum(1 for r in rows if r.get(column, "").startswith("ok"))
        print(f"{column}: {ok}/{len(rows)} ok")
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)
    failed = any(not r.get(c, "").startswith("ok") for r in rows for c in columns)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
