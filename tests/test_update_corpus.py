"""The corpus-wide property of --update: convert a real notebook, then update the package with
the same notebook, and not a byte of the tree changes (the record in .nb2mod/ included).

CI checks every 8th corpus notebook and the nbformat v2/v3 ones (about 30, about a minute on
two cores under load); with NB2MOD_UPDATE_CORPUS=1 every one of them (about five minutes)."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from conftest import CORPUS, corpus_manifest, corpus_notebooks, needs_corpus

from nb2mod.conversion import convert
from nb2mod.errors import NotebookError
from nb2mod.output_tree import current_text
from nb2mod.settings import Settings
from nb2mod.update.apply import apply_update
from nb2mod.update.record import read_record
from nb2mod.update.updating import plan_update

FULL = os.environ.get("NB2MOD_UPDATE_CORPUS") == "1"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def sampled() -> list[Path]:
    """Every 8th corpus notebook, and every old (nbformat v2/v3) one: their reading upgrades
    them, which once drew cell ids at random."""
    old = {CORPUS / row["file"] for row in corpus_manifest() if row["nbformat"][:1] in ("2", "3")}
    every = corpus_notebooks()
    return [p for i, p in enumerate(every) if i % 8 == 0 or p in old]


@needs_corpus
@pytest.mark.corpus
@pytest.mark.slow
def test_updating_with_the_same_notebook_changes_nothing(tmp_path: Path) -> None:
    notebooks = corpus_notebooks() if FULL else sampled()
    updated = 0
    for index, path in enumerate(notebooks):
        out = tmp_path / str(index)
        settings = Settings(out=str(out))
        try:
            convert(str(path), settings).write(out)
        except NotebookError:
            continue  # not a notebook nb2mod converts (tested in test_convert_corpus.py)
        before = tree(out)
        record = read_record(out)
        assert record is not None, path
        fresh = convert(str(path), settings)
        paths: set[PurePosixPath] = set(fresh.files) | set(record.bases)
        current = {p: current_text(out.joinpath(*p.parts)) for p in paths}
        update = plan_update(fresh, record, current, "never")
        assert update.entry is None, path
        assert not update.has_conflicts and not update.writes and not update.removals, path
        apply_update(update, {p: t for p, t in current.items() if t is not None})
        assert tree(out) == before, path
        updated += 1
    assert updated >= len(notebooks) * 3 // 4  # almost every corpus notebook converts
