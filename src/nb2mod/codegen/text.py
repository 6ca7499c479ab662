"""Notebook text made safe to put in generated code (docstrings, comments)."""

from __future__ import annotations


def safe_text(text: str) -> str:
    """Printable, no backslashes, no triple quotes, no trailing quote."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    return cleaned.replace("\\", "/").replace('"""', "'''").strip().rstrip('"')
