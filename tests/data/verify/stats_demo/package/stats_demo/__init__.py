"""Hand-written stand-in for the package nb2mod convert writes for stats_demo.ipynb."""

from stats_demo.config import Config
from stats_demo.pipeline import run

__all__ = ["Config", "run"]
