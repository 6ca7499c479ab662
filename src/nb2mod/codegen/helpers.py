"""The small helper functions pipeline.py may need, as source text, with their imports."""

from __future__ import annotations

HELPER_IMPORTS: dict[str, tuple[str, ...]] = {
    "reading": ("import contextlib", "from collections.abc import Iterator"),
    "timed": ("import contextlib", "from collections.abc import Iterator"),
    "functools": ("import functools",),
    "importlib": ("import importlib",),
    "save_figure": ("import os",),
}

HELPERS: dict[str, str] = {
    "reading": '''@contextlib.contextmanager
def reading(what: str) -> Iterator[None]:
    """Turn a failed file or network read into a PipelineError naming ``what``."""
    try:
        yield
    except (OSError, ValueError) as exc:
        raise PipelineError(f"cannot read {what}: {exc}") from exc
''',
    "timed": '''@contextlib.contextmanager
def timed(label: str) -> Iterator[None]:
    """Log how long the block took (the notebook timed it with %time or %timeit)."""
    from time import perf_counter

    start = perf_counter()
    yield
    logger.info("%s took %.3f s", label, perf_counter() - start)
''',
    "save_figure": '''def save_figure(folder: str, name: str) -> None:
    """Save the current figure (the notebook showed it) as folder/name.png, then close it."""
    from matplotlib import pyplot

    os.makedirs(folder, exist_ok=True)
    pyplot.savefig(os.path.join(folder, f"{name}.png"))
    pyplot.close()
''',
    "write_asset": '''def write_asset(path: str, text: str, append: bool = False) -> None:
    """Write the file a %%writefile cell wrote."""
    with open(path, "a" if append else "w", encoding="utf-8") as handle:
        handle.write(text)
''',
    "display": '''def display(*objects: Any) -> None:
    """IPython's display(): outside a notebook the objects are logged at DEBUG level."""
    for value in objects:
        logger.debug("%r", value)
''',
    "undefined_in_notebook": '''def undefined_in_notebook(name: str) -> Any:
    """A name the notebook reads but no earlier cell defines (hidden state): fail clearly."""
    raise PipelineError(f"the notebook reads {name!r} but no earlier cell defines it")
''',
}
