"""The local modules in CONVERSION.md and the package README: what was carried where."""

from __future__ import annotations

from nb2mod.plan.model import Plan


def local_modules_section(plan: Plan) -> list[str]:
    """CONVERSION.md's "Local modules" section (none when the notebook imports none)."""
    if not plan.local_modules:
        return []
    out = ["## Local modules", ""]
    carried = carried_lines(plan)
    if carried:
        out += [
            "Copied unchanged into the package; the notebook's imports of them import from "
            "the package now:",
            "",
            *carried,
        ]
    if plan.path_edits:
        where = ", ".join(f"cell {c}:{line}" for c, line in plan.path_edits)
        out.append(f"- `sys.path` edits commented out ({where}): no longer needed.")
    names = {m.name for m in plan.carried}
    for module in plan.local_modules:
        if module.name not in names:
            out.append(
                f"- `{module.name}` (`{module.shown}`) is not carried: see Warnings; the "
                "package imports it as the notebook did."
            )
    return [*out, ""]


def carried_lines(plan: Plan) -> list[str]:
    """One line per carried module: its source path and its package path."""
    out = []
    for module in plan.carried:
        paths = ", ".join(f"`{plan.package}/{path}`" for path in module.paths)
        imported = f"`{plan.package}.{module.target}`"
        out.append(f"- `{module.source}` -> {paths} (imported as {imported})")
    return out
