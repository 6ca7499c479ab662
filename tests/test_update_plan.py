"""plan_update decides each file's fate from base (what nb2mod last wrote), ours (the user's
file, None when missing) and theirs (the fresh conversion, None when no longer generated)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from nb2mod.conversion import Conversion
from nb2mod.update.manifest import Manifest, NotebookRecord, text_digest
from nb2mod.update.record import Record
from nb2mod.update.updating import plan_update

FILE = PurePosixPath("pkg", "extra.py")


def decided(base: str | None, ours: str | None, theirs: str | None) -> tuple[str, str | None]:
    bases = {} if base is None else {FILE: base}
    manifest = Manifest(
        "0", "pkg", NotebookRecord(), {}, {FILE.as_posix(): text_digest(b) for b in bases.values()}
    )
    record = Record(Path("out"), manifest, bases)
    files = {} if theirs is None else {FILE: theirs}
    update = plan_update(Conversion("nb.ipynb", "pkg", files), record, {FILE: ours}, "now")
    (one,) = [f for f in update.files if f.path == FILE]
    recorded = update.record.get(PurePosixPath(".nb2mod", "base", "pkg", "extra.py.base"))
    return one.outcome, (one.text if one.text is not None else recorded)


@pytest.mark.parametrize(
    ("base", "ours", "theirs", "outcome", "text"),
    [
        ("a\n", "a\n", "a\n", "unchanged", "a\n"),  # text: the base kept for next time
        ("a\n", "a\n", "b\n", "replaced", "b\n"),
        ("a\n", "mine\n", "a\n", "kept", "a\n"),
        ("a\nb\n", "a\nmine\nb\n", "A\nb\n", "merged", "A\nmine\nb\n"),
        ("a\n", "mine\n", "b\n", "conflict", "<<<<<<< yours\nmine\n=======\nb\n>>>>>>> notebook\n"),
        ("a\n", None, "a\n", "deleted", "a\n"),
        ("a\n", None, "b\n", "kept-deleted", "b\n"),
        (None, None, "new\n", "added", "new\n"),
        (None, "not ours\n", "new\n", "clash", None),  # never overwritten, nor owned
        ("a\n", "a\n", None, "removed", None),
        ("a\n", "mine\n", None, "kept-edited", None),  # the user's now: no base recorded
    ],
)
def test_each_file_gets_the_fate_of_its_three_versions(
    base: str | None, ours: str | None, theirs: str | None, outcome: str, text: str | None
) -> None:
    assert decided(base, ours, theirs) == (outcome, text)
