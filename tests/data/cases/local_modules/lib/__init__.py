"""A helper package beside the notebook."""

from .stats import mean

__all__ = ["mean"]
