"""Standalone code run in the package subprocess: import PKG, call run(Config()), capture.

Sent as ``python -c`` source after dump.py's, so the working folder is on ``sys.path`` as it
is in a kernel. Arguments: package name, JSON list of names, dump path, error path, and a
JSON list of step names: values run() holds in local variables when it returns.
"""

import ast
import importlib
import inspect
import json
import os
import sys
import traceback


def _nb2mod_failed_step(exc: BaseException, package_dir: str) -> tuple[str, str]:
    """The innermost function of the package in the traceback, and its file:line."""
    step, where = "", ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename).startswith(package_dir):
            step = frame.name if frame.name != "<module>" else "import"
            where = f"{os.path.basename(frame.filename)}:{frame.lineno}"
    return step, where


def _nb2mod_run_with_locals(pipeline, config):
    """Call run(config); when step names are wanted, call the same source compiled so that
    each ``return value`` also returns ``locals()`` (no tracing, so no slowdown)."""
    try:
        source = inspect.getsource(pipeline.run)
        tree = ast.parse(source)
        function = tree.body[0]
        for node in ast.walk(function):
            if isinstance(node, ast.Return) and node.value is not None:
                call = ast.Call(ast.Name("locals", ast.Load()), [], [])
                node.value = ast.Tuple([node.value, call], ast.Load())
        function.name = "_nb2mod_run"
        ast.fix_missing_locations(tree)
        ast.increment_lineno(tree, pipeline.run.__code__.co_firstlineno - 1)
        exec(compile(tree, pipeline.__file__, "exec"), pipeline.__dict__)
    except Exception:  # an unusual run(): fall back to calling it without its locals
        return pipeline.run(config), {}
    return pipeline.__dict__.pop("_nb2mod_run")(config)


def _nb2mod_main(argv: list) -> int:
    package, names, dump_path, error_path = argv[1], json.loads(argv[2]), argv[3], argv[4]
    step_names = json.loads(argv[5]) if len(argv) > 5 else []
    run_locals = {}
    stage = "import"
    try:
        config = importlib.import_module(package + ".config")
        pipeline = importlib.import_module(package + ".pipeline")
        stage = "run"
        pin_random_state()  # noqa: F821 - from dump.py, as in the kernel before the first cell
        if step_names:
            result, run_locals = _nb2mod_run_with_locals(pipeline, config.Config())
        else:
            result = pipeline.run(config.Config())
        if not isinstance(result, dict):
            raise TypeError(f"run() returned {type(result).__name__}, not a dict")
    except BaseException as exc:  # every failure is reported as a value to the verifier
        base = os.path.dirname(getattr(sys.modules.get(package), "__file__", "") or "") or "\0"
        step, where = _nb2mod_failed_step(exc, os.path.abspath(base))
        message = f"{type(exc).__name__}: {exc}"
        report = {"stage": stage, "step": step or stage, "where": where, "error": message}
        with open(error_path, "w", encoding="utf-8") as handle:
            json.dump(report, handle)
        traceback.print_exc()
        return 1
    values = {**{n: run_locals[n] for n in step_names if n in run_locals}, **result}
    dump_values(values, list(names) + list(step_names), dump_path, (package,))  # noqa: F821
    return 0


sys.exit(_nb2mod_main(sys.argv))
