"""The notebook side: execute it with nbclient in a fresh kernel and capture named values."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nb2mod.interpreters import Kernel, own_kernel
from nb2mod.notebook import Notebook
from nb2mod.verification.processes import RunProcesses
from nb2mod.verification.stopping import check_stopped, contained

DUMP_SOURCE = (Path(__file__).with_name("dump.py")).read_text(encoding="utf-8")


@dataclass(frozen=True)
class NotebookRun:
    """A finished notebook run: ``ok`` with values at ``dump``, or the cell that failed."""

    ok: bool
    dump: Path | None = None
    cell: int | None = None
    error: str = ""
    seconds: float = 0.0
    harness_failed: bool = False  # the kernel did not start, or capturing the values failed
    stdout: tuple[tuple[int, str], ...] = ()  # (cell, text) of each stdout stream, in order
    results: tuple[tuple[int, str], ...] = ()  # (cell, text/plain) of each execute_result
    python: str | None = None  # the interpreter the kernel ran, as it reported it


def run_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment both sides run in: headless plots and a fixed hash seed."""
    env = dict(os.environ)
    env.update({"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    env.update(extra or {})
    return env


def prepare_source(report: Path) -> str:
    """The first cell: write the kernel's interpreter to ``report`` (what ran the notebook,
    whatever the kernelspec's argv says). Nothing is seeded: the notebook runs as it would."""
    write = f"__import__('pathlib').Path({str(report)!r}).write_text(__import__('sys').executable)"
    return write + "\n"


def kernel_python(report: Path) -> str | None:
    """The interpreter a kernel reported (prepare_source), when it got that far."""
    try:
        return report.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def dump_cell_source(names: Sequence[str], path: Path, local_prefixes: Sequence[str] = ()) -> str:
    """Code that writes the values of ``names`` to ``path`` without leaving names behind."""
    return (
        "_nb2mod_ns = {}\n"
        f"exec({DUMP_SOURCE!r}, _nb2mod_ns)\n"
        f"_nb2mod_ns['dump_values'](globals(), {list(names)!r}, {str(path)!r}, "
        f"{tuple(local_prefixes)!r})\n"
        "del _nb2mod_ns\n"
    )


def run_notebook(
    notebook: Notebook,
    names: Sequence[str],
    workdir: Path,
    dump: Path,
    timeout: float,
    kernel: Kernel | None = None,
) -> NotebookRun:
    """Run every code cell in order in ``workdir`` in ``kernel`` (default: nb2mod's own),
    then capture ``names`` into ``dump``."""
    import nbformat

    report = dump.with_suffix(".python")
    cells = [(0, _code_cell(nbformat, prepare_source(report), ()))]
    cells += [(c.index, _code_cell(nbformat, c.source, c.tags)) for c in notebook.code_cells]
    cells.append((0, _code_cell(nbformat, dump_cell_source(names, dump), ())))
    started = time.monotonic()
    failure = execute_cells(cells, workdir, timeout, dump.with_suffix(".log"), kernel)
    seconds = time.monotonic() - started
    python = kernel_python(report)
    if failure is not None:
        cell, error = failure
        harness = cell <= 0
        if cell == 0:
            error = f"capturing the values after the last cell failed: {error}"
        return NotebookRun(
            False,
            cell=max(cell, 0) or None,
            error=error,
            seconds=seconds,
            harness_failed=harness,
            python=python,
        )
    stdout, results = cell_outputs(cells)
    return NotebookRun(True, dump, seconds=seconds, stdout=stdout, results=results, python=python)


HARNESS_BASE = 1_000_000  # cells numbered from here (and 0) are nb2mod's, not the notebook's


def execute_cells(
    cells: list[tuple[int, Any]],
    workdir: Path,
    timeout: float,
    log: Path,
    kernel: Kernel | None = None,
) -> tuple[int, str] | None:
    """Run ``(index, nbformat cell)`` pairs in order in a fresh ``kernel`` (default: nb2mod's
    own) in ``workdir``, kernel output to ``log``. None when every cell ran; else (index,
    one-line error), the index -1 when the kernel could not be started. A kernel that dies
    while starting gets one more try within the same ``timeout``. Every process the kernel
    started is killed at the end."""
    import nbformat

    kernel = kernel or own_kernel()
    node = nbformat.v4.new_notebook(cells=[cell for _, cell in cells])
    node.metadata["kernelspec"] = {"name": kernel.name, "language": "python"}
    specs = log.with_suffix(".kernels")
    with log.open("wb") as stream, contained() as processes:
        start = {"env": run_environment(processes.environment()), "stderr": stream}
        started = time.monotonic()
        client = _client(node, workdir, timeout, kernel, specs)
        failure = _execute(client, cells, timeout, start, processes, kernel)
        if failure is not None and failure[0] < 0:
            left = timeout - (time.monotonic() - started)
            client = _client(node, workdir, left, kernel, specs)
            failure = _execute(client, cells, left, start, processes, kernel)
    check_stopped()
    return failure


def _client(node: Any, workdir: Path, timeout: float, kernel: Kernel, specs: Path) -> Any:
    from nbclient import NotebookClient

    client = NotebookClient(
        node,
        km=_kernel_manager(kernel, specs),
        timeout=max(1, int(timeout)),
        resources={"metadata": {"path": str(workdir)}},
        allow_errors=False,
        record_timing=False,
    )
    if any("ipykernel" in part for part in kernel.argv):  # as nbclient does for "python3"
        client.extra_arguments = ["--HistoryManager.hist_file=:memory:"]
    return client


def _kernel_manager(kernel: Kernel, specs: Path) -> Any:
    """jupyter_client's manager for ``kernel``; nb2mod's own is written as a kernelspec in
    ``specs``, so a ``python3`` kernel installed elsewhere cannot stand in for it."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    if not kernel.own:
        return AsyncKernelManager(kernel_name=kernel.name)
    folder = specs / kernel.name
    folder.mkdir(parents=True, exist_ok=True)
    spec = {"argv": list(kernel.argv), "display_name": "nb2mod", "language": "python"}
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    manager = KernelSpecManager(kernel_dirs=[str(specs)], ensure_native_kernel=False)
    return AsyncKernelManager(kernel_name=kernel.name, kernel_spec_manager=manager)


def cell_outputs(
    cells: Sequence[tuple[int, Any]],
) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]:
    """The stdout streams and execute_result texts of the executed notebook cells (the
    harness's own cells, numbered 0, are left out)."""
    stdout: list[tuple[int, str]] = []
    results: list[tuple[int, str]] = []
    for index, cell in cells:
        if index <= 0:
            continue
        for output in cell.get("outputs", ()):
            kind = output.get("output_type")
            if kind == "stream" and output.get("name") == "stdout":
                stdout.append((index, _text(output.get("text", ""))))
            elif kind == "execute_result":
                plain = output.get("data", {}).get("text/plain")
                if plain is not None:
                    results.append((index, _text(plain)))
    return tuple(stdout), tuple(results)


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _code_cell(nbformat: Any, source: str, tags: Sequence[str]) -> Any:
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})


def _execute(
    client: Any,
    cells: list[tuple[int, Any]],
    timeout: float,
    start: dict[str, Any],
    processes: RunProcesses,
    kernel: Kernel,
) -> tuple[int, str] | None:
    """None when every cell ran; else (notebook cell index, one-line error). The index is 0
    for the capture cell and -1 when the kernel could not be started."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    index, deadline = -1, time.monotonic() + timeout
    try:
        with client.setup_kernel(**start, cleanup_kc=True):
            processes.add(_kernel_pid(client))
            for position, (index, cell) in enumerate(cells):
                left = deadline - time.monotonic()
                if left <= 0:
                    return index, f"timed out: the notebook ran longer than {timeout:g} s"
                client.timeout = max(1, int(left))
                # harness cells (index 0, capture's snapshots) keep out of IPython's history,
                # so execution counts, Out[N] and _N are those of a run from the top
                client.execute_cell(cell, position, store_history=0 < index < HARNESS_BASE)
    except CellExecutionError as exc:
        return index, _one_line(f"{exc.ename}: {exc.evalue}")
    except CellTimeoutError:
        return index, "timed out: the cell ran past the time limit"
    except DeadKernelError as exc:
        return index, _one_line(f"the kernel died: {exc}")
    except Exception as exc:  # jupyter_client raises many kinds when a kernel cannot start
        if index < 0:
            return -1, _one_line(f"could not start {kernel.describe()}: {exc}")
        return index, _one_line(f"kernel failure ({type(exc).__name__}: {exc})")
    return None


def _kernel_pid(client: Any) -> int | None:
    pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
    return pid if isinstance(pid, int) else None


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
