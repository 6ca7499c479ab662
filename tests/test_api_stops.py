"""The library APIs a notebook uses (analysis), whether the installed libraries have them
(nb2mod.api_probe, asked of a real interpreter), and where run() then stops (plan)."""

from __future__ import annotations

import sys

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.api_probe import ApiAnswers, ApiQuestions, Missing, probe_apis
from nb2mod.conversion import convert
from nb2mod.notebook import read_notebook
from nb2mod.plan import plan_conversion
from nb2mod.plan.api_stops import api_questions, with_api_stops


def _uses(*cells: str) -> list[tuple[str, str, int, tuple[str, ...], bool]]:
    analysis = analyze(read_notebook(make_notebook(*cells)))
    return [
        (u.kind, u.name, u.args, u.keywords, u.starred) for c in analysis.cells for u in c.api_uses
    ]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import numpy as np\nx = np.float", [("attribute", "numpy.float", 0, (), False)]),
        (
            "from matplotlib import cm\ncmap = cm.get_cmap('x')",
            [
                ("attribute", "matplotlib.cm.get_cmap", 0, (), False),
                ("call", "matplotlib.cm.get_cmap", 1, (), False),
            ],
        ),
        (
            "from sklearn.cluster import AgglomerativeClustering as AC\n"
            "m = AC(n_clusters=3, affinity='euclidean')",
            [
                (
                    "call",
                    "sklearn.cluster.AgglomerativeClustering",
                    0,
                    ("n_clusters", "affinity"),
                    False,
                )
            ],
        ),
        (
            "import yaml\nd = yaml.load(f, *rest)",
            [("attribute", "yaml.load", 0, (), False), ("call", "yaml.load", 1, (), True)],
        ),
        ("import numpy as np\nnp.answer = 42", [("assigned", "numpy.answer", 0, (), False)]),
    ],
)
def test_the_apis_a_cell_surely_uses(code: str, expected: list[object]) -> None:
    assert [u for u in _uses(code) if u[0] != "made"] == expected


@pytest.mark.parametrize(
    "code",
    [
        "import numpy as np\ntry:\n    x = np.float\nexcept AttributeError:\n    x = float",
        "import numpy as np\nif flag:\n    x = np.float",
        "import numpy as np\nfor i in []:\n    np.float",
        "import numpy as np\ndef f():\n    return np.float",
        "import numpy as np\nxs = [np.float for _ in range(3)]",
        "import numpy as np\nx = flag and np.float",
        "import numpy as np\nnp = {}\nnp.get('float')",  # rebound: no longer the module
        "x = local.thing",  # not an imported name
    ],
)
def test_a_use_that_may_not_run_or_is_no_library_is_not_an_api_use(code: str) -> None:
    assert [u for u in _uses(code) if u[0] in ("attribute", "call")] == []


def test_the_probe_answers_what_the_installed_libraries_lack() -> None:
    questions = ApiQuestions(
        tops=("json",),
        imports=(("json", ("dumps", "nothing_here")), ("json.nonexistent", ()), ("os.path", ())),
        attributes=("json.nonexistent", "json.dumps", "json.decoder", "os.sep"),
        calls=(("json.dumps", 3, ()), ("json.dumps", 1, ("indent",)), ("json.loads", 1, ("s",))),
    )
    answers = probe_apis(sys.executable, questions)
    assert answers.problem == ""
    assert answers.missing == {
        "from json import nothing_here": Missing(
            "ImportError", "cannot import name 'nothing_here' from 'json'"
        ),
        "import json.nonexistent": Missing(
            "ModuleNotFoundError", "No module named 'json.nonexistent'"
        ),
        "attribute json.nonexistent": Missing(
            "AttributeError", "module 'json' has no attribute 'nonexistent'"
        ),
        "call json.dumps 3 ": Missing("TypeError", "too many positional arguments"),
        "call json.loads 1 s": Missing("TypeError", "multiple values for argument 's'"),
    }  # os is not among the tops: never imported, nothing said of it


def test_the_probe_claims_nothing_when_the_interpreter_cannot_answer(tmp_path) -> None:
    answers = probe_apis(str(tmp_path / "no-python"), ApiQuestions(("json",), (("json", ()),)))
    assert answers.missing == {} and "cannot run" in answers.problem


def _plan(*cells: str):  # type: ignore[no-untyped-def]
    analysis = analyze(read_notebook(make_notebook(*cells)))
    return analysis, plan_conversion(analysis)


def test_a_missing_attribute_in_a_step_is_an_expected_stop_and_a_warning() -> None:
    analysis, plan = _plan(
        "import numpy as np\n\nvalues = [1, 2]",
        "total = sum(values)\nkind = np.float\nother = np.also_missing",
    )
    questions = api_questions(plan, analysis, ["numpy"])
    assert questions.attributes == ("numpy.also_missing", "numpy.float")
    answers = ApiAnswers(
        {
            "attribute numpy.float": Missing(
                "AttributeError", "module 'numpy' has no attribute 'float'."
            ),
            "attribute numpy.also_missing": Missing("AttributeError", "no also_missing"),
        },
        {"numpy": "numpy 2.4.6"},
    )
    stopped = with_api_stops(plan, analysis, answers)
    (stop,) = stopped.tests.stops  # only the first per step
    assert (stop.cell, stop.exceptions, stop.text) == (
        2,
        ("AttributeError",),
        "module 'numpy' has no attribute 'float'.",
    )
    assert stop.why == (
        "cell 2 line 2: numpy.float is not in numpy 2.4.6, as installed where the "
        "dependencies were resolved"
    )
    assert any(
        "numpy.float is not in numpy 2.4.6" in w.message and w.cell == 2 for w in stopped.warnings
    )
    assert with_api_stops(plan, analysis, ApiAnswers()) == plan


@pytest.mark.parametrize(
    ("message", "parameter", "text"),
    [
        (
            "got an unexpected keyword argument 'affinity'",
            "",
            "unexpected keyword argument 'affinity'",
        ),
        (
            "missing a required argument: 'Loader'",
            "POSITIONAL_OR_KEYWORD",
            "required positional argument",
        ),
        ("missing a required argument: 'key'", "KEYWORD_ONLY", "required keyword-only argument"),
        ("too many positional arguments", "", "positional argument"),
        ("multiple values for argument 's'", "", "multiple values for argument 's'"),
        ("something else", "", None),
    ],
)
def test_a_call_that_cannot_bind_expects_a_part_of_the_real_message(
    message: str, parameter: str, text: str | None
) -> None:
    analysis, plan = _plan("import yaml\n\nwith open('c.yml') as f:\n    config = yaml.load(f)")
    assert api_questions(plan, analysis, ["yaml"]).calls == (("yaml.load", 1, ()),)
    answers = ApiAnswers({"call yaml.load 1 ": Missing("TypeError", message, parameter)})
    stops = with_api_stops(plan, analysis, answers).tests.stops
    assert [(s.exceptions, s.text) for s in stops] == ([(("TypeError",), text)] if text else [])


def test_only_installed_third_party_libraries_are_asked_about(tmp_path) -> None:
    notebook = tmp_path / "n.ipynb"
    notebook.write_text(
        __import__("json").dumps(
            make_notebook(
                "import json\nimport helpers\nimport numpy as np\n\nx = json.nothing\ny = helpers.f\nz = np.pi"
            )
        ),
        encoding="utf-8",
    )
    (tmp_path / "helpers.py").write_text("f = 1\n", encoding="utf-8")
    analysis, plan = _plan("import json\nimport numpy as np\n\nx = json.nothing\nz = np.pi")
    questions = api_questions(plan, analysis, ["numpy"])
    assert questions.tops == ("numpy",) and questions.attributes == ("numpy.pi",)
    report = convert(str(notebook)).report  # numpy.pi is there; json and helpers are not asked
    assert "## Where run() stops" not in report and "json.nothing" not in report


def test_a_missing_attribute_is_an_expected_failure_that_fails_otherwise(tmp_path) -> None:
    from test_generated_outcomes import _edit, _package
    from test_generated_tests import run_generated_tests

    out = _package(
        tmp_path,
        "import numpy as np\n\nvalues = [1.0, 2.0]",
        "kind = np.float\ntotal = kind(sum(values))",
    )
    code, output = run_generated_tests(out, "-rsx")
    assert code == 0 and "1 xfailed" in output, output
    assert "cell 2 line 1: numpy.float is not in numpy " in output
    report = (out / "CONVERSION.md").read_text(encoding="utf-8")
    assert "numpy.float is not in numpy" in report and "it raises `AttributeError`" in report
    pipeline = next(out.glob("*/pipeline.py"))
    original = pipeline.read_text(encoding="utf-8")
    _edit(out, "kind = np.float", "np.float = float\n    kind = np.float")  # there after all
    code, output = run_generated_tests(out, "-rsx")
    assert code == 1 and "XPASS(strict)" in output, output
    pipeline.write_text(original, encoding="utf-8")
    _edit(out, "kind = np.float", "kind = np.sqrt(-1) + int('x')")  # another error first
    code, output = run_generated_tests(out, "-rsx")
    assert code == 1 and "ValueError: invalid literal for int()" in output, output


def test_a_failing_import_fails_the_tests_and_the_report_says_why(tmp_path) -> None:
    """A package whose import fails (a module the installed library lacks) fails its
    generated tests: it is said, in CONVERSION.md and a warning, not expected."""
    from test_generated_outcomes import _package
    from test_generated_tests import run_generated_tests

    out = _package(
        tmp_path, "import math\n\nroot = math.sqrt(2)", "import numpy.gone_module\n\nx = numpy.pi"
    )
    code, output = run_generated_tests(out, "-rsx")
    assert code == 1 and "xfail" not in output, output
    assert "No module named 'numpy.gone_module'" in output
    report = (out / "CONVERSION.md").read_text(encoding="utf-8")
    assert "## The package cannot be imported here" in report
    assert "so its generated tests fail there" in report
    assert "cell 2 line 1: import numpy.gone_module: numpy.gone_module is not in numpy " in report
    assert "importing pipeline.py fails here with ModuleNotFoundError" in report  # the warning


def test_a_c_function_text_signature_is_not_trusted() -> None:
    """numpy.arange(start=0, stop=3, step=1) runs, though its text signature will not bind
    it (a pipeline's call): only Python code's signatures are bound."""
    import numpy

    assert list(numpy.arange(start=0, stop=3, step=1)) == [0, 1, 2]
    questions = ApiQuestions(
        tops=("numpy",),
        imports=(("numpy", ()),),
        calls=(("numpy.arange", 0, ("start", "stop", "step")),),
    )
    assert probe_apis(sys.executable, questions).missing == {}


def test_the_imports_asked_about_are_those_pipeline_py_keeps_as_isort_joins_them() -> None:
    analysis, plan = _plan(
        "from sklearn.cluster import KMeans\nfrom sklearn.cluster import DBSCAN\n"
        "import numpy as np\nimport json\n\nm = KMeans(n_clusters=2)\nd = DBSCAN()"
    )
    assert "from sklearn.cluster import DBSCAN, KMeans" in plan.pipeline_imports
    questions = api_questions(plan, analysis, ["sklearn", "numpy"])
    assert questions.imports == (("sklearn.cluster", ("KMeans", "DBSCAN")),)  # numpy: unused
    assert questions.tops == ("sklearn",)


def test_a_method_of_an_object_a_library_class_makes() -> None:
    uses = _uses("from json import JSONDecoder\ndec = JSONDecoder()\nnames = dec.nothing()")
    assert ("made", "json.JSONDecoder", 0, (), False) in uses
    assert ("method", "nothing", 0, (), False) in uses
    questions = ApiQuestions(
        tops=("json",),
        imports=(("json", ("JSONDecoder",)),),
        methods=(
            ("json.JSONDecoder", "nothing"),  # missing
            ("json.JSONDecoder", "decode"),  # a method of the class
            ("json.JSONDecoder", "object_hook"),  # an __init__ parameter: set on the instance
            ("json.JSONDecoder", "vocabulary_"),  # a fitted attribute's name
            ("json.dumps", "nothing"),  # not a class
        ),
    )
    missing = probe_apis(sys.executable, questions).missing
    assert missing == {
        "method json.JSONDecoder nothing": Missing(
            "AttributeError", "object has no attribute 'nothing'"
        )
    }


@pytest.mark.parametrize(
    ("cells", "asked"),
    [
        (("from json import JSONDecoder\n\ndec = JSONDecoder()", "x = dec.nothing()"), True),
        (("from json import JSONDecoder\n\ndec = JSONDecoder()\ndec = {}", "x = dec.get()"), False),
        (
            ("from json import JSONDecoder\n\nfor dec in [JSONDecoder()]:\n    pass", "dec.x()"),
            False,
        ),
        (("from json import JSONDecoder", "dec.nothing()\ndec = JSONDecoder()"), False),
    ],
)
def test_a_method_is_asked_about_only_where_the_name_surely_holds_the_object(
    cells: tuple[str, ...], asked: bool
) -> None:
    analysis, plan = _plan(*cells)
    methods = api_questions(plan, analysis, ["json"]).methods
    assert bool(methods) is asked, methods
    answers = ApiAnswers(
        {f"method json.JSONDecoder {m}": Missing("AttributeError", "no") for _, m in methods}
    )
    stops = with_api_stops(plan, analysis, answers).tests.stops
    found = [s.exceptions for s in stops if s.exceptions != ("PipelineError",)]  # hidden state
    assert found == ([("AttributeError",)] if asked else [])
