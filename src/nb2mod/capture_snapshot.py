"""Standalone snapshot code run INSIDE the kernel by ``convert --capture`` (stdlib only).

Its source is sent as is, so it must not import nb2mod. ``before`` stores a step's inputs
and the global random state; ``after`` adds the step's outputs and writes the step's
fixture (or the reason there is none) for nb2mod to read. ``watch_figures`` (run first, when
the package saves figures) records a digest of each figure the inline backend shows, so that
``after`` can store those the step showed.
"""

from __future__ import annotations

import pickle
import random
import sys
from pathlib import Path
from typing import Any


def refers_to_main(blob: bytes) -> bool:
    """Whether a pickle names ``__main__``: it would not load outside the notebook."""
    import pickletools

    try:
        args = [arg for _, arg, _ in pickletools.genops(blob) if isinstance(arg, str)]
    except Exception:  # an odd pickle: treated as unusable rather than guessed at
        return True
    return any(arg == "__main__" or arg.startswith("__main__ ") for arg in args)


def _nb2mod_blobs(
    namespace: dict[str, Any], names: list[str], limit: int, each: bool = False
) -> tuple[dict[str, Any], dict[str, str], str | None]:
    """The values of ``names`` that can be stored, why each other one cannot, and why none
    can be stored when they are too large together (``each``: outputs, where a value that
    does not fit any more is left out and the others are still stored)."""
    values: dict[str, Any] = {}
    left_out: dict[str, str] = {}
    total = 0
    for name in names:
        if name not in namespace:
            left_out[name] = "is not bound when the step runs in the notebook"
            continue
        try:
            blob = pickle.dumps(namespace[name], protocol=4)
        except Exception as exc:  # an unpicklable value is not stored
            left_out[name] = f"cannot be pickled ({type(exc).__name__}: {exc})"[:300]
            continue
        if refers_to_main(blob):
            left_out[name] = "holds classes or functions defined in the notebook"
            continue
        if total + len(blob) > limit and each:
            summary = _nb2mod_summary(namespace[name], limit - total)
            if summary is None:
                left_out[name] = f"is too large to store ({len(blob) / 1024**2:.1f} MB pickled)"
                continue
            blob, namespace = summary, {**namespace, name: pickle.loads(summary)}
        total += len(blob)
        if total > limit:
            return {}, left_out, f"its values exceed {limit / 1024**2:g} MB pickled ({name!r})"
        values[name] = namespace[name]
    return values, left_out, None


SUMMARY = "_nb2mod_summary_of"  # marks a summary (private: the state comparison skips it)


def _nb2mod_summary(value: Any, room: int) -> bytes | None:
    """A pickled summary of an object too large to store whole that has no value equality (a
    fitted search over models): its public attributes holding plain data, numpy or pandas
    values (what the tests compare of such an object), when that fits in ``room`` bytes."""
    from types import SimpleNamespace

    if type(value).__eq__ is not object.__eq__ or not _nb2mod_has_state(value):
        return None
    plain = (int, float, str, bytes, list, tuple, dict, type(None))
    kept = {
        k: v
        for k, v in vars(value).items()
        if not k.startswith("_")
        and (isinstance(v, plain) or type(v).__module__.split(".")[0] in ("numpy", "pandas"))
    }
    try:
        blob = pickle.dumps(SimpleNamespace(**kept, **{SUMMARY: type(value).__name__}), protocol=4)
    except Exception:  # a part that does not pickle: no summary
        return None
    return blob if len(blob) <= room and not refers_to_main(blob) else None


def _nb2mod_random_state() -> dict[str, Any]:
    state: dict[str, Any] = {"random": random.getstate()}
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        try:
            state["numpy"] = numpy.random.get_state()
        except Exception:  # an unusual numpy: its state is not restored
            pass
    return state


def watch_figures() -> None:
    """Record a digest of each figure the notebook shows, as Jupyter's inline backend shows
    them (and as the package saves them): at ``plt.show()`` and at the end of each cell, every
    open figure with something drawn, which is then closed. The capture kernel draws with
    Agg, where neither happens by itself; a notebook that switches to the inline backend has
    its figures recorded where that backend draws them."""
    try:
        import matplotlib.pyplot as pyplot
        from matplotlib.backend_bases import FigureCanvasBase
    except ImportError:  # no matplotlib: the notebook draws nothing here
        return
    from IPython import get_ipython

    digest = _nb2mod_function("_figure_digest", "capture_formats")
    shown: list[str] = []
    original = FigureCanvasBase.print_figure

    def print_figure(self: Any, *args: Any, **kwargs: Any) -> Any:
        if sys._getframe(1).f_globals.get("__name__") == "IPython.core.pylabtools":
            shown.append(digest(self.figure))
        return original(self, *args, **kwargs)

    def show(*args: Any, **kwargs: Any) -> None:
        for number in pyplot.get_fignums():
            figure = pyplot.figure(number)
            if figure.axes or figure.lines:
                shown.append(digest(figure))
        pyplot.close("all")

    show.nb2mod_shown = shown  # type: ignore[attr-defined]
    FigureCanvasBase.print_figure = print_figure  # type: ignore[method-assign]
    pyplot.show = show
    get_ipython().events.register("post_run_cell", lambda *_: show())


def _nb2mod_figures_shown() -> list[str] | None:
    """The digests of the figures shown since the last ``before`` (None: not watched)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    return getattr(getattr(pyplot, "show", None), "nb2mod_shown", None)


def before(
    namespace: dict[str, Any], names: list[str], path: str, limit: int, rows: int = 0
) -> None:
    """Store the step's inputs; when they are too large together and ``rows`` is given,
    the first ``rows`` rows of each frame, series and array among them instead."""
    shown = _nb2mod_figures_shown()
    if shown is not None:
        shown.clear()  # the step's figures are those shown from here on
    values, left_out, reason = _nb2mod_blobs(namespace, names, limit)
    sampled: dict[str, list[int]] = {}
    if reason is not None and not left_out and rows:
        samples, sampled = _nb2mod_samples(namespace, names, rows)
        if sampled:
            values, left_out, reason = _nb2mod_blobs({**namespace, **samples}, names, limit)
            reason = reason and f"{reason}, even with the first {rows} rows of each frame"
    if reason is None and left_out:
        name, why = next(iter(left_out.items()))
        reason = f"its input {name!r} {why}"
    record = {"inputs": values, "random": _nb2mod_random_state(), "reason": reason}
    record["sampled"] = sampled if reason is None else {}
    with open(path, "wb") as handle:
        pickle.dump(record, handle, protocol=4)


def _nb2mod_samples(
    namespace: dict[str, Any], names: list[str], rows: int
) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The first ``rows`` rows of each longer frame, series or array among ``names``, and
    each sampled name's [rows it had, rows kept]."""
    numpy, pandas = sys.modules.get("numpy"), sys.modules.get("pandas")
    samples: dict[str, Any] = {}
    for name in names:
        value = namespace.get(name)
        if pandas is not None and isinstance(value, (pandas.DataFrame, pandas.Series)):
            pass
        elif numpy is None or not isinstance(value, numpy.ndarray) or value.ndim == 0:
            continue
        if len(value) > rows:
            samples[name] = value[:rows].copy()
    return samples, {name: [len(namespace[name]), rows] for name in samples}


def _nb2mod_rerun(
    namespace: dict[str, Any], inputs: dict[str, Any], state: dict[str, Any], sources: list[str]
) -> None:
    """Run the step's cells again, on ``inputs`` (a sample) and from the random ``state`` it
    started with, in ``namespace`` itself (so the notebook's functions see the sample too);
    the caller restores the namespace and the random state afterwards."""
    namespace.update(inputs)
    random.setstate(state["random"])
    numpy = sys.modules.get("numpy")
    if numpy is not None and "numpy" in state:
        numpy.random.set_state(state["numpy"])
    shell = namespace.get("get_ipython")
    for number, source in enumerate(sources):
        if callable(shell):
            source = shell().transform_cell(source)
        exec(compile(source, f"<step cell {number} on a sample>", "exec"), namespace)


def _nb2mod_how(value: Any) -> str | None:
    """How a test compares this value with its stored copy; None: it cannot."""
    if hasattr(value, SUMMARY) and type(value).__name__ == "SimpleNamespace":
        return "summary"
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray):
        return "array"
    pandas = sys.modules.get("pandas")
    if pandas is not None:
        for kind, how in (("DataFrame", "frame"), ("Series", "series"), ("Index", "index")):
            if isinstance(value, getattr(pandas, kind)):
                return how
    try:
        same = pickle.loads(pickle.dumps(value, protocol=4)) == value
        if type(same).__name__ in ("bool", "bool_") and bool(same):
            return "equal"
    except Exception:  # no value equality: compared by state, if it has one
        pass
    if type(value).__eq__ is object.__eq__ and _nb2mod_has_state(value):
        return "state"
    return None


def _nb2mod_has_state(value: Any) -> bool:
    """Whether the generated test's state comparison (_assert_same_state) has something to
    compare: a public attribute holding plain data, a numpy or a pandas value."""
    state = getattr(value, "__dict__", None)
    if not isinstance(state, dict):
        return False
    plain = (int, float, str, bytes, list, tuple, dict, type(None))
    return any(
        isinstance(v, plain) or type(v).__module__.split(".")[0] in ("numpy", "pandas")
        for k, v in state.items()
        if not k.startswith("_")
    )


def after(
    namespace: dict[str, Any],
    names: list[str],
    before_path: str,
    path: str,
    limit: int,
    sources: list[str] | None = None,
) -> None:
    with open(before_path, "rb") as handle:
        record = pickle.load(handle)
    reason = record["reason"]
    folder = None
    how: dict[str, str | None] = {}
    left_out: dict[str, str] = {}
    sampled = record.get("sampled") or {}
    if reason is None and sampled:
        outputs, left_out, reason = _nb2mod_outputs_of_sample(
            namespace, names, before_path, limit, sources
        )
    elif reason is None:
        outputs, left_out, reason = _nb2mod_blobs(namespace, names, limit, each=True)
    if reason is None:
        how = {name: _nb2mod_how(value) for name, value in outputs.items()}
    # figures drawn from a sample are not the notebook's: compared only for full inputs
    figures = None if sampled else list(_nb2mod_figures_shown() or [])
    if reason is None:
        folder = path + ".fixture"
        try:
            write = _nb2mod_function("_nb2mod_write_fixture", "capture_encode")
            write(Path(folder), record["inputs"], outputs, record["random"], figures)
        except Exception as exc:  # shared state that pickles alone but not together
            reason, folder = f"cannot be stored ({type(exc).__name__}: {exc})"[:300], None
    with open(path, "wb") as handle:
        record = {"folder": folder, "reason": reason, "how": how, "left_out": left_out}
        record["sampled"] = sampled if folder is not None else {}
        pickle.dump(record, handle, protocol=4)


def _nb2mod_outputs_of_sample(
    namespace: dict[str, Any],
    names: list[str],
    before_path: str,
    limit: int,
    sources: list[str] | None,
) -> tuple[dict[str, Any], dict[str, str], str | None]:
    """The step's outputs when its cells run again on the sampled inputs; the notebook's
    namespace and random state are put back as they were."""
    if not sources:
        return {}, {}, "its inputs were sampled but it writes files, so it is not run again"
    with open(before_path, "rb") as handle:
        inputs, state = (lambda r: (r["inputs"], r["random"]))(pickle.load(handle))
    saved, after_state = dict(namespace), _nb2mod_random_state()
    try:
        _nb2mod_rerun(namespace, inputs, state, sources)
        rerun = {name: namespace[name] for name in names if name in namespace}
    except Exception as exc:  # the step does not run on a sample: no test
        why = f"it fails on the sampled inputs ({type(exc).__name__}: {exc})"[:300]
        return {}, {}, why
    finally:
        namespace.clear()
        namespace.update(saved)
        random.setstate(after_state["random"])
        numpy = sys.modules.get("numpy")
        if numpy is not None and "numpy" in after_state:
            numpy.random.set_state(after_state["numpy"])
    return _nb2mod_blobs(rerun, names, limit, each=True)


def _nb2mod_function(name: str, module: str) -> Any:
    """A function of another capture module: run first in the same namespace (in the
    kernel), or imported (in nb2mod's own process)."""
    found = globals().get(name)
    if found is None:
        import importlib

        found = getattr(importlib.import_module(f"nb2mod.{module}"), name)
    return found
