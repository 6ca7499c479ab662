"""Fuzz: hostile notebook JSON through the CLI entry point never gives a traceback, an internal
error or an exit code outside {0, 1, 2}, and never changes the input (issue 11).

Notebooks are built from real-looking cells, odd text (lone surrogates, NUL, bidi and line
separators), huge and deeply nested cells, then damaged: keys deleted, values of the wrong
type, the text truncated. CI runs a fixed, derandomized set of examples (FUZZ_EXAMPLES);
``NB2MOD_FUZZ_EXAMPLES=500 pytest tests/test_fuzz.py`` explores with fresh random ones.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import make_notebook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nb2mod.cli import main

EXPLORE = os.environ.get("NB2MOD_FUZZ_EXAMPLES")
FUZZ_EXAMPLES = int(EXPLORE) if EXPLORE else 12

SNIPPETS = [
    "x = 1\nprint(x)",
    "import numpy as np\nrng = np.random.rand(3)",
    "%matplotlib inline\n%load_ext autoreload",
    "!pip install lightgbm\n%pip install xgboost",
    "%%time\ny = x * 2",
    "%%writefile notes.txt\nhello",
    "def f(a, b=2):\n    return a + b + x",
    "class Model:\n    def fit(self, data):\n        self.data = data",
    'df = pd.read_csv("/home/ana/data.csv")\ndf.dropna(inplace=True)',
    "from math import *\nz = sqrt(2)",
    "print 'python 2'",
    "for i in range(3):\n    total += i",
    "password = 'hunter2hunter2'",
    "import os\nos.chdir('/tmp')",
    "x = '\x00'",
    "s = '\ud800'",
    "t = 'é\u202e\u2028\u0301💥'",
    "f = " + "lambda: " * 600 + "1",
    "y = " + "(" * 1500 + "1" + ")" * 1500,
    "z = " + " + ".join(["a"] * 1200),
    "\n".join(f"v{i} = {i} * 2" for i in range(800)),
    "if x:\n" + "".join("    " * i + "if y:\n" for i in range(1, 60)) + "    " * 60 + "pass",
]
ODD_TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), min_size=0, max_size=30
)
WRONG = st.sampled_from([None, 0, -1, 1.5, True, "", "x", [], {}, [None], {"a": 1}, 10**30])


def code_cell() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(SNIPPETS), ODD_TEXT)


def cell() -> st.SearchStrategy[str | tuple[str, str]]:
    heading = ODD_TEXT.map(lambda t: ("markdown", f"# {t}"))
    raw = ODD_TEXT.map(lambda t: ("raw", t))
    return st.one_of(code_cell(), code_cell(), heading, raw)


@st.composite
def notebooks(draw: st.DrawFn) -> bytes:
    data: Any = make_notebook(*draw(st.lists(cell(), max_size=5)))
    for _ in range(draw(st.integers(0, 3))):
        data = draw(damaged(data))
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), default=str)
    if draw(st.integers(0, 9)) == 0:  # truncated, anywhere but at the very start
        text = text[: draw(st.integers(1, max(1, len(text) - 1)))]
    return text.encode("utf-8", "surrogatepass")


@st.composite
def damaged(draw: st.DrawFn, data: Any) -> Any:
    """``data`` with one value replaced by one of the wrong type, or one key deleted."""
    containers = list(_containers(data))
    container = draw(st.sampled_from(containers))
    keys = list(container) if isinstance(container, dict) else list(range(len(container)))
    if not keys:
        return data
    key = draw(st.sampled_from(keys))
    if isinstance(container, dict) and draw(st.booleans()):
        del container[key]
    else:
        container[key] = draw(WRONG)
    return data


def _containers(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        yield value
        for child in value.values() if isinstance(value, dict) else value:
            yield from _containers(child)


def run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    with CliRunner().isolation(env=env) as streams:
        code = main(args)
    output = b"".join(s.getvalue() for s in streams if s is not None)
    return code, output.decode("utf-8", "replace")


@settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=not EXPLORE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(notebooks())
def test_hostile_notebooks_are_handled_cleanly(content: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="nb2mod-fuzz-") as folder:
        path = Path(folder) / "fuzz.ipynb"
        path.write_bytes(content)
        env = {"NB2MOD_CACHE_DIR": str(Path(folder) / "cache")}
        for args in (
            ["analyze", str(path)],
            ["analyze", "--format", "json", str(path)],
            ["lint", "--jobs", "1", str(path)],
            ["convert", str(path), "--out", str(Path(folder) / "out")],
        ):
            code, output = run(args, env)
            assert code in (0, 1, 2), (args, code, output[-2000:])
            assert "Traceback" not in output, output[-3000:]
            assert "internal error" not in output, output[-2000:]
            assert path.read_bytes() == content
