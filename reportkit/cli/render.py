"""``reportkit render`` and ``reportkit check``: one unit's input to its documents."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import N_, _
from .base import EXIT_USER_ERROR, pdf_options, report_error

_FILE = click.Path(path_type=Path, dir_okay=False)


def _template_overrides(ctx, param, values: tuple[str, ...]) -> dict[str, Path]:
    overrides = {}
    for value in values:
        role, sep, path = value.partition("=")
        if not sep or not role or not path:
            raise click.BadParameter(
                _("expected ROLE=PATH (e.g. report=my.docx), got {value}").format(value=value)
            )
        overrides[role] = Path(path)
    return overrides


_kind_option = click.option(
    "--kind",
    help=N_("Report kind (a shipped kind's name or a folder with kind.yaml)."),
    default=None,
)
_previous_option = click.option(
    "--previous", type=_FILE, default=None, help=N_("Last year's data, for year-over-year changes.")
)
_force_previous_option = click.option(
    "--force-previous",
    is_flag=True,
    help=N_("Use --previous even if it is another unit (unit.code) or not the year before."),
)


@click.command(
    "render",
    help=N_("Write the report and annex for one unit from DATA (.yaml, .json or a filled form)."),
)
@click.argument("data_path", metavar=N_("DATA"), type=_FILE)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help=N_("Folder to write the documents into."),
)
@pdf_options
@_kind_option
@_previous_option
@_force_previous_option
@click.option(
    "--template",
    "templates",
    multiple=True,
    callback=_template_overrides,
    metavar=N_("ROLE=PATH"),
    help=N_("Use another template for a role (report, annex)."),
)
def render(
    data_path: Path,
    out_dir: Path,
    pdf: bool,
    pdf_a: bool,
    kind: str | None,
    previous: Path | None,
    force_previous: bool,
    templates: dict[str, Path],
) -> None:
    from ..report import build_report, write_documents

    report = build_report(
        data_path,
        kind=kind,
        previous_path=previous,
        templates=templates,
        force_previous=force_previous,
    )
    for warning in report.context.get("previous_warnings") or ():
        click.echo(_("warning (--force-previous): {warning}").format(warning=warning), err=True)
    for path in write_documents(report, out_dir, pdf=pdf, archive=pdf_a):
        click.echo(_("wrote {path}").format(path=path))


@click.command(
    "check", help=N_("Validate DATA and list every problem at once, without writing anything.")
)
@click.argument("data_path", metavar=N_("DATA"), type=_FILE)
@_kind_option
@_previous_option
@click.option(
    "--annotate",
    type=_FILE,
    default=None,
    help=N_("For a filled form: write a copy with each bad cell marked red and explained."),
)
def check(data_path: Path, kind: str | None, previous: Path | None, annotate: Path | None) -> None:
    from ..errors import ValidationError
    from ..report import kind_of, read_input

    failure: ValidationError | None = None
    try:
        document = read_input(data_path, kind)
        report_kind = kind_of(document, kind)
        last_year = read_input(previous, kind, partial=True) if previous else None
        report_kind.context(document, last_year)
    except ValidationError as error:
        failure = error
    if annotate:
        from ..forms import annotate as mark

        written = mark(data_path, failure.problems if failure else [], annotate)
        if failure:  # the problems, then where they are marked: not "nothing written"
            report_error(failure, outcome=_("each is marked in {path}").format(path=written))
            sys.exit(EXIT_USER_ERROR)
        click.echo(_("wrote {path}").format(path=written))
    if failure:
        raise failure
    click.echo(
        _("{file}: no problems found ({kind})").format(file=data_path, kind=report_kind.title)
    )
