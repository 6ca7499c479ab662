"""CONVERSION.md's Seeds section: the seed the package uses and what seeds each random draw."""

from __future__ import annotations

from nb2mod.plan.model import Plan, RandomSite, RandomStateSource

_LIBRARIES = {
    "random": "`random`",
    "numpy": "NumPy's global generator",
    "torch": "PyTorch (every device)",
    "tensorflow": "TensorFlow",
}
DERIVED_RULE = (
    "Calls given their own seed get `config.seed` plus a number derived from the call: for the "
    'k-th call of a callable (in notebook order, among those calls), `crc32("NAME#k") % 10000` '
    "(NAME the callable's last name part), so that they draw independent numbers and a change "
    "to other cells does not change them (a single call gets `config.seed` itself, unless the "
    "notebook's own code uses it already)."
)


def seeds_section(plan: Plan) -> list[str]:
    out = ["## Seeds", ""]
    if not plan.random_sites:
        return [*out, "The analysis found no random draws in the notebook.", ""]
    out += _summary(plan)
    out += ["", "| cell | line | call | in the package |", "|---|---|---|---|"]
    out += [f"| {s.cell} | {s.line} | `{s.call}` | {site_text(s)} |" for s in plan.random_sites]
    if any(s.how == "argument" and " + " in s.value for s in plan.random_sites):
        out += ["", DERIVED_RULE]
    if plan.random_state_source is not None:
        out += ["", source_sentence(plan.random_state_source)]
    return [*out, ""]


def source_sentence(source: RandomStateSource) -> str:
    """Where nb2mod learnt which of the listed scikit-learn calls take ``random_state``."""
    start = "Which of these scikit-learn calls take `random_state`"
    table = ", ".join(f"`{n}`" for n in source.from_table)
    if not source.libraries:
        why = "; the interpreter the dependencies were resolved in did not say" * source.asked
        return f"{start} comes from {source.table}{why}."
    signatures = "'s and ".join(source.libraries) + "'s signatures"
    read = f"{start} was read from {signatures}, as installed where the dependencies were resolved"
    if not source.from_table:
        return f"{read}."
    return f"{read}; for {table} it comes from {source.table}."


def site_text(site: RandomSite) -> str:
    if site.how == "argument":
        code = site.value if site.keyword == "0" else f"{site.keyword}={site.value}"
        return f"given `{code}` by nb2mod"
    return site.why


def _summary(plan: Plan) -> list[str]:
    unseeded = [s for s in plan.random_sites if s.how == "none"]
    if plan.seeds == "keep":
        if not unseeded:
            return ["`--seeds keep`: nb2mod adds no seed; every draw is seeded by the notebook."]
        return [
            "`--seeds keep`: nb2mod adds no seed. The draws marked not seeded below are seeded "
            "by nothing, so the package is not reproducible: its results can differ from run "
            "to run, as the notebook's did."
        ]
    out = []
    if plan.seed_libraries:
        out.append(_seed_value(plan))
        names = [_LIBRARIES[lib] for lib in plan.seed_libraries]
        libraries = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        c = plan.config_name
        out.append(
            f"`{plan.name('run')}()` first calls `{plan.name('set_seeds')}({c})`, which seeds "
            f"{libraries} with `{c}.{plan.seed_field}`."
        )
    elif any(s.how == "argument" for s in plan.random_sites):  # only calls taking random_state
        field = plan.field_named(plan.seed_field)
        default = field.default if field is not None else plan.seed_default
        out.append(
            "The calls marked given below take `random_state` and the notebook gives them none; "
            f"the package gives them one from `{plan.config_name}.{plan.seed_field}` "
            f"(default `{default}`)."
        )
    elif not unseeded:
        out.append("Every draw is seeded by the notebook itself; nb2mod adds no seed.")
    if unseeded:
        out.append(
            "The draws marked not seeded below are seeded by nothing: those results can differ "
            "from run to run."
        )
    return [" ".join(out)]


def _seed_value(plan: Plan) -> str:
    field = plan.field_named(plan.seed_field)
    seed = f"`{plan.config_name}.{plan.seed_field}`"
    default = field.default if field is not None else plan.seed_default
    if field is not None and field.cell:
        where = f"cell {field.cell}, line {field.line}"
        return f"The package uses the notebook's own seed: {seed} (default `{default}`, {where})."
    if plan.notebook_seeded:
        return (
            f"The notebook's seed is not a number nb2mod reads; `{plan.name('set_seeds')}()` uses "
            f"{seed} (default `{default}`)."
        )
    return (
        "The notebook sets no seed, so its results could differ from run to run; the package "
        f"uses {seed} (default `{default}`)."
    )
