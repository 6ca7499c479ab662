"""The click command group; each command lives in its own module, imported only when run."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from nb2mod._version import __version__

COMMANDS = {
    "analyze": ("nb2mod.cli.analyze", "analyze"),
    "convert": ("nb2mod.cli.convert", "convert"),
    "lint": ("nb2mod.cli.lint", "lint"),
    "rules": ("nb2mod.cli.rules", "rules"),
    "verify": ("nb2mod.cli.verify", "verify"),
}


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (keeps `--version` fast)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module_name, attribute = COMMANDS[cmd_name]
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                return None
            command: click.Command = getattr(module, attribute)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="nb2mod")
def cli() -> None:
    """Turn exploratory Jupyter notebooks into tested, configurable Python packages.

    Exit codes: 0 success, 1 findings or differences, 2 usage, configuration or input error.
    """
    for stream in (sys.stdout, sys.stderr):  # a character the terminal cannot show is escaped
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code instead of exiting."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # click wraps Ctrl-C in Abort
            return _interrupted(exc.__cause__)
        click.echo("Aborted.", err=True)
        return 1
    except KeyboardInterrupt as exc:
        return _interrupted(exc)
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    return result if isinstance(result, int) else 0


def _interrupted(exc: KeyboardInterrupt) -> int:
    """Ctrl-C exits 130; a command stopped by another signal (SIGTERM) exits 128 + it."""
    click.echo(getattr(exc, "message", "Interrupted."), err=True)
    code = getattr(exc, "exit_code", 130)
    return code if isinstance(code, int) else 130
