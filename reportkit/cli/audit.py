"""``reportkit audit``: trace every number of a report or annex back to its data."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_UNTRACED = 1  # the check ran and found numbers the data does not support


@click.command("audit")
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("data", type=click.Path(path_type=Path))
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    default=None,
    help="Last year's data the document was made with (a file, or a folder for a batch).",
)
@click.option("--force-previous", is_flag=True, help="As given to render when it was forced.")
@click.option("--kind", default=None, help="Report kind (default: the one the data names).")
def audit(
    document: Path, data: Path, previous: Path | None, force_previous: bool, kind: str | None
) -> None:
    """Check that every number in DOCUMENT (.docx report or .xlsx annex) is a figure of DATA.

    DATA is the unit's input file, or the batch's input folder for a consolidated report.
    Each number that matches no figure of the data, nor an honest rounding of one, is
    listed with its place; the exit code is then 1.
    """
    from ..audit import audit as run_audit

    result = run_audit(document, data, previous=previous, kind=kind, force_previous=force_previous)
    for found in result.untraced:
        click.echo(
            f"{document}: {found.place}: “{found.printed.text}” is no figure of the data",
            err=True,
        )
    traced = len(result.numbers) - len(result.untraced)
    click.echo(f"{document}: {traced} of {len(result.numbers)} numbers traced to {data}")
    if not result.ok:
        sys.exit(EXIT_UNTRACED)
