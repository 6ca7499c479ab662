"""Where each cell's source, outputs and execution counts sit in a notebook's JSON text.

The standard library's JSON parser does the parsing: its pure-Python scanner is run with a
hook on every object and array that records the character span of each value inside it, so
nothing here reads JSON by hand. SARIF regions (file line and column of a cell location) and
``lint --fix`` (surgical edits that leave every other byte alone) are built on these spans.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Span = tuple[int, int]  # [start, end) character offsets in the text
_Children = dict[int, dict[Any, Span]]


@dataclass(frozen=True)
class Spanned:
    """A decoded JSON value and its span; ``child(key)`` is the spanned member or item."""

    value: Any
    span: Span
    _children: _Children

    def child(self, key: Any) -> Spanned | None:
        spans = self._children.get(id(self.value))
        if spans is None or key not in spans:
            return None
        return Spanned(self.value[key], spans[key], self._children)

    def items(self) -> Iterator[Spanned]:
        """The spanned items of an array (nothing for other values)."""
        if isinstance(self.value, list):
            for index in range(len(self.value)):
                item = self.child(index)
                if item is not None:
                    yield item


def parse_spanned(text: str) -> Spanned:
    """Decode ``text`` as JSON, keeping the span of every value; ValueError if it is not JSON
    (RecursionError is turned into ValueError too: a notebook is never nested that deep)."""
    children: _Children = {}
    decoder = json.JSONDecoder()
    decoder.parse_object = _recording(json.decoder.JSONObject, children, object_call=True)  # type: ignore[attr-defined]
    decoder.parse_array = _recording(json.decoder.JSONArray, children, object_call=False)  # type: ignore[attr-defined]
    scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    start = _skip_whitespace(text, 0)
    try:
        value, end = scan_once(text, start)
    except StopIteration as exc:
        raise ValueError(f"not JSON at character {exc.value}") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if _skip_whitespace(text, end) != len(text):
        raise ValueError(f"extra data after the JSON value at character {end}")
    return Spanned(value, (start, end), children)


def _recording(parse: Callable[..., Any], children: _Children, object_call: bool) -> Any:
    """Wrap the decoder's JSONObject/JSONArray so each member's span is recorded."""

    def parse_container(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        spans: list[Span] = []
        keys: list[Any] = []

        def scan(text: str, index: int) -> tuple[Any, int]:
            value, end = inner_scan(text, index)
            spans.append((index, end))
            return value, end

        if object_call:
            strict, inner_scan, _hook, _pairs_hook, memo = args

            def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
                keys.extend(key for key, _ in pairs)
                return dict(pairs)

            value, end = parse(s_and_end, strict, scan, None, pairs_hook, memo)
        else:
            (inner_scan,) = args
            value, end = parse(s_and_end, scan)
            keys.extend(range(len(value)))
        children[id(value)] = dict(zip(keys, spans, strict=True))  # a repeated key: the last wins
        return value, end

    return parse_container


def _skip_whitespace(text: str, index: int) -> int:
    match = json.decoder.WHITESPACE.match(text, index)  # type: ignore[attr-defined]
    return match.end() if match else index


@dataclass(frozen=True)
class OutputLayout:
    """One stored output: its span, type and, for results, the span of its count."""

    span: Span
    output_type: str
    count: Span | None = None  # execution_count (v4) / prompt_number (v3) of a result


@dataclass(frozen=True)
class CellLayout:
    """Where one cell's parts are; ``index`` counts all cells from 1 as Notebook does."""

    index: int
    span: Span
    kind: str
    source: tuple[Span, ...] = ()  # the source string, or each string of the source list
    outputs: Span | None = None  # the outputs array
    output_items: tuple[OutputLayout, ...] = ()
    count: Span | None = None  # execution_count (v4) / prompt_number (v3)
    joiner: str = ""  # between the strings of a source list: nbformat v2 stores lines bare


@dataclass(frozen=True)
class NotebookLayout:
    text: str
    cells: tuple[CellLayout, ...]
    major: int  # the nbformat version as stored (v3 keeps its own key names)


def notebook_layout(text: str) -> NotebookLayout:
    """The layout of notebook JSON ``text`` (nbformat v2-v4); ValueError if it is not one."""
    root = parse_spanned(text)
    if not isinstance(root.value, dict):
        raise ValueError("not a notebook: the JSON is not an object")
    major = root.value.get("nbformat")
    major = major if isinstance(major, int) and not isinstance(major, bool) else 4
    if major >= 4:
        raw_cells = list(_items(root.child("cells")))
    else:
        raw_cells = [
            c for sheet in _items(root.child("worksheets")) for c in _items(sheet.child("cells"))
        ]
    cells = tuple(_cell(i, raw, major) for i, raw in enumerate(raw_cells, start=1))
    return NotebookLayout(text, cells, major)


def _items(node: Spanned | None) -> Iterator[Spanned]:
    return node.items() if node is not None else iter(())


def _cell(index: int, raw: Spanned, major: int) -> CellLayout:
    if not isinstance(raw.value, dict):
        return CellLayout(index, raw.span, "raw")
    kind = str(raw.value.get("cell_type", ""))
    code = kind == "code"
    source = raw.child("input" if code and major < 4 else "source")
    count_key = "prompt_number" if major < 4 else "execution_count"
    outputs = raw.child("outputs") if code else None
    count = raw.child(count_key) if code else None
    return CellLayout(
        index=index,
        span=raw.span,
        kind=kind,
        source=_string_spans(source),
        outputs=outputs.span if outputs is not None and isinstance(outputs.value, list) else None,
        output_items=tuple(_output(o, count_key) for o in _items(outputs)),
        count=count.span if count is not None else None,
        joiner="\n" if major < 3 else "",
    )


def _string_spans(source: Spanned | None) -> tuple[Span, ...]:
    if source is None:
        return ()
    if isinstance(source.value, str):
        return (source.span,)
    return tuple(item.span for item in source.items() if isinstance(item.value, str))


def _output(raw: Spanned, count_key: str) -> OutputLayout:
    value = raw.value if isinstance(raw.value, dict) else {}
    count = raw.child(count_key) if value else None
    return OutputLayout(raw.span, str(value.get("output_type", "")), count.span if count else None)


def raw_offset(literal: str, decoded_index: int) -> int:
    """Offset inside a JSON string literal (quotes included) of its ``decoded_index``-th
    character; past the end: the closing quote."""
    raw = 1
    seen = 0
    end = len(literal) - 1
    while raw < end and seen < decoded_index:
        raw += _escape_width(literal, raw)
        seen += 1
    return min(raw, end)


def _escape_width(literal: str, at: int) -> int:
    """Raw characters that make up the one decoded character starting at ``at``."""
    if literal[at] != "\\":
        return 1
    if literal[at + 1] != "u":
        return 2
    high = int(literal[at + 2 : at + 6], 16)
    if 0xD800 <= high < 0xDC00 and literal[at + 6 : at + 8] == "\\u":
        low = int(literal[at + 8 : at + 12], 16)
        if 0xDC00 <= low < 0xE000:
            return 12  # a surrogate pair: one character outside the BMP
    return 6


__all__ = [
    "CellLayout",
    "NotebookLayout",
    "OutputLayout",
    "Span",
    "Spanned",
    "notebook_layout",
    "parse_spanned",
    "raw_offset",
]
