"""The ``frontmap`` command: a thin layer over the Python API, one module per command group.

Each module parses and checks its options, calls the library and prints. Nothing heavy
(pandas, geopandas, folium, pyproj) is imported until a command runs, so ``frontmap --help``
and a bad option answer at once.

Exit codes: 0 success; 1 a user error (a bad or missing file, unresolved names under
``--strict``); 2 a usage error (a bad option). Results go to stdout; every error is one
line on stderr, ``error: ...``, never a traceback.
"""
from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Sequence

import click

from .. import __version__
from .claims import claims
from .common import printable, show_warning
from .demo import demo
from .extract import extract_command
from .frontline import frontline
from .map import map_command
from .resolve import resolve, reverse
from .store import store

__all__ = ["cli", "main"]


class Frontmap(click.Group):
    """The root group: every error ends in one line on stderr and its exit code."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra) -> None:  # type: ignore[override]
        warnings.showwarning = show_warning
        try:
            code = super().main(args, prog_name=prog_name or "frontmap", standalone_mode=False, **extra)
        except click.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            _exit(f"error: {error.format_message()}{hint}", error.exit_code)
        except click.ClickException as error:
            _exit(f"error: {error.format_message()}", error.exit_code)
        except click.Abort:
            _exit("aborted", 1)
        except Exception as error:  # a bug: say so in one line; FRONTMAP_DEBUG=1 shows the traceback
            if os.environ.get("FRONTMAP_DEBUG"):
                raise
            _exit(f"error: unexpected {type(error).__name__}: {error} (a bug in frontmap; rerun with "
                  "FRONTMAP_DEBUG=1 for the traceback and report it)", 1)
        sys.exit(code if isinstance(code, int) else 0)


def _exit(message: str, code: int) -> None:
    click.echo(printable(" ".join(message.splitlines())), err=True)
    sys.exit(code)


@click.group(cls=Frontmap, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="frontmap")
def cli() -> None:
    """Map sourced claims about the front line in the war in Ukraine."""


for command in (resolve, reverse, demo, claims, store, frontline, map_command, extract_command):
    cli.add_command(command)


def main(args: Sequence[str] | None = None) -> None:
    """Run the command (the ``frontmap`` console script)."""
    cli.main(args)
