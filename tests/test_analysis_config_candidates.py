"""Config candidates: path/URL literals, numeric keyword literals, constants, parameters cells."""

from __future__ import annotations

import json
import textwrap

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.config_candidates import is_path
from nb2mod.analysis.facts import Analysis
from nb2mod.identifiers import name_identifier as identifier
from nb2mod.notebook import read_notebook


def analysis_of(*cells: str) -> Analysis:
    return analyze(read_notebook(make_notebook(*(textwrap.dedent(c) for c in cells))))


def test_candidates_with_names_values_types_and_locations() -> None:
    analysis = analysis_of("""
        DATA_DIR = "/home/me/data"
        threshold = 0.5
        df = pd.read_csv("data/train.csv")
        model = RandomForestClassifier(n_estimators=100, max_depth=-3, verbose=1)
        opt = Adam(learning_rate=1e-3)
        page = get("https://example.org/a.json")
        """)
    got = [(c.name, c.value, c.type, c.line, c.col, c.reason) for c in analysis.config_candidates]
    assert got == [
        ("data_dir", "/home/me/data", "path", 2, 1, "module-level constant assigned to DATA_DIR"),
        ("threshold", 0.5, "float", 3, 1, "literal assigned to threshold"),
        ("train_csv_path", "data/train.csv", "path", 4, 18, "path literal"),
        ("n_estimators", 100, "int", 5, 45, "keyword n_estimators of RandomForestClassifier"),
        ("max_depth", -3, "int", 5, 61, "keyword max_depth of RandomForestClassifier"),
        ("learning_rate", 0.001, "float", 6, 26, "keyword learning_rate of Adam"),
        ("a_json_url", "https://example.org/a.json", "url", 7, 12, "URL literal"),
    ]
    first = analysis.config_candidates[0]
    assert (first.variable, first.code) == ("DATA_DIR", '"/home/me/data"')
    assert analysis.config_candidates[3].keyword == "n_estimators"


def test_reassigned_or_mutated_names_are_not_constants() -> None:
    analysis = analysis_of("count = 0\nitems = [1, 2]", "count = count + 1\nitems.append(3)")
    assert analysis.config_candidates == ()


def test_names_are_unique_identifiers() -> None:
    analysis = analysis_of("a = f(n_estimators=10)\nb = f(n_estimators=20)\nclass_ = 'x.csv'")
    assert [c.name for c in analysis.config_candidates] == [
        "n_estimators",
        "n_estimators_2",
        "class_",
    ]
    assert identifier("class") == "class_"
    assert identifier("2nd-file.csv") == "v_2nd_file_csv"


def test_papermill_parameters_cell() -> None:
    nb = make_notebook("alpha = 0.1\nname = 'run'", "x = alpha")
    nb["cells"][0]["metadata"]["tags"] = ["parameters"]
    analysis = analyze(read_notebook(json.loads(json.dumps(nb))))
    assert [(c.name, c.reason) for c in analysis.config_candidates] == [
        ("alpha", "papermill parameter"),
        ("name", "papermill parameter"),
    ]


@pytest.mark.parametrize(
    "text", ["data.csv", "./out", "../x", "/abs/path", "~/f.txt", "C:\\data\\x", "a/b.parquet"]
)
def test_paths(text: str) -> None:
    assert is_path(text)


@pytest.mark.parametrize(
    "text", ["hello world", "", "/", "%d.csv", "km/h", "Sales by region.csv", "{}.png"]
)
def test_not_paths(text: str) -> None:
    assert not is_path(text)


def test_plot_and_plumbing_keywords_are_not_candidates() -> None:
    analysis = analysis_of("plt.figure(figsize=(3, 4), dpi=100)\ndf.mean(axis=1)\nf(verbose=0)")
    assert analysis.config_candidates == ()


def test_keywords_of_plotting_calls_are_presentation_not_config() -> None:
    analysis = analysis_of(
        "import matplotlib.pyplot as plt\nplt.rc('axes', titlesize=14)\nplt.plot(x, n_points=3)",
        "fit(n_points=4)",
    )
    assert [(c.name, c.value) for c in analysis.config_candidates] == [("n_points", 4)]
