"""convert(): a notebook becomes a package in memory (a Conversion), written on request."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from nb2mod.diagnostics import Diagnostic
from nb2mod.errors import ConfigError, OutputExistsError
from nb2mod.gc_pause import collector_paused
from nb2mod.notebook import Notebook, NotebookSource, read_notebook
from nb2mod.output_tree import current_text, write_files
from nb2mod.package_names import shadowed_module
from nb2mod.plan.model import Plan
from nb2mod.redaction import replace_all
from nb2mod.settings import Settings
from nb2mod.sourcemap import SourceMap
from nb2mod.update.manifest import RECORD, NotebookRecord

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis
    from nb2mod.environment import Environment
    from nb2mod.signatures import RandomStateSignatures


@dataclass(frozen=True)
class ConvertedStep:
    """One step function of pipeline.py: its notebook cells, parameters and returns."""

    name: str
    cells: tuple[int, ...]
    params: tuple[str, ...] = ()
    returns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conversion:
    """The package for one notebook: ``files`` maps relative paths to their text;
    ``source_map`` says where each part of pipeline.py came from (see nb2mod.sourcemap)."""

    notebook: str
    package: str
    files: dict[PurePosixPath, str]
    returns: tuple[str, ...] = ()  # the names run() returns
    warnings: tuple[Diagnostic, ...] = ()
    steps: tuple[str, ...] = field(default=())  # the step functions' names, in run() order
    source_map: SourceMap = field(default_factory=SourceMap)
    pipeline_steps: tuple[ConvertedStep, ...] = ()  # the steps, in run() order
    entry: str = "run"  # the name of the function in PKG.pipeline that runs the pipeline
    # (cell, line, col) of each draw the notebook leaves unseeded and the package seeds
    seeded: tuple[tuple[int, int, int], ...] = ()
    settings: Settings = field(default_factory=Settings)  # what it was converted with
    source: NotebookRecord = field(default_factory=NotebookRecord)  # its cells, its digest
    # the variables the package reads the notebook's hard-coded secrets from, with the
    # notebook's values: verify sets them for the package it runs; never written or shown
    environment: dict[str, str] = field(default_factory=dict, repr=False)
    secrets: tuple[str, ...] = field(default=(), repr=False)  # to redact from what is shown

    @property
    def report(self) -> str:
        """CONVERSION.md: what went where, what was dropped, warnings, TODOs."""
        return self.files.get(PurePosixPath("CONVERSION.md"), "")

    def changes(self, out: str | os.PathLike[str]) -> dict[PurePosixPath, str | None]:
        """Files that differ from what is in ``out``: path -> current text (None: missing)."""
        changed: dict[PurePosixPath, str | None] = {}
        for path, text in self.files.items():
            current = current_text(Path(out, *path.parts))
            if current != text:
                changed[path] = current
        return changed

    def write(
        self, out: str | os.PathLike[str], force: bool = False, record: bool = True
    ) -> list[Path]:
        """Write the files under ``out``, all or nothing; returns the paths written.

        With ``record`` (the default) the manifest and the merge bases that ``--update`` and
        ``--check`` need go along, in ``.nb2mod/`` (replaced without ``force`` when it holds
        a manifest nb2mod can read, that is when nb2mod wrote it). An existing file with other content is an OutputExistsError naming it,
        unless ``force``; a symlink inside ``out`` on the way to a file is an
        UnsafeOutputError naming it; nothing is written then. Identical files are left
        untouched, and what an interrupted earlier run left is cleaned up first (see
        ``nb2mod.output_tree``)."""
        from nb2mod.update.record import has_record, manifest_for, record_files

        target = Path(out)
        files = dict(self.files)
        if record:
            files.update(record_files(manifest_for(self, target), self.files))
        recorded = has_record(target)
        try:
            written = write_files(target, files, force=force, own=RECORD if recorded else None)
        except OutputExistsError as exc:
            if recorded:
                raise OutputExistsError(
                    f"{exc}, or --update to merge your edits with the new conversion"
                ) from None
            raise
        return [p for p in written if p.relative_to(target).parts[0] != RECORD.name]


def convert(notebook: Notebook | NotebookSource, settings: Settings | None = None) -> Conversion:
    """Convert a notebook (a Notebook, a path, JSON text or a dict) into a package in memory.

    Never executes notebook code (except with ``settings.capture``: once, in a scratch copy
    of its folder, to store each step's inputs and outputs as test fixtures) and never
    touches the input file. Raises NotebookError for input that is not a usable notebook
    or (with capture) a notebook that fails, ConfigError for bad settings, and
    VerifyUnavailableError when capture needs nbclient or ipykernel."""
    if not isinstance(notebook, Notebook):
        notebook = read_notebook(notebook)
    settings = settings or Settings()
    _refuse_shadowing_name(settings)
    if settings.capture:
        with collector_paused():
            analysis, plan = _planned(notebook, settings)
        captured = _with_captures(notebook, plan, analysis, settings)
        return _conversion(notebook, plan, analysis, settings, *captured)
    # The collector resumes only once _generated has returned and its syntax trees are freed:
    # resumed while they live, it would walk them all once more (a sixth of the time).
    with collector_paused():
        return _generated(notebook, settings)


def _generated(notebook: Notebook, settings: Settings) -> Conversion:
    from nb2mod.codegen import generate

    analysis, plan = _planned(notebook, settings)
    generated = generate(plan, analysis)
    return _conversion(notebook, plan, analysis, settings, generated.files, generated.source_map)


def _planned(notebook: Notebook, settings: Settings) -> tuple[Analysis, Plan]:
    """The notebook's analysis and its conversion plan."""
    from nb2mod.analysis import analyze
    from nb2mod.environment import dependency_environments
    from nb2mod.local_modules import local_modules
    from nb2mod.plan import plan_conversion
    from nb2mod.star_exports import star_exports

    environments = dependency_environments(settings.python, notebook.kernel_name)
    analysis = analyze(notebook)
    signatures = _signatures(analysis, environments[0].executable)
    exports = star_exports(_star_modules(analysis))
    imported = [f.module for c in analysis.cells for f in c.imports if not f.level]
    local = local_modules(notebook.path, imported, _added_folders(analysis), notebook.project_depth)
    plan = plan_conversion(analysis, settings, exports, environments, local, signatures)
    if settings.name is None and shadowed_module(plan.package, settings.out):
        renamed = settings.replace(name=f"{plan.package}_pipeline")
        plan = plan_conversion(analysis, renamed, exports, environments, local, signatures)
    return analysis, _with_api_stops(plan, analysis, environments[0], {m.name for m in local})


def _with_api_stops(
    plan: Plan, analysis: Analysis, environment: Environment, local: set[str]
) -> Plan:
    """The plan told where run() stops for an API the installed libraries lack, asked of the
    interpreter the dependencies resolve in, about the installed third-party libraries
    pipeline.py imports only (nothing is asked when it imports none)."""
    from nb2mod.api_probe import probe_apis
    from nb2mod.plan.api_stops import api_questions, with_api_stops
    from nb2mod.plan.planner import third_party

    modules = third_party(plan.imported_modules, plan.package)
    tops = [m for m in modules if m not in local and environment.providers(m)]
    questions = api_questions(plan, analysis, tops)
    if not questions:
        return plan
    return with_api_stops(plan, analysis, probe_apis(environment.executable, questions))


def _signatures(analysis: Analysis, python: str) -> RandomStateSignatures | None:
    """Which of the notebook's scikit-learn calls take random_state, asked of ``python``
    (None: the notebook calls no scikit-learn, so nothing is asked)."""
    from nb2mod.plan.random_uses import names_to_ask
    from nb2mod.signatures import random_state_signatures

    names = names_to_ask(analysis)
    return random_state_signatures(python, names) if names else None


def _conversion(
    notebook: Notebook,
    plan: Plan,
    analysis: Analysis,
    settings: Settings,
    files: dict[PurePosixPath, str],
    source_map: SourceMap,
) -> Conversion:
    """The Conversion value; ``settings`` as given (a renamed package is in the plan)."""
    from nb2mod.plan.secrets import secret_environment
    from nb2mod.update.record import notebook_record

    if plan.redactions:  # what the rewriting left of a secret (a comment, an f-string...)
        files = {path: replace_all(text, plan.redactions) for path, text in files.items()}
    bound = {name for step in plan.steps for name in step.returns} | set(plan.module_state)
    return Conversion(
        notebook=notebook.path,
        package=plan.package,
        files=files,
        returns=tuple(n for n in plan.results if n in bound),
        warnings=plan.warnings,
        steps=tuple(step.name for step in plan.steps),
        source_map=source_map,
        pipeline_steps=tuple(
            ConvertedStep(step.name, step.cells, step.params, step.returns) for step in plan.steps
        ),
        entry=plan.name("run"),
        seeded=tuple(
            (s.cell, s.line, s.col) for s in plan.random_sites if s.how in ("argument", "global")
        ),
        settings=settings,
        source=notebook_record(notebook),
        environment=secret_environment(analysis, plan.config_fields),
        secrets=analysis.secrets.values,
    )


def _refuse_shadowing_name(settings: Settings) -> None:
    """``--name`` may not be a module Python already finds: the package would hide it (or
    itself be hidden), and ``import os`` in any program would get the wrong one."""
    if settings.name is None:
        return
    shadowed = shadowed_module(settings.name, settings.out)
    if shadowed is not None:
        raise ConfigError(
            f"--name {settings.name!r} would shadow {shadowed}; choose another package name"
        )


def _added_folders(analysis: Analysis) -> list[str]:
    """The folders the notebook's cells add to ``sys.path`` by a literal, in order."""
    return [
        effect.path
        for cell in analysis.cells
        for effect in cell.effects
        if effect.kind == "sys_path" and effect.path
    ]


def _star_modules(analysis: Analysis) -> set[str]:
    """Modules named by absolute star imports: what ``star_exports`` must look into."""
    return {
        fact.module
        for cell in analysis.cells
        for fact in cell.imports
        if fact.bound == "*" and fact.level == 0
    }


def _with_captures(
    notebook: Notebook, plan: Plan, analysis: Analysis, settings: Settings
) -> tuple[dict[PurePosixPath, str], SourceMap]:
    """The files with the characterization tests, the fixtures (readable files, pickles
    where nothing readable gives a value back), their README and the CONVERSION.md section
    that says what was captured or skipped and why."""
    from nb2mod.capture import (
        FIXTURES,
        capture_steps,
        fixture_files,
        rerunnable_steps,
    )
    from nb2mod.capture_printed import logging_steps
    from nb2mod.capture_readme import render_fixtures_readme
    from nb2mod.capture_report import render_capture_report
    from nb2mod.capture_seeds import capture_seed, seeded_sources
    from nb2mod.codegen import generate
    from nb2mod.codegen.characterization import render_characterization_tests

    rerunnable = rerunnable_steps(plan, analysis)
    sources = seeded_sources(plan, analysis)
    logging = logging_steps(plan, analysis)
    captured = capture_steps(
        notebook, plan, settings, rerunnable=rerunnable, sources=sources, logging=logging
    )
    tests = "\n\n" + render_characterization_tests(plan, captured) + "\n"
    with collector_paused():
        generated = generate(plan, analysis, extra_tests=tests)
    files = dict(generated.files)
    report = PurePosixPath("CONVERSION.md")
    files[report] = files[report] + render_capture_report(captured, capture_seed(plan))
    files.update(fixture_files(captured))
    if any(c.fixture for c in captured):
        code = {cell.index for cell in notebook.code_cells}
        files[FIXTURES / "README.md"] = render_fixtures_readme(plan, captured, code)
    return dict(sorted(files.items())), generated.source_map


__all__ = ["Conversion", "ConvertedStep", "convert"]
