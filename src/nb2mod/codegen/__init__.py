"""Code generation: Plan + parsed cells -> {path: text} of the package, black-formatted."""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

from nb2mod.analysis.facts import Analysis
from nb2mod.codegen.config import render_config, render_toml
from nb2mod.codegen.format import format_python
from nb2mod.codegen.package import render_init, render_main
from nb2mod.codegen.pipeline import render_pipeline, settle_returns
from nb2mod.codegen.report import render_report
from nb2mod.codegen.requirements import render_requirements, third_party
from nb2mod.codegen.tests import render_tests
from nb2mod.plan.model import Plan


def generate(plan: Plan, analysis: Analysis) -> dict[PurePosixPath, str]:
    """Every file of the package, keyed by its path relative to the output folder."""
    pipeline = render_pipeline(plan, analysis)
    if not _compiles(pipeline):
        pipeline = render_pipeline(plan, analysis, safe=True)
    p = plan.package
    python = {
        f"{p}/__init__.py": render_init(plan),
        f"{p}/config.py": render_config(plan),
        f"{p}/pipeline.py": pipeline,
        f"{p}/__main__.py": render_main(plan),
    }
    imported = [m for m in _imported_modules(pipeline) if m.split(".")[0] != p]
    modules = third_party(imported)
    python[f"tests/test_{p}.py"] = render_tests(plan, analysis, modules)
    if plan.format:
        python = {path: format_python(text) for path, text in python.items()}
    files = {PurePosixPath(path): text for path, text in python.items()}
    files[PurePosixPath("config.toml")] = render_toml(plan)
    files[PurePosixPath("requirements.txt")] = render_requirements(imported, plan.requirements)
    files[PurePosixPath("CONVERSION.md")] = render_report(plan, python[f"{p}/pipeline.py"])
    return dict(sorted(files.items()))


def _compiles(code: str) -> bool:
    try:
        compile(code, "pipeline.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _imported_modules(code: str) -> list[str]:
    """Modules imported at the top level of ``code`` (not the package's own)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    modules: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.append(node.module)
    return modules


__all__ = ["generate", "settle_returns"]
