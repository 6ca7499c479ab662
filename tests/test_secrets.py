"""Hard-coded secrets (NB108) never reach a generated file or any output (issue 11 item 4).

Every test scans the bytes nb2mod wrote or printed for each fake secret of the fixture
(tests/data/cases/hard_coded_secrets/input.ipynb), in the forms a file could hold it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, ROOT, needs_corpus, write_notebook

from nb2mod.analysis import analyze
from nb2mod.cli import cli
from nb2mod.conversion import convert
from nb2mod.linter import lint_analysis
from nb2mod.notebook import read_notebook
from nb2mod.plan import plan_conversion
from nb2mod.plan.secrets import REMOVED
from nb2mod.redaction import redact, redacted, replace_all
from nb2mod.rules import Finding, Rule
from nb2mod.settings import Settings

CASE = ROOT / "tests" / "data" / "cases" / "hard_coded_secrets" / "input.ipynb"
AWS = "AKIAIOSFODNN7Q2W3E4R"
GITHUB = "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5"
PASSWORD = "hunter2Secret!"
# every fake secret in the fixture: in code, a dict value, a call keyword, a default, a
# comment, an f-string, markdown, and (OUTPUT) only in a cell's stored output
SECRETS = (
    AWS,
    GITHUB,
    PASSWORD,
    "s3cr3tPass",
    "9a8b7c6d5e4f30211203f4e5d6c7b8a9",
    "xoxb-1234567890-abcdefghijkl",
    "AIza" + "SyA1234567890abcdefghijklmnopqrstuv",
    "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
)
OUTPUT = "ghp_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8"


def leaks(data: bytes | str) -> list[str]:
    """The secrets ``data`` holds, whole or cut at 12 characters or more."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return [s for s in (*SECRETS, OUTPUT) if s[:12].encode() in data]


def tree_leaks(folder: Path) -> dict[str, list[str]]:
    found = {str(p): leaks(p.read_bytes()) for p in folder.rglob("*") if p.is_file()}
    return {path: secrets for path, secrets in found.items() if secrets}


def test_the_fixture_holds_every_secret_and_nb108_finds_those_in_code_and_markdown() -> None:
    text = CASE.read_text(encoding="utf-8")
    assert set(leaks(text)) == {*SECRETS, OUTPUT}
    found = analyze(read_notebook(str(CASE))).secrets.values
    assert all(any(value.startswith(s) or s in value for value in found) for s in SECRETS)


def test_convert_writes_no_secret_and_says_which_variable_supplies_each(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["convert", str(CASE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert leaks(result.output) == []
    assert tree_leaks(out) == {}
    report = next(out.rglob("CONVERSION.md")).read_text(encoding="utf-8")
    warnings = [line for line in report.splitlines() if " NB108 " in line]
    findings = analyze(read_notebook(str(CASE))).secrets.findings
    assert len(warnings) == len(findings) == 12
    assert any("cell 2:3:" in w and "environment variable AWS_ACCESS_KEY_ID" in w for w in warnings)
    assert any("cell 3:9:" in w and "environment variable PASSWORD" in w for w in warnings)
    assert any("cell 1:3:" in w and "markdown" in w for w in warnings)
    config = next(out.rglob("config.py")).read_text(encoding="utf-8")
    assert "environment variable (AWS_ACCESS_KEY_ID, PASSWORD," in " ".join(config.split())
    assert '_secret("INPUT_PIPELINE_PWD")' in config  # PWD is the shell's: prefixed


def test_each_secret_literal_becomes_a_config_read() -> None:
    conversion = convert(str(CASE), Settings(name="pkg"))
    pipeline = conversion.files[next(p for p in conversion.files if p.name == "pipeline.py")]
    assert "AWS_ACCESS_KEY_ID = config.aws_access_key_id" in pipeline
    assert '{"api_key": config.api_key, "region": region}' in pipeline  # a dict value
    assert 'connect("bob", password=config.password)' in pipeline  # a call keyword
    assert '"X-Key": Config().x_key' in pipeline  # inside a lifted function's body
    assert f'def headers(token="{REMOVED}"):' in pipeline  # a default runs at import
    assert f"# the old key was {REMOVED}" in pipeline  # a comment
    assert conversion.environment["PASSWORD"] == PASSWORD
    assert conversion.environment["PKG_PWD"] == "s3cr3tPass"  # PWD is the shell's
    assert leaks(repr(conversion)) == []


def test_the_package_reads_its_secrets_from_the_environment(tmp_path: Path) -> None:
    conversion = convert(str(CASE), Settings(name="pkg"))
    conversion.write(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in conversion.environment}
    env["PYTHONPATH"] = str(tmp_path)
    unset = subprocess.run(
        [sys.executable, "-m", "pkg"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert unset.returncode == 2
    assert unset.stderr.splitlines() == [
        "error: environment variable AWS_ACCESS_KEY_ID is not set: it holds a secret the "
        "notebook hard-coded (see CONVERSION.md)"
    ]
    env.update(conversion.environment)
    code = "from pkg.pipeline import run; print(run()['total'])"
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == str(notebook_total())  # the notebook's computation


def notebook_total() -> int:
    """``total`` as the fixture's cells compute it (plain Python, safe to run here)."""
    namespace: dict[str, object] = {}
    for cell in json.loads(CASE.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            exec(cell["source"], namespace)  # noqa: S102
    return namespace["total"]  # type: ignore[return-value]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_analyze_shows_secrets_redacted(fmt: str) -> None:
    result = CliRunner().invoke(cli, ["analyze", "--format", fmt, str(CASE)])
    assert result.exit_code == 0, result.output
    assert leaks(result.output) == []
    if fmt == "json":
        shown = json.loads(result.output)["notebooks"][0]["secrets"]
        assert shown[1] == {
            "cell": 2,
            "line": 3,
            "col": 22,
            "detail": "AWS access key id in the source",
            "redacted": "AKIA\u2026",
        }
    else:
        assert "cell 2:4  string literal bound to 'password': \u2026" in result.output


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_lint_output_holds_no_secret(fmt: str) -> None:
    result = CliRunner().invoke(cli, ["lint", "--no-cache", "--format", fmt, str(CASE)])
    assert result.exit_code == 1, result.output
    assert result.output.count("NB108") >= 12
    assert leaks(result.output) == []


def test_a_rule_message_quoting_the_notebook_is_redacted(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "n.ipynb", f'folder = "/home/ann/{GITHUB}"')
    quoting = Rule(
        "NB999", "quoting", "quotes {detail}", "", "", "", "",
        check=lambda analysis: [Finding(1, 1, 1, f"'/home/ann/{GITHUB}'")],
    )  # fmt: skip
    found = lint_analysis(analyze(read_notebook(str(path))), [quoting])
    assert [d.message for d in found] == ["quotes '/home/ann/ghp_\u2026'"]


def test_a_secret_in_a_heading_names_no_step() -> None:
    notebook = read_notebook(
        json.dumps(
            {
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {},
                "cells": [
                    {"cell_type": "markdown", "metadata": {}, "source": f"# Load {GITHUB}"},
                    {"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": []},
                ],
            }
        ),
        path="h.ipynb",
    )
    plan = plan_conversion(analyze(notebook), Settings(name="h"))
    assert GITHUB.lower()[:12] not in plan.steps[0].name
    assert GITHUB[:12] not in plan.steps[0].title


def test_redacted_forms() -> None:
    assert redacted(GITHUB) == "ghp_\u2026"
    assert redacted(PASSWORD) == "\u2026"  # too short to show any of it
    text = f"a {GITHUB} b {GITHUB[:20]}... c {GITHUB[:10]} d {json.dumps(PASSWORD + chr(10))}"
    expected = f'a ghp_\u2026 b ghp_\u2026 c {GITHUB[:10]} d "\u2026"'
    assert redact(text, [GITHUB, PASSWORD + "\n"]) == expected


def test_files_keep_names_that_merely_contain_a_password() -> None:
    pairs = [("postgres", REMOVED)]
    assert replace_all('user = "postgres"; postgres_engine', pairs) == (
        f'user = "{REMOVED}"; postgres_engine'
    )


def test_verify_supplies_the_secrets_and_shows_none() -> None:
    pytest.importorskip("nbclient")
    result = CliRunner().invoke(cli, ["verify", str(CASE)])
    assert leaks(result.output) == [], result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[1:] if line.strip()}
    assert rows["AWS_ACCESS_KEY_ID"].split()[1] == "equal"  # read from the variable verify set
    assert "'connected with ghp_\u2026' != 'connected with [secret removed by nb2mod]'" in (
        rows["banner"]
    )  # an f-string's secret is removed: the difference is shown, redacted


CORPUS_SAMPLE = (
    "ageron__handson-ml3/tools_numpy.ipynb",
    "jupyter__nbformat/tests__test3.ipynb",  # nbformat 3
    "AnswerDotAI__nbdev/tests__01_everything.ipynb",  # magics
    "pipelines/amitkaps-aml__module-03d-model-bagging/Module-03d-Model-Bagging.ipynb",
)


@needs_corpus
@pytest.mark.parametrize("name", CORPUS_SAMPLE)
def test_secrets_planted_in_corpus_notebooks_do_not_leak(name: str) -> None:
    """benchmarks/secrets_corpus.py runs this over the whole corpus."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from secrets_corpus import check

    result = check(str(CORPUS / name))
    assert result["error"] is None
    assert result["planted"] == 8  # every planted secret was found
    assert result["leaks"] == {}


def test_diff_against_an_older_conversion_shows_no_secret(tmp_path: Path) -> None:
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["convert", str(CASE), "--out", str(out)])
    toml = next(out.rglob("config.toml"))
    toml.write_text(f'api_token = "{GITHUB}"\npassword = "{PASSWORD}"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(CASE), "--out", str(out), "--diff"])
    assert result.exit_code == 1 and "-api_token = " in result.output
    assert leaks(result.output) == []


@pytest.mark.parametrize("held", [True, False])
def test_capture_stores_no_fixture_that_holds_a_secret(tmp_path: Path, held: bool) -> None:
    import pickle

    from nb2mod.capture import _read
    from nb2mod.plan.model import Step

    step = Step(name="load", title="Load", cells=(2,), statements=(), returns=("rows",))
    folder = tmp_path / "load.after.fixture"
    folder.mkdir()
    value = {"rows": [1, 2], "password": PASSWORD if held else "x"}
    (folder / "values.json").write_text(json.dumps({"inputs": {}, "outputs": value}))
    record = {"folder": str(folder), "reason": None, "how": {"rows": "value"}, "left_out": []}
    (tmp_path / "load.after").write_bytes(pickle.dumps(record))
    captured = _read(step, tmp_path, 1024 * 1024, (PASSWORD.encode(),))
    if held:
        assert not captured.fixture and "secret" in (captured.reason or "")
    else:
        assert captured.fixture


def test_no_generated_test_call_repeats_a_secret() -> None:
    analysis = analyze(read_notebook(str(CASE)))
    calls = {f.name: f.literal_calls for f in analysis.functions}
    assert len(calls["connect"]) == len(calls["headers"]) == 1  # one holds it, one gives it
    plan = plan_conversion(analysis, Settings(name="pkg"))
    assert {d.name: d.test_calls for d in plan.definitions} == {"connect": (), "headers": ()}
