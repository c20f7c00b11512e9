"""``reportkit audit``: trace every number of a report or annex back to its data."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import spoken_place
from ..formatting.numbers import number
from ..i18n import N_, _

EXIT_UNTRACED = 1  # the check ran and found numbers the data does not support


@click.command(
    "audit",
    help=N_(
        "Check that every number in DOCUMENT (.docx report or .xlsx annex) is a figure "
        "of DATA.\n\nDATA is the unit's input file, or the batch's input folder for a "
        "consolidated report. Each number that matches no figure of the data, nor an "
        "honest rounding of one, is listed with its place; the exit code is then 1."
    ),
)
@click.argument("document", metavar=N_("DOCUMENT"), type=click.Path(path_type=Path, dir_okay=False))
@click.argument("data", metavar=N_("DATA"), type=click.Path(path_type=Path))
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    default=None,
    help=N_("Last year's data the document was made with (a file, or a folder for a batch)."),
)
@click.option("--force-previous", is_flag=True, help=N_("As given to render when it was forced."))
@click.option("--kind", default=None, help=N_("Report kind (default: the one the data names)."))
def audit(
    document: Path, data: Path, previous: Path | None, force_previous: bool, kind: str | None
) -> None:
    from ..audit import audit as run_audit

    result = run_audit(document, data, previous=previous, kind=kind, force_previous=force_previous)
    for found in result.untraced:
        click.echo(
            _("{document}: {place}: “{text}” is no figure of the data").format(
                document=document, place=spoken_place(found.place), text=found.printed.text
            ),
            err=True,
        )
    traced = len(result.numbers) - len(result.untraced)
    click.echo(
        _("{document}: {traced} of {count} numbers traced to {data}").format(
            document=document, traced=number(traced), count=number(len(result.numbers)), data=data
        )
    )
    if not result.ok:
        sys.exit(EXIT_UNTRACED)
