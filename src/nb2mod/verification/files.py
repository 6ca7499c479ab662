"""Files each run wrote in its scratch folder, compared: the ``(files written)`` row.

A notebook that ends with ``df.to_csv("predictions.csv")`` has that file as its result. Each
run works in a copy of the notebook's folder made with file times kept, so a file the run
wrote is one that is new, or whose size or modification time changed. Files on both sides
are compared by content; formats that embed a time or random ids (images, PDF, HTML,
archives, HDF5, model checkpoints) are only checked to exist on both sides.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from nb2mod.plan.paths import FIGURES_FOLDER
from nb2mod.settings import toml_reader
from nb2mod.verification.outcome import Verdict, VerdictStatus
from nb2mod.verification.scratch import SKIPPED_FOLDERS, copy_root

FILES = "(files written)"
# content differs from run to run in these formats even when the computation is the same
UNSTABLE_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .bmp .tif .tiff .webp .svg .pdf .eps .ps .html .htm .xlsx .xls .docx "
    ".zip .gz .bz2 .xz .tar .h5 .hdf5 .keras .pt .pth .ckpt .pb .onnx .joblib .log".split()
)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Written:
    """A file a run wrote: its path in the scratch copy and a digest of its content."""

    path: Path
    digest: str
    size: int
    outside: bool = False  # the user's real file, outside the scratch copies (outside.py)


def written_files(original: Path | None, copy: Path) -> dict[str, Written]:
    """Files below ``copy`` that are not in ``original`` (the folder it was copied from), or
    whose size or modification time differ; keyed by POSIX path relative to ``copy``."""
    found: dict[str, Written] = {}
    for root, dirs, files in os.walk(copy):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
        for name in sorted(files):
            path = Path(root, name)
            relative = path.relative_to(copy)
            try:
                after = path.lstat()
            except OSError:
                continue
            if original is not None and _unchanged(original / relative, after):
                continue
            digest = digest_file(path)
            if digest is not None:
                found[PurePosixPath(relative).as_posix()] = Written(path, digest, after.st_size)
    return found


def _unchanged(before_path: Path, after: os.stat_result) -> bool:
    """The copy's file still has the original's size and time (a symlink in the original
    was copied as its target's content, with the target's times)."""
    try:
        before = before_path.stat()
    except OSError:
        return False
    return before.st_size == after.st_size and before.st_mtime_ns == after.st_mtime_ns


def digest_file(path: Path) -> str | None:
    """SHA-256 of a regular file's content; None for a link or what cannot be read."""
    if path.is_symlink() or not path.is_file():
        return None
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def files_row(
    root: Path,
    where: tuple[Path | None, int],
    repeat: bool,
    outside: Mapping[str, Mapping[str, Written]],
) -> tuple[Verdict, ...]:
    """The (files written) row of a verification in ``root`` (its ``notebook``,
    ``notebook-again`` and ``package`` copies of the notebook's folder, found ``where``),
    with the files each run wrote ``outside`` its copy; no row when no run wrote any."""
    folder, levels = where
    original = copy_root(folder, levels) if folder is not None else None
    sides = {
        label: {
            **(written_files(original, root / label) if (root / label).is_dir() else {}),
            **outside.get(label, {}),
        }
        for label in ("notebook", "notebook-again", "package")
    }
    again = sides["notebook-again"] if repeat else None
    inside = "" if folder is None or original is None else folder.relative_to(original).as_posix()
    package = sides["package"]
    own: tuple[str, ...] = ()
    output = _output_folder(root / "out" / "config.toml")
    if output:
        package = _at_notebook_paths(package, _below(inside, output), inside)
        own = (_below(inside, FIGURES_FOLDER),)
    verdict = compare_written(sides["notebook"], package, again, own)
    return (verdict,) if verdict is not None else ()


def _output_folder(config_toml: Path) -> str:
    """The package's output_dir: it writes there what the notebook wrote beside itself, and
    its figures in the ``figures`` folder below it."""
    try:
        data = toml_reader().loads(config_toml.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    value = data.get("output_dir", "")
    return value if isinstance(value, str) and not os.path.isabs(value) else ""


def _below(folder: str, path: str) -> str:
    return f"{folder}/{path}" if folder not in ("", ".") else path


def _at_notebook_paths(
    package: Mapping[str, Written], output: str, inside: str
) -> dict[str, Written]:
    """The package's files keyed where the notebook would have written them: a file below
    output_dir stands for the same relative path below the notebook's folder."""
    moved = {}
    for path, written in package.items():
        if path.startswith(f"{output}/"):
            path = os.path.normpath(_below(inside, path[len(output) + 1 :])).replace(os.sep, "/")
        moved[path] = written
    return moved


def compare_written(
    notebook: Mapping[str, Written],
    package: Mapping[str, Written],
    again: Mapping[str, Written] | None = None,
    package_only_ok: tuple[str, ...] = (),
) -> Verdict | None:
    """The row for the files both runs wrote; None when neither wrote any.

    ``again`` is the notebook's second run (``--repeat``): a file whose content changed
    between the notebook's own runs is not deterministic. Package files under the folders
    ``package_only_ok`` (its figure folder) are the package's own and are not counted.
    Files outside the scratch copies are compared the same way, and the detail names them
    with the sides that wrote them."""
    verdict = _compare_written(notebook, package, again, package_only_ok)
    note = _outside_note(notebook, package)
    if verdict is None or not note:
        return verdict
    return replace(verdict, detail="; ".join(p for p in (verdict.detail, note) if p))


def _outside_note(notebook: Mapping[str, Written], package: Mapping[str, Written]) -> str:
    """Which side wrote each real file outside the scratch copies."""
    paths = sorted({p for side in (notebook, package) for p, w in side.items() if w.outside})
    if not paths:
        return ""
    by = {
        (True, True): "the notebook and the package",
        (True, False): "the notebook",
        (False, True): "the package",
    }
    parts = [f"{path} (by {by[(path in notebook, path in package)]})" for path in paths[:3]]
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    return "written outside the scratch copies, in your own files: " + ", ".join(parts) + more


def _compare_written(
    notebook: Mapping[str, Written],
    package: Mapping[str, Written],
    again: Mapping[str, Written] | None,
    package_only_ok: tuple[str, ...],
) -> Verdict | None:
    extra = {p for p in package if p not in notebook and not _under(p, package_only_ok)}
    missing = sorted(p for p in notebook if p not in package)
    if not notebook and not extra:
        return None
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"the package does not write {_listed(missing)}")
        if extra:
            parts.append(f"only the package writes {_listed(sorted(extra))}")
        return Verdict(FILES, "different", "; ".join(parts), "output")
    same, unstable, moving, differing = [], [], [], []
    for path, written in sorted(notebook.items()):
        other = package[path]
        if written.digest == other.digest:
            same.append(path)
        elif PurePosixPath(path).suffix.lower() in UNSTABLE_SUFFIXES:
            unstable.append(path)
        elif again is not None and path in again and again[path].digest != written.digest:
            moving.append(path)
        else:
            differing.append(path)
    if differing:
        first = differing[0]
        detail = f"{first}: {_difference(notebook[first], package[first])}"
        if len(differing) > 1:
            detail += f" (and {len(differing) - 1} more files differ)"
        return Verdict(FILES, "different", detail, "output")
    notes = []
    if unstable:
        notes.append(f"{_listed(unstable)} written on both sides (content of this format varies)")
    if moving:
        why = "differs between two runs of the notebook"
        notes.append(f"{_listed(moving)} {why}")
    if same:
        count = f"{len(same)} file" + ("s" if len(same) > 1 else "")
        return Verdict(FILES, "equal", "; ".join([f"{count} identical", *notes]), "output")
    status: VerdictStatus = "not deterministic" if moving else "not compared"
    return Verdict(FILES, status, "; ".join(notes), "output")


def _under(path: str, folders: tuple[str, ...]) -> bool:
    return any(path.startswith(folder.rstrip("/") + "/") for folder in folders if folder)


def _listed(paths: list[str], limit: int = 3) -> str:
    shown = ", ".join(paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")


def _difference(expected: Written, actual: Written) -> str:
    """The first differing line of two text files, or their sizes."""
    try:
        left = expected.path.read_text(encoding="utf-8").splitlines()
        right = actual.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        sizes = (expected.size, actual.size)
        return f"contents differ ({sizes[0]} and {sizes[1]} bytes)"
    for number, (a, b) in enumerate(zip(left, right, strict=False), start=1):
        if a != b:
            return f"line {number}: {_short(a)!r} != {_short(b)!r}"
    return f"{len(left)} lines != {len(right)} lines"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
