"""Render tests/test_PKG.py: tests that pass as generated and pin the notebook's behaviour."""

from __future__ import annotations

from collections.abc import Sequence

from nb2mod.analysis.facts import LiteralCall
from nb2mod.codegen.behaviour_tests import render_behaviour_tests
from nb2mod.codegen.black_style import bracketed, literal, string, string_tuple
from nb2mod.codegen.chunks import Chunk, styled, unstyled
from nb2mod.codegen.config import python_value, toml_value
from nb2mod.codegen.test_support import ASSERT_SAME, header
from nb2mod.plan.model import ConfigField, Definition, Plan


def render_tests(plan: Plan, modules: Sequence[str]) -> list[Chunk]:
    """The generated tests: import, config and CLI checks, run() end to end on the
    notebook's data, an input path from Config, and each pure notebook function on each
    literal argument list the notebook calls it with."""
    p = plan.package
    variables = [f.env for f in plan.config_fields if f.env]
    fields = [f for f in plan.config_fields if not f.env]
    parts = [header(p, [*modules, "click"]), styled(ASSERT_SAME)]
    if variables:
        listing, exact = string_tuple("SECRET_VARIABLES", variables)
        parts.append(styled(_SECRET_FIXTURE.format(variables=listing), exact))
    parts.append(styled(_import_test(p)))
    parts.append(_defaults_test(plan.config_fields))
    parts += _round_trip_test(fields, p)
    parts.append(styled(_CLI_TEST.format(p=p)))
    if variables:
        parts.append(styled(_SECRET_TESTS.format(p=p)))
    parts += render_behaviour_tests(plan)
    for d in sorted(plan.definitions, key=lambda d: d.name):
        for number, call in enumerate(d.test_calls, start=1):
            parts.append(unstyled(_function_test(d, call, number)))  # the notebook's code
    return parts


def _import_test(p: str) -> str:
    return f"""def test_import_has_no_side_effects(tmp_path, pipeline) -> None:
    code = (
        "import random\\n"
        "state = random.getstate()\\n"
        "try:\\n"
        "    import numpy\\n"
        "    numpy_state = numpy.random.get_state()[1].tolist()\\n"
        "except ImportError:\\n"
        "    numpy = None\\n"
        "import {p}, {p}.pipeline\\n"
        "assert random.getstate() == state, 'import consumed random numbers'\\n"
        "if numpy is not None:\\n"
        "    assert numpy.random.get_state()[1].tolist() == numpy_state, 'numpy RNG used'\\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert sorted(os.listdir(tmp_path)) == []"""


def _defaults_test(fields: Sequence[ConfigField]) -> Chunk:
    lines = [
        "def test_config_defaults_are_the_notebook_values() -> None:",
        "    config = _config()",
    ]
    exact = True
    for f in fields:
        value = f"os.environ[{string(f.env)}]" if f.env else literal(f.default)
        exact = exact and value is not None
        lines.append(f"    assert config.{f.name} == {value or python_value(f.default)}")
    if not fields:
        lines.append("    assert config == type(config)()")
    return styled("\n".join(lines), exact)


def _changed(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value * 2 + 1.5
    return f"{value}_changed"


def _round_trip_test(fields: Sequence[ConfigField], p: str) -> list[Chunk]:
    toml = "".join(f"{f.name} = {toml_value(_changed(f.default))}\n" for f in fields)
    values = [literal(_changed(f.default)) for f in fields]
    expected = [f"{f.name}={v}" for f, v in zip(fields, values, strict=True)]
    write = bracketed(
        "path.write_text(", [string(toml), 'encoding="utf-8"'], ")", "    ", call=True
    )
    check = bracketed("assert load_config(path) == Config(", expected, ")", "    ", call=True)
    config = f"""def _config():
    from {p}.config import Config

    return Config()"""
    test = f"""def test_toml_override_round_trips(tmp_path) -> None:
    from {p}.config import Config, load_config

    path = tmp_path / "config.toml"
"""
    if write is None or check is None or None in values:
        old = ", ".join(f"{f.name}={python_value(_changed(f.default))}" for f in fields)
        test += f"""    path.write_text({toml!r}, encoding="utf-8")
    assert load_config(path) == Config({old})"""
        return [styled(config), unstyled(test)]
    return [styled(config), styled(test + "\n".join([*write, *check]))]


_SECRET_FIXTURE = """# secrets the notebook hard-coded: Config reads each from its environment variable
{variables}


@pytest.fixture(autouse=True)
def _secret_variables(monkeypatch):
    for variable in SECRET_VARIABLES:
        monkeypatch.setenv(variable, f"test-value-of-{{variable}}")"""

_SECRET_TESTS = """def test_an_unset_secret_is_a_config_error(monkeypatch) -> None:
    from {p}.config import ConfigError

    for variable in SECRET_VARIABLES:
        monkeypatch.delenv(variable)
        with pytest.raises(ConfigError, match=variable):
            _config()
        monkeypatch.setenv(variable, "x")


def test_cli_names_an_unset_secret_on_one_line(monkeypatch) -> None:
    _require_libraries()
    monkeypatch.delenv(SECRET_VARIABLES[0])
    result = subprocess.run(
        [sys.executable, "-m", "{p}"],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and SECRET_VARIABLES[0] in lines[0], result.stderr"""

_CLI_TEST = """def test_cli_help() -> None:
    _require_libraries()
    result = subprocess.run(
        [sys.executable, "-m", "{p}", "--help"],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "--config" in result.stdout"""


def _function_test(definition: Definition, call: LiteralCall, number: int) -> str:
    name, args = definition.name, call.args
    suffix = f"_{number}" if number > 1 else ""
    head = f"def test_{name}_on_the_notebook_arguments{suffix}(pipeline) -> None:"
    where = "as the notebook calls it"
    if call.value is not None:
        return (
            f"{head}\n"
            f'    """{_quoted(name, args)} {where}; the value nb2mod worked out from its code."""\n'
            f"    _assert_same(pipeline.{name}({args}), {call.value})"
        )
    if call.raises is not None:
        return (
            f"{head}\n"
            f'    """{_quoted(name, args)} {where} raises {call.raises}, by its code."""\n'
            f"    with pytest.raises({call.raises}):\n"
            f"        pipeline.{name}({args})"
        )
    why = _docstring_text(call.unknown or "")
    return (
        f"{head}\n"
        f'    """{_quoted(name, args)} {where}: it runs and gives the same on two calls\n'
        f'    (nb2mod cannot work out its value without running it: it {why})."""\n'
        f"    first, second = pipeline.{name}({args}), pipeline.{name}({args})\n"
        f"    _assert_same(first, second)"
    )


def _quoted(name: str, args: str) -> str:
    call = f"{name}({args})"
    return _docstring_text(call if len(call) <= 60 else f"{name}(...)")


def _docstring_text(text: str) -> str:
    return text.replace("\\", "/").replace('"', "'")
