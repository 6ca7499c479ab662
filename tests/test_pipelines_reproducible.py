"""Issue 14: a data pipeline's package gives identical results in two fresh processes (with
different hash seeds, nothing seeded from outside). The fastest pipelines run here; the
figure for all ten: benchmarks/reproducible_pipelines.py."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import CORPUS

from nb2mod.conversion import convert
from nb2mod.notebook import read_notebook
from nb2mod.verification.comparing import DumpPair, compare_dumps
from nb2mod.verification.package import run_package
from nb2mod.verification.scratch import notebook_folder, parent_levels, run_folder

PIPELINES = CORPUS / "pipelines"
# a fast one that draws: KMeans the notebook leaves unseeded (nb2mod seeds it)
FAST = ("packt-hodpp__chapter-8",)


def _notebook(case: str) -> Path:
    with (PIPELINES / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = {r["case_id"]: r for r in csv.DictReader(handle, delimiter="\t")}
    return PIPELINES / case / rows[case]["notebook_relpath_in_case"]


@pytest.mark.skipif(not PIPELINES.is_dir(), reason="../shared/corpus/pipelines is not present")
@pytest.mark.parametrize("case", FAST)
def test_the_pipelines_package_gives_the_same_results_in_two_fresh_runs(
    case: str, tmp_path: Path
) -> None:
    pytest.importorskip("sklearn")
    notebook = read_notebook(str(_notebook(case)))
    conversion = convert(notebook)
    conversion.write(tmp_path / "out")
    where = (notebook_folder(notebook.path), parent_levels(c.source for c in notebook.code_cells))
    dumps = []
    for label, hash_seed in (("first", "1"), ("second", "2")):
        with run_folder(*where, tmp_path, label) as workdir:
            run = run_package(
                tmp_path / "out", conversion.package, conversion.returns, workdir,
                tmp_path / f"{label}.values", 300.0, (), extra_env={"PYTHONHASHSEED": hash_seed},
                entry=conversion.entry,
            )  # fmt: skip
        assert run.ok and run.dump is not None, run.error
        dumps.append(run.dump)
    local = (conversion.package,)
    compared = compare_dumps(DumpPair(dumps[0], dumps[1], local, local), conversion.returns, 0, 0)
    assert compared, "run() returns nothing to compare"
    differ = {n: c.verdict.detail for n, c in compared.items() if c.verdict.status == "different"}
    assert any(c.verdict.status == "equal" for c in compared.values())
    assert differ == {}
