"""Analysis: facts about a notebook's cells (one LibCST walk each) and across cells (pure)."""

from nb2mod.analysis.analyzer import analyze
from nb2mod.analysis.facts import Analysis

__all__ = ["Analysis", "analyze"]
