"""Settings of the stats_demo pipeline."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    n: int = 5
    data_path: str = "numbers.csv"
