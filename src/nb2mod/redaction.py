"""Secrets taken out of text: what nb2mod prints or writes never holds a hard-coded secret."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

ELLIPSIS = "\u2026"


def redacted(secret: str) -> str:
    """The form a secret is shown in: its first 4 characters and an ellipsis when it is
    long enough that they give little away (16 or more), else the ellipsis alone."""
    return f"{secret[:4]}{ELLIPSIS}" if len(secret) >= 16 else ELLIPSIS


def forms(secret: str) -> list[str]:
    """The secret as it reads in plain text, inside a Python string literal and inside a
    JSON string (escapes differ for quotes, backslashes and control characters)."""
    found = {
        secret,
        repr(secret)[1:-1],
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
    }
    return sorted((f for f in found if f), key=lambda f: (-len(f), f))


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every form of each secret replaced by its redacted form, and a secret
    cut short by an ellipsis too (at least its first 8 characters, then ``...`` or ``…``)."""
    for secret in sorted(set(secrets), key=lambda s: (-len(s), s)):
        for form in forms(secret):
            text = _redact_form(text, form, redacted(secret))
    return text


def _redact_form(text: str, form: str, shown: str) -> str:
    head = form[:8]
    if head not in text:
        return text
    out, start = [], 0
    while (found := text.find(head, start)) >= 0:
        end = found + len(head)
        while end - found < len(form) and end < len(text) and text[end] == form[end - found]:
            end += 1
        whole = end - found == len(form)
        cut = not whole and text.startswith(("...", ELLIPSIS), end)
        if whole or cut:
            out.append(text[start:found] + shown)
            start = end + (0 if whole else (3 if text.startswith("...", end) else 1))
        else:
            out.append(text[start:end])
            start = end
    return "".join(out) + text[start:]


def replace_all(text: str, replacements: Iterable[tuple[str, str]]) -> str:
    """``text`` with each (old, new) pair replaced in order, where ``old`` is not part of a
    longer word (a password that is also a prefix of a name in the code leaves the name
    alone; a secret is a word or stands between non-word characters)."""
    for old, new in replacements:
        if old and old in text:
            before = r"(?<!\w)" if old[0].isalnum() or old[0] == "_" else ""
            after = r"(?!\w)" if old[-1].isalnum() or old[-1] == "_" else ""
            text = re.sub(before + re.escape(old) + after, new.replace("\\", r"\\"), text)
    return text


def redact_json(value: Any, secrets: Iterable[str]) -> Any:
    """A JSON-able value with every string (keys too) redacted."""
    secrets = tuple(secrets)
    if not secrets:
        return value
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, Mapping):
        return {redact_json(k, secrets): redact_json(v, secrets) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_json(v, secrets) for v in value]
    return value
