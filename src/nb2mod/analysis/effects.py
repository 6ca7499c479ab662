"""Side effects of calls and magics by kind, resolved through the notebook's import aliases."""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst

from nb2mod.analysis.facts import EffectKind
from nb2mod.analysis.imports import qualify
from nb2mod.analysis.records import CallSite
from nb2mod.ipython_syntax import Magic

_EXACT: dict[str, EffectKind] = {
    **dict.fromkeys(
        "numpy.load numpy.loadtxt numpy.genfromtxt numpy.fromfile pickle.load joblib.load "
        "json.load torch.load PIL.Image.open cv2.imread imageio.imread skimage.io.imread "
        "h5py.File scipy.io.loadmat tensorflow.keras.models.load_model keras.models.load_model "
        "glob.glob os.listdir os.walk os.scandir xarray.open_dataset geopandas.read_file "
        "matplotlib.pyplot.imread io.open codecs.open zipfile.ZipFile tarfile.open "
        "pyarrow.parquet.read_table yaml.safe_load yaml.load".split(),
        "file_read",
    ),
    **dict.fromkeys(
        "numpy.save numpy.savez numpy.savez_compressed numpy.savetxt pickle.dump joblib.dump "
        "json.dump torch.save os.makedirs os.mkdir os.remove os.rename os.unlink os.rmdir "
        "matplotlib.pyplot.savefig cv2.imwrite imageio.imwrite".split(),
        "file_write",
    ),
    **dict.fromkeys(
        "urllib.request.urlopen urllib.request.urlretrieve urllib.urlopen urllib.urlretrieve "
        "wget.download gdown.download yfinance.download tensorflow.keras.utils.get_file "
        "keras.utils.get_file datasets.load_dataset seaborn.load_dataset".split(),
        "network",
    ),
    **dict.fromkeys("os.system os.popen os.spawnl".split(), "shell"),
    **dict.fromkeys(
        "os.chdir os.putenv os.environ.update os.environ.setdefault os.environ.pop "
        "os.environ.clear dotenv.load_dotenv".split(),
        "environment",
    ),
    **dict.fromkeys("sys.path.append sys.path.insert sys.path.extend".split(), "sys_path"),
    **dict.fromkeys(
        "time.time time.sleep time.perf_counter time.process_time time.monotonic "
        "datetime.datetime.now datetime.datetime.today datetime.datetime.utcnow "
        "datetime.date.today pandas.Timestamp.now pandas.Timestamp.today".split(),
        "time",
    ),
    **dict.fromkeys(
        "input builtins.input getpass.getpass ipywidgets.interact ipywidgets.interactive "
        "ipywidgets.interact_manual ipywidgets.widgets.interact ipywidgets.widgets.interactive "
        "ipywidgets.widgets.interact_manual".split(),
        "input",
    ),
    "display": "display",
    "IPython.display.display": "display",
    "print": "print",
}
_PREFIXES: tuple[tuple[str, EffectKind], ...] = (
    ("pandas.read_", "file_read"),
    ("shutil.", "file_write"),
    ("requests.", "network"),
    ("http.client.", "network"),
    ("socket.", "network"),
    ("boto3.", "network"),
    ("kaggle.", "network"),
    ("sklearn.datasets.fetch_", "network"),
    ("pandas_datareader.", "network"),
    ("subprocess.", "shell"),
    ("matplotlib.pyplot.", "plot"),
    ("seaborn.", "plot"),
    ("plotly.", "plot"),
    ("bokeh.plotting.", "plot"),
    ("altair.", "plot"),
    ("pandas.plotting.", "plot"),
    ("IPython.display.", "display"),
)
_METHODS: dict[str, EffectKind] = {
    **dict.fromkeys(
        "to_csv to_excel to_parquet to_json to_pickle to_hdf to_feather to_stata savefig save "
        "save_model save_weights write_text write_bytes tofile to_file".split(),
        "file_write",
    ),
    **dict.fromkeys("read_text read_bytes".split(), "file_read"),
    **dict.fromkeys(
        "plot hist boxplot imshow set_title set_xlabel set_ylabel legend tight_layout".split(),
        "plot",
    ),
}
# Magics with an effect; %cd and %env stay facts in ``CellFacts.magics`` only (lint reports
# them as magics, and the converter rewrites magics from that list).
_MAGICS: dict[str, EffectKind] = {
    **dict.fromkeys("bash sh script system sx pip conda".split(), "shell"),
    **dict.fromkeys("time timeit prun".split(), "time"),
    **dict.fromkeys("writefile save store".split(), "file_write"),
    **dict.fromkeys("load run".split(), "file_read"),
}
_PATH_KEYWORDS = ("filepath_or_buffer", "path", "path_or_buf", "fname", "file", "filename", "io")


def call_effect(call: CallSite, aliases: Mapping[str, str]) -> tuple[EffectKind, str] | None:
    """(kind, resolved call name) of a call, or None when it has no known side effect."""
    if call.magic is not None:
        return None  # magics are reported from the cell's magic list
    qualified = qualify(call.func, aliases)
    if qualified is not None:
        kind = _EXACT.get(qualified) or _prefix_kind(qualified)
        if qualified in ("open", "io.open"):
            kind = _open_kind(call)
        if kind is not None:
            return _by_path(kind, call, qualified), qualified
    if call.method is not None and call.method in _METHODS:
        head = call.func.split(".")[0] if call.func else ""
        if head not in aliases or _METHODS[call.method] == "plot":
            return _METHODS[call.method], qualified or f"<expr>.{call.method}"
    return None


def call_kind(qualified: str | None) -> EffectKind | None:
    """The effect kind of a call by its qualified name alone (no arguments looked at)."""
    if qualified is None:
        return None
    return _EXACT.get(qualified) or _prefix_kind(qualified)


def magic_effect(magic: Magic) -> EffectKind | None:
    if magic.kind in ("shell", "shell_assign"):
        return "shell"
    return _MAGICS.get(magic.name)


def path_argument(call: CallSite) -> str | None:
    """The literal path or URL a file or network call is given, when it is a literal."""
    candidates = [call.args[0]] if call.args else []
    candidates += [call.keywords[k] for k in _PATH_KEYWORDS if k in call.keywords]
    for arg in candidates:
        if isinstance(arg.value, str):
            return arg.value
    return None


def path_name(call: CallSite) -> str | None:
    """The name a file or network call is given as its path (``pd.read_csv(DATA)``)."""
    candidates = [call.args[0]] if call.args else []
    candidates += [call.keywords[k] for k in _PATH_KEYWORDS if k in call.keywords]
    for arg in candidates:
        if isinstance(arg.node, cst.Name):
            return arg.node.value
    return None


_PREFIX_HEADS = frozenset(prefix.split(".")[0] for prefix, _ in _PREFIXES)


def _prefix_kind(qualified: str) -> EffectKind | None:
    if qualified.split(".", 1)[0] not in _PREFIX_HEADS:
        return None
    for prefix, kind in _PREFIXES:
        if qualified.startswith(prefix):
            return kind
    return None


def _open_kind(call: CallSite) -> EffectKind:
    mode = call.keywords.get("mode") or (call.args[1] if len(call.args) > 1 else None)
    text = mode.value if mode is not None and isinstance(mode.value, str) else "r"
    return "file_write" if any(c in text for c in "wax+") else "file_read"


def _by_path(kind: EffectKind, call: CallSite, qualified: str) -> EffectKind:
    """A read or a display given a URL fetches it (network); an image displayed from a
    literal file path reads that file."""
    if kind not in ("file_read", "display"):
        return kind
    path = path_argument(call)
    if path is not None and is_url(path):
        return "network"
    if kind == "display" and path is not None and qualified in _DISPLAY_READS:
        return "file_read"
    return kind


_DISPLAY_READS = frozenset({"IPython.display.Image", "IPython.core.display.Image"})


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "ftp://", "s3://", "gs://", "hdfs://"))
