"""The text of the generated tests that run the pipeline: run() end to end on a copy of the
notebook's data (twice, equal results), and an input path field pointed at a missing file."""

from __future__ import annotations

from nb2mod.codegen.black_style import string, string_tuple
from nb2mod.codegen.chunks import Chunk, styled
from nb2mod.codegen.outcome_tests import needs_run_helper, render_outcomes, xfail_decorator
from nb2mod.plan.model import Plan


def render_behaviour_tests(plan: Plan) -> list[Chunk]:
    """The data helpers and the end-to-end test; the config test when an input field is read."""
    p, tests = plan.package, plan.tests
    tables = [
        string_tuple("INPUTS", tests.inputs, "the input path fields of Config"),
        string_tuple("RESULTS", plan.results, "the names run() returns"),
        string_tuple("MAYBE", plan.unbound_results, _MAYBE),
    ]
    # the files read by a literal path are copied too, when they are there
    copied = "[*paths.values(), *(path for path, _ in FILES)]" if tests.files else "paths.values()"
    data = _DATA.format(
        p=p,
        variable=string(data_variable(p)),
        tables="\n".join(t for t, _ in tables),
        copied=copied,
    )
    end_to_end = _end_to_end(tests.unrepeatable)
    if needs_run_helper(tests):  # a failure may be data that is not there, or expected
        end_to_end = xfail_decorator(tests) + end_to_end.replace("pipeline.run(", "_run(pipeline, ")
    parts = [
        styled(data, all(exact for _, exact in tables)),
        *render_outcomes(plan),
        styled(end_to_end.replace("pipeline.run(", f"pipeline.{plan.name('run')}(")),
    ]
    if tests.broken_input is not None:
        test = _config_test(tests.broken_input, tests.broken_input_first)
        test = test.replace("pipeline.run(", f"pipeline.{plan.name('run')}(")
        parts.append(styled(test.replace("PipelineError", plan.name("PipelineError"))))
    return parts


def _end_to_end(unrepeatable: str) -> str:
    """Two runs compared; one run only where the plan says two may differ (and why)."""
    if not unrepeatable:
        return _END_TO_END
    return _ONE_RUN.replace("WHY", unrepeatable.replace('"', "'"))


def data_variable(package: str) -> str:
    """The environment variable naming the folder the generated tests read the data from."""
    return f"{package.upper()}_DATA_DIR"


_MAYBE = "results bound on some paths only: left out when the run did not bind them"


_DATA = '''# The end-to-end tests run the pipeline on the notebook's data, read from the folder
# the environment variable DATA_DIR_VARIABLE names, else from Config().data_dir (relative
# to the folder pytest runs in, as for the CLI's --data-dir). Each run reads a copy of the
# input files in a temporary folder, runs there, and writes below it: nothing outside is
# touched.
DATA_DIR_VARIABLE = {variable}
{tables}


def _data_folder() -> Path:
    from {p}.config import Config

    folder = os.environ.get(DATA_DIR_VARIABLE) or Config().data_dir
    return Path(folder).expanduser().resolve()


def _copy_of_the_data(folder: Path, monkeypatch, required: bool = True):
    """A Config reading a copy of the notebook's input files in ``folder`` and writing below
    it, with ``folder`` as the working directory; skips when the data is not there."""
    from {p}.config import Config

    config, source = Config(), _data_folder()
    paths = {{name: getattr(config, name) for name in INPUTS}}
    missing = [f"{{n}}={{p!r}}" for n, p in paths.items() if not (source / p).exists()]
    if missing and required:
        pytest.skip(
            f"the notebook's data is not there: {{', '.join(missing)}} not found (relative"
            f" paths are looked for in {{source}}: set {{DATA_DIR_VARIABLE}} to the folder"
            " the notebook read its files from)"
        )
    depth = max([os.path.normpath(p).split(os.sep).count("..") for p in {copied}], default=0)
    data = folder.joinpath("data", *["d"] * depth)  # room for the '..' of relative paths
    data.mkdir(parents=True)
    for path in {copied}:
        if path and not os.path.isabs(path) and (source / path).exists():
            _copy(source / path, Path(os.path.normpath(data / path)))
    monkeypatch.chdir(data)
    return dataclasses.replace(config, data_dir=str(data), output_dir=str(folder / "outputs"))


def _in_the_copy(value, folder: Path):
    """``value`` with the run's own folder named ``<copy>``: a path under a run's copy of
    the data (a str or a Path, also inside lists, tuples and dicts) differs between the
    two runs in that folder only."""
    if isinstance(value, str):
        return value.replace(str(folder), "<copy>")
    if isinstance(value, PurePath):
        return type(value)(str(value).replace(str(folder), "<copy>"))
    if type(value) in (list, tuple):
        return type(value)(_in_the_copy(item, folder) for item in value)
    if type(value) is dict:
        return {{key: _in_the_copy(item, folder) for key, item in value.items()}}
    return value


def _copy(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)'''

_FIRST_RUN = """    first = pipeline.run(_copy_of_the_data(tmp_path / "first", monkeypatch))
    assert set(RESULTS) - set(MAYBE) <= set(first) <= set(RESULTS), sorted(first)"""

_END_TO_END = (
    '''def test_run_returns_every_result_and_the_same_on_a_second_run(
    tmp_path, monkeypatch, pipeline
) -> None:
    """run() on a copy of the notebook's data returns every result the notebook ends with,
    and a second run, in a fresh copy, gives equal results."""
'''
    + _FIRST_RUN
    + """
    second = pipeline.run(_copy_of_the_data(tmp_path / "second", monkeypatch))
    assert sorted(second) == sorted(first)
    for name in first:
        left = _in_the_copy(second[name], tmp_path / "second")
        _assert_same(left, _in_the_copy(first[name], tmp_path / "first"), name)"""
)


def _config_test(field: str, first: bool) -> str:
    if first:
        why = "it is the first file run() reads: no data needed"
    else:
        why = "the files read before it come from a copy of the data"
    return f'''def test_run_reads_the_input_path_config_gives(tmp_path, monkeypatch, pipeline) -> None:
    """With Config.{field} set to a missing file, run() fails naming that field:
    the pipeline reads the path its Config gives ({why})."""
    config = _copy_of_the_data(tmp_path, monkeypatch, required={not first})
    config = dataclasses.replace(config, {field}="nb2mod-missing/{field}.csv")
    with pytest.raises(pipeline.PipelineError, match=r"config field {field}\\b"):
        pipeline.run(config)'''


_ONE_RUN = '''def test_run_returns_every_result(tmp_path, monkeypatch, pipeline) -> None:
    """run() on a copy of the notebook's data returns every result the notebook ends with.
    Two runs are not compared: they may differ (WHY)."""
''' + _FIRST_RUN
