"""stale_files: what a fresh conversion would change, against the manifest's record."""

from __future__ import annotations

from pathlib import PurePosixPath

from nb2mod.update.check import stale_files
from nb2mod.update.manifest import Manifest, NotebookRecord, text_digest

REQ = PurePosixPath("requirements.txt")
PINNED = "# header\nclick==8.1.0\npandas==2.0.0\n"


def manifest(files: dict[PurePosixPath, str], digest: str = "nb") -> Manifest:
    recorded = {p.as_posix(): text_digest(t) for p, t in files.items()}
    return Manifest("0", "pkg", NotebookRecord("nb.ipynb", digest), {}, recorded)


def test_other_pins_from_another_environment_are_not_staleness() -> None:
    bases = {REQ: PINNED}
    elsewhere = {REQ: "# header\nclick==8.3.0\npandas  # version unknown: not installed\n"}
    unchanged = NotebookRecord("nb.ipynb", "nb")
    assert stale_files(elsewhere, unchanged, manifest(bases), bases) == []
    changed = NotebookRecord("nb.ipynb", "other")
    assert (
        stale_files({REQ: "# header\nclick==9\npandas==1\n"}, changed, manifest(bases), bases) == []
    )
    needs_more = {REQ: PINNED + "numpy==2.0.0\n"}
    (stale,) = stale_files(needs_more, changed, manifest(bases), bases)
    assert (
        stale.line("pkg")
        == "pkg/requirements.txt: stale (the notebook changed since it was converted)"
    )


def test_a_file_generated_now_or_no_longer_is_stale() -> None:
    recorded = {PurePosixPath("a.py"): "a\n", PurePosixPath("b.py"): "b\n"}
    fresh = {PurePosixPath("b.py"): "b\n", PurePosixPath("c.py"): "c\n"}
    found = stale_files(fresh, NotebookRecord("nb.ipynb", "nb"), manifest(recorded))
    assert [(s.path.as_posix(), s.state) for s in found] == [("a.py", "gone"), ("c.py", "new")]
