"""Python literals and bracketed lists written exactly as black writes them, or None when unsure.

nb2mod's own files (config.py, __init__.py, __main__.py, the tests' scaffolding) are written
in black's style so that black need not run over them; these helpers give the few forms
those files build from data: a value's literal, and a bracketed list that black would keep
on one line, split after its opening bracket or explode one item per line. Anything they
cannot write exactly is None, and the caller has black format that text instead.
"""

from __future__ import annotations

from collections.abc import Sequence

LINE = 100  # the line length nb2mod formats with (codegen/format.py)


def string(text: str) -> str:
    """``text`` as a string literal with black's choice of quotes (double unless that needs
    more backslashes than single quotes do)."""
    body = repr(text)
    if body[0] == '"':
        return body  # repr chose double quotes (a ' inside and no "): black keeps them
    old = body[1:-1]
    new: list[str] = []
    index = 0
    while index < len(old):
        char = old[index]
        if char == "\\":
            pair = old[index : index + 2]
            new.append("'" if pair == "\\'" else pair)
            index += 2
            continue
        new.append('\\"' if char == '"' else char)
        index += 1
    changed = "".join(new)
    if changed.count("\\") > old.count("\\"):
        return body
    return f'"{changed}"'


def literal(value: object) -> str | None:
    """``value`` as black writes its literal on one line; None for a value (or a part of
    one) this module cannot write exactly (floats in exponent form, inf, nan, sets...)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        text = repr(value)
        return text if all(c in "0123456789.-" for c in text) and "." in text else None
    if isinstance(value, str):
        return string(value)
    if isinstance(value, (list, tuple)):
        items = [literal(item) for item in value]
        if any(item is None for item in items):
            return None
        open_, close = ("[", "]") if isinstance(value, list) else ("(", ")")
        single = "," if isinstance(value, tuple) and len(items) == 1 else ""
        return f"{open_}{', '.join(i for i in items if i is not None)}{single}{close}"
    if isinstance(value, dict):
        pairs = [(literal(k), literal(v)) for k, v in value.items()]
        if any(k is None or v is None for k, v in pairs):
            return None
        return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    return None


def bracketed(
    head: str,
    items: Sequence[str],
    close: str,
    indent: str = "",
    *,
    call: bool = False,
    trailing_comma: bool = False,
) -> list[str] | None:
    """The lines of ``indent + head + items + close`` (``head`` ends with the opening
    bracket, ``close`` starts with the closing one and may hold a trailing comment): one line
    when it fits; else split after the opening bracket, with the items on one line if they
    fit there (a call's arguments only: black explodes a literal's items), else one item per
    line with a trailing comma. ``trailing_comma``: the text black sees ends its items with
    one (black's magic trailing comma: two items or more are exploded even when they fit).
    None when no form fits (the caller lets black decide)."""
    single = "," if not call and len(items) == 1 and head.endswith("(") else ""
    one = f"{indent}{head}{', '.join(items)}{single}{close}"
    if len(one) <= LINE and not (trailing_comma and len(items) > 1):
        return [one]
    inner = indent + "    "
    if not items or len(indent + head) > LINE or len(indent + close) > LINE:
        return None
    if len(items) == 1 and not call:
        return None  # black's split of a one-item literal depends on the item
    body = inner + ", ".join(items)
    if call and len(body) <= LINE and not trailing_comma:
        return [indent + head, body, indent + close]
    lines = [inner + item + "," for item in items]
    if any(len(line) > LINE and not _string(item) for line, item in zip(lines, items, strict=True)):
        return None  # black would split a long item further, or leave it: not decided here
    return [indent + head, *lines, indent + close]


def string_tuple(name: str, items: Sequence[str], comment: str = "") -> tuple[str, bool]:
    """``NAME = ("a", "b", )  # comment`` (the items written with a comma after each) as
    black lays it out, and True; else as written, and False (black lays it out)."""
    names = [string(i) for i in items]
    tail = f")  # {comment}" if comment else ")"
    lines = bracketed(f"{name} = (", names, tail, trailing_comma=True)
    if lines is None:
        return f"{name} = (" + "".join(f"{n}, " for n in names) + tail, False
    return "\n".join(lines), True


def _string(item: str) -> bool:
    """A lone string literal (black cannot split it, so a line holding it may stay long)."""
    return item[:1] in ("'", '"') and item[-1:] == item[:1]


def fits(text: str) -> bool:
    """Every line of ``text`` within the line length (black would split a longer one), or
    an item black cannot split: a lone string, maybe a keyword's, ending with a comma."""
    return all(len(line) <= LINE or _unsplittable(line) for line in text.split("\n"))


def _unsplittable(line: str) -> bool:
    item = line.strip().removesuffix(",")
    name, equals, value = item.partition("=")
    if equals and name.isidentifier() and _string(value):
        item = value
    if not _string(item):
        return False
    body, plain = item[1:-1], []
    index = 0
    while index < len(body):  # the body without its escapes: no quote of its kind left
        if body[index] == "\\":
            index += 2
            continue
        plain.append(body[index])
        index += 1
    return item[0] not in plain
