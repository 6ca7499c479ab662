"""Star-import resolution never runs what it does not have to (issue 11, item 9): modules
imported for effect are never imported, pure-Python modules are read with ast, and the child
Python that imports the rest has a scrubbed environment and a process group killed after."""

from __future__ import annotations

import json
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nb2mod.star_exports import scrubbed_environment, star_exports
from nb2mod.star_source import names_from_source


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on sys.path (ours and the probe's) holding test modules; every module
    records being imported in ``imported/``."""
    folder = tmp_path / "site"
    (folder / "imported").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("PYTHONPATH", str(folder))
    return folder


def module(site: Path, name: str, body: str) -> None:
    mark = f"_mark = open({str(site / 'imported' / name)!r}, 'w').close()\n"
    path = site / (name.replace(".", "/") + ".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(mark + textwrap.dedent(body), encoding="utf-8")


def imported(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "imported").iterdir())


def test_modules_imported_for_their_effect_are_never_imported(site: Path) -> None:
    module(site, "antigravity", "x = 1\n")  # shadows the real one: proves it is not imported
    assert star_exports(["antigravity", "this", "antigravity.sub"]) == {}
    assert imported(site) == []


def test_pure_python_modules_are_read_not_imported(site: Path) -> None:
    module(site, "literal_all", '"""Doc."""\nimport os\n__all__ = ["a", "b"]\n__all__ += ("c",)\n')
    module(
        site,
        "plain",
        "import os as _os, json\nfrom math import pi\ndef f(): pass\n"
        "class K: pass\nx, y = 1, 2\n_hidden = 3\nif __name__ == '__main__':\n    z = 1\n",
    )
    (site / "pkg").mkdir()
    module(site, "pkg.__init__", "from .core import thing\n__all__ = ['thing']\n")
    module(site, "pkg.core", "thing = 1\n")
    found = star_exports(["literal_all", "plain", "pkg", "pkg.core"])
    assert found == {
        "literal_all": frozenset({"a", "b", "c"}),
        "plain": frozenset({"json", "pi", "f", "K", "x", "y"}),
        "pkg": frozenset({"thing"}),
        "pkg.core": frozenset({"thing"}),
    }
    assert imported(site) == []  # not even pkg's __init__ ran for pkg.core


@pytest.mark.parametrize(
    "body",
    [
        "try:\n    import numpy\nexcept ImportError:\n    numpy = None\n",
        "__all__ = [n for n in dir() if n]\n",
        "from os.path import *\n",
        "globals()['made'] = 1\n",
        "import sys\nsys.modules[__name__].x = 1\n",
    ],
)
def test_source_it_cannot_be_sure_of_is_left_to_the_probe(site: Path, body: str) -> None:
    module(site, "dynamic", body)
    assert names_from_source("dynamic") is None


def test_the_probe_runs_scrubbed_and_its_process_group_dies_with_it(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = site / "report.json"
    module(
        site,
        "noisy",
        f"""
        import json, os, subprocess, sys, webbrowser
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        json.dump({{"env": dict(os.environ), "child": child.pid,
                    "browser": webbrowser.open.__name__, "cwd": os.getcwd()}},
                  open({str(report)!r}, "w"))
        if True:
            name = 1
        """,
    )
    for key in ("BROWSER", "DISPLAY", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "MY_PASSWORD"):
        monkeypatch.setenv(key, "x")
    assert star_exports(["noisy"])["noisy"] >= {"name", "child"}
    seen = json.loads(report.read_text())
    assert not {"BROWSER", "DISPLAY", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN"} & set(seen["env"])
    assert "MY_PASSWORD" not in seen["env"] and "PATH" in seen["env"]
    assert seen["browser"] == "<lambda>" and Path(seen["cwd"]).name.startswith("nb2mod-star-")
    deadline = time.monotonic() + 10
    while _alive(seen["child"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(seen["child"])  # started by the import, killed with the probe's group


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_scrubbed_environment_keeps_what_imports_need() -> None:
    env = scrubbed_environment(
        {"PATH": "/bin", "LC_ALL": "C", "PYTHONPATH": "/x", "PYTHONSTARTUP": "/s", "HOME": "/h"}
        | {"DISPLAY": ":0", "WAYLAND_DISPLAY": "w", "API_KEY": "k", "XAUTHORITY": "/a"}
    )
    assert env == {
        "PATH": "/bin",
        "LC_ALL": "C",
        "PYTHONPATH": "/x",
        "HOME": "/h",
        "MPLBACKEND": "Agg",
        "PYTHONSAFEPATH": "1",
    }
    assert sys.executable  # the probe runs this same interpreter
