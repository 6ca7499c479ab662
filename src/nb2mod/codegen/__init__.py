"""Code generation: Plan + parsed cells -> the package's files (generate.py); codegen renders."""

from nb2mod.codegen.generate import Generated, generate

__all__ = ["Generated", "generate"]
