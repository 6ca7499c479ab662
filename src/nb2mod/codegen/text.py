"""Notebook text made safe to put in generated code (docstrings, comments)."""

from __future__ import annotations


def safe_text(text: str) -> str:
    """Printable, no backslashes, no triple quotes, no trailing quote."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    return cleaned.replace("\\", "/").replace('"""', "'''").strip().rstrip('"')


def string_literal(text: str) -> str:
    """``text`` as a Python string literal written as black writes it: in double quotes
    unless ``repr`` needed its own choice (the text holds quotes), so that formatting has
    nothing to change on the line (black then needs one pass over the piece, not two)."""
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        return f'"{literal[1:-1]}"'  # no quote of either kind inside: nothing to re-escape
    return literal
