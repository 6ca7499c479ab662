"""The notebook's own words for the package's documentation: its title, its opening
paragraph, and the first paragraph of the markdown under each step's heading."""

from __future__ import annotations

import re
from collections.abc import Iterable

from nb2mod.notebook import Cell, Notebook
from nb2mod.plan.steps import headings

_LIMIT = 600  # characters of one paragraph kept
_HEADING_LINE = re.compile(r"^\s*#{1,6}\s")


def notebook_title(notebook: Notebook) -> str:
    """The notebook's first heading (a level-1 one if it has one), else its file's stem."""
    found = [h for c in notebook.cells if c.kind == "markdown" for h in headings(c)]
    top = [text for level, text in found if level == 1]
    return (top or [text for _, text in found] or [notebook.stem])[0]


def opening_paragraph(notebook: Notebook) -> str:
    """The first paragraph of markdown that is not a heading, before the first code cell."""
    for cell in notebook.cells:
        if cell.kind == "code":
            break
        if cell.kind == "markdown":
            text = first_paragraph(cell.source)
            if text:
                return text
    return ""


def step_description(cells: Iterable[Cell], title: str) -> str:
    """The first paragraph after the heading ``title`` (in its cell, or the markdown cells
    that follow it before a code cell)."""
    after = False
    for cell in cells:
        if cell.kind == "code" and after:
            return ""
        if cell.kind != "markdown":
            continue
        source = cell.source
        if not after and _key(title) in [_key(text) for _, text in headings(cell)]:
            after, source = True, _after_heading(source, title)
        if after:
            text = first_paragraph(source)
            if text:
                return text
    return ""


def _after_heading(source: str, title: str) -> str:
    lines = source.splitlines()
    for number, line in enumerate(lines):
        if _HEADING_LINE.match(line) and _key(title) in _key(_plain(line)):
            return "\n".join(lines[number + 1 :])
    return ""  # an HTML heading: take nothing of its cell


def _key(text: str) -> str:
    return re.sub(r"[*_`\s]+", "", text)


def first_paragraph(markdown: str) -> str:
    """The first paragraph of prose in ``markdown``, one line of plain text (headings, code
    fences, images, tables and HTML tags left out)."""
    paragraph: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            if paragraph:
                break
            continue
        if fenced or _HEADING_LINE.match(line) or stripped.startswith("|"):
            if paragraph:
                break
            continue
        if not stripped:
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    return _clean(" ".join(paragraph))


def _clean(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"<[^>]+>", "", text)  # HTML tags
    text = _plain(text)
    text = " ".join(text.split())
    if len(text) > _LIMIT:
        text = text[: _LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text


def _plain(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    return re.sub(r"(\*\*|__|`)", "", text).strip()
