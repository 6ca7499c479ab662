"""What verification returns: a Verdict per compared name and a Verification per notebook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from nb2mod.redaction import redact

VerdictStatus = Literal[
    "equal", "different", "not compared", "not deterministic", "missing", "not reproducible"
]
Origin = Literal["result", "step", "output"]
# returned by run(), a value run() passes between steps, or what both sides print or display
RunStatus = Literal[
    "equal",  # no name differs and at least one is equal (not compared / not deterministic
    # names do not count either way)
    "different",  # at least one name differs or is missing, or two package runs differ
    "package fails",  # the generated package raised, timed out or could not be imported
    "conversion fails",  # convert() itself failed
    "notebook fails",  # the notebook fails on its own: not the conversion's fault
    "nothing compared",  # run() returns no names, so there is nothing to check
    "error",  # the input could not be used (unreadable notebook, missing verify extra)
]

FAILING: frozenset[str] = frozenset({"different", "package fails", "conversion fails"})
INPUT_ERRORS: frozenset[str] = frozenset({"notebook fails", "error"})


@dataclass(frozen=True)
class Verdict:
    """The comparison of one name ``run`` returns with the kernel's value of that name."""

    name: str
    status: VerdictStatus
    detail: str = ""  # the first difference, or why it was not compared
    origin: Origin = "result"

    def to_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "status": self.status,
            "detail": self.detail,
            "origin": self.origin,
        }


@dataclass(frozen=True)
class Verification:
    """The result of verifying one notebook; ``message`` says why a run failed."""

    path: str
    status: RunStatus
    verdicts: tuple[Verdict, ...] = ()
    message: str = ""
    cell: int | None = None  # the notebook cell that failed ("notebook fails")
    step: str | None = None  # the package function that failed ("package fails")
    package: str | None = None
    kept: tuple[str, ...] = field(default_factory=tuple)  # folders kept with --keep
    kernel: str | None = None  # the Jupyter kernel that ran the notebook
    python: str | None = None  # the interpreter that ran the package (and compared)

    @property
    def ok(self) -> bool:
        return self.status == "equal"

    @property
    def exit_code(self) -> int:
        """0 all equal, 1 a difference or a failing package, 2 unusable input."""
        if self.status in INPUT_ERRORS:
            return 2
        return 1 if self.status in FAILING else 0

    def count(self, status: VerdictStatus) -> int:
        return sum(1 for v in self.verdicts if v.status == status)

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "status": self.status,
            "message": self.message,
            "cell": self.cell,
            "step": self.step,
            "package": self.package,
            "verdicts": [v.to_json() for v in self.verdicts],
            "kept": list(self.kept),
            "kernel": self.kernel,
            "python": self.python,
        }


def run_status(verdicts: tuple[Verdict, ...]) -> RunStatus:
    """'different' when any name differs or is missing; 'equal' when at least one name is
    equal; else 'nothing compared' (every name was not comparable or not deterministic)."""
    if any(v.status in ("different", "missing", "not reproducible") for v in verdicts):
        return "different"
    return "equal" if any(v.status == "equal" for v in verdicts) else "nothing compared"


def redacted_verification(result: Verification, secrets: Sequence[str]) -> Verification:
    """``result`` with the notebook's hard-coded secrets redacted from every text it shows
    (a value in a difference, a failing call's message)."""
    if not secrets:
        return result
    verdicts = tuple(replace(v, detail=redact(v.detail, secrets)) for v in result.verdicts)
    return replace(result, verdicts=verdicts, message=redact(result.message, secrets))
