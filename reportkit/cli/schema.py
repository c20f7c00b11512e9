"""``reportkit schema show``: the fields of a report kind, for people filling it in."""

from __future__ import annotations

import click

from ..i18n import N_
from .base import ReportkitGroup


@click.group(cls=ReportkitGroup, help=N_("Document the input fields of a report kind."))
def schema() -> None:
    pass


@schema.command(
    "show",
    help=N_(
        "Print every field of a kind: path, type, required, label, help and allowed values; "
        "then its indicators and cross-field rules."
    ),
)
@click.option(
    "--kind",
    "kind_name",
    default="cds",
    show_default=True,
    help=N_("A shipped kind's name, or a folder holding a kind.yaml."),
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help=N_("A readable tree, or Markdown tables."),
)
def show_command(kind_name: str, output_format: str) -> None:
    from ..data.describe import describe_kind
    from ..data.kinds import load_kind

    click.echo(describe_kind(load_kind(kind_name), output_format), nl=False)
