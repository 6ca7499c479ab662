"""The text form of an Analysis, for people: a short block of tables per notebook."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from nb2mod.analysis.facts import Analysis, CellFacts
from nb2mod.redaction import redact, redacted

_WIDTH = 28


def render_text(analysis: Analysis) -> str:
    """Cells, sections, functions, dataflow, seeds, randomness, config, warnings."""
    notebook = analysis.notebook
    kinds = Counter(cell.kind for cell in notebook.cells)
    lines = [
        f"{notebook.path}",
        f"  nbformat {notebook.nbformat[0]}.{notebook.nbformat[1]}; {len(notebook.cells)} cells "
        f"({kinds['code']} code, {kinds['markdown']} markdown, {kinds['raw']} raw)",
    ]
    lines += [f"  warning: {w}" for w in notebook.warnings]
    lines += _sections(analysis)
    lines += _cells(analysis.cells)
    lines += _functions(analysis)
    lines += _dataflow(analysis)
    lines += _randomness(analysis)
    lines += _config(analysis)
    lines += _warnings(analysis)
    magics = [m for facts in analysis.cells for m in facts.magics]
    if magics:
        lines.append(f"  magics ({len(magics)}):")
        lines += [
            f"    cell {m.cell}:{m.line}  {m.kind} {m.name} {m.args}".rstrip() for m in magics
        ]
    if analysis.diagnostics:
        lines.append(f"  diagnostics ({len(analysis.diagnostics)}):")
        lines += [f"    {d.format()}" for d in analysis.diagnostics]
    lines += _secrets(analysis)
    return redact("\n".join(lines), analysis.secrets.values)


def _secrets(analysis: Analysis) -> list[str]:
    found = analysis.secrets.findings
    if not found:
        return []
    lines = [f"  secrets ({len(found)}, shown redacted):"]
    return lines + [f"    cell {f.cell}:{f.line}  {f.detail}: {redacted(f.value)}" for f in found]


def _sections(analysis: Analysis) -> list[str]:
    headings = [
        (cell.index, line.lstrip("#").strip())
        for cell in analysis.notebook.cells
        if cell.kind == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("#") and line.lstrip("#").startswith(" ")
    ]
    if not headings:
        return []
    shown = ", ".join(f"{title} (cell {index})" for index, title in headings[:8])
    more = f", +{len(headings) - 8} more" if len(headings) > 8 else ""
    noun = "heading" if len(headings) == 1 else "headings"
    return [f"  sections ({len(headings)} {noun}): {shown}{more}"]


def _cells(cells: Sequence[CellFacts]) -> list[str]:
    if not cells:
        return []
    rows = [("cell", "defines", "uses", "mutates", "effects")]
    for facts in cells:
        if not facts.parsed:
            rows.append((str(facts.cell), "(not parsed)", "", "", ""))
            continue
        effects = Counter(e.kind for e in facts.effects)
        shown = ", ".join(k if n == 1 else f"{k} x{n}" for k, n in effects.items())
        rows.append(
            (
                str(facts.cell),
                _names(facts.defines),
                _names(facts.uses),
                _names(facts.mutates),
                shown or "-",
            )
        )
    return ["  cells:"] + _table(rows)


def _functions(analysis: Analysis) -> list[str]:
    if not analysis.functions:
        return []
    lines = [f"  functions ({len(analysis.functions)}):"]
    for f in analysis.functions:
        parts = [f"params {_names(f.params)}", f"reads {_names(f.reads_globals)}"]
        if f.writes_globals:
            parts.append(f"writes {_names(f.writes_globals)}")
        if f.mutates_globals or f.mutates_params:
            parts.append(f"mutates {_names(f.mutates_globals + f.mutates_params)}")
        parts.append("pure" if f.pure else "impure")
        lines.append(f"    cell {f.cell}:{f.line}  {f.kind} {f.name}: {'; '.join(parts)}")
    return lines


def _dataflow(analysis: Analysis) -> list[str]:
    lines = []
    if analysis.dataflow:
        readers: dict[tuple[str, int], list[int]] = {}
        for edge in analysis.dataflow:
            readers.setdefault((edge.name, edge.from_cell), []).append(edge.to_cell)
        lines.append(f"  dataflow ({len(analysis.dataflow)} edges):")
        items = list(readers.items())
        lines += [
            f"    {name}: cell {source} -> {', '.join(map(str, targets))}"
            for (name, source), targets in items[:15]
        ]
        lines += _more(items, 15)
    for hidden in analysis.hidden_state:
        later = f" (defined in cell {hidden.defined_later_in})" if hidden.defined_later_in else ""
        lines.append(
            f"  hidden state: cell {hidden.cell}:{hidden.line}:{hidden.col} reads "
            f"{hidden.name} before any earlier cell defines it{later}"
        )
    if analysis.execution_out_of_order is not None:
        lines.append(f"  execution counts out of order from cell {analysis.execution_out_of_order}")
    return lines


def _randomness(analysis: Analysis) -> list[str]:
    lines = [
        f"  seed: cell {s.cell}:{s.line}  {s.call}({s.value or ''})  [{s.library}]"
        for s in analysis.seeds
    ]
    lines += [
        f"  random: cell {r.cell}:{r.line}  {r.call}  [{r.library}, "
        f"{'seeded' if r.seeded else 'unseeded'}]"
        for r in analysis.randomness[:10]
    ]
    return lines + _more(analysis.randomness, 10)


def _config(analysis: Analysis) -> list[str]:
    candidates = analysis.config_candidates
    if not candidates:
        return []
    lines = [f"  config candidates ({len(candidates)}):"]
    secrets = analysis.secrets.values  # redacted before shortening, which would cut them
    lines += [
        f"    {c.name} = {_short(redact(repr(c.value), secrets))}  "
        f"({c.type}; cell {c.cell}:{c.line}; {c.reason})"
        for c in candidates[:15]
    ]
    return lines + _more(candidates, 15)


def _warnings(analysis: Analysis) -> list[str]:
    lines = [f"  unsure: cell {u.cell}:{u.line}  {u.reason}" for u in analysis.unsure]
    if analysis.redefined:
        shown = ", ".join(
            f"{r.name} (cells {', '.join(map(str, r.cells))})" for r in analysis.redefined[:10]
        )
        lines.append(f"  redefined ({len(analysis.redefined)}): {shown}")
    if analysis.unused:
        shown = ", ".join(f"{u.name} (cell {u.cell})" for u in analysis.unused[:10])
        lines.append(f"  never used later ({len(analysis.unused)}): {shown}")
    return lines


def _more(items: Sequence[object], count: int) -> list[str]:
    """A note saying how many items past the first ``count`` were left out."""
    left = len(items) - count
    return [f"    ... {left} more (see --format json)"] if left > 0 else []


def _names(names: Sequence[str]) -> str:
    if not names:
        return "-"
    return _short(", ".join(names))


def _short(text: str) -> str:
    return text if len(text) <= _WIDTH else text[: _WIDTH - 3] + "..."


def _table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "    " + "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
