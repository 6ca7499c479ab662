"""Standalone code run in the package subprocess: import PKG, call run(Config()), capture.

Sent as ``python -c`` source after dump.py's, so the working folder is on ``sys.path`` as it
is in a kernel. Arguments: package name, JSON list of names, dump path, error path.
"""

import importlib
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


def _nb2mod_main(argv: list) -> int:
    package, names, dump_path, error_path = argv[1], json.loads(argv[2]), argv[3], argv[4]
    stage = "import"
    try:
        config = importlib.import_module(package + ".config")
        pipeline = importlib.import_module(package + ".pipeline")
        stage = "run"
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
    dump_values(result, list(names), dump_path, (package,))  # noqa: F821 - from dump.py
    return 0


sys.exit(_nb2mod_main(sys.argv))
