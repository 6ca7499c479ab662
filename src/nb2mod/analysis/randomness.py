"""Seeds and uses of randomness per library, and whether each use is seeded in notebook order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from nb2mod.analysis.facts import RandomUse, Seed
from nb2mod.analysis.records import NO_VALUE, CallSite

# Seeding calls: qualified name -> (library reported, libraries whose global state it seeds).
SEED_CALLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "random.seed": ("random", ("random",)),
    "numpy.random.seed": ("numpy", ("numpy",)),
    "numpy.random.default_rng": ("numpy", ()),
    "numpy.random.RandomState": ("numpy", ()),
    "random.Random": ("random", ()),
    "torch.manual_seed": ("torch", ("torch",)),
    "torch.cuda.manual_seed": ("torch", ("torch",)),
    "torch.cuda.manual_seed_all": ("torch", ("torch",)),
    "tensorflow.random.set_seed": ("tensorflow", ("tensorflow",)),
    "tensorflow.set_random_seed": ("tensorflow", ("tensorflow",)),
    "tensorflow.compat.v1.set_random_seed": ("tensorflow", ("tensorflow",)),
    "tensorflow.keras.utils.set_random_seed": (
        "tensorflow",
        ("random", "numpy", "tensorflow"),
    ),
    "keras.utils.set_random_seed": ("tensorflow", ("random", "numpy", "tensorflow")),
    "pytorch_lightning.seed_everything": ("torch", ("random", "numpy", "torch")),
    "lightning.seed_everything": ("torch", ("random", "numpy", "torch")),
    "transformers.set_seed": ("torch", ("random", "numpy", "torch", "tensorflow")),
}
_NOT_RANDOM = frozenset(
    "seed Random SystemRandom getstate setstate get_state set_state Generator SeedSequence "
    "BitGenerator PCG64 PCG64DXSM MT19937 Philox SFC64 set_seed".split()
)
_TORCH_RANDOM = frozenset(
    "rand randn randint randperm rand_like randn_like randint_like normal bernoulli "
    "multinomial poisson".split()
)
# scikit-learn (and imbalanced-learn) callables that take random_state and are random without.
_SKLEARN_RANDOM = frozenset(
    "train_test_split RandomForestClassifier RandomForestRegressor ExtraTreesClassifier "
    "ExtraTreesRegressor GradientBoostingClassifier GradientBoostingRegressor "
    "HistGradientBoostingClassifier HistGradientBoostingRegressor DecisionTreeClassifier "
    "DecisionTreeRegressor ExtraTreeClassifier ExtraTreeRegressor BaggingClassifier "
    "BaggingRegressor AdaBoostClassifier AdaBoostRegressor IsolationForest KMeans "
    "MiniBatchKMeans SGDClassifier SGDRegressor MLPClassifier MLPRegressor ShuffleSplit "
    "StratifiedShuffleSplit GroupShuffleSplit RepeatedKFold RepeatedStratifiedKFold TSNE "
    "TruncatedSVD RandomizedSearchCV GaussianMixture SpectralClustering make_classification "
    "make_regression make_blobs make_moons make_circles make_s_curve make_swiss_roll "
    "make_biclusters make_checkerboard make_friedman1 make_friedman2 make_friedman3 "
    "make_gaussian_quantiles make_hastie_10_2 make_low_rank_matrix "
    "make_multilabel_classification make_sparse_coded_signal make_sparse_spd_matrix "
    "make_sparse_uncorrelated make_spd_matrix permutation_importance "
    "RandomOverSampler RandomUnderSampler SMOTE ADASYN resample shuffle".split()
)
# Splitters that take random_state only with shuffle=True (they raise ValueError without it).
_SHUFFLE_SPLITTERS = frozenset(
    {"KFold", "StratifiedKFold", "GroupKFold", "StratifiedGroupKFold", "check_cv"}
)
_CANDIDATE_MODULES = ("sklearn.", "imblearn.")


@dataclass(frozen=True)
class RandomEvent:
    """A seed or a use in one cell, before seeded-ness is decided across the notebook."""

    order: tuple[int, int, int]  # (cell, line, col)
    seed: Seed | None = None
    seeds: tuple[str, ...] = ()  # libraries whose global state the seed sets
    use: RandomUse | None = None
    explicit: bool | None = None  # random_state= given (True) for sklearn/pandas uses
    receiver: str | None = None  # the name ``.sample`` is called on, when pandas is a guess
    binds: tuple[str, str] | None = None  # (name, callable): name = callable(...); "" unknown
    candidate: RandomUse | None = None  # a scikit-learn call that may take random_state


def random_event(
    call: CallSite, qualified: str | None, cell: int, line: int, col: int
) -> RandomEvent | None:
    """The seed or random use a call is, if any."""
    order = (cell, line, col)
    if qualified is not None and qualified in SEED_CALLS:
        library, seeds = SEED_CALLS[qualified]
        value = _seed_value(call)
        if value is not None:
            seed = Seed(cell, line, col, library, qualified, value, global_state=bool(seeds))
            return RandomEvent(order, seed=seed, seeds=seeds)
        if seeds:
            return None  # np.random.seed() reseeds from entropy: not a seed, not a use
    drawn = _random_library(call, qualified)
    if drawn is None:
        return _candidate(call, qualified, order)
    name = qualified or f"<expr>.{call.method}"
    explicit = _explicit_state(call, drawn)
    argument = _seed_argument(call, qualified, explicit)
    use = RandomUse(cell, line, col, drawn, name, seeded=False, seed_argument=argument)
    guess = call.receiver if drawn == "pandas" and call.method == "sample" else None
    return RandomEvent(order, use=use, explicit=explicit, receiver=guess)


def _candidate(
    call: CallSite, qualified: str | None, order: tuple[int, int, int]
) -> RandomEvent | None:
    """A scikit-learn or imbalanced-learn call the table does not classify, without
    ``random_state`` and without *args/**kwargs: whether it takes one is the installed
    library's to say (nb2mod.signatures), so the plan may seed it."""
    if not is_candidate(call, qualified):
        return None
    assert qualified is not None
    use = RandomUse(*order, "sklearn", qualified, seeded=False, seed_argument="random_state")
    return RandomEvent(order, candidate=use)


def is_candidate(call: CallSite, qualified: str | None) -> bool:
    if qualified is None or not qualified.startswith(_CANDIDATE_MODULES) or call.starred:
        return False
    last = qualified.rpartition(".")[2]
    return "random_state" not in call.keywords and last not in _SHUFFLE_SPLITTERS


_OWN_GENERATORS = ("numpy.random.default_rng", "numpy.random.RandomState")


def _seed_argument(call: CallSite, qualified: str | None, explicit: bool | None) -> str:
    """The argument that would seed the call (see RandomUse.seed_argument)."""
    if call.starred:
        return ""
    if qualified in _OWN_GENERATORS:
        return "0" if not call.args and not call.keywords else ""
    return "random_state" if explicit is False else ""


def binding_event(
    call: CallSite, qualified: str | None, cell: int, line: int, col: int
) -> RandomEvent | None:
    """``gm = GaussianMixture()``: what made ``gm``, so that ``gm.sample()`` is not taken
    for pandas' ``sample`` (only a name made by a known non-pandas callable is recorded)."""
    if call.target is None:
        return None
    known = qualified if qualified and not qualified.startswith("pandas.") else ""
    return RandomEvent((cell, line, col), binds=(call.target, known))


def might_be_random(call: CallSite, qualified: str | None) -> bool:
    """A cheap first filter: only these calls can be seeds or random uses."""
    return (
        qualified in SEED_CALLS
        or _random_library(call, qualified) is not None
        or is_candidate(call, qualified)
    )


def mark_seeded(
    events: Iterable[RandomEvent],
) -> tuple[tuple[Seed, ...], tuple[RandomUse, ...], tuple[RandomUse, ...]]:
    """Seeds, uses and candidates in notebook order; a use is seeded when its library was
    seeded before (a candidate: when NumPy's global generator was, which it would draw from)."""
    seeded: set[str] = set()
    seeds: list[Seed] = []
    uses: list[RandomUse] = []
    candidates: list[RandomUse] = []
    made_by: dict[str, str] = {}  # name -> the non-pandas callable whose result it holds
    for event in sorted(events, key=lambda e: e.order):
        if event.seed is not None:
            seeds.append(event.seed)
            seeded.update(event.seeds)
        if event.candidate is not None:
            candidates.append(replace(event.candidate, seeded="numpy" in seeded))
        if event.binds is not None:
            made_by[event.binds[0]] = event.binds[1]
        elif event.use is not None:
            if event.receiver is not None and made_by.get(event.receiver):
                continue  # gm.sample() on a GaussianMixture: not pandas' sample
            uses.append(replace(event.use, seeded=_is_seeded(event, seeded)))
    return tuple(seeds), tuple(uses), tuple(candidates)


def _is_seeded(event: RandomEvent, seeded: set[str]) -> bool:
    assert event.use is not None
    if event.use.call in _OWN_GENERATORS:
        return False  # a generator of its own, from fresh entropy: no global seed reaches it
    if event.explicit:
        return True
    if event.explicit is False:  # sklearn/pandas without random_state draw from numpy
        return "numpy" in seeded
    return event.use.library in seeded


def _seed_value(call: CallSite) -> str | None:
    arg = call.args[0] if call.args else None
    for keyword in ("seed", "a", "x"):
        arg = arg or call.keywords.get(keyword)
    if arg is None or arg.value is None:
        return None
    return arg.code


def _random_library(call: CallSite, qualified: str | None) -> str | None:
    if qualified is None:
        if call.method == "sample" and call.receiver is not None:
            return "pandas"
        return None
    head, _, last = qualified.rpartition(".")
    if head == "random" and last not in _NOT_RANDOM:
        return "random"
    if head == "numpy.random" and last not in _NOT_RANDOM:
        return "numpy"
    if qualified in ("numpy.random.default_rng", "numpy.random.RandomState"):
        return "numpy"  # a generator without a seed
    if (head == "torch" and last in _TORCH_RANDOM) or head.startswith("torch.nn.init"):
        return "torch"
    if qualified == "torch.utils.data.random_split":
        return "torch"
    if head == "tensorflow.random" and last not in _NOT_RANDOM:
        return "tensorflow"
    if qualified.startswith(("sklearn.", "imblearn.")):
        return _sklearn_library(call, last)
    if call.method == "sample" and call.receiver is not None and "." in (call.func or ""):
        return "pandas" if not qualified.startswith(("random.", "numpy.")) else None
    return None


def _sklearn_library(call: CallSite, last: str) -> str | None:
    if last in _SKLEARN_RANDOM:
        return "sklearn"
    shuffle = call.keywords.get("shuffle")
    if last in _SHUFFLE_SPLITTERS and shuffle is not None and shuffle.value is True:
        return "sklearn"
    return None


def _explicit_state(call: CallSite, library: str) -> bool | None:
    """True when the call brings its own seeded state (``random_state=``, ``generator=``)."""
    if library == "torch":
        return True if "generator" in call.keywords else None
    if library not in ("sklearn", "pandas"):
        return None
    state = call.keywords.get("random_state")
    if state is None:
        return False
    return state.value is not None or state.value is NO_VALUE
