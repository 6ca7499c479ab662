"""Standalone reader of the fixtures ``convert --capture`` writes (stdlib; numpy and pandas
only when a value needs them): copied into the generated tests, run in the kernel to check
that each readable file gives back exactly the value it was written from.

A step's fixture is the folder ``tests/fixtures/STEP/``: ``values.json`` maps each input and
output name to an entry (the value itself when JSON holds it, a numpy scalar, or the file
holding it: ``.array.json`` for arrays, ``.csv`` plus ``.dtypes.json`` for frames and series,
``.pkl.b64`` when nothing readable gives the value back), and ``figures``, when the step
showed figures, a digest of each (``_figure_digest``) in the order they were shown;
``random.json`` holds the global random state the step started with (the capture ran joblib's
parallel work in the kernel's own process: ``_sequential``), and ``printed.txt``,
when the step's cells printed anything, what they printed (each line as ``_printed_key``
gives it).
"""


def _read_json(path):
    """The JSON value a fixture file holds."""
    import json

    return json.loads(path.read_text(encoding="utf-8"))


def _load_value(folder, entry):
    """The value ``entry`` of a ``values.json`` stands for."""
    if "json" in entry:
        return entry["json"]
    if "scalar" in entry:
        import numpy

        return numpy.dtype(entry["scalar"]).type(entry["value"])
    if "array" in entry:
        import numpy

        spec = _read_json(folder / entry["array"])
        return numpy.array(spec["values"], dtype=spec["dtype"]).reshape(spec["shape"])
    if "csv" in entry:
        return _load_pandas(folder / entry["csv"], _read_json(folder / entry["dtypes"]))
    import base64
    import pickle

    text = (folder / entry["pickle"]).read_text(encoding="ascii")
    return pickle.loads(base64.b64decode(text))


def _read_dtype(field):
    """The dtype ``pandas.read_csv`` reads a column as, before ``_as_dtype``."""
    dtype = field["dtype"]
    if dtype == "category":
        return field["categories_dtype"]
    if dtype.startswith(("datetime64", "timedelta64")):
        return "object"
    return dtype


def _as_dtype(column, field):
    """A column read by ``pandas.read_csv`` converted to the dtype it was written with."""
    import pandas

    dtype = field["dtype"]
    if dtype == "category":
        categories = pandas.Index(field["categories"], dtype=field["categories_dtype"])
        return column.astype(pandas.CategoricalDtype(categories, ordered=field["ordered"]))
    if dtype.startswith("datetime64"):
        return pandas.to_datetime(column, format="ISO8601").astype(dtype)
    if dtype.startswith("timedelta64"):
        return pandas.to_timedelta(column).astype(dtype)
    return column


def _exact_floats(version):
    """pandas before 3 reads floats exactly only when asked (3 always does, and warns)."""
    return {"float_precision": "round_trip"} if int(version.split(".")[0]) < 3 else {}


def _load_pandas(path, spec):
    """A DataFrame or Series from its CSV file and the dtypes in its sidecar ``spec``."""
    import pandas

    levels = spec["index"] or []
    fields = levels + spec["columns"]
    names = [f"_{i}" for i in range(len(fields))]
    frame = pandas.read_csv(
        path,
        header=0,
        names=names,
        dtype={f"_{i}": _read_dtype(field) for i, field in enumerate(fields)},
        keep_default_na=False,
        na_values=[""],
        **_exact_floats(pandas.__version__),
    )
    for i, field in enumerate(fields):
        frame[f"_{i}"] = _as_dtype(frame[f"_{i}"], field)
    if levels:
        arrays = [frame.pop(name) for name in names[: len(levels)]]
        level_names = [level["name"] for level in levels]
        if len(arrays) == 1:
            frame.index = pandas.Index(arrays[0]).rename(level_names[0])
        else:
            frame.index = pandas.MultiIndex.from_arrays(arrays, names=level_names)
    else:
        frame.index = pandas.RangeIndex(*spec["range"])
    labels = [column["name"] for column in spec["columns"]]
    frame.columns = pandas.Index(labels, dtype=spec["columns_dtype"])
    if spec["kind"] == "series":
        series = frame.iloc[:, 0]
        series.name = labels[0]
        return series
    return frame


def _load_fixture(folder):
    """A step's inputs, outputs and starting random state, from ``folder``."""
    values = _read_json(folder / "values.json")
    return {
        "inputs": {k: _load_value(folder, e) for k, e in values["inputs"].items()},
        "outputs": {k: _load_value(folder, e) for k, e in values["outputs"].items()},
        "figures": values.get("figures", []),
        "random": _read_json(folder / "random.json"),
        "printed": _read_printed(folder / "printed.txt"),
    }


def _read_printed(path):
    """The lines of a ``printed.txt`` (none when the step printed nothing)."""
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def _printed_key(line):
    """A printed line as the tests compare it: without trailing blanks, memory addresses and
    the ``<locals>.`` a step function adds to qualified names, and with the numbers of a line
    that looks like a time or a duration written ``#``."""
    import re

    line = re.sub(r"\b[\w.]*<locals>\.", "", re.sub(r"0x[0-9a-fA-F]+", "0x", line.rstrip()))
    if re.search(_time_words(), line, re.IGNORECASE):
        line = re.sub(r"\d+(?:[.,:]\d+)*", "#", line)
    return line


def _time_words():
    """What in a line says it shows a time or a duration (verify's test too)."""
    return (
        r"(\d\d:\d\d|\d{4}-\d\d-\d\d|\b(?:elapsed|took|timestamp)\b"
        r"|\d\s*(?:ns|µs|us|ms|s|sec|secs|seconds?|min|mins|minutes?|it/s|s/it)\b)"
    )


def _printed_lines(timed):
    """A logging handler that keeps in ``.lines``, as each record is logged (its values may
    change later), the lines of the INFO records: the package's prints, not the ``timed``
    helper's durations."""
    import logging

    class Lines(logging.Handler):
        def __init__(self):
            super().__init__(logging.INFO)
            self.lines = []

        def emit(self, record):
            if record.levelno == logging.INFO and record.funcName != timed:
                self.lines.extend(map(_printed_key, record.getMessage().split("\n")))

    return Lines()


def _assert_printed(lines, expected):
    """Each line the step logged (``_printed_lines``) ends a line the notebook printed in the
    step's cells, in the same order: other output (a library's, a ``print(..., end=...)``
    nb2mod kept) may come between."""
    at = 0
    for number, line in enumerate(lines, 1):
        while at < len(expected) and not expected[at].endswith(line):
            at += 1
        assert at < len(
            expected
        ), f"its printed line {number} differs from what the notebook printed: {line!r}"
        at += 1


def _figure_digest(figure):
    """What a matplotlib figure looks like, in short: its size in inches and a digest of its
    pixels drawn at a small resolution (the same in a notebook's kernel and in a script)."""
    import hashlib
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="rgba", dpi=40)
    width, height = figure.get_size_inches()
    return f"{width:g}x{height:g} " + hashlib.sha256(buffer.getvalue()).hexdigest()[:24]


def _sequential():
    """joblib's parallel work in this process (its "sequential" backend, as --capture ran the
    notebook), so that an estimator nothing seeds draws what it drew there; a no-op without
    joblib."""
    import contextlib
    import importlib

    try:
        joblib = importlib.import_module("joblib")
    except ImportError:
        return contextlib.nullcontext()
    return getattr(joblib, "parallel_config", joblib.parallel_backend)(backend="sequential")


def _restore_random(state):
    """The global random state the notebook had when the step started."""
    import random

    version, internal, gauss = state["random"]
    random.setstate((version, tuple(internal), gauss))
    if "numpy" in state:
        import numpy

        name, keys, position, has_gauss, cached = state["numpy"]
        keys = numpy.array(keys, dtype=numpy.uint32)
        numpy.random.set_state((name, keys, position, has_gauss, cached))
