"""Black formatting of generated Python; text black cannot format is returned unchanged."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _mode() -> Any:
    import black

    # naming the target versions spares black detecting them from the code (faster)
    versions = {v for v in black.TargetVersion if v.value >= black.TargetVersion.PY310.value}
    return black.Mode(line_length=100, target_versions=versions)


def format_python(code: str) -> str:
    """``code`` black-formatted, or unchanged when black cannot format it."""
    formatted = format_or_none(code)
    return code if formatted is None else formatted


def format_or_none(code: str) -> str | None:
    import black

    try:
        return black.format_str(code, mode=_mode())
    except Exception:  # black raises several internal error types; the code stays valid
        return None
