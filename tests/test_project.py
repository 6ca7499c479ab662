"""Promises about the project itself: CI runs exactly the README's test command."""

from __future__ import annotations

import re

from conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text)


def test_ci_runs_the_readme_test_command_exactly() -> None:
    commands = readme_commands()
    test_command = next(c for c in commands if "pytest" in c)
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_readme_first_command_installs_and_runs_an_example() -> None:
    first = readme_commands()[0]
    assert "pip install ." in first
    example = re.search(r"(examples/\S+\.ipynb)", first)
    assert example and (ROOT / example.group(1)).is_file()


def test_readme_rules_table_is_generated_from_the_registry() -> None:
    from nb2mod.rules import rules_table

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- rules-table:start")
    start = text.index("\n", start) + 1
    end = text.index("<!-- rules-table:end -->")
    assert text[start:end] == rules_table(), "README's rule table is stale: copy rules_table()"


def test_readme_names_every_command() -> None:
    from nb2mod.cli import COMMANDS

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"nb2mod {name} " in text for name in COMMANDS)


def test_the_api_functions_stay_callable_after_their_modules_are_imported() -> None:
    import nb2mod
    import nb2mod.analysis
    import nb2mod.conversion
    import nb2mod.linter
    import nb2mod.verification.verifier

    for name in ("read_notebook", "analyze", "lint", "convert", "verify"):
        assert callable(getattr(nb2mod, name)), name
    assert set(nb2mod.__all__) >= {"read_notebook", "analyze", "lint", "convert", "verify"}
