"""codegen/black_style.py writes literals and bracketed lists exactly as black does (checked
against black itself), or says it cannot; chunks and pieces it styles are not formatted again."""

from __future__ import annotations

import black
from hypothesis import given, settings
from hypothesis import strategies as st

from nb2mod.codegen.black_style import LINE, bracketed, fits, literal, string
from nb2mod.codegen.chunks import join_chunks, styled, unstyled
from nb2mod.codegen.format import _mode


def _black(code: str) -> str:
    return black.format_str(code, mode=_mode())


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet="ab '\"\\\n\t\x00\x7fé😀", max_size=12))
def test_a_string_is_quoted_as_black_quotes_it(text: str) -> None:
    code = f"x = {string(text)}\n"
    assert _black(code) == code
    assert eval(string(text)) == text


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3)
    | st.tuples(inner)
    | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=6,
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_VALUES)
def test_a_literal_is_black_stable_or_none(value: object) -> None:
    text = literal(value)
    if text is None:
        return
    assert eval(text) == value
    code = f"x = {text}\n"
    if len(code) <= LINE:
        assert _black(code) == code


def test_values_black_rewrites_are_none() -> None:
    assert literal(1e16) is None and literal(1e-05) is None  # black writes 1e16, 1e-5
    assert literal(float("inf")) is None and literal({1, 2}) is None
    assert literal(("a",)) == '("a",)' and literal("it's") == '"it\'s"'


_HEADS = [
    ("RESULTS = (", ")  # the names run() returns", "", False),
    ("return {", "}", "    ", False),
    ("x, y = step_one(", ")", "    ", True),
    ("assert load_config(path) == Config(", ")", "    ", True),
]


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    st.sampled_from(_HEADS),
    st.lists(st.from_regex(r"[a-z_]{1,30}", fullmatch=True), max_size=12),
    st.booleans(),
)
def test_bracketed_lines_are_what_black_writes(head, names, trailing_comma) -> None:
    opening, close, indent, call = head
    items = [f"{string(n)}: {n}" if opening.endswith("{") else string(n) for n in names]
    if call:
        items = list(names)
    lines = bracketed(opening, items, close, indent, call=call, trailing_comma=trailing_comma)
    if lines is None:
        return
    code = "\n".join(lines) + "\n"
    if indent:
        code = "def f():\n" + code
    if trailing_comma and len(items) > 1:  # as black saw it: items ending with a comma
        seen = f"{indent}{opening}{', '.join(items)}, {close}\n"
        assert _black(("def f():\n" if indent else "") + seen) == code
    assert _black(code) == code


def test_a_long_string_item_may_stay_long_other_long_lines_do_not_fit() -> None:
    long = string("x" * 120)
    assert fits(f"    {long},") and fits(f"    help={long},")
    assert not fits(f"    f({long})") and not fits(f"    {long}, {long},")
    assert bracketed("f(", ["a" * 50, "b" * 50], ")", "    ", call=True) == [
        "    f(",
        "        " + "a" * 50 + ",",
        "        " + "b" * 50 + ",",
        "    )",
    ]
    assert bracketed("x = (", ["(" + "a" * 120 + ")", "b"], ")") is None


def test_only_unstyled_chunks_are_formatted() -> None:
    chunks = [styled("x = 'kept as written'\n"), unstyled("y = 'formatted'")]
    assert join_chunks(chunks, format=True) == "x = 'kept as written'\n\n\ny = \"formatted\"\n"
    assert join_chunks(chunks, format=False) == "x = 'kept as written'\n\n\ny = 'formatted'\n"
    assert not styled("z = " + "1 + " * 40 + "1\n").styled  # too long: black formats it
