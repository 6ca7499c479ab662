"""Secrets the notebook hard-codes (NB108): each becomes a Config field without a default,
read from an environment variable; no generated file holds the secret itself.

Each distinct string literal holding a secret is one field (its value is the whole
literal), named after what the literal is given to and read from the field's name in
capitals (prefixed with the package's where that names a variable the shell or Python
sets). Every literal is replaced: in a step by ``config.FIELD``, in a function body by
``Config().FIELD``; where the code runs when the package is imported (a lifted class body,
a lifted function's defaults) by a placeholder, which CONVERSION.md reports. What is left
(a comment, an f-string, markdown, a magic) is redacted from every file's text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from nb2mod.analysis.facts import Analysis, LiteralCall
from nb2mod.analysis.secrets import SecretFinding, SecretLiteral, Secrets
from nb2mod.diagnostics import Diagnostic
from nb2mod.identifiers import snake_identifier, unique_name
from nb2mod.plan.model import ConfigField, Definition, SecretSite
from nb2mod.plan.steps import CellGroup
from nb2mod.redaction import forms, replace_all

REMOVED = "[secret removed by nb2mod]"
# Variables a shell, the system or Python already sets: a secret field never reads these.
_SYSTEM_VARIABLES = frozenset(
    "PWD OLDPWD PATH HOME USER USERNAME LOGNAME SHELL TERM LANG LANGUAGE TMPDIR TEMP TMP "
    "HOSTNAME HOST DISPLAY EDITOR VISUAL PAGER MAIL PS1 PS2 SHLVL TZ UID EUID".split()
)
_KIND_NAMES = {
    "AWS access key id": "aws_access_key_id",
    "Stripe live key": "stripe_key",
    "GitHub token": "github_token",
    "OpenAI key": "openai_api_key",
    "Slack token": "slack_token",
    "Google API key": "google_api_key",
    "private key": "private_key",
}


def holds_secret(value: object, secrets: Secrets) -> bool:
    """A literal value (or a list of them) that contains one of the notebook's secrets."""
    if isinstance(value, (list, tuple)):
        return any(holds_secret(v, secrets) for v in value)
    return isinstance(value, str) and any(s in value for s in secrets.values)


def without_secrets(fields: Iterable[ConfigField], secrets: Secrets) -> tuple[ConfigField, ...]:
    """The ordinary Config fields, less any whose default would copy a secret."""
    return tuple(f for f in fields if not holds_secret(f.default, secrets))


def secret_fields(
    analysis: Analysis, fields: Sequence[ConfigField], package: str
) -> tuple[ConfigField, ...]:
    """One field per distinct literal value holding a secret, in notebook order."""
    used = {f.name for f in fields}
    out: list[ConfigField] = []
    for literal in _code_literals(analysis.secrets):
        known = next((f for f in out if _field_value(f, analysis) == literal.value), None)
        if known is not None:
            sites = (*known.sites, (literal.cell, literal.line))
            out[out.index(known)] = dataclasses.replace(known, sites=sites)
            continue
        name = unique_name(snake_identifier(_name_of(literal, analysis.secrets), "secret"), used)
        used.add(name)
        out.append(_field(literal, name, _variable(name, package, out), analysis.secrets))
    return tuple(out)


def _code_literals(secrets: Secrets, imported: bool = False) -> list[SecretLiteral]:
    """The literals in notebook order; those run at import time only when ``imported``
    (no field is made for them alone: the package cannot read the environment there)."""
    found = [s for s in secrets.literals if imported or s.context != "import_time"]
    return sorted(found, key=lambda s: (s.cell, s.node_line, s.node_col))


def _field_value(field: ConfigField, analysis: Analysis) -> str | None:
    """The literal a secret field stands for (kept out of the field: see ``_field``)."""
    return next(
        (s.value for s in analysis.secrets.literals if (s.cell, s.line) == (field.cell, field.line)
         and s.node_col == field.col),
        None,
    )  # fmt: skip


def _name_of(literal: SecretLiteral, secrets: Secrets) -> str:
    if literal.name:
        return literal.name
    found = next((f for f in secrets.findings if f.value in literal.value and f.name), None)
    if found is not None and found.name:
        return found.name
    kind = next((f.detail for f in secrets.findings if f.value in literal.value), "")
    return _KIND_NAMES.get(kind.removesuffix(" in the source"), "secret")


def _variable(name: str, package: str, taken: Iterable[ConfigField]) -> str:
    variable = name.upper()
    if variable in _SYSTEM_VARIABLES or variable.startswith(("PYTHON", "LC_", "XDG_")):
        variable = f"{package.upper()}_{variable}"
    return unique_name(variable, {f.env for f in taken if f.env})


def _field(literal: SecretLiteral, name: str, variable: str, secrets: Secrets) -> ConfigField:
    details = [f.detail for f in secrets.findings if f.value in literal.value]
    whole = all(f.value == literal.value for f in secrets.findings if f.value in literal.value)
    reason = f"secret ({details[0] if details else 'hard-coded'})"
    if not whole:
        reason += ", the whole string that holds it"
    return ConfigField(
        name=name,
        type="str",
        default=None,  # never the secret: Config reads it from the environment
        cell=literal.cell,
        line=literal.line,
        col=literal.node_col,
        code="",
        reason=reason,
        env=variable,
    )


def secret_sites(
    analysis: Analysis, fields: Sequence[ConfigField], config_name: str, class_name: str
) -> tuple[SecretSite, ...]:
    """What replaces each literal holding a secret (see the module docstring)."""
    by_site = _fields_by_value(analysis, fields)
    out = []
    for literal in _code_literals(analysis.secrets, imported=True):
        field = by_site.get(literal.value)
        if field is None or literal.context == "import_time":
            code = repr(REMOVED)
        elif literal.context == "step":
            code = f"{config_name}.{field.name}"
        else:
            code = f"{class_name}().{field.name}"
        out.append(SecretSite(literal.cell, literal.node_line, literal.node_col, code))
    return tuple(out)


def _fields_by_value(analysis: Analysis, fields: Sequence[ConfigField]) -> dict[str, ConfigField]:
    out: dict[str, ConfigField] = {}
    for field in fields:
        if field.env is not None:
            value = _field_value(field, analysis)
            if value is not None:
                out[value] = field
    return out


def secret_environment(analysis: Analysis, fields: Sequence[ConfigField]) -> dict[str, str]:
    """Each secret field's environment variable with the notebook's value (what verify sets
    for the package it runs; never written anywhere)."""
    return {f.env: v for v, f in _fields_by_value(analysis, fields).items() if f.env}


def redactions(analysis: Analysis) -> tuple[tuple[str, str], ...]:
    """(secret as it may read in a file, placeholder) for every file's text, longest first."""
    values = analysis.secrets.values
    return tuple((form, REMOVED) for value in values for form in forms(value))


def secret_warnings(analysis: Analysis, fields: Sequence[ConfigField]) -> list[Diagnostic]:
    """One NB108 warning per finding: what was found and which variable now supplies it."""
    path = analysis.notebook.path
    by_value = _fields_by_value(analysis, fields)
    out = []
    for found in analysis.secrets.findings:
        message = f"possible secret ({found.detail}): {_where_now(found, analysis, by_value)}"
        out.append(Diagnostic(path, found.cell, found.line, found.col, "NB108", message))
    return out


def _where_now(found: SecretFinding, analysis: Analysis, by_value: dict[str, ConfigField]) -> str:
    literals = [
        s for s in analysis.secrets.literals if found.value in s.value and s.cell == found.cell
        and s.line == found.line
    ]  # fmt: skip
    revoke = "; revoke it if it was ever committed"
    if not literals:
        where = (
            "markdown"
            if _is_markdown(analysis, found.cell)
            else "a comment, an f-string or a magic"
        )
        return f"not copied: it was in {where}, which reads {REMOVED!r} instead{revoke}"
    field = by_value.get(literals[0].value)
    if field is None or all(s.context == "import_time" for s in literals):
        return (
            "not copied: it is used when the package is imported (a lifted function's default "
            "or a class attribute), before the environment can be read there: the code holds "
            f"{REMOVED!r} instead, TODO pass the secret in{revoke}"
        )
    said = f"not copied: Config.{field.name} reads it from the environment variable {field.env}"
    return said + revoke


def _is_markdown(analysis: Analysis, cell: int) -> bool:
    return any(c.index == cell and c.kind != "code" for c in analysis.notebook.cells)


def without_secret_calls(
    definitions: Iterable[Definition], secrets: Secrets
) -> tuple[Definition, ...]:
    """Definitions whose generated test calls copy no secret (such calls are not made)."""
    if not secrets.values:
        return tuple(definitions)
    return tuple(
        dataclasses.replace(
            d, test_calls=tuple(c for c in d.test_calls if not _mentions(c, secrets))
        )
        for d in definitions
    )


def without_secret_titles(groups: Sequence[CellGroup], secrets: Secrets) -> list[CellGroup]:
    """Step titles (from headings; they name steps and fill docstrings) with any secret in
    them replaced before a step name is made of them (a name is lowercased: no later
    redaction would find it)."""
    if not secrets.values:
        return list(groups)
    pairs = [(form, REMOVED) for value in secrets.values for form in forms(value)]
    return [dataclasses.replace(g, title=replace_all(g.title, pairs)) for g in groups]


def _mentions(call: LiteralCall, secrets: Secrets) -> bool:
    """The call's arguments or the value nb2mod worked out for it hold a secret."""
    texts = (call.args, call.value or "")
    return any(form in text for s in secrets.values for form in forms(s) for text in texts)
