"""generate(): Plan + parsed cells -> {path: text} of the package, black-formatted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from nb2mod.analysis.facts import Analysis
from nb2mod.codegen.chunks import join_chunks, unstyled
from nb2mod.codegen.config import render_config, render_toml
from nb2mod.codegen.package import render_init, render_main
from nb2mod.codegen.pipeline import render_pipeline
from nb2mod.codegen.project import render_dockerfile, render_dockerignore, render_workflow
from nb2mod.codegen.readme import render_readme
from nb2mod.codegen.report import render_report
from nb2mod.codegen.requirements import render_pyproject, render_requirements
from nb2mod.codegen.tests import render_tests
from nb2mod.codegen.text import safe_text
from nb2mod.plan.model import Plan
from nb2mod.plan.planner import third_party
from nb2mod.sourcemap import SourceMap


@dataclass(frozen=True)
class Generated:
    """The package's files (path relative to the output folder -> text) and their map."""

    files: dict[PurePosixPath, str]
    source_map: SourceMap


def generate(plan: Plan, analysis: Analysis, extra_tests: str = "") -> Generated:
    """Every file of the package, each rendered once and black-formatted at most once;
    ``extra_tests`` (the characterization tests of --capture) end the test module."""
    p = plan.package
    local = {module.name for module in plan.local_modules}  # never a listed library
    imported = [name for name in third_party(plan.imported_modules, p) if name not in local]
    pipeline, pipeline_map = render_pipeline(plan, analysis)
    tests = render_tests(plan, imported) + ([unstyled(extra_tests)] if extra_tests else [])
    chunks = {
        f"{p}/__init__.py": [render_init(plan)],
        f"{p}/config.py": [render_config(plan)],
        f"{p}/__main__.py": [render_main(plan)],
        f"tests/test_{p}.py": tests,
    }
    # nb2mod's own code is written in black's style: black formats only what holds the
    # notebook's code or values it could not write exactly (codegen/chunks.py)
    python = {path: join_chunks(parts, plan.format) for path, parts in chunks.items()}
    python[f"{p}/pipeline.py"] = pipeline
    files = {PurePosixPath(path): text for path, text in python.items()}
    files[PurePosixPath("config.toml")] = render_toml(plan)
    files[PurePosixPath("requirements.txt")] = render_requirements(plan.dependencies)
    files[PurePosixPath("pyproject.toml")] = render_pyproject(plan, _description(plan))
    files[PurePosixPath("README.md")] = render_readme(plan)
    files[PurePosixPath("Dockerfile")] = render_dockerfile(plan)
    files[PurePosixPath(".dockerignore")] = render_dockerignore(plan)
    files[PurePosixPath(".github/workflows/ci.yml")] = render_workflow(plan)
    files[PurePosixPath("CONVERSION.md")] = render_report(plan, pipeline, pipeline_map)
    for module in plan.carried:  # the local modules, copied unchanged
        files.update({PurePosixPath(p, path): text for path, text in module.files})
    return Generated(dict(sorted(files.items())), SourceMap((pipeline_map,)))


def _description(plan: Plan) -> str:
    name = plan.notebook.replace("\\", "/").rsplit("/", 1)[-1]
    return safe_text(f"{plan.title}: the {name} notebook as a package (converted by nb2mod)")
