"""Verify the executable corpus notebooks and the data pipelines; print a table and the figures.

Usage: python benchmarks/verify_corpus.py [--only corpus|pipelines] [--jobs N] [--timeout S]
                                          [--json FILE] [--match TEXT] [--baseline] [--no-repeat]
                                          [--kernel NAME] [--python PATH]

Run with the python of an environment that has only nb2mod[verify] and give --kernel (a
kernelspec of an environment with the notebooks' libraries) to measure verify "from an
installation without the libraries" (issue 13).

Each notebook is verified with ``nb2mod.verify`` (converted into a temporary folder, run in a
fresh kernel in a scratch copy of its folder, the package run in another copy). A pipeline's
notebook sits inside its case folder at the relative path MANIFEST gives, so its own folder
(where its data files resolve) is the working directory, as in Jupyter.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nb2mod.notebook import Notebook
    from nb2mod.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PIPELINES = CORPUS / "pipelines"


@dataclass(frozen=True)
class Case:
    group: str  # "corpus" or "pipelines"
    label: str
    path: Path
    exec_seconds: float


def corpus_cases() -> list[Case]:
    """The notebooks MANIFEST marks ``executes_offline=y``."""
    rows = _rows(CORPUS / "MANIFEST.tsv")
    return [
        Case("corpus", r["file"], CORPUS / r["file"], float(r["exec_seconds"]))
        for r in rows
        if r["executes_offline"] == "y"
    ]


def pipeline_cases() -> list[Case]:
    rows = _rows(PIPELINES / "MANIFEST.tsv")
    return [
        Case(
            "pipelines",
            r["case_id"],
            PIPELINES / r["case_id"] / r["notebook_relpath_in_case"],
            float(r["exec_seconds"]),
        )
        for r in rows
    ]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


class ExecBaseline:
    """A stand-in conversion whose ``run`` executes the notebook's cells verbatim: verifying
    it measures the harness's own noise (nondeterminism, comparison) apart from convert."""

    package = "nbexec"

    def __init__(self, notebook: Notebook, settings: Settings) -> None:
        from nb2mod.ipython_syntax import normalise_cell

        self.cells = [normalise_cell(c.source, c.index).code for c in notebook.code_cells]
        self.returns = tuple(_assigned_names(self.cells))

    def write(self, out_dir: Path, force: bool = False) -> None:
        package = Path(out_dir) / self.package
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "config.py").write_text(
            "import dataclasses\n\n\n@dataclasses.dataclass(frozen=True)\nclass Config:\n    pass\n"
        )
        (package / "pipeline.py").write_text(_BASELINE.format(cells=self.cells, names=self.returns))


_BASELINE = """
class _Shell:
    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def get_ipython():
    return _Shell()


def run(config=None):
    for code in {cells!r}:
        exec(code, globals())
    names = {names!r}
    return {{n: globals()[n] for n in names if n in globals()}}
"""


def _assigned_names(cells: list[str]) -> list[str]:
    import ast

    names: dict[str, None] = {}
    for code in cells:
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in tree.body:
            targets = (
                node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            )
            for target in targets:
                for leaf in ast.walk(target) if target is not None else ():
                    if isinstance(leaf, ast.Name) and not leaf.id.startswith("_"):
                        names[leaf.id] = None
    return list(names)


def verify_case(
    case: Case,
    timeout: float,
    baseline: bool = False,
    repeat: bool = True,
    kernel: str | None = None,
    python: str | None = None,
) -> dict[str, object]:
    """One row of the table: status, name counts, first non-equal detail, seconds."""
    from nb2mod.batch import attempt
    from nb2mod.settings import Settings
    from nb2mod.verification.verifier import verify

    converter = ExecBaseline if baseline else None
    settings = Settings(timeout=timeout, repeat=repeat, kernel=kernel, python=python)
    started = time.monotonic()
    outcome = attempt(str(case.path), lambda p: verify(p, settings, converter=converter))
    seconds = round(time.monotonic() - started, 1)
    row: dict[str, object] = {"group": case.group, "case": case.label, "seconds": seconds}
    if outcome.failed:
        return {**row, "status": "error", "detail": outcome.value.message, "names": {}}  # type: ignore[union-attr]
    result = outcome.value
    counts = Counter(v.status for v in result.verdicts)
    off = [f"{v.name}: {v.status}: {v.detail}" for v in result.verdicts if v.status != "equal"]
    detail = result.message or "; ".join(off)
    if result.step:
        detail = f"step {result.step}: {detail}"
    return {
        **row,
        "status": result.status,
        "names": dict(counts),
        "detail": detail,
        "verdicts": [v.to_json() for v in result.verdicts],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["corpus", "pipelines"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--json", dest="json_out")
    parser.add_argument("--match", default="", help="only cases whose label contains this")
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="verify a package that runs the cells verbatim instead of nb2mod.conversion's output",
    )
    parser.add_argument(
        "--no-repeat",
        action="store_true",
        help="run each notebook once (by default twice, to tell nondeterminism from differences)",
    )
    parser.add_argument("--kernel", help="the Jupyter kernel that runs the notebooks")
    parser.add_argument("--python", help="the interpreter that runs the packages")
    args = parser.parse_args(argv)
    cases = [] if args.only == "pipelines" else corpus_cases()
    cases += [] if args.only == "corpus" else pipeline_cases()
    cases = [c for c in cases if args.match in c.label]
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        each = [[value] * len(cases) for value in (args.timeout, args.baseline)]
        more = [[value] * len(cases) for value in (not args.no_repeat, args.kernel, args.python)]
        rows = list(pool.map(verify_case, cases, *each, *more))
    for row in rows:
        print(_format_row(row))
    for group in ("corpus", "pipelines"):
        print(_figure(group, [r for r in rows if r["group"] == group]))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


def _format_row(row: dict[str, object]) -> str:
    names = ", ".join(f"{n} {s}" for s, n in sorted(row["names"].items()))  # type: ignore[union-attr]
    detail = str(row["detail"])[:300]
    return f"{row['group']:<9} {row['status']:<17} {row['seconds']:>6}s  {row['case']}  [{names}]  {detail}"


def _figure(group: str, rows: list[dict[str, object]]) -> str:
    if not rows:
        return f"{group}: none run"
    counts = Counter(str(r["status"]) for r in rows)
    equal = counts["equal"]
    parts = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    return f"{group}: {equal}/{len(rows)} equal ({100 * equal / len(rows):.0f}%) — {parts}"


if __name__ == "__main__":
    sys.exit(main())
