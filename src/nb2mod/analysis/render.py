"""The text form of an Analysis, for people: a short block per notebook."""

from __future__ import annotations

from collections import Counter

from nb2mod.analysis.facts import Analysis


def render_text(analysis: Analysis) -> str:
    notebook = analysis.notebook
    kinds = Counter(cell.kind for cell in notebook.cells)
    lines = [
        f"{notebook.path}",
        f"  nbformat {notebook.nbformat[0]}.{notebook.nbformat[1]}; {len(notebook.cells)} cells "
        f"({kinds['code']} code, {kinds['markdown']} markdown, {kinds['raw']} raw)",
    ]
    lines += [f"  warning: {w}" for w in notebook.warnings]
    magics = [m for facts in analysis.cells for m in facts.magics]
    if magics:
        lines.append(f"  magics ({len(magics)}):")
        lines += [
            f"    cell {m.cell}:{m.line}  {m.kind} {m.name} {m.args}".rstrip() for m in magics
        ]
    if analysis.diagnostics:
        lines.append(f"  diagnostics ({len(analysis.diagnostics)}):")
        lines += [f"    {d.format()}" for d in analysis.diagnostics]
    return "\n".join(lines)
