"""The pipeline of sales_cleaning.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from typing import Any

import pandas as pd

from sales_cleaning.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


@contextlib.contextmanager
def reading(what: str, path: str | None = None) -> Iterator[None]:
    """Turn a failed file or network read into a PipelineError naming ``what`` and, for a
    file, its absolute path."""
    try:
        yield
    except (OSError, ValueError) as exc:
        reason = str(exc)
        if path and "://" not in path:
            what = f"{what} ({os.path.abspath(path)})"
            if isinstance(exc, OSError) and exc.strerror:
                reason = exc.strerror  # the path is named already
        raise PipelineError(f"cannot read {what}: {' '.join(reason.split())}") from exc


@contextlib.contextmanager
def writing(what: str, path: Any = None) -> Iterator[None]:
    """Turn a failed file write into a PipelineError naming ``what`` and the absolute path
    of the file (the one the error names, else ``path``)."""
    try:
        yield
    except OSError as exc:
        where = exc.filename if exc.filename is not None else path
        if isinstance(where, (str, os.PathLike)) and "://" not in os.fspath(where):
            what = f"{what} ({os.path.abspath(where)})"
        reason = exc.strerror or str(exc)
        raise PipelineError(f"cannot write {what}: {' '.join(reason.split())}") from exc


class FigureFiles:
    """The figures the notebook's inline backend showed, saved as output_dir/figures/NAME-N.png:
    NAME is the step (or the notebook function) that showed them, N counts per NAME from 1
    over one run(), which calls start()."""

    def __init__(self) -> None:
        self.folder = os.path.join("outputs", "figures")
        self.numbers: dict[str, int] = {}

    def start(self, output_dir: str) -> None:
        self.folder = os.path.join(output_dir, "figures")
        self.numbers = {}

    def save(self, name: str, figure: Any) -> None:
        self.numbers[name] = number = self.numbers.get(name, 0) + 1
        path = os.path.join(self.folder, f"{name}-{number}.png")
        try:
            os.makedirs(self.folder, exist_ok=True)
            figure.savefig(path, bbox_inches="tight")
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise PipelineError(f"cannot write figure {os.path.abspath(path)}: {reason}") from exc

    def shown(self, name: str) -> None:
        """plt.show(), or the end of a cell that drew: each open figure with something drawn
        is saved, then all are closed (as the inline backend shows and closes them)."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is None:
            return  # pyplot was never imported: no figure is open
        for number in pyplot.get_fignums():
            figure = pyplot.figure(number)
            if figure.axes or figure.lines:
                self.save(name, figure)
        pyplot.close("all")

    def displayed(self, name: str, value: Any) -> Any:
        """A cell's last value, returned: saved first when it is a Figure (the notebook
        showed it as an image)."""
        module = sys.modules.get("matplotlib.figure")
        if module is not None and isinstance(value, module.Figure):
            self.save(name, value)
        return value


figures = FigureFiles()


def load(config: Config) -> Any:
    """Load (notebook cell 4)."""
    # cell 4
    with reading("config field sales_csv_path", config.sales_csv_path):
        raw = pd.read_csv(config.sales_csv_path, parse_dates=["date"])
    logger.debug("%r", raw.head())
    return raw


def clean(raw) -> Any:
    """Clean (notebook cells 6, 7)."""
    # cell 6
    sales = raw.drop_duplicates().copy()
    sales["region"] = sales["region"].str.strip().str.lower()
    sales["units"] = sales["units"].fillna(0).astype(int)
    sales = sales.dropna(subset=["unit_price"])
    logger.info("rows after cleaning: %s", len(sales))
    # cell 7
    sales["revenue"] = sales["units"] * sales["unit_price"]
    sales["month"] = sales["date"].dt.to_period("M").astype(str)
    return sales


def summarise(config: Config, sales) -> tuple[Any, ...]:
    """Summarise (notebook cells 9, 10)."""
    # cell 9
    by_region = sales.groupby("region")["revenue"].sum().round(2).sort_values(ascending=False)
    logger.debug("%r", by_region)
    # cell 10
    monthly = sales.pivot_table(
        index="month",
        columns="region",
        values="revenue",
        aggfunc="sum",
        fill_value=config.fill_value,
    )
    top_region = by_region.index[0]
    logger.info("best region: %s", top_region)
    return monthly, top_region


def plot_and_save(config: Config, monthly) -> Any:
    """Plot and save (notebook cells 12, 13)."""
    # cell 12
    ax = monthly.plot(kind="line", figsize=(8, 4), title="Revenue per month")
    ax.set_ylabel("revenue")
    figures.shown("plot_and_save")
    # cell 13
    with writing("config field monthly_revenue_csv_path", config.monthly_revenue_csv_path):
        monthly.to_csv(config.monthly_revenue_csv_path)
    return ax


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    config.make_output_folders()
    figures.start(config.output_dir)
    raw = load(config)
    sales = clean(raw)
    monthly, top_region = summarise(config, sales)
    ax = plot_and_save(config, monthly)
    return {"top_region": top_region, "ax": ax}
