"""Which kernel runs a notebook and which interpreter runs its package (nb2mod.interpreters)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from nb2mod.errors import ConfigError
from nb2mod.interpreters import (
    OWN_KERNEL,
    check_python,
    choose_kernel,
    choose_python,
    installed_kernels,
    is_missing_module,
    kernel_python,
    own_kernel,
)
from nb2mod.settings import settings_from_pyproject


def install_kernel(folder: Path, name: str, argv: list[str], env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    spec = folder / "kernels" / name
    spec.mkdir(parents=True)
    body = {"argv": argv, "display_name": name, "language": "python", "env": env or {}}
    (spec / "kernel.json").write_text(json.dumps(body))
    return folder


@pytest.fixture
def jupyter_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "jupyter"
    folder.mkdir()
    monkeypatch.setenv("JUPYTER_PATH", str(folder))
    return folder


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["python", "-m", "ipykernel_launcher"], sys.executable),
        (["python3", "-m", "ipykernel_launcher"], sys.executable),
        (["/envs/ds/bin/python3.12", "-m", "ipykernel_launcher"], "/envs/ds/bin/python3.12"),
        (["/envs/ds/bin/python", "-m", "ipykernel"], "/envs/ds/bin/python"),
        (["conda", "run", "-n", "ds", "python", "-m", "ipykernel"], None),
        (["/usr/bin/env", "python"], None),
        ([], None),
    ],
)
def test_the_interpreter_a_kernelspec_starts(argv: list[str], expected: str | None) -> None:
    assert kernel_python(argv) == expected


def test_a_requested_kernel_must_be_installed(jupyter_path: Path) -> None:
    install_kernel(jupyter_path, "ds", ["/envs/ds/bin/python", "-m", "ipykernel_launcher"])
    kernel = choose_kernel("ds", "python3")
    assert (kernel.name, kernel.python, kernel.chosen_by) == (
        "ds",
        "/envs/ds/bin/python",
        "--kernel",
    )
    assert "ds" in installed_kernels()
    with pytest.raises(ConfigError) as caught:
        choose_kernel("nope")
    message = str(caught.value)
    assert message.startswith("--kernel 'nope': no Jupyter kernel of that name is installed")
    assert "ds" in message and "\n" not in message


def test_the_notebooks_kernel_when_installed_else_nb2mods_own(jupyter_path: Path) -> None:
    env = {"DS_HOME": "/envs/ds"}
    install_kernel(jupyter_path, "ds", ["/envs/ds/bin/python", "-m", "ipykernel_launcher"], env)
    from_metadata = choose_kernel(None, "ds")
    assert from_metadata.chosen_by == "the notebook's metadata"
    assert from_metadata.env == (("DS_HOME", "/envs/ds"),)
    fallback = choose_kernel(None, "an-old-conda-env")
    assert fallback.name == OWN_KERNEL and fallback.python == sys.executable
    assert choose_kernel(None, None) == own_kernel()
    assert fallback.describe() == f"nb2mod's own kernel ({sys.executable})"
    assert from_metadata.describe() == "kernel 'ds' (/envs/ds/bin/python)"


def test_the_package_python(tmp_path: Path) -> None:
    assert choose_python(None, choose_kernel(None, None)) == sys.executable
    assert choose_python(sys.executable) == sys.executable
    not_executable = tmp_path / "python"
    not_executable.write_text("")
    with pytest.raises(ConfigError, match="not an executable file"):
        check_python(str(not_executable))
    with pytest.raises(ConfigError, match="no such file"):
        check_python(str(tmp_path / "missing" / "python"))
    with pytest.raises(ConfigError, match="no such program on PATH"):
        check_python("python-nb2mod-missing")


def test_verify_keys_in_pyproject_and_a_relative_python(tmp_path: Path) -> None:
    text = '[tool.nb2mod.verify]\nkernel = "ds"\npython = ".venv/bin/python"\n'
    settings = settings_from_pyproject(text, str(tmp_path / "pyproject.toml"))
    assert settings.kernel == "ds"
    assert settings.python == str(tmp_path / ".venv" / "bin" / "python")
    bare = settings_from_pyproject('[tool.nb2mod.verify]\npython = "python3.12"\n', "x")
    assert bare.python == "python3.12"
    absolute = os.path.abspath("/opt/py/bin/python")
    assert settings_from_pyproject(f'[tool.nb2mod.verify]\npython = "{absolute}"\n').python == (
        absolute
    )


def test_missing_module_errors() -> None:
    assert is_missing_module("ModuleNotFoundError: No module named 'numpy'")
    assert is_missing_module("ImportError: cannot import name 'x' from 'y'")
    assert not is_missing_module("ZeroDivisionError: division by zero")
