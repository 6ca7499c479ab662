"""nb2mod installed on its own (only nb2mod[verify], no numpy, pandas or scikit-learn)
verifies a real data pipeline with a kernel and an interpreter that have its libraries:
this test environment's, installed as a kernelspec in a temporary JUPYTER_PATH."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, needs_corpus
from test_interpreters import install_kernel

PIPELINES = CORPUS / "pipelines"
pytestmark = [pytest.mark.slow, pytest.mark.corpus, needs_corpus]


def fastest_pipeline() -> tuple[str, str]:
    """(case folder, notebook path in it) of the pipeline MANIFEST says runs fastest."""
    with (PIPELINES / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    row = min(rows, key=lambda r: float(r["exec_seconds"]))
    return row["case_id"], row["notebook_relpath_in_case"]


@pytest.fixture(scope="module")
def nb2mod_alone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with nb2mod[verify] and nothing else (built from a copy of the
    sources, so the repository gets no build folder); its bin folder."""
    root = tmp_path_factory.mktemp("alone")
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    pins = ["-c", str(ROOT / "requirements" / "ci.txt")]
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run([*pip, *pins, f"{source}[verify]"], check=True, env=env, timeout=600)
    lacks = subprocess.run([str(venv / "bin" / "python"), "-c", "import numpy"], check=False)
    assert lacks.returncode != 0, "the environment must not have numpy"
    return venv / "bin"


def test_a_pipeline_verifies_with_a_kernel_that_has_its_libraries(
    nb2mod_alone: Path, tmp_path: Path
) -> None:
    case, notebook = fastest_pipeline()
    folder = shutil.copytree(PIPELINES / case, tmp_path / case)
    jupyter = tmp_path / "jupyter"
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    install_kernel(jupyter, "nb2mod-test-libs", argv)
    env = {**os.environ, "JUPYTER_PATH": str(jupyter)}
    nb2mod = [str(nb2mod_alone / "nb2mod"), "verify", str(folder / notebook)]

    alone = subprocess.run(nb2mod, env=env, capture_output=True, text=True, timeout=600)
    assert alone.returncode == 2, alone.stdout + alone.stderr
    first = alone.stdout.splitlines()[0]
    assert "ModuleNotFoundError: No module named" in first
    assert f"the notebook ran in kernel 'python3' ({nb2mod_alone / 'python'}" in first
    assert "choose another with --kernel NAME" in first

    args = [*nb2mod, "--kernel", "nb2mod-test-libs", "--format", "json"]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)["results"][0]
    assert result["status"] == "equal", result
    assert (result["kernel"], result["python"]) == ("nb2mod-test-libs", sys.executable)
    assert all(v["status"] in ("equal", "not compared") for v in result["verdicts"])
    assert sum(v["status"] == "equal" for v in result["verdicts"]) >= 10
