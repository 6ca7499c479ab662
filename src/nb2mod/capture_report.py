"""The CONVERSION.md section of ``convert --capture``: what was captured, what was skipped, why."""

from __future__ import annotations

from nb2mod.capture import MAX_FIXTURE_BYTES, SAMPLE_ROWS, StepCapture


def render_capture_report(captured: tuple[StepCapture, ...], seed: int = 0) -> str:
    """The CONVERSION.md section that lists what was captured and what was skipped, and why;
    ``seed``: the one the capture run seeded with (capture_seeds.capture_seed)."""
    limit = f"{MAX_FIXTURE_BYTES / 1024**2:g} MB"
    lines = [
        "",
        "## Captured fixtures",
        "",
        "`--capture` ran the notebook once, seeded as the package is: random's and NumPy's",
        f"global generators with {seed} (Config's default seed) before the first cell, and each",
        "call listed under Seeds with the seed argument the package gives it, and joblib's",
        "parallel work in the kernel's own process (as the step tests run it), so that the",
        "fixtures hold what the package computes. Each step with a fixture has a characterization",
        "test in `tests/` that calls it on the inputs the notebook gave it and compares the",
        "outputs listed, within verify's tolerances (objects without value equality, such as",
        "fitted models, by their public data attributes); a step that reads files reads a copy",
        "of the notebook's data, and its test skips without it. The others are skipped for the",
        "reason given. `tests/fixtures/README.md` lists every stored value: its type, shape,",
        "cell and file.",
        "",
        f"Large inputs: when a step's inputs pickle to more than {limit} together, the step is",
        f"tested on a sample: the first {SAMPLE_ROWS} rows of each longer frame, series and array",
        "among them (its cells ran a second time on that sample to give the outputs compared).",
        "A step whose cells write files, use the network, a shell, the environment or a magic",
        "is not run again, so it is not tested when its inputs are large.",
        "",
    ]
    for c in captured:
        if c.fixture:
            compared = ", ".join(
                f"`{name}`" + (" by its public data attributes only" if how == "summary" else "")
                for name, how in c.compare
            )
            figures = f"{c.figures} figure{'s' * (c.figures > 1)} it shows" if c.figures else ""
            printed = "what it logs with the lines the notebook printed" if c.printed else ""
            compared = ", ".join(filter(None, [compared, figures, printed]))
            lines.append(f"- `{c.step}`: `{c.path}/` (compares {compared})")
            lines.extend(
                f"  - tested on a sample: the first {kept} of the {had} rows of `{name}`"
                for name, had, kept in c.sampled
            )
            lines.extend(f"  - `{name}` is not compared: it {why}" for name, why in c.left_out)
        else:
            lines.append(f"- `{c.step}`: skipped, {c.reason}")
    return "\n".join(lines) + "\n"


__all__ = ["render_capture_report"]
