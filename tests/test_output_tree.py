"""Writing the package: never through a symlink in the output tree, all or nothing, leftovers of
interrupted runs cleaned, no two notebooks in one folder (issue 11, items 5, 6 and 10)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner
from conftest import write_notebook

from nb2mod.cli import cli
from nb2mod.errors import UnsafeOutputError
from nb2mod.output_tree import MARKER, write_files

FILES = {PurePosixPath("pkg/a.py"): "A = 1\n", PurePosixPath("b.toml"): "b = 2\n"}


def convert(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["convert", *args])


def tree(folder: Path) -> dict[str, bytes]:
    """The files in ``folder``, without nb2mod's staging folders (checked by leftovers)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if (p.is_file() or p.is_symlink())
        and not p.relative_to(folder).parts[0].startswith(".nb2mod-")
    }


def leftovers(*folders: Path) -> list[str]:
    return [p.name for f in folders if f.is_dir() for p in f.rglob(".nb2mod-*")]


@pytest.mark.parametrize("force", [False, True])
def test_a_directory_symlink_inside_out_is_refused(tmp_path: Path, force: bool) -> None:
    notebook = write_notebook(tmp_path / "churn.ipynb", "x = 1\nprint(x)")
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "pipeline.py").write_text("mine\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "churn").symlink_to(victim, target_is_directory=True)
    result = convert(str(notebook), "--out", str(out), *(["--force"] if force else []))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {notebook}: {out / 'churn'} is a symbolic link; nb2mod never writes through "
        "a link inside the output folder (remove the link or choose another --out)"
    ]
    assert tree(victim) == {"pipeline.py": b"mine\n"}
    assert [p.name for p in out.iterdir()] == ["churn"]  # nothing else written either


def test_a_file_symlink_and_a_package_folder_link_with_several_notebooks(tmp_path: Path) -> None:
    a = write_notebook(tmp_path / "a.ipynb", "x = 1")
    b = write_notebook(tmp_path / "b.ipynb", "y = 2")
    outside = tmp_path / "outside.toml"
    outside.write_text("keep = 1\n")
    out = tmp_path / "out"
    assert convert(str(a), "--out", str(out / "single")).exit_code == 0
    config = out / "single" / "config.toml"
    config.unlink()
    config.symlink_to(outside)
    result = convert(str(a), "--out", str(out / "single"), "--force")
    assert result.exit_code == 2 and f"{config} is a symbolic link" in result.stderr
    (out / "many").mkdir()
    (out / "many" / "a").symlink_to(tmp_path, target_is_directory=True)
    result = convert(str(a), str(b), "--out", str(out / "many"), "--force")
    assert result.exit_code == 2
    assert f"{out / 'many' / 'a'} is a symbolic link" in result.stderr
    assert (out / "many" / "b" / "b" / "pipeline.py").is_file()  # the other one is written
    assert outside.read_text() == "keep = 1\n" and not (tmp_path / "a").exists()


def test_a_new_folder_appears_whole_and_nothing_is_left_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "build" / "pkg"
    assert write_files(out, FILES) == [out / "pkg" / "a.py", out / "b.toml"]
    assert tree(out) == {"b.toml": b"b = 2\n", "pkg/a.py": b"A = 1\n"}
    assert leftovers(tmp_path) == [] and not (out / MARKER).exists()
    assert write_files(out, FILES) == []  # identical: untouched


def test_leftovers_of_interrupted_runs_are_removed_and_only_those(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "pkg").mkdir(parents=True)
    old_temp = out / "pkg" / ".a.py.k3j2h1_a"  # what nb2mod's earlier versions left
    mine = [old_temp, out / ".nb2mod-new-abcd1234" / "pkg" / "a.py"]
    mine.append(tmp_path / ".nb2mod-new-out-wxyz5678" / "b.toml")
    theirs = [out / "pkg" / ".a.py.notes", out / "pkg" / ".c.py.k3j2h1_a"]
    theirs.append(out / ".nb2mod-new-abcd9999" / "no-marker.txt")  # no marker: not nb2mod's
    for path in [*mine, *theirs]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    for staging in (out / ".nb2mod-new-abcd1234", tmp_path / ".nb2mod-new-out-wxyz5678"):
        (staging / MARKER).write_text("")
    write_files(out, FILES)
    assert [p for p in mine if p.exists()] == []
    assert all(p.exists() for p in theirs)


def test_a_write_interrupted_after_its_commit_point_is_finished_by_the_next(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    write_files(out, FILES)
    ready = out / ".nb2mod-ready-abcd1234"
    (ready / "pkg").mkdir(parents=True)
    (ready / MARKER).write_text("")
    (ready / "pkg" / "a.py").write_text("A = 'from the interrupted run'\n")
    assert write_files(out, {PurePosixPath("b.toml"): "b = 3\n"}, force=True)
    assert (out / "pkg" / "a.py").read_text() == "A = 'from the interrupted run'\n"
    assert leftovers(tmp_path) == []


def test_write_files_refuses_before_writing_anything(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "pkg").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(UnsafeOutputError, match="pkg is a symbolic link"):
        write_files(out, FILES, force=True)
    assert sorted(p.name for p in out.iterdir()) == ["pkg"]


def test_two_notebooks_with_one_name_never_share_a_folder(tmp_path: Path) -> None:
    for folder, value in (("a", 1), ("b", 2)):
        (tmp_path / folder).mkdir()
        write_notebook(tmp_path / folder / "x.ipynb", f"x = {value}\nprint(x)")
    out = tmp_path / "out"
    result = convert(str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(out), "--force")
    assert result.exit_code == 2
    error = next(line for line in result.stderr.splitlines() if line.startswith("error:"))
    assert error.startswith(f"error: {tmp_path / 'b' / 'x.ipynb'}: its package would go to")
    assert "2 notebooks: 1 converted, 1 failed" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["x"]  # the first one's package only
    assert "rate" not in result.stderr and (out / "x" / "x" / "pipeline.py").is_file()
    assert (
        "x = 1"
        in (out / "x" / "x" / "pipeline.py").read_text() + (out / "x" / "config.toml").read_text()
    )


# A test-only hook, run as `python -c`: pause (and say so) at the Nth staged file or the Nth
# move into place, so that the test can SIGKILL the conversion exactly there.
PAUSE = """
import builtins, os, sys, time
import nb2mod.output_tree as tree
where, count, flag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seen = [0]
def pause():
    seen[0] += 1
    if seen[0] == count:
        open(flag, "w").close()
        time.sleep(600)
if where == "staging":
    real_open = builtins.open
    def slow_open(file, mode="r", *args, **kwargs):
        if mode == "x":
            pause()
        return real_open(file, mode, *args, **kwargs)
    tree.open = slow_open
else:
    real_replace = os.replace
    def slow_replace(source, target, *args, **kwargs):
        if ".nb2mod-ready-" in str(source):
            pause()
        return real_replace(source, target, *args, **kwargs)
    os.replace = slow_replace
from nb2mod.cli import main
raise SystemExit(main(sys.argv[4:]))
"""


def killed_at(tmp_path: Path, where: str, count: int, *args: str) -> None:
    flag = tmp_path / "paused"
    flag.unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSE, where, str(count), str(flag), "convert", *args],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not flag.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert flag.exists(), "the conversion never reached the pause"


@pytest.mark.slow
def test_sigkill_leaves_the_old_tree_or_the_new_one_and_the_next_run_cleans_up(
    tmp_path: Path,
) -> None:
    notebook = tmp_path / "churn.ipynb"
    out = tmp_path / "out"
    args = [str(notebook), "--out", str(out), "--force", "--jobs", "1"]
    write_notebook(notebook, "rate = 0.5\nprint(rate)")
    killed_at(tmp_path, "staging", 3, *args)  # a first conversion, killed: no folder at all
    assert not out.exists() and leftovers(tmp_path)
    assert convert(*args).exit_code == 0 and leftovers(tmp_path) == []
    old = tree(out)
    write_notebook(notebook, "rate = 0.75\nprint(rate)")
    killed_at(tmp_path, "staging", 3, *args)  # killed while staging: the old tree, untouched
    assert tree(out) == old and leftovers(tmp_path)
    assert convert(*args).exit_code == 0 and leftovers(tmp_path) == []
    new = tree(out)
    assert new != old
    write_notebook(notebook, "rate = 0.5\nprint(rate)")
    killed_at(tmp_path, "moving", 3, *args)  # killed after the commit point, mid-move
    assert [p.name[:14] for p in out.glob(".nb2mod-ready-*")] == [".nb2mod-ready-"]
    plain = convert(str(notebook), "--out", str(out), "--jobs", "1")  # no --force needed:
    assert plain.exit_code == 0, plain.output  # it finishes the interrupted move first
    assert tree(out) == old and leftovers(tmp_path) == []
