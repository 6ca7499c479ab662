"""The project files of generated packages: Dockerfiles pass hadolint, workflows validate
against GitHub's schema, and the Dockerfile's install steps work in a fresh venv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

GENERATED = sorted([*ROOT.glob("tests/data/cases/*/expected"), *ROOT.glob("examples/*/converted")])
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed (the test extra installs it)")
    return found


def test_every_generated_dockerfile_passes_hadolint() -> None:
    files = [str(folder / "Dockerfile") for folder in GENERATED]
    assert len(files) >= 14
    done = subprocess.run([tool("hadolint"), *files], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr  # no finding of any level


def test_hadolint_would_report_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN pip install pandas\n")
    done = subprocess.run([tool("hadolint"), str(bad)], capture_output=True, text=True)
    assert done.returncode != 0 and "DL3006" in done.stdout


def test_every_generated_workflow_is_valid() -> None:
    files = [str(folder / ".github" / "workflows" / "ci.yml") for folder in GENERATED]
    command = [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def dockerfile_runs(dockerfile: str) -> list[str]:
    """The commands of the Dockerfile's RUN instructions that install (pip install ...)."""
    text = dockerfile.replace("\\\n", " ")
    runs = [line[4:].strip() for line in text.splitlines() if line.startswith("RUN ")]
    return [part.strip() for run in runs for part in run.split("&&") if "pip install" in part]


@pytest.mark.slow
@pytest.mark.network
def test_the_dockerfile_install_steps_work_in_a_fresh_venv(tmp_path: Path) -> None:
    """The sales_cleaning example as the image would install it: the lock with --no-deps,
    then the package; its console script then runs from another folder with --data-dir.
    The lock of each example also resolves on the index with --no-deps."""
    example = ROOT / "examples" / "sales_cleaning"
    project = tmp_path / "project"
    shutil.copytree(example / "converted", project)
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True)
    python = tmp_path / "venv" / "bin" / "python"
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "MPLBACKEND": "Agg"}
    steps = dockerfile_runs((project / "Dockerfile").read_text())
    assert steps == [
        "pip install --no-cache-dir --no-deps -r requirements.txt",
        "pip install --no-cache-dir --no-deps .",
    ]
    for step in steps:
        command = [str(python), "-m", *step.split()]
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    check = subprocess.run([str(python), "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout  # the lock holds everything the package needs
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = tmp_path / "venv" / "bin" / "sales_cleaning"
    done = subprocess.run(
        [str(script), "--data-dir", str(example)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "outputs" / "monthly_revenue.csv").is_file()
    for converted in ROOT.glob("examples/*/converted"):
        dry = [str(python), "-m", "pip", "install", "--dry-run", "--no-deps", "-q"]
        done = subprocess.run(
            [*dry, "-r", str(converted / "requirements.txt")],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
