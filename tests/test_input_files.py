"""Only regular files are read: a FIFO, a folder named like a notebook or an empty folder is a
one-line error with exit 2, never a hang nor a silent success (issue 11, items 3 and 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_notebook

from nb2mod.cli import cli
from nb2mod.errors import UnreadableFileError
from nb2mod.notebook import read_notebook
from nb2mod.paths import NotARegularFileError, read_regular_file

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@needs_fifo
def test_reading_a_fifo_fails_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "b.ipynb"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFileError, match="FIFO"):
        read_regular_file(fifo)
    with pytest.raises(UnreadableFileError, match=r"b\.ipynb: is a FIFO \(named pipe\), not a"):
        read_notebook(fifo)


@needs_fifo
@pytest.mark.parametrize("command", ["analyze", "lint", "convert"])
def test_a_fifo_given_or_inside_a_folder_is_one_line_each(tmp_path: Path, command: str) -> None:
    os.mkfifo(tmp_path / "b.ipynb")
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "c.ipynb")
    write_notebook(folder / "good.ipynb", "x = 1")
    extra = ["--out", str(tmp_path / "out")] if command == "convert" else []
    env = {**os.environ, "NB2MOD_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(  # a subprocess, so that a hang fails the test instead of CI
        [sys.executable, "-m", "nb2mod", command, *extra, "b.ipynb", "folder"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert sorted(errors) == [
        "error: b.ipynb: is a FIFO (named pipe), not a regular file",
        f"error: {os.path.join('folder', 'c.ipynb')}: is a FIFO (named pipe), not a regular file",
    ]
    assert "Traceback" not in result.stderr
    if command == "convert":
        assert (tmp_path / "out" / "good" / "good" / "pipeline.py").is_file()


@pytest.mark.parametrize("command", ["analyze", "lint", "convert"])
def test_a_folder_named_like_a_notebook_and_an_empty_folder_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NB2MOD_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "x.ipynb").mkdir()
    (tmp_path / "empty").mkdir()
    for argument in ("x.ipynb", "empty"):
        result = CliRunner().invoke(cli, [command, argument])
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines() == [
            f"error: {argument}: is a folder with no notebook (*.ipynb) in it"
        ]


def test_a_folder_argument_with_notebooks_still_means_them(tmp_path: Path) -> None:
    from nb2mod.paths import expand_notebooks

    write_notebook(tmp_path / "a.ipynb", "x = 1")
    (tmp_path / "empty").mkdir()
    assert expand_notebooks([str(tmp_path)]) == [str(tmp_path / "a.ipynb")]
    assert expand_notebooks([str(tmp_path / "empty")]) == [str(tmp_path / "empty")]
