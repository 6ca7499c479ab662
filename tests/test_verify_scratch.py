"""Scratch copies: how far above its folder a notebook reaches, and copies at one path."""

from __future__ import annotations

from pathlib import Path

import pytest

from nb2mod.verification.scratch import parent_levels, run_folder, working_copy


@pytest.mark.parametrize(
    ("source", "levels"),
    [
        ("df = pd.read_csv('data.csv')", 0),
        ("df = pd.read_csv('../datasets/a.csv')", 1),
        ('df = pd.read_csv("../../Data/x.csv")', 2),
        ("p = r'..\\\\data\\\\x.csv'", 1),
        ("p = os.path.join('..', '..', 'data')", 2),
        ("x = 'a..b' + 'c/../d'", 0),
        ("p = '../../../../../etc'", 3),
    ],
)
def test_parent_levels(source: str, levels: int) -> None:
    assert parent_levels([source]) == levels


def test_working_copy_reaches_up_and_returns_the_notebook_folder(tmp_path: Path) -> None:
    (tmp_path / "case" / "Code").mkdir(parents=True)
    (tmp_path / "case" / "data.csv").write_text("x\n1\n")
    (tmp_path / "case" / "Code" / "nb.ipynb").write_text("{}")
    (tmp_path / "case" / ".git").mkdir()
    workdir = working_copy(tmp_path / "case" / "Code", 1, tmp_path / "scratch")
    assert workdir == tmp_path / "scratch" / "Code"
    assert (workdir / ".." / "data.csv").read_text() == "x\n1\n"
    assert not (tmp_path / "scratch" / ".git").exists()


def test_run_folder_uses_one_path_and_keeps_each_copy(tmp_path: Path) -> None:
    (tmp_path / "nb").mkdir()
    root = tmp_path / "root"
    root.mkdir()
    paths = []
    for label in ("first", "second"):
        with run_folder(tmp_path / "nb", 0, root, label) as workdir:
            paths.append(workdir)
            (workdir / "out.txt").write_text(label)
    assert paths[0] == paths[1] == root / "work"
    assert (root / "first" / "out.txt").read_text() == "first"
    assert (root / "second" / "out.txt").read_text() == "second"
    assert not (tmp_path / "nb" / "out.txt").exists()
