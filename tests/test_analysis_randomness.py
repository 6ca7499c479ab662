"""Seeds per library and random uses marked seeded by notebook order."""

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
    ("source", "library", "call", "value", "global_state"),
    [
        ("import random\nrandom.seed(1)", "random", "random.seed", "1", True),
        ("import numpy as np\nnp.random.seed(SEED)", "numpy", "numpy.random.seed", "SEED", True),
        ("from numpy.random import seed\nseed(0)", "numpy", "numpy.random.seed", "0", True),
        (
            "import numpy as np\nrng = np.random.default_rng(42)",
            "numpy",
            "numpy.random.default_rng",
            "42",
            False,
        ),
        (
            "import numpy as np\nrs = np.random.RandomState(seed=3)",
            "numpy",
            "numpy.random.RandomState",
            "3",
            False,
        ),
        ("import torch\ntorch.manual_seed(7)", "torch", "torch.manual_seed", "7", True),
        (
            "import torch\ntorch.cuda.manual_seed_all(7)",
            "torch",
            "torch.cuda.manual_seed_all",
            "7",
            True,
        ),
        (
            "import tensorflow as tf\ntf.random.set_seed(5)",
            "tensorflow",
            "tensorflow.random.set_seed",
            "5",
            True,
        ),
        (
            "import tensorflow as tf\ntf.keras.utils.set_random_seed(5)",
            "tensorflow",
            "tensorflow.keras.utils.set_random_seed",
            "5",
            True,
        ),
    ],
)
def test_seed_forms(source: str, library: str, call: str, value: str, global_state: bool) -> None:
    (seed,) = analysis_of(source).seeds
    assert (seed.library, seed.call, seed.value, seed.global_state) == (
        library,
        call,
        value,
        global_state,
    )
    assert (seed.cell, seed.line) == (1, 2)


@pytest.mark.parametrize(
    "source",
    [
        "import numpy as np\nnp.random.seed()",
        "seed(3)",
        "import numpy as np\nx = np.random.rand(2)",
    ],
)
def test_not_seeds(source: str) -> None:
    assert analysis_of(source).seeds == ()


def test_numpy_seed_seeds_numpy_but_not_random() -> None:
    analysis = analysis_of(
        "import numpy as np\nimport random\na = np.random.rand(3)",
        "np.random.seed(0)\nb = np.random.rand(3)\nc = random.random()",
    )
    assert [(r.cell, r.line, r.library, r.call, r.seeded) for r in analysis.randomness] == [
        (1, 3, "numpy", "numpy.random.rand", False),
        (2, 2, "numpy", "numpy.random.rand", True),
        (2, 3, "random", "random.random", False),
    ]


def test_sklearn_is_seeded_by_random_state_or_an_earlier_numpy_seed() -> None:
    analysis = analysis_of(
        """
        import numpy as np
        from sklearn.model_selection import train_test_split, KFold
        from sklearn.ensemble import RandomForestClassifier
        a = train_test_split(X, y, test_size=0.2)
        b = train_test_split(X, y, random_state=0)
        c = KFold(5)
        d = KFold(5, shuffle=True)
        """,
        "np.random.seed(1)\ne = RandomForestClassifier()",
    )
    assert [(r.call.rsplit(".", 1)[1], r.seeded) for r in analysis.randomness] == [
        ("train_test_split", False),
        ("train_test_split", True),
        ("KFold", False),
        ("RandomForestClassifier", True),
    ]


def test_torch_and_tensorflow_uses() -> None:
    analysis = analysis_of(
        "import torch\nimport tensorflow as tf\nt = torch.randn(2)\nu = tf.random.normal([2])",
        "torch.manual_seed(0)\nv = torch.rand(2)",
    )
    assert [(r.library, r.seeded) for r in analysis.randomness] == [
        ("torch", False),
        ("tensorflow", False),
        ("torch", True),
    ]


def test_seed_later_in_the_same_cell_does_not_seed_an_earlier_use() -> None:
    analysis = analysis_of(
        "import random\nx = random.random()\nrandom.seed(0)\ny = random.random()"
    )
    assert [r.seeded for r in analysis.randomness] == [False, True]


def test_random_uses_are_randomness_effects() -> None:
    analysis = analysis_of("import numpy as np\nx = np.random.rand(3)")
    assert [(e.kind, e.call) for e in analysis.cells[0].effects] == [
        ("randomness", "numpy.random.rand")
    ]


def test_torch_call_with_its_own_generator_is_seeded() -> None:
    analysis = analysis_of(
        "import torch\ng = torch.Generator().manual_seed(1)\na = torch.randn(2, generator=g)\n"
        "b = torch.randn(2)"
    )
    assert [(r.call, r.seeded) for r in analysis.randomness] == [
        ("torch.randn", True),
        ("torch.randn", False),
    ]


def test_sample_on_a_data_frame_is_pandas_randomness() -> None:
    analysis = analysis_of("import pandas as pd\ndf = pd.read_csv('x.csv')", "rows = df.sample(5)")
    assert [(u.library, u.call, u.seeded) for u in analysis.randomness] == [
        ("pandas", "df.sample", False)
    ]


def test_sample_on_an_object_a_known_library_made_is_not_pandas() -> None:
    analysis = analysis_of(
        "from sklearn.mixture import GaussianMixture\ngm = GaussianMixture(3, random_state=42)",
        "X_new, y_new = gm.sample(6)",
        "import random\nr = random.Random(1)\npicked = r.sample(range(10), 3)",
    )
    assert [u.call for u in analysis.randomness] == ["sklearn.mixture.GaussianMixture"]


def test_a_name_rebound_to_a_frame_samples_as_pandas_again() -> None:
    analysis = analysis_of(
        "from sklearn.mixture import GaussianMixture\nimport pandas as pd",
        "gm = GaussianMixture(3, random_state=0)",
        "gm = pd.DataFrame({'a': [1, 2]})",
        "gm.sample(1)",
    )
    assert [u.library for u in analysis.randomness] == ["sklearn", "pandas"]
