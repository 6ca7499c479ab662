"""NB108 hard-coded-secret: API keys, tokens and passwords written into the notebook."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis


def check(analysis: Analysis) -> Iterator[Finding]:
    """The analysis' secret findings (``analysis.secrets``); the secret itself stays out."""
    for found in analysis.secrets.findings:
        yield Finding(found.cell, found.line, found.col, found.detail)


RULE = register(
    Rule(
        code="NB108",
        name="hard-coded-secret",
        message="possible secret: {detail}; read it from an environment variable or a secrets "
        "store, and revoke it if it was ever committed",
        what="Reports string literals that look like credentials: well-known key shapes (AWS "
        "`AKIA…`, Stripe `sk_live_…`, GitHub `ghp_…`, private key headers and others) anywhere "
        "in the notebook, and strings bound to a variable, keyword or key named like "
        "`password`, `secret`, `token` or `api_key` that are not placeholders. The secret "
        "itself is never printed.",
        why="A notebook is shared, committed and rendered on the web; anything written in it is "
        "public to everyone who can read the repository and its history.",
        example='client = Client(api_key="f3b1c0d2e4a5968778695a4b3c2d1e0f")',
        instead='client = Client(api_key=os.environ["SERVICE_API_KEY"])',
        check=check,
    )
)
