"""The record a conversion leaves in its output folder (manifest and merge bases), built
from a Conversion as files, and read back from a folder."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from nb2mod._version import __version__
from nb2mod.output_tree import UNREADABLE, current_text
from nb2mod.settings import OUTPUT_SETTINGS, Settings
from nb2mod.update.manifest import (
    BASE,
    MANIFEST,
    CellRecord,
    HistoryEntry,
    Manifest,
    ManifestError,
    NotebookRecord,
    base_path,
    text_digest,
)

if TYPE_CHECKING:
    from nb2mod.conversion import Conversion
    from nb2mod.notebook import Notebook


def notebook_record(notebook: Notebook) -> NotebookRecord:
    """The cells of ``notebook`` as the manifest records them (its path is set on writing)."""
    cells = tuple(
        CellRecord(
            cell.index, cell.kind, cell.cell_id, _cell_digest(cell.kind, cell.source, cell.tags)
        )
        for cell in notebook.cells
    )
    return NotebookRecord(None, notebook.digest, cells)


def _cell_digest(kind: str, source: str, tags: Sequence[str]) -> str:
    text = json.dumps([kind, source, list(tags)], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def output_settings(settings: Settings) -> dict[str, Any]:
    """The settings that shape the output, as JSON values."""
    values = {name: getattr(settings, name) for name in OUTPUT_SETTINGS}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


def recorded_settings(manifest: Manifest) -> dict[str, Any]:
    """The manifest's settings as Settings.replace() takes them (unknown keys left out)."""
    return {
        k: tuple(v) if isinstance(v, list) else v
        for k, v in manifest.settings.items()
        if k in OUTPUT_SETTINGS
    }


def manifest_for(
    conversion: Conversion, out: Path, history: tuple[HistoryEntry, ...] = ()
) -> Manifest:
    source = conversion.source
    return Manifest(
        nb2mod=__version__,
        package=conversion.package,
        notebook=NotebookRecord(_relative(conversion, out), source.digest, source.cells),
        settings=output_settings(conversion.settings),
        files={p.as_posix(): text_digest(t) for p, t in conversion.files.items()},
        history=history,
    )


def record_files(
    manifest: Manifest, files: Mapping[PurePosixPath, str]
) -> dict[PurePosixPath, str]:
    """The manifest and one merge base per generated file, as files to write."""
    record = {MANIFEST: manifest.to_text()}
    record.update({base_path(path): text for path, text in files.items()})
    return record


def _relative(conversion: Conversion, out: Path) -> str | None:
    """The notebook's path relative to the output folder (None: not read from a file)."""
    if conversion.source.digest is None:
        return None
    notebook = os.path.abspath(conversion.notebook)
    return Path(os.path.relpath(notebook, os.path.abspath(out))).as_posix()


@dataclass(frozen=True)
class Record:
    """What a folder holds of an earlier conversion: its manifest and merge bases."""

    folder: Path
    manifest: Manifest
    bases: Mapping[PurePosixPath, str]

    def notebook_path(self) -> Path | None:
        """The recorded notebook's path as seen from here (None: not recorded)."""
        path = self.manifest.notebook.path
        return None if path is None else Path(os.path.normpath(self.folder / path))


def has_record(folder: Path) -> bool:
    """Whether ``folder`` holds a manifest nb2mod can read (its ``.nb2mod/`` is nb2mod's)."""
    text = current_text(folder / MANIFEST)
    if text is None or text == UNREADABLE:
        return False
    try:
        Manifest.from_text(text, str(folder / MANIFEST))
    except ManifestError:
        return False
    return True


def read_record(folder: Path) -> Record | None:
    """The record in ``folder``; None when it has no manifest; ManifestError when the
    manifest or a merge base it names cannot be read."""
    where = folder / MANIFEST
    text = current_text(where)
    if text is None:
        return None
    if text == UNREADABLE:
        raise ManifestError(f"{where}: cannot read the manifest (not a regular UTF-8 file)")
    manifest = Manifest.from_text(text, str(where))
    bases: dict[PurePosixPath, str] = {}
    for name, digest in manifest.files.items():
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] == ".nb2mod":
            raise ManifestError(f"{where}: names a file outside the package: {name!r}")
        bases[path] = _base(folder, path, digest)
    return Record(folder, manifest, bases)


def _base(folder: Path, path: PurePosixPath, digest: str) -> str:
    """The merge base of ``path``; when it is gone, the file itself if the user never
    changed it (its digest is the recorded one)."""
    base = current_text(folder.joinpath(*base_path(path).parts))
    if base is not None and base != UNREADABLE and text_digest(base) == digest:
        return base
    current = current_text(folder.joinpath(*path.parts))
    if current is not None and current != UNREADABLE and text_digest(current) == digest:
        return current
    raise ManifestError(
        f"{folder / BASE / path}: the merge base of {path} is missing or damaged; "
        "convert again with --force (your edits to it would be lost) or restore it"
    )
