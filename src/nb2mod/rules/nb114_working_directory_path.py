"""NB114 working-directory-path: a path that climbs out of the repository, or is built from the
kernel's working directory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis


def check(analysis: Analysis) -> Iterator[Finding]:
    depth = analysis.notebook.project_depth
    for path in analysis.working_directory_paths:
        if path.kind == "cwd":
            detail = f"`{path.detail}` builds a path from the kernel's working directory"
            yield Finding(path.cell, path.line, path.col, detail)
        elif depth is not None and path.levels_up > depth:
            up = "folder" if path.levels_up == 1 else "folders"
            detail = (
                f"`{path.detail}` climbs {path.levels_up} {up} above the notebook's folder, "
                "out of its repository"
            )
            yield Finding(path.cell, path.line, path.col, detail)


RULE = register(
    Rule(
        code="NB114",
        name="working-directory-path",
        message="{detail}: make it a setting, or resolve it from a data folder inside the "
        "repository",
        what="Reports a relative path literal given to a file function (or worth a setting) "
        "that climbs with `..` above the notebook's repository (the nearest folder with "
        "`.git`; not reported when the notebook is in none), and `os.getcwd()` or "
        "`Path.cwd()` used to build or name a path, directly or through a variable.",
        why="Jupyter starts the kernel in the notebook's folder, so these paths only work "
        "there, on the author's machine, next to files outside the repository. A package "
        "runs from any working directory, and a clone of the repository lacks the files.",
        example='df = pd.read_csv("../../shared-data/sales.csv")\n'
        'out = os.path.join(os.getcwd(), "models")',
        instead='DATA_DIR = Path(config.data_dir)  # a setting\ndf = pd.read_csv(DATA_DIR / "sales.csv")',
        check=check,
    )
)
