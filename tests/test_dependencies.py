"""Dependencies resolved where the notebook runs: the probe, the table, the lock, pyproject."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest
from conftest import write_notebook

from nb2mod.codegen.requirements import render_requirements
from nb2mod.conversion import convert
from nb2mod.environment import Distribution, Environment, own_environment, probe_environment
from nb2mod.import_names import import_names
from nb2mod.interpreters import dependency_python
from nb2mod.plan.dependencies import resolve_dependencies
from nb2mod.settings import Settings, toml_reader


def environment(
    where: str, modules: dict[str, str], dists: dict[str, tuple[str, ...]]
) -> Environment:
    """A fake environment: ``modules`` name their distribution, ``dists`` 'name==version'
    with their requirement strings."""
    distributions = {}
    for spec, requires in dists.items():
        name, version = spec.split("==")
        distributions[name.lower()] = Distribution(name, version, requires)
    providers = {m: (d.lower(),) for m, d in modules.items()}
    return Environment((3, 12, 1), "/x/python", where, providers, distributions)


NOTEBOOK_ENV = environment(
    "the notebook's environment",
    {"pandas": "pandas", "click": "click"},
    {
        "pandas==2.2.3": ("numpy>=1.26", "python-dateutil>=2.8", "pytest; extra == 'test'"),
        "numpy==2.1.0": (),
        "python-dateutil==2.9.0": ("six>=1.5",),
        "six==1.16.0": (),
        "pytest==8.3.0": (),
        "click==8.1.7": (),
    },
)
OWN = environment("nb2mod's own environment", {"yaml": "PyYAML"}, {"PyYAML==6.0": ()})


def test_a_module_installed_there_is_pinned_with_what_it_needs() -> None:
    deps = resolve_dependencies(["pandas"], [], NOTEBOOK_ENV, OWN)
    assert [r.line() for r in deps.direct] == ["click==8.1.7", "pandas==2.2.3"]
    assert render_requirements(deps).splitlines()[2:] == [
        "click==8.1.7  # the generated command line",
        "numpy==2.1.0  # via pandas",
        "pandas==2.2.3",
        "python-dateutil==2.9.0  # via pandas",
        "six==1.16.0  # via pandas",
    ]  # pytest is only for pandas' test extra
    assert deps.python == (3, 12, 1) and deps.test[0].line() == "pytest==8.3.0"


def test_modules_installed_nowhere_use_the_table_and_are_unpinned() -> None:
    deps = resolve_dependencies(["sklearn", "cv2", "yaml", "nosuchmod"], [], NOTEBOOK_ENV, OWN)
    lines = {r.name: (r.line(), r.why) for r in deps.direct}
    assert lines["scikit-learn"][0] == "scikit-learn"
    assert "unpinned: not installed in the notebook's environment" in lines["scikit-learn"][1]
    assert lines["opencv-python"][0] == "opencv-python"
    assert lines["PyYAML"][0] == "PyYAML"  # named from nb2mod's environment, not pinned there
    assert lines["nosuchmod"][1].endswith("(distribution named as the module)")
    assert "sklearn" not in lines  # pip refuses the deprecated name


def test_local_modules_are_never_listed_and_pip_installs_are_kept() -> None:
    deps = resolve_dependencies(
        ["pandas", "homemade"], ["tqdm", "pandas>=2"], NOTEBOOK_ENV, OWN, local=["homemade"]
    )
    lines = [r.line() for r in deps.direct]
    assert lines == ["click==8.1.7", "pandas>=2", "tqdm"]


def test_the_table_is_pipreqs_mapping_with_the_issues_names() -> None:
    table = import_names()
    expected = {
        "sklearn": "scikit-learn",
        "cv2": "opencv-python",
        "PIL": "Pillow",
        "yaml": "PyYAML",
        "bs4": "beautifulsoup4",
        "skimage": "scikit-image",
        "dateutil": "python-dateutil",
        "dotenv": "python-dotenv",
        "Bio": "biopython",
    }
    assert {k: table[k] for k in expected} == expected
    assert len(table) > 800


def test_the_probe_reads_what_metadata_says_there() -> None:
    found = probe_environment(sys.executable, "here")
    click = found.distribution("click")
    assert click is not None and click.version == metadata.version("click")
    assert found.providers("click") == ("click",)
    assert found.python == tuple(sys.version_info[:3])


def test_an_interpreter_that_cannot_be_asked_is_a_config_error(tmp_path: Path) -> None:
    from nb2mod.errors import ConfigError

    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(ConfigError, match="cannot list its packages"):
        probe_environment(str(fake), "there")
    notebook = write_notebook(tmp_path / "n.ipynb", "import pandas")
    with pytest.raises(ConfigError):
        convert(str(notebook), Settings(python=str(fake)))


def test_the_active_virtual_environment_comes_first(tmp_path: Path, monkeypatch) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("")
    monkeypatch.setenv("VIRTUAL_ENV", str(venv))
    assert dependency_python(None, None) == (
        str(venv / "bin" / "python"),
        "the active virtual environment",
    )
    monkeypatch.delenv("VIRTUAL_ENV")
    assert dependency_python(None, "no-such-kernel") == (sys.executable, "nb2mod's own environment")
    assert dependency_python(sys.executable, None)[1] == "the interpreter --python names"


def test_the_package_pins_what_the_interpreter_given_has(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path / "n.ipynb", "# Title\nimport click\nprint(click.style)")
    files = convert(str(notebook), Settings(python=sys.executable)).files
    project = toml_reader().loads(files[Path("pyproject.toml")])["project"]  # type: ignore[index]
    assert f"click=={metadata.version('click')}" in project["dependencies"]
    assert project["requires-python"] == ">={}.{}".format(*sys.version_info[:2])
    assert project["version"] == "0.1.0"
    assert project["scripts"] == {"n": "n.__main__:main"}
    assert own_environment().where == "nb2mod's own environment"


def test_a_module_beside_the_notebook_is_local_never_a_requirement(tmp_path: Path) -> None:
    (tmp_path / "helpers.py").write_text("def twice(x):\n    return 2 * x\n")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "tools.py").write_text("ONE = 1\n")
    (tmp_path / "data").mkdir()  # a folder without Python files is no module
    notebook = write_notebook(
        tmp_path / "n.ipynb",
        "import click\nimport helpers\nfrom lib.tools import ONE\nimport data\n"
        "print(helpers.twice(ONE), data, click)",
    )
    conversion = convert(str(notebook), Settings(python=sys.executable))
    requirements = conversion.files[Path("requirements.txt")]
    assert "helpers" not in requirements and "lib" not in requirements
    assert "\ndata  # imported as data; unpinned" in requirements
    report = conversion.files[Path("CONVERSION.md")]
    assert "- `helpers` (`helpers.py`) is a local module: not a requirement." in report
    assert "- `lib` (`lib/`) is a local module: not a requirement." in report
    assert conversion.files[Path("n/helpers.py")] == "def twice(x):\n    return 2 * x\n"
    assert conversion.files[Path("n/lib/tools.py")] == "ONE = 1\n"
    assert not [w for w in conversion.warnings if "local module" in w.message]


def test_a_default_interpreter_that_cannot_be_asked_falls_back_and_says_so(
    tmp_path: Path, monkeypatch
) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    broken = venv / "bin" / "python"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv("VIRTUAL_ENV", str(venv))
    notebook = write_notebook(tmp_path / "n.ipynb", "import click\nprint(click)")
    files = convert(str(notebook)).files
    assert "the active virtual environment could not be asked" in files[Path("CONVERSION.md")]
    assert "resolved in nb2mod's own environment instead" in files[Path("README.md")]
    assert f"click=={metadata.version('click')}" in files[Path("requirements.txt")]
