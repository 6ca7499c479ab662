"""Writing generated files under an output folder: never through a symlink, all or nothing.

The changed files are first written into a staging folder of nb2mod's own. A new output
folder is that staging folder renamed into place, so it appears complete or not at all. An
existing one gets each file by ``os.replace`` from a staging folder inside it, once every
file is staged and the staging folder has been renamed to "ready" (the commit point); a run
killed during those few renames is finished by the next run. Before writing, every run
removes what an interrupted run left: staging folders (named ``.nb2mod-new-*`` and holding
nb2mod's marker file) and the ``.NAME.XXXXXXXX`` temporary files of earlier versions.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from nb2mod.errors import OutputExistsError, UnsafeOutputError
from nb2mod.paths import read_regular_file

NEW_PREFIX = ".nb2mod-new-"  # being written: removed when found later
READY_PREFIX = ".nb2mod-ready-"  # complete: its files are moved into place when found later
MARKER = ".nb2mod-staging"  # in every staging folder, so that cleaning never touches others'
_MARKER_TEXT = "A folder nb2mod was writing a package into; safe to delete.\n"
_OLD_TEMP = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}")  # tempfile.mkstemp names, before
UNREADABLE = "\0unreadable"  # what current_text says of a file it cannot read as text

Files = Mapping[PurePosixPath, str]


def current_text(path: Path) -> str | None:
    """The text of the regular file ``path``; None when it does not exist, UNREADABLE when
    it is a link, not a regular file, or not UTF-8 (never blocking, never followed)."""
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return UNREADABLE
        return read_regular_file(path).decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError):
        return UNREADABLE


def write_files(
    out: Path, files: Files, force: bool = False, own: PurePosixPath | None = None
) -> list[Path]:
    """Write ``files`` (relative paths) under ``out``; returns the paths that changed.

    A symlink, or something other than a folder or a regular file, on the way to any file is
    an UnsafeOutputError naming it; an existing file with other content is an
    OutputExistsError unless ``force`` or it is in the folder ``own`` (nb2mod's record).
    Nothing is written then."""
    recover(out, files)
    refuse_unsafe(out, files)
    changed = {p: t for p, t in files.items() if current_text(out.joinpath(*p.parts)) != t}
    if not force:
        clash = [
            p
            for p in changed
            if current_text(out.joinpath(*p.parts)) is not None
            and (own is None or p.parts[: len(own.parts)] != own.parts)
        ]
        if clash:
            more = f" (and {len(clash) - 1} more)" if len(clash) > 1 else ""
            first = out.joinpath(*clash[0].parts)
            raise OutputExistsError(
                f"{first} exists with other content{more}; use --force to overwrite"
            )
    if changed and os.path.lexists(out):
        _replace_each(out, changed)
    elif changed:
        _create_whole(out, changed)
    return [out.joinpath(*p.parts) for p in changed]


def refuse_unsafe(out: Path, files: Iterable[PurePosixPath]) -> None:
    """Raise UnsafeOutputError for the first link, or non-folder, on a path to be written.

    ``out`` itself may be a link (the user named it); nothing below it may be."""
    if os.path.lexists(out) and not out.is_dir():
        raise UnsafeOutputError(f"{out} is not a folder")
    seen: set[Path] = set()
    for relative in files:
        here = out
        for depth, part in enumerate(relative.parts, start=1):
            here = here / part
            if here in seen:
                continue
            seen.add(here)
            try:
                mode = os.lstat(here).st_mode
            except (FileNotFoundError, NotADirectoryError):
                break
            _refuse(here, mode, last=depth == len(relative.parts))


def _refuse(path: Path, mode: int, last: bool) -> None:
    if stat.S_ISLNK(mode):
        raise UnsafeOutputError(
            f"{path} is a symbolic link; nb2mod never writes through a link inside the "
            "output folder (remove the link or choose another --out)"
        )
    if last and not stat.S_ISREG(mode):
        raise UnsafeOutputError(f"{path} exists and is not a regular file")
    if not last and not stat.S_ISDIR(mode):
        raise UnsafeOutputError(f"{path} exists and is not a folder")


def recover(out: Path, files: Iterable[PurePosixPath] = ()) -> None:
    """Finish or remove what an interrupted run left in and beside ``out``."""
    for ready in _staging_folders(out, READY_PREFIX):
        _move_into_place(ready, out)
    for leftover in _staging_folders(out, NEW_PREFIX):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in _staging_folders(out.parent, f"{NEW_PREFIX}{out.name}-"):
        shutil.rmtree(leftover, ignore_errors=True)
    _remove_regular(out / MARKER)
    for relative in files:
        folder = out.joinpath(*relative.parts[:-1])
        for entry in _entries(folder):
            match = _OLD_TEMP.fullmatch(entry.name)
            if match and match["name"] == relative.name:
                _remove_regular(Path(entry.path))


def _staging_folders(folder: Path, prefix: str) -> list[Path]:
    """nb2mod's staging folders in ``folder``: its exact names, holding its marker file."""
    name = re.compile(re.escape(prefix) + r"[a-z0-9_]{8}")
    return [
        Path(e.path)
        for e in _entries(folder)
        if name.fullmatch(e.name)
        and e.is_dir(follow_symlinks=False)
        and os.path.isfile(os.path.join(e.path, MARKER))
    ]


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _remove_regular(path: Path) -> None:
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):
            path.unlink()
    except OSError:
        pass


def _create_whole(out: Path, files: Files) -> None:
    """A new output folder: staged beside it, then renamed into place in one step."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = _stage(out.parent, f"{NEW_PREFIX}{out.name}-", files)
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes 0700; give a plain folder's mode
    try:
        os.rename(staging, out)
    except OSError:  # the folder appeared meanwhile: fill it file by file instead
        shutil.rmtree(staging, ignore_errors=True)
        _replace_each(out, files)
        return
    _remove_regular(out / MARKER)


def _replace_each(out: Path, files: Files) -> None:
    """An existing output folder: stage inside it, mark the stage ready, move each file."""
    staging = _stage(out, NEW_PREFIX, files, modes_from=out)
    ready = out / f"{READY_PREFIX}{staging.name[len(NEW_PREFIX):]}"
    os.rename(staging, ready)  # the commit point: from here on, a later run finishes the move
    _move_into_place(ready, out)


def _stage(folder: Path, prefix: str, files: Files, modes_from: Path | None = None) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=folder))
    try:
        (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        for relative, text in files.items():
            target = staging.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            if modes_from is not None:
                _keep_mode(modes_from.joinpath(*relative.parts), target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _keep_mode(existing: Path, staged: Path) -> None:
    try:
        os.chmod(staged, os.lstat(existing).st_mode & 0o7777)
    except OSError:
        pass  # a new file keeps the mode open() gave it


def _move_into_place(ready: Path, out: Path) -> None:
    """Move every file of the ready folder to the same place under ``out``, then drop it."""
    moves = [
        (Path(root, name), out.joinpath(Path(root, name).relative_to(ready)))
        for root, _dirs, names in os.walk(ready)
        for name in sorted(names)
        if Path(root, name) != ready / MARKER
    ]
    refuse_unsafe(out, [PurePosixPath(t.relative_to(out).as_posix()) for _, t in moves])
    for staged, target in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(staged, target)
        except FileNotFoundError:
            continue  # another run finishing the same interrupted write moved it first
    shutil.rmtree(ready, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
