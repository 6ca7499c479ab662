"""Settings: defaults, [tool.nb2mod] in pyproject.toml, validation of keys and values."""

from __future__ import annotations

import pytest

from nb2mod.errors import ConfigError
from nb2mod.settings import Settings, load_settings, settings_from_pyproject


def test_defaults_without_pyproject(tmp_path) -> None:
    assert load_settings(tmp_path) == Settings()


def test_values_from_all_sections() -> None:
    text = """
[tool.nb2mod]
split = "cells"
heading-level = 2
[tool.nb2mod.lint]
select = ["NB101", "nb103"]
per-file-ignores = { "scratch/*.ipynb" = ["NB104"] }
[tool.nb2mod.verify]
timeout = 30
"""
    settings = settings_from_pyproject(text)
    assert settings.split == "cells"
    assert settings.heading_level == 2
    assert settings.select == ("NB101", "NB103")
    assert settings.per_file_ignores == (("scratch/*.ipynb", ("NB104",)),)
    assert settings.timeout == 30.0


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[tool.nb2mod]\nsplitt = 'cells'", "unknown key 'tool.nb2mod.splitt'"),
        ("[tool.nb2mod.lint]\nselectt = []", "unknown key 'tool.nb2mod.lint.selectt'"),
        ("[tool.nb2mod]\nsplit = 'pages'", "must be one of"),
        ("[tool.nb2mod]\nheading-level = 'two'", "must be a number"),
        ("[tool.nb2mod.verify]\nrepeat = 1", "true or false"),
        ("[tool.nb2mod\n", "not valid TOML"),
    ],
)
def test_bad_settings_name_the_problem(text: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words.replace("(", r"\(")):
        settings_from_pyproject(text, "pyproject.toml")


def test_nearest_pyproject_is_found_upwards(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.nb2mod]\nsplit = 'tags'\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert load_settings(deep).split == "tags"


def test_cli_values_override_and_none_means_not_given() -> None:
    base = Settings(split="cells")
    assert base.replace(split=None, heading_level=3) == Settings(split="cells", heading_level=3)
