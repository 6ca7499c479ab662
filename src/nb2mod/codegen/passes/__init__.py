"""The rewriting passes codegen applies to each cell's code, in order (see registry.py)."""
