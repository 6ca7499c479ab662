"""`nb2mod rules`: list the lint rules, or print one rule's documentation."""

from __future__ import annotations

import click

from nb2mod.cli.common import EXIT_OK, finish


@click.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List every lint rule (code, name, message), or explain the rule CODE (e.g. NB103)."""
    from nb2mod.rules import all_rules, rule_for

    if code is None:
        for listed in all_rules():
            click.echo(f"{listed.code}  {listed.name:<28}  {listed.what.splitlines()[0]}")
        finish(EXIT_OK)
    rule = rule_for(code)
    if rule is None:
        raise click.UsageError(f"unknown rule code '{code}' (`nb2mod rules` lists them)")
    click.echo(rule.doc(), nl=False)
    finish(EXIT_OK)
