"""The manifest: what one conversion generated, from which notebook, with which settings.

It lives in the output folder as ``.nb2mod/manifest.json`` beside the merge bases
(``.nb2mod/base/<file>.base``, the exact text nb2mod generated for each file). ``--update`` merges
against the bases; ``--check`` compares a fresh conversion with the recorded file hashes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

RECORD = PurePosixPath(".nb2mod")
MANIFEST = RECORD / "manifest.json"
BASE = RECORD / "base"
FORMAT = 1  # the manifest's own format; a newer one is refused, not guessed at


class ManifestError(Exception):
    """A manifest that is missing, not JSON, or not one this nb2mod can read."""


def text_digest(text: str) -> str:
    """The SHA-256 of ``text`` as UTF-8, in hex: how the manifest names file contents."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def base_path(file: PurePosixPath) -> PurePosixPath:
    """Where the merge base of the generated ``file`` is kept (named ``NAME.base``, so that
    no linter, type checker or test runner takes it for a module of the package)."""
    return BASE.joinpath(*file.parts[:-1], f"{file.name}.base")


@dataclass(frozen=True)
class CellRecord:
    """One notebook cell as converted: its number, kind, id (nbformat 4.5) and a digest of
    its source, enough to tell which cells changed and to follow a step whose cells moved."""

    index: int
    kind: str
    cell_id: str | None
    digest: str


@dataclass(frozen=True)
class NotebookRecord:
    """The notebook a package was converted from: its path relative to the output folder
    (None when it was not read from a file), the digest of its text, and its cells."""

    path: str | None = None
    digest: str | None = None
    cells: tuple[CellRecord, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    """One ``--update`` that changed something: when, which notebook cells changed (numbers
    of the notebook then), and what happened to each file."""

    when: str
    cells: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # changed/added/removed
    files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # outcome -> paths

    def to_json(self) -> dict[str, Any]:
        return {
            "when": self.when,
            "cells": {k: list(v) for k, v in self.cells.items() if v},
            "files": {k: list(v) for k, v in self.files.items() if v},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HistoryEntry:
        cells = {str(k): tuple(int(n) for n in v) for k, v in data.get("cells", {}).items()}
        files = {str(k): tuple(str(p) for p in v) for k, v in data.get("files", {}).items()}
        return cls(str(data["when"]), cells, files)


@dataclass(frozen=True)
class Manifest:
    """What one conversion wrote: ``files`` maps each generated file to its text's digest."""

    nb2mod: str
    package: str
    notebook: NotebookRecord
    settings: Mapping[str, Any]
    files: Mapping[str, str]
    history: tuple[HistoryEntry, ...] = ()

    def to_text(self) -> str:
        data = {
            "format": FORMAT,
            "nb2mod": self.nb2mod,
            "package": self.package,
            "notebook": {
                "path": self.notebook.path,
                "digest": self.notebook.digest,
                "cells": [[c.index, c.kind, c.cell_id, c.digest] for c in self.notebook.cells],
            },
            "settings": dict(self.settings),
            "files": dict(sorted(self.files.items())),
            "history": [entry.to_json() for entry in self.history],
        }
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_text(cls, text: str, where: str) -> Manifest:
        """Read a manifest; anything unusable is a ManifestError naming ``where``."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or "format" not in data:
                raise ValueError("not an nb2mod manifest")
            if data["format"] > FORMAT:
                raise ValueError(f"format {data['format']} is newer than this nb2mod reads")
            return _manifest(data)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ManifestError(f"{where}: cannot read the manifest: {exc}") from None


def _manifest(data: Mapping[str, Any]) -> Manifest:
    notebook = data["notebook"]
    cells = tuple(
        CellRecord(int(i), str(k), None if c is None else str(c), str(d))
        for i, k, c, d in notebook["cells"]
    )
    return Manifest(
        nb2mod=str(data["nb2mod"]),
        package=str(data["package"]),
        notebook=NotebookRecord(notebook["path"], notebook["digest"], cells),
        settings=dict(data["settings"]),
        files={str(k): str(v) for k, v in data["files"].items()},
        history=tuple(HistoryEntry.from_json(h) for h in data.get("history", ())),
    )
