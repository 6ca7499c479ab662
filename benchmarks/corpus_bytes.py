"""Byte-identity check for refactors: one sha256 per generated file, over every input we have.

    python benchmarks/corpus_bytes.py write DIGESTS [--texts DIR] [--jobs 2]
    python benchmarks/corpus_bytes.py compare DIGESTS [--texts DIR] [--jobs 2]

``--src DIR`` converts with the nb2mod found in DIR (default: this checkout's src/), so a
baseline can be written from an older checkout's code.

Inputs: every notebook under ../shared/corpus (pipelines/ included), each golden case
(tests/data/cases/*, with its pyproject settings) and each example (converted by its path
relative to the repository, as the README does). Each notebook is converted with the default
settings, and also one step per cell without black (``--split cells --no-format``), so both
the formatted and the raw renderings are covered. A notebook nb2mod refuses is recorded by
its error message; ``(conversion)`` records what the Conversion value says besides its files,
``(analysis)`` the JSON facts of ``nb2mod analyze`` and the lint diagnostics.

``write`` stores the digests (one ``input<TAB>variant<TAB>file<TAB>sha256`` line each), and
with ``--texts`` the files themselves, to read what changed later. ``compare`` converts
again with the current code and prints every difference: exit 0 when there is none.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
VARIANTS = ("default", "cells-raw")

Row = tuple[str, str, str, str]  # input, variant, file, sha256


def inputs() -> list[tuple[str, str]]:
    """(kind, path) of every notebook to convert, in a stable order."""
    found = [("corpus", str(p)) for p in sorted(CORPUS.rglob("*.ipynb"))]
    cases = sorted((ROOT / "tests" / "data" / "cases").glob("*/input.ipynb"))
    found += [("case", str(p)) for p in cases]
    found += [("example", str(p)) for p in sorted((ROOT / "examples").glob("*/*.ipynb"))]
    return found


def _settings(kind: str, path: Path, variant: str):  # type: ignore[no-untyped-def]
    from nb2mod.settings import Settings, settings_from_pyproject

    settings = Settings()
    if kind == "case":
        pyproject = path.parent / "pyproject.toml"
        if pyproject.is_file():
            text = pyproject.read_text(encoding="utf-8")
            settings = settings_from_pyproject(text, str(pyproject))
        settings = settings.replace(name=path.parent.name)
    if variant == "cells-raw":
        settings = settings.replace(split="cells", format=False)
    return settings


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def convert_one(job: tuple[str, str]) -> list[tuple[Row, str]]:
    """Every (row, text) of one input under each variant."""
    from nb2mod.conversion import convert
    from nb2mod.errors import NotebookError

    kind, name = job
    path = Path(name)
    label = os.path.relpath(path, ROOT)
    source = path.relative_to(ROOT).as_posix() if kind == "example" else str(path)
    out = [_analysis_row(label, source)]
    for variant in VARIANTS:
        try:
            conversion = convert(source, _settings(kind, path, variant))
        except NotebookError as exc:
            text = f"{type(exc).__name__}: {exc}"
            out.append(((label, variant, "(error)", _digest(text)), text))
            continue
        for file, text in conversion.files.items():
            out.append(((label, variant, str(file), _digest(text)), text))
        summary = repr((conversion.package, conversion.returns, conversion.steps))
        summary += "\n" + "\n".join(w.format() for w in conversion.warnings)
        out.append(((label, variant, "(conversion)", _digest(summary)), summary))
    return out


def _analysis_row(label: str, source: str) -> tuple[Row, str]:
    import json

    from nb2mod.analysis import analyze
    from nb2mod.analysis.serialize import analysis_to_json
    from nb2mod.errors import NotebookError
    from nb2mod.linter import lint_analysis
    from nb2mod.notebook import read_notebook

    try:
        analysis = analyze(read_notebook(source))
    except NotebookError as exc:
        text = f"{type(exc).__name__}: {exc}"
    else:
        text = json.dumps(analysis_to_json(analysis), indent=1, sort_keys=True, default=repr)
        text += "\n" + "\n".join(d.format() for d in lint_analysis(analysis))
    return (label, "default", "(analysis)", _digest(text)), text


def convert_all(jobs: int) -> Iterator[tuple[Row, str]]:
    os.chdir(ROOT)  # examples convert by their path relative to the repository
    work = inputs()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for rows in pool.map(convert_one, work, chunksize=4):
            yield from rows


def _text_path(texts: Path, row: Row) -> Path:
    key = hashlib.sha256("\t".join(row[:3]).encode()).hexdigest()[:16]
    return texts / row[1] / f"{key}-{Path(row[2]).name}"


def write(digests: Path, texts: Path | None, jobs: int) -> int:
    rows = []
    for row, text in convert_all(jobs):
        rows.append(row)
        if texts is not None:
            target = _text_path(texts, row)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", errors="surrogatepass")
    digests.parent.mkdir(parents=True, exist_ok=True)
    digests.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len({r[0] for r in rows})} notebooks, {len(rows)} files: wrote {digests}")
    return 0


def compare(digests: Path, texts: Path | None, jobs: int) -> int:
    before = {}
    for line in digests.read_text(encoding="utf-8").splitlines():
        *key, digest = line.split("\t")
        before[tuple(key)] = digest
    now: dict[tuple[str, ...], str] = {}
    differences = 0
    for row, _text in convert_all(jobs):
        now[row[:3]] = row[3]
        if before.get(row[:3]) != row[3]:
            differences += 1
            state = "new file" if row[:3] not in before else "differs"
            where = f" (baseline text: {_text_path(texts, row)})" if texts else ""
            print(f"{state}: {row[0]} [{row[1]}] {row[2]}{where}")
    for key in sorted(set(before) - set(now)):
        differences += 1
        print(f"missing: {key[0]} [{key[1]}] {key[2]}")
    notebooks = len({k[0] for k in now})
    print(f"{notebooks} notebooks, {len(now)} files, {differences} differences")
    return 1 if differences else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["write", "compare"])
    parser.add_argument("digests", type=Path)
    parser.add_argument("--texts", type=Path, default=None, help="folder of the files' texts")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the nb2mod to run")
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = str(args.src.resolve())  # the workers import the same nb2mod
    sys.path.insert(0, str(args.src.resolve()))
    digests = args.digests.resolve()
    texts = args.texts.resolve() if args.texts else None
    if args.what == "write":
        return write(digests, texts, args.jobs)
    return compare(digests, texts, args.jobs)


if __name__ == "__main__":
    raise SystemExit(main())
