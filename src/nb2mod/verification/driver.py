"""Standalone code run in the package subprocess: import PKG, call run(Config()), capture.

Sent as ``python -c`` source after dump.py's, so the working folder is on ``sys.path`` as it
is in a kernel. Arguments: package name, JSON list of names, dump path, error path, a JSON
list of step names (values run() holds in local variables when it returns), and the path of
the JSON file for what run() printed and displayed.
"""

import ast
import importlib
import inspect
import io
import json
import logging
import os
import sys
import traceback
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # joined after dump.py's source when sent; never imported at run time
    from nb2mod.verification.dump import dump_values


class _Nb2modOutput:
    """What run() prints: sys.stdout and the package loggers' INFO records in one ordered
    text (nb2mod's own ``timed`` records left out), and the values display-only expressions
    log at DEBUG level (``logger.debug("%r", value)``), as IPython's pretty printer shows
    them, each with its pipeline.py line."""

    def __init__(self, pipeline_file):
        self.pipeline_file = pipeline_file
        self.printed = []
        self.shown = []
        self.pandas_ready = False

    def write(self, text):
        self.printed.append(text)

    def prepare(self):
        """Show pandas frames as a Jupyter kernel does: a terminal's default of 0 for
        ``display.max_columns`` truncates to the terminal's width, a kernel shows 20."""
        pandas = sys.modules.get("pandas")
        if pandas is None or self.pandas_ready:
            return
        self.pandas_ready = True
        try:
            if pandas.get_option("display.max_columns") == 0:
                pandas.set_option("display.max_columns", 20)
        except Exception:  # only the display differs, never the values
            pass

    def show(self, value, line):
        self.prepare()
        try:
            from IPython.lib.pretty import pretty

            text = pretty(value, max_width=79, max_seq_length=1000)
        except Exception:  # no IPython, or a failing pretty printer: the plain repr
            try:
                text = repr(value)
            except Exception as exc:  # a failing repr is shown as such, never raised
                text = f"<repr failed: {type(exc).__name__}>"
        self.shown.append([line, text])

    def to_json(self):
        return {"printed": "".join(self.printed), "shown": self.shown}


_NB2MOD_IPYTHON_DISPLAY = os.path.join("IPython", "core", "display")


def _nb2mod_from_ipython_display(frame):
    """Outside a kernel, IPython's display() prints what it would show: that text stands
    for a notebook display (not compared as printed output), not for a print."""
    return frame is not None and _NB2MOD_IPYTHON_DISPLAY in frame.f_code.co_filename


class _Nb2modStdout(io.TextIOBase):
    """sys.stdout during run(): text goes into the shared output buffer, and to the log."""

    def __init__(self, output, original):
        self._output = output
        self._original = original

    def write(self, text):
        if not _nb2mod_from_ipython_display(sys._getframe(1)):
            self._output.write(text)
        self._original.write(text)  # the run's log (kept with --keep) still shows it
        return len(text)

    @property
    def buffer(self):
        return self._original.buffer

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return self._original.fileno()

    @property
    def encoding(self):  # type: ignore[override]  # a text stream's encoding is read-only
        return "utf-8"


class _Nb2modHandler(logging.Handler):
    def __init__(self, output):
        super().__init__(logging.DEBUG)
        self._output = output

    def emit(self, record):
        try:
            if record.levelno == logging.DEBUG:
                if (
                    record.msg == "%r"
                    and os.path.abspath(record.pathname) == self._output.pipeline_file
                ):
                    args = record.args
                    value = args[0] if isinstance(args, tuple) and len(args) == 1 else args
                    self._output.show(value, record.lineno)
            elif record.levelno == logging.INFO and record.msg != "%s took %.3f s":
                self._output.prepare()
                self._output.write(record.getMessage() + "\n")
        except Exception:  # the capture must never change what run() does
            self.handleError(record)


def _nb2mod_capture(package, pipeline):
    """Start capturing run()'s output."""
    output = _Nb2modOutput(os.path.abspath(pipeline.__file__))
    output.prepare()
    logger = logging.getLogger(package)
    logger.setLevel(logging.DEBUG)
    logger.addHandler(_Nb2modHandler(output))
    sys.stdout = _Nb2modStdout(output, sys.__stdout__)
    return output


def _nb2mod_failed_step(exc: BaseException, package_dir: str) -> tuple[str, str]:
    """The innermost function of the package in the traceback, and its file:line."""
    step, where = "", ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename).startswith(package_dir):
            step = frame.name if frame.name != "<module>" else "import"
            where = f"{os.path.basename(frame.filename)}:{frame.lineno}"
    return step, where


def _nb2mod_run_with_locals(pipeline, run, config):
    """Call run(config); when step names are wanted, call the same source compiled so that
    each ``return value`` also returns ``locals()`` (no tracing, so no slowdown)."""
    try:
        source = inspect.getsource(run)
        tree = ast.parse(source)
        function = tree.body[0]
        assert isinstance(function, ast.FunctionDef)
        for node in ast.walk(function):
            if isinstance(node, ast.Return) and node.value is not None:
                call = ast.Call(ast.Name("locals", ast.Load()), [], [])
                node.value = ast.Tuple([node.value, call], ast.Load())
        function.name = "_nb2mod_run"
        ast.fix_missing_locations(tree)
        ast.increment_lineno(tree, run.__code__.co_firstlineno - 1)
        exec(compile(tree, pipeline.__file__, "exec"), pipeline.__dict__)
    except Exception:  # an unusual run(): fall back to calling it without its locals
        return run(config), {}
    return pipeline.__dict__.pop("_nb2mod_run")(config)


def _nb2mod_main(argv: list) -> int:
    package, names, dump_path, error_path = argv[1], json.loads(argv[2]), argv[3], argv[4]
    step_names = json.loads(argv[5]) if len(argv) > 5 else []
    output_path = argv[6] if len(argv) > 6 else ""
    entry = argv[7] if len(argv) > 7 else "run"
    run_locals = {}
    output = None
    stage = "import"
    try:
        config = importlib.import_module(package + ".config")
        pipeline = importlib.import_module(package + ".pipeline")
        stage = "run"
        run = getattr(pipeline, entry)
        if output_path:
            output = _nb2mod_capture(package, pipeline)
        if step_names:
            result, run_locals = _nb2mod_run_with_locals(pipeline, run, config.Config())
        else:
            result = run(config.Config())
        if not isinstance(result, dict):
            raise TypeError(f"run() returned {type(result).__name__}, not a dict")
    except BaseException as exc:
        sys.stdout = sys.__stdout__  # every failure is reported as a value to the verifier
        base = os.path.dirname(getattr(sys.modules.get(package), "__file__", "") or "") or "\0"
        step, where = _nb2mod_failed_step(exc, os.path.abspath(base))
        message = f"{type(exc).__name__}: {exc}"
        report = {"stage": stage, "step": step or stage, "where": where, "error": message}
        with open(error_path, "w", encoding="utf-8") as handle:
            json.dump(report, handle)
        traceback.print_exc()
        return 1
    sys.stdout = sys.__stdout__
    if output is not None:
        with open(output_path, "w", encoding="utf-8") as handle:
            json.dump(output.to_json(), handle)
    values = {**{n: run_locals[n] for n in step_names if n in run_locals}, **result}
    dump_values(values, list(names) + list(step_names), dump_path, (package,))
    return 0


sys.exit(_nb2mod_main(sys.argv))
