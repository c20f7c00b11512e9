"""How the CLI turns the library's errors into messages and exit codes.

A user mistake is one clear line per problem on stderr and exit code 2, never a
traceback. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys

import click

from ..errors import ReportkitError, ValidationError
from ..readonly import one_run

EXIT_USER_ERROR = 2


def report_error(error: ReportkitError, outcome: str = "nothing written") -> None:
    """Print a library error for a person; ``outcome`` says what became of the outputs."""
    if isinstance(error, ValidationError):
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        count = len(error.problems)
        where = f" in {error.file}" if error.file else ""
        click.echo(f"{count} problem{'s' if count != 1 else ''}{where}; {outcome}.", err=True)
    else:
        click.echo(f"error: {error}", err=True)


class ReportkitGroup(click.Group):
    """A click group whose commands end with exit code 2 on a ReportkitError."""

    def invoke(self, ctx: click.Context):
        try:
            with one_run():
                return super().invoke(ctx)
        except ReportkitError as error:
            report_error(error)
            sys.exit(EXIT_USER_ERROR)
