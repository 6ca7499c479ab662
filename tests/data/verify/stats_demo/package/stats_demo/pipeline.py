"""The stats_demo computation, one function per step."""

import logging
from typing import Any

import numpy as np
import pandas as pd

from stats_demo.config import Config

logger = logging.getLogger(__name__)


def load(config: Config) -> pd.DataFrame:
    # cell 3
    return pd.read_csv(config.data_path)


def summaries(data: pd.DataFrame, n: int) -> tuple[int, float, np.ndarray]:
    # cell 5
    total = int(data["x"].sum())
    mean = float(data["x"].mean())
    arr = np.arange(n) * 0.5
    return total, mean, arr


def groups(data: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, dict, set]:
    # cell 6
    frame = data.assign(y=data["x"] * 2)
    by_group = frame.groupby("group")["y"].sum()
    labels = {"a": [1, 2], "b": (3.5, "s")}
    tags = {"x", "y"}
    return frame, by_group, labels, tags


def run(config: Config | None = None) -> dict[str, Any]:
    config = config or Config()
    data = load(config)
    total, mean, arr = summaries(data, config.n)
    frame, by_group, labels, tags = groups(data)
    logger.info("%s %s", total, mean)
    return {
        "N": config.n,
        "data": data,
        "total": total,
        "mean": mean,
        "arr": arr,
        "frame": frame,
        "by_group": by_group,
        "labels": labels,
        "tags": tags,
    }
