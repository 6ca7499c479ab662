"""Secrets over the corpus: how many notebooks NB108 flags, and that none leaks (issue 11 item 4).

    python benchmarks/secrets_corpus.py [--jobs 1] [--limit N]

For every notebook under ../shared/corpus (pipelines/ included) it counts the NB108
findings as the notebook is. Then it plants fake secrets in a copy of the notebook (see
``plant``: a constant, a dict value, a call keyword, a lifted function's default and body, a
comment, an f-string, a markdown cell and a stored cell output) and runs convert, analyze
(text and JSON) and lint (text, JSON and SARIF) on it in memory, scanning every byte they
produce for each planted secret, whole or cut at 12 characters. Prints one line per notebook
that leaks or fails with an internal error, then the totals; exit 1 when anything leaked.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "src"))

AWS = "AKIAJZ7Q3W5E7R9T1Y3U"
GITHUB = "ghp_" + "Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3Vb5N7"
PASSWORD = "Tr0ub4dor&3x"
API = "5e1f9a7c3b2d4e6f8a0b1c2d3e4f5a6b"
SLACK = "xoxb-9876543210-zyxwvutsrqpo"
STRIPE = "sk_live_" + "9zY8xW7vU6tS5rQ4pO3nM2lK"
OUTPUT = "ghp_" + "Mn8Bv6Cx4Za2Sd0Fg8Hj6Kl4Qw2Er0Ty8Ui6Op"
PLANTED = (AWS, GITHUB, PASSWORD, API, SLACK, STRIPE, OUTPUT)

PLANTED_CELLS = (
    ("markdown", f"Service key (demo account): {STRIPE}"),
    (
        "code",
        f'PROBE_AWS_KEY = "{AWS}"\n'
        f'probe_settings = {{"password": "{PASSWORD}", "retries": 3}}\n'
        f'probe_client = dict(api_key="{API}")\n'
        f"# old token: {GITHUB}\n"
        f'probe_banner = f"using {GITHUB} for {{len(probe_settings)}}"',
    ),
    (
        "code",
        f'def probe_headers(token="{SLACK}"):\n'
        f'    return {{"Authorization": token, "X-Key": "{AWS}"}}\n\n\n'
        "probe_sent = probe_headers()",
    ),
)


def plant(notebook: dict[str, Any]) -> dict[str, Any]:
    """A copy of the notebook JSON with the fake secrets after its first code cell (or at
    the end) and a secret in that cell's stored output (nbformat 3 and 4)."""
    planted = copy.deepcopy(notebook)
    v3 = "worksheets" in planted
    if v3:
        sheets = planted["worksheets"] or [{"cells": []}]
        planted["worksheets"] = sheets
        cells = sheets[0].setdefault("cells", [])
    else:
        cells = planted.setdefault("cells", [])
    first = next((i for i, c in enumerate(cells) if c.get("cell_type") == "code"), None)
    at = len(cells) if first is None else first + 1
    ids = planted.get("nbformat_minor", 0) >= 5 and not v3
    cells[at:at] = [
        _cell(kind, source, v3, ids, n) for n, (kind, source) in enumerate(PLANTED_CELLS)
    ]
    if first is not None:
        stream: dict[str, Any] = {"output_type": "stream", "text": f"token {OUTPUT}\n"}
        stream["stream" if v3 else "name"] = "stdout"
        cells[first].setdefault("outputs", []).append(stream)
    return planted


def _cell(kind: str, source: str, v3: bool, ids: bool, number: int) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": kind, "metadata": {}}
    if kind == "code":
        cell.update(outputs=[])
        cell.update({"input": source, "language": "python"} if v3 else {"source": source})
        if not v3:
            cell["execution_count"] = None
    else:
        cell["source"] = source
    if ids:
        cell["id"] = f"nb2mod-probe-{number}"
    return cell


def leaks(data: str) -> list[str]:
    raw = data.encode("utf-8", "surrogatepass")
    return [s for s in PLANTED if s[:12].encode() in raw]


def check(path: str) -> dict[str, Any]:
    """NB108 findings of the notebook as it is; what convert/analyze/lint of the planted
    copy leaked; an internal error (a traceback) if one happened."""
    from nb2mod.analysis import analyze
    from nb2mod.analysis.render import render_text
    from nb2mod.analysis.serialize import analysis_to_json
    from nb2mod.conversion import convert
    from nb2mod.diagnostics import format_json
    from nb2mod.errors import NotebookError
    from nb2mod.linter import lint_analysis
    from nb2mod.notebook import read_notebook
    from nb2mod.rules import rule_for
    from nb2mod.sarif import format_sarif, sarif_log

    out: dict[str, Any] = {"path": path, "findings": 0, "leaks": {}, "error": None}
    try:
        text = Path(path).read_text(encoding="utf-8")
        out["findings"] = len(analyze(read_notebook(text, path=path)).secrets.findings)
        planted = json.dumps(plant(json.loads(text)))
        notebook = read_notebook(planted, path=path)
        analysis = analyze(notebook)
        out["planted"] = len(analysis.secrets.findings)  # 8: the planting worked
        diagnostics = lint_analysis(analysis)
        outputs = {
            "analyze text": render_text(analysis),
            "analyze json": json.dumps(analysis_to_json(analysis), ensure_ascii=False),
            "lint": "\n".join(d.format() for d in diagnostics),
            "lint json": format_json(diagnostics),
            "lint sarif": format_sarif(sarif_log(diagnostics, rule_for, {}, Path(path).parent)),
        }
        try:
            conversion = convert(notebook)
            outputs.update({str(p): t for p, t in conversion.files.items()})
            outputs["conversion"] = repr(conversion)
        except NotebookError as exc:
            outputs["convert error"] = str(exc)
        out["leaks"] = {name: leaks(text) for name, text in outputs.items() if leaks(text)}
        out["files"] = len(outputs)
    except Exception:  # an internal error is what this measures, next to leaks
        out["error"] = traceback.format_exc().strip().splitlines()[-1]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    paths = [str(p) for p in sorted(CORPUS.rglob("*.ipynb"))][: args.limit]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(check, paths, chunksize=4))
    flagged = [r for r in results if r["findings"]]
    leaked = [r for r in results if r["leaks"]]
    failed = [r for r in results if r["error"]]
    for r in leaked:
        print(f"LEAK {r['path']}: {r['leaks']}")
    for r in failed:
        print(f"ERROR {r['path']}: {r['error']}")
    findings = sum(r["findings"] for r in results)
    scanned = sum(r.get("files", 0) for r in results)
    planted = min((r.get("planted", 0) for r in results), default=0)
    print(
        f"{len(results)} corpus notebooks: {len(flagged)} with NB108 findings as they are "
        f"({findings} findings); planted copies (each with at least {planted} findings): "
        f"{scanned} outputs and files scanned, "
        f"{len(leaked)} leaked, {len(failed)} internal errors"
    )
    return 1 if leaked or failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
