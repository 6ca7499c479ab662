"""Verify's scratch copies are isolated: symlinks become their content, and files the code
writes outside the copies (absolute and ~ paths) are reported for the side that wrote them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_notebook
from test_verify import converter_for, simple_package, tree

import nb2mod.verification.scratch as scratch
from nb2mod.errors import NotebookError
from nb2mod.verification.files import FILES
from nb2mod.verification.outcome import Verdict
from nb2mod.verification.scratch import working_copy
from nb2mod.verification.verifier import verify


def real_data(tmp_path: Path) -> Path:
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "input.csv").write_text("x\n1\n")
    (real / "sub" / "more.txt").write_text("more")
    return real


def test_links_out_of_the_folder_are_copied_as_their_content(tmp_path: Path) -> None:
    real = real_data(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    (project / "data").symlink_to(real)
    (project / "one.csv").symlink_to(real / "input.csv")
    copy = working_copy(project, 0, tmp_path / "scratch")
    for name in ("data", "data/sub"):
        assert not (copy / name).is_symlink()
    # one.csv points into data/, which is copied already: a link to that copy
    assert copy.resolve() in (copy / "one.csv").resolve().parents
    assert (copy / "data" / "sub" / "more.txt").read_text() == "more"
    assert (copy / "one.csv").read_text() == "x\n1\n"
    (copy / "data" / "input.csv").write_text("overwritten")
    (copy / "data" / "new.txt").write_text("new")
    assert (real / "input.csv").read_text() == "x\n1\n"
    assert not (real / "new.txt").exists()


def test_links_within_the_folder_stay_links_into_the_copy(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "runs" / "2024").mkdir(parents=True)
    (project / "runs" / "2024" / "r.txt").write_text("r")
    (project / "latest").symlink_to("runs/2024")
    (project / "absolute").symlink_to(project / "runs")  # absolute, but inside
    (project / "runs" / "loop").symlink_to("..")  # a cycle
    (project / "dangling").symlink_to(tmp_path / "nowhere")
    copy = working_copy(project, 0, tmp_path / "scratch")
    assert os.readlink(copy / "latest") == "runs/2024"
    assert os.readlink(copy / "absolute") == "runs"
    assert (copy / "runs" / "loop").resolve() == copy.resolve()
    assert not (copy / "dangling").exists() and not (copy / "dangling").is_symlink()
    (copy / "dangling").write_text("a plain file in the copy")
    assert not (tmp_path / "nowhere").exists()


def test_a_link_back_into_itself_from_outside_is_copied_once(tmp_path: Path) -> None:
    real = real_data(tmp_path)
    (real / "again").symlink_to(real)
    project = tmp_path / "project"
    project.mkdir()
    (project / "data").symlink_to(real)
    copy = working_copy(project, 0, tmp_path / "scratch")
    assert (copy / "data" / "again").is_symlink()
    assert (copy / "data" / "again").resolve() == (copy / "data").resolve()


def test_a_link_past_the_size_limit_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "big.bin").write_bytes(b"0" * 3000)
    project = tmp_path / "project"
    project.mkdir()
    (project / "small.txt").write_text("s")
    (project / "data").symlink_to(real)
    monkeypatch.setattr(scratch, "MAX_BYTES", 2048)
    with pytest.raises(NotebookError) as caught:
        working_copy(project, 0, tmp_path / "scratch")
    message = str(caught.value)
    assert message.startswith(f"{project / 'data'}: a symlink to {real} (2.9 kB)")
    assert "2.0 kB limit" in message and "\n" not in message


def test_a_temporary_folder_inside_the_notebook_folder_is_not_copied(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("x")
    into = tmp_path / "tmp" / "nb2mod-verify-1" / "work"
    into.parent.mkdir(parents=True)
    copy = working_copy(tmp_path, 0, into)
    assert (copy / "data.csv").read_text() == "x"
    assert not (copy / "tmp").exists()


def test_the_notebook_writes_through_a_link_into_the_copy_only(tmp_path: Path) -> None:
    real = real_data(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    (project / "data").symlink_to(real)
    code = "n = len(open('data/input.csv').read())\nopen('data/out.txt', 'w').write(str(n))"
    path = write_notebook(project / "w.ipynb", code)
    body = (
        "def run(config=None):\n"
        "    n = len(open('data/input.csv').read())\n"
        "    open('data/out.txt', 'w').write(str(n))\n"
        "    return {'n': n}\n"
    )
    package = simple_package(tmp_path / "pkg", "writer", body)
    before = tree(real)
    result = verify(path, converter=converter_for(package, "writer", ("n",)))
    assert tree(real) == before
    files = next(v for v in result.verdicts if v.name == FILES)
    assert (files.status, files.detail) == ("equal", "1 file identical")


def outside_case(
    tmp_path: Path, notebook_text: str, package_text: str | None
) -> tuple[Verdict, Path]:
    """The (files written) row when the notebook writes an absolute path, and the package
    writes ``package_text`` there (or nothing)."""
    target = tmp_path / "elsewhere" / "result.txt"
    target.parent.mkdir()
    (tmp_path / "nb").mkdir()
    code = f"x = 2\nopen({str(target)!r}, 'w').write({notebook_text!r})"
    path = write_notebook(tmp_path / "nb" / "o.ipynb", code)
    write = f"    open({str(target)!r}, 'w').write({package_text!r})\n" if package_text else ""
    body = f"def run(config=None):\n{write}    return {{'x': 2}}\n"
    package = simple_package(tmp_path / "pkg", "outside", body)
    result = verify(path, converter=converter_for(package, "outside", ("x",)))
    return next(v for v in result.verdicts if v.name == FILES), target


def test_a_file_both_sides_write_outside_is_compared_and_named(tmp_path: Path) -> None:
    files, target = outside_case(tmp_path, "same", "same")
    assert files.status == "equal"
    assert files.detail == (
        f"1 file identical; written outside the scratch copies, in your own files: "
        f"{target} (by the notebook and the package)"
    )


def test_a_different_outside_file_shows_the_notebooks_version(tmp_path: Path) -> None:
    files, target = outside_case(tmp_path, "notebook", "package")
    assert files.status == "different"
    assert files.detail.startswith(f"{target}: line 1: 'notebook' != 'package'; written outside")
    assert target.read_text() == "package"  # verify cannot keep a run from the real file


def test_an_outside_file_only_the_notebook_writes_is_not_blamed_on_the_package(
    tmp_path: Path,
) -> None:
    files, target = outside_case(tmp_path, "notebook", None)
    assert files.status == "different"
    assert "only the package writes" not in files.detail
    assert files.detail == (
        f"the package does not write {target}; written outside the scratch copies, "
        f"in your own files: {target} (by the notebook)"
    )


def test_outside_paths_are_the_written_literals_that_leave_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import make_notebook

    import nb2mod
    from nb2mod.verification.outside import outside_paths

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    code = (
        "import numpy as np\n"
        "open('~/r.txt', 'w').write('r')\n"
        "np.save('/data/x.npy', 1)\n"
        "np.save('../../up.npy', 1)\n"
        "open('inside.txt', 'w').write('i')\n"
        "open('/data/read.txt').read()"
    )
    analysis = nb2mod.analyze(nb2mod.read_notebook(make_notebook(code, "%%writefile /w/f.py\nx")))
    scratch = tmp_path / "root" / "work"
    found = outside_paths(analysis, scratch / "nb", scratch)
    assert [(p.shown, p.path) for p in found] == [
        ("~/r.txt", tmp_path / "home" / "r.txt"),
        ("/data/x.npy", Path("/data/x.npy")),
        ("../../up.npy", tmp_path / "root" / "up.npy"),
        ("/w/f.py", Path("/w/f.py")),
    ]
