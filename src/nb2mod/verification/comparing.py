"""Two runs' captured values compared where they can be loaded: in the package's interpreter.

Each run pickles its values (dump.py), and loading a pickle needs the libraries of the
values' types: pandas for a frame, scikit-learn for an estimator. nb2mod's own environment
may have none of them, so when the package runs with another interpreter (``--python``, or
the kernel's), the comparison runs there too: a small runner makes nb2mod's folder importable
as a bare package (nothing of nb2mod runs but this module, compare.py and what they import,
all standard library), loads both dumps and writes the verdicts as JSON. When that fails (an
interpreter older than nb2mod supports), the values are compared in nb2mod's own process,
where a value whose library is missing is not compared, with the reason.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nb2mod.verification.captured import read_captured
from nb2mod.verification.compare import compare_captured
from nb2mod.verification.outcome import Verdict

_RUNNER = """\
import sys, types
nb2mod = types.ModuleType("nb2mod")
nb2mod.__path__ = [sys.argv[1]]
sys.modules["nb2mod"] = nb2mod
from nb2mod.verification.comparing import main
sys.exit(main(sys.argv[2]))
"""


@dataclass(frozen=True)
class Compared:
    """One name's verdict, and whether the first run (the notebook) defined it."""

    verdict: Verdict
    expected_present: bool


@dataclass(frozen=True)
class DumpPair:
    """Two dumps to compare: each file and the module prefixes of its own classes."""

    expected: Path
    actual: Path
    expected_local: tuple[str, ...] = ()
    actual_local: tuple[str, ...] = ()


def compare_dumps(
    pair: DumpPair,
    names: Sequence[str],
    rtol: float,
    atol: float,
    python: str | None = None,
    timeout: float = 600.0,
) -> dict[str, Compared]:
    """Compare ``names`` in the two dumps, in ``python`` (default: this process)."""
    from nb2mod.interpreters import same_interpreter

    if python is None or same_interpreter(python, sys.executable):
        return compare_here(pair, names, rtol, atol)
    try:
        return _compare_in(python, pair, names, rtol, atol, timeout)
    except (OSError, ValueError, KeyError, TypeError, subprocess.SubprocessError) as exc:
        found = compare_here(pair, names, rtol, atol)
        why = f"comparing with {python} failed: {_one_line(str(exc))}"
        return {name: _noted(result, why) for name, result in found.items()}


def compare_here(
    pair: DumpPair, names: Sequence[str], rtol: float, atol: float
) -> dict[str, Compared]:
    left = read_captured(pair.expected, names, pair.expected_local)
    right = read_captured(pair.actual, names, pair.actual_local)
    return {
        n: Compared(compare_captured(left[n], right[n], rtol=rtol, atol=atol), left[n].present)
        for n in names
    }


def _compare_in(
    python: str, pair: DumpPair, names: Sequence[str], rtol: float, atol: float, timeout: float
) -> dict[str, Compared]:
    out = pair.actual.with_suffix(".compared.json")
    request = {
        "expected": str(pair.expected),
        "actual": str(pair.actual),
        "expected_local": list(pair.expected_local),
        "actual_local": list(pair.actual_local),
        "names": list(names),
        "rtol": rtol,
        "atol": atol,
        "out": str(out),
    }
    request_file = pair.actual.with_suffix(".compare.json")
    request_file.write_text(json.dumps(request), encoding="utf-8")
    folder = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run(
        [python, "-c", _RUNNER, folder, str(request_file)],
        cwd=pair.actual.parent,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0 or not out.is_file():
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise ValueError(f"exit code {done.returncode}: {tail[0]}")
    rows = json.loads(out.read_text(encoding="utf-8"))
    return {
        name: Compared(
            Verdict(name, rows[name]["status"], rows[name]["detail"]), rows[name]["present"]
        )
        for name in names
    }


def main(request_path: str) -> int:
    """The runner's entry point, in the other interpreter: compare, write the verdicts."""
    with open(request_path, encoding="utf-8") as handle:
        request = json.load(handle)
    pair = DumpPair(
        Path(request["expected"]),
        Path(request["actual"]),
        tuple(request["expected_local"]),
        tuple(request["actual_local"]),
    )
    found = compare_here(pair, request["names"], request["rtol"], request["atol"])
    rows = {
        name: {
            "status": r.verdict.status,
            "detail": r.verdict.detail,
            "present": r.expected_present,
        }
        for name, r in found.items()
    }
    with open(request["out"], "w", encoding="utf-8") as handle:
        json.dump(rows, handle)
    return 0


def _noted(result: Compared, why: str) -> Compared:
    verdict = result.verdict
    if verdict.status != "not compared" or "cannot be loaded" not in verdict.detail:
        return result
    detail = f"{verdict.detail}; {why}"
    return Compared(Verdict(verdict.name, verdict.status, detail), result.expected_present)


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
