"""The text CONVERSION.md and the README give of where run() stops like the notebook did,
and of the data it reads that no Config field names (the network, literal file paths)."""

from __future__ import annotations

from nb2mod.codegen.outcome_tests import exception_names
from nb2mod.plan.model import Plan


def stops_section(plan: Plan) -> list[str]:
    """CONVERSION.md's "Where run() stops" section, when the plan knows run() cannot get
    through (hidden state, a saved error output, an API the installed libraries lack), or
    the section saying pipeline.py cannot be imported there."""
    if plan.tests.import_stops:
        return ["## The package cannot be imported here", "", *_import_stop_lines(plan), ""]
    if not plan.tests.stops:
        return []
    run = plan.name("run")
    return [
        "## Where run() stops",
        "",
        f"`{run}()` stops where the notebook does, and the generated end-to-end test expects "
        "it (`pytest.mark.xfail(strict=True)`: the test fails if the run gets through or fails "
        "in another way):",
        "",
        *_stop_lines(plan),
        "",
    ]


def stops_paragraph(plan: Plan) -> str:
    """The README's note that run() stops like the notebook did, or nothing."""
    if plan.tests.import_stops:
        return "\n".join(_import_stop_lines(plan))
    if not plan.tests.stops:
        return ""
    run = plan.name("run")
    lines = [f"`{run}()` stops where the notebook does (see `CONVERSION.md`):", ""]
    return "\n".join([*lines, *_stop_lines(plan)])


def _stop_lines(plan: Plan) -> list[str]:
    lines = []
    for stop in plan.tests.stops:
        raises = " or ".join(f"`{n}`" for n in exception_names(plan, stop))
        lines.append(f"- in `{stop.step}`: {_text(stop.why)}; it raises {raises}")
    return lines


def _import_stop_lines(plan: Plan) -> list[str]:
    lines = [
        "`pipeline.py` cannot be imported with the libraries installed where the dependencies "
        "were resolved, as the notebook's imports could not, so its generated tests fail there "
        "until `requirements.txt` names a version that has what it imports, or the import is "
        "changed:",
        "",
    ]
    for stop in plan.tests.import_stops:
        raises = " or ".join(f"`{n}`" for n in stop.exceptions)
        lines.append(f"- {_text(stop.why)}; it raises {raises}")
    return lines


def unnamed_reads(plan: Plan) -> list[str]:
    """The README's lines for the data run() reads that no Config field names."""
    lines = [
        f"- reads from the network: {_text(source)} (the end-to-end test skips when it "
        "cannot be reached)"
        for source in plan.tests.network
    ]
    lines += [
        f"- reads `{_text(path)}` (cell {cell}) by its literal path, relative to the working "
        "folder (the end-to-end test skips when it is missing)"
        for path, cell in plan.tests.files
    ]
    return lines


def _text(text: str) -> str:
    return text.replace("`", "'").replace("\n", " ")
