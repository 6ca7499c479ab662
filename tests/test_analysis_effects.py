"""Side effects by kind, resolved through the import aliases the notebook actually uses."""

from __future__ import annotations

import textwrap

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.facts import Analysis
from nb2mod.notebook import read_notebook


def analysis_of(*cells: str) -> Analysis:
    return analyze(read_notebook(make_notebook(*(textwrap.dedent(c) for c in cells))))


@pytest.mark.parametrize(
    ("source", "kind", "call"),
    [
        ("import pandas as pd\ndf = pd.read_csv('a.csv')", "file_read", "pandas.read_csv"),
        ("from pandas import read_csv as rc\ndf = rc('a.csv')", "file_read", "pandas.read_csv"),
        (
            "import pandas as pd\ndf = pd.read_csv('https://x.org/a.csv')",
            "network",
            "pandas.read_csv",
        ),
        ("with open('out.txt', 'w') as f:\n    pass", "file_write", "open"),
        ("with open('in.txt') as f:\n    pass", "file_read", "open"),
        ("df.to_csv('out.csv')", "file_write", "df.to_csv"),
        ("import requests\nr = requests.get(url)", "network", "requests.get"),
        ("import os\nos.system('ls')", "shell", "os.system"),
        ("import subprocess as sp\nsp.run(['ls'])", "shell", "subprocess.run"),
        ("import os\nos.chdir('/tmp')", "environment", "os.chdir"),
        ("import os\nos.environ['KEY'] = '1'", "environment", "os.environ"),
        ("import sys\nsys.path.append('..')", "sys_path", "sys.path.append"),
        ("import matplotlib.pyplot as plt\nplt.plot(x)", "plot", "matplotlib.pyplot.plot"),
        ("import seaborn as sns\nsns.heatmap(m)", "plot", "seaborn.heatmap"),
        (
            "import seaborn as sns\ntips = sns.load_dataset('tips')",
            "network",
            "seaborn.load_dataset",
        ),
        (
            "from IPython.display import Image\nImage('http://x.org/a.png')",
            "network",
            "IPython.display.Image",
        ),
        (
            "from IPython.display import Image\nImage(filename='a.png')",
            "file_read",
            "IPython.display.Image",
        ),
        ("from IPython.display import Image\nImage(data)", "display", "IPython.display.Image"),
        ("df.plot()", "plot", "df.plot"),
        ("display(df)", "display", "display"),
        ("print(1)", "print", "print"),
        ("import time\nt = time.time()", "time", "time.time"),
        ("from datetime import datetime\nnow = datetime.now()", "time", "datetime.datetime.now"),
        ("!ls -l", "shell", "magic !"),
        ("%%bash\necho hi", "shell", "magic bash"),
        ("%timeit f()", "time", "magic timeit"),
    ],
)
def test_effect_kinds(source: str, kind: str, call: str) -> None:
    effects = analysis_of(source).cells[0].effects
    assert [(e.kind, e.call) for e in effects] == [(kind, call)]


@pytest.mark.parametrize(
    "source",
    [
        "x = read_csv('a.csv')",  # not imported from pandas: unknown function
        "import os\np = os.path.join('a', 'b')",
        "df.head()",
        "%matplotlib inline",
        "%cd /tmp",  # a magic fact, not an effect (lint and convert read CellFacts.magics)
        "import os\nv = os.environ.get('X')",
    ],
)
def test_no_effect(source: str) -> None:
    assert analysis_of(source).cells[0].effects == ()


def test_effect_carries_literal_path_and_location() -> None:
    (effect,) = (
        analysis_of("import pandas as pd\n\ndf = pd.read_csv(\n    'data/x.csv')").cells[0].effects
    )
    assert (effect.line, effect.col, effect.path) == (3, 6, "data/x.csv")


def test_aliases_from_earlier_cells_resolve_later_calls() -> None:
    analysis = analysis_of("import pandas as pd", "df = pd.read_parquet(p)")
    assert [e.call for e in analysis.cells[1].effects] == ["pandas.read_parquet"]


def test_effects_inside_functions_belong_to_the_function() -> None:
    analysis = analysis_of("import pandas as pd\ndef load(p):\n    return pd.read_csv(p)")
    assert analysis.cells[0].effects == ()
    assert [e.kind for e in analysis.functions[0].effects] == ["file_read"]


def test_a_path_built_from_literals_is_a_fact_beside_the_literal_path() -> None:
    analysis = analysis_of("import os\nwith open(os.path.join('data', 'x')) as f:\n    pass")
    (effect,) = [e for e in analysis.cells[0].effects if e.kind == "file_read"]
    assert (effect.path, effect.built) == (None, "data/x")
