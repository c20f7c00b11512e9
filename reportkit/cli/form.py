"""``reportkit form``: make the Excel entry forms unit staff fill in."""

from __future__ import annotations

from pathlib import Path

import click

from ..forms.layout import LIST_ROWS, TABLE_ROWS
from ..i18n import N_, _


@click.command(
    "form",
    help=N_(
        "Write Excel entry forms: one per unit with --units, else one form for any unit.\n\n"
        "With --pick-from the unit is chosen from a drop-down; otherwise it is typed in."
    ),
)
@click.option(
    "--kind",
    default="cds",
    show_default=True,
    help=N_("Report kind (a shipped kind's name or a folder with kind.yaml)."),
)
@click.option("--year", type=int, required=True, help=N_("The year the figures are for."))
@click.option(
    "--unit",
    "unit_codes",
    multiple=True,
    metavar=N_("CODE"),
    help=N_("Make the form of this unit of the units list only (repeatable)."),
)
@click.option(
    "--units",
    "units_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("Units list (YAML): one form per unit, its name and year locked."),
)
@click.option(
    "--pick-from",
    "pick_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("Units list (YAML): one form in which the unit is picked from a drop-down of it."),
)
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help=N_(
        "Last year's data (a file, or a folder of one file per unit) shown locked "
        "beside each count."
    ),
)
@click.option(
    "--deadline",
    help=N_('When the form is due, as the guide sheet says it (e.g. "trước ngày 05/01/2026").'),
)
@click.option("--contact", help=N_("Whom to ask, as the guide sheet says it."))
@click.option(
    "--rows",
    "table_rows",
    type=click.IntRange(1, 500),
    default=TABLE_ROWS,
    show_default=True,
    help=N_("Open rows in each table sheet."),
)
@click.option(
    "--list-rows",
    type=click.IntRange(1, 100),
    default=LIST_ROWS,
    show_default=True,
    help=N_("Open rows for each list (paragraphs, recipients)."),
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help=N_("Folder to write the forms into."),
)
def form(
    kind: str,
    year: int,
    unit_codes: tuple[str, ...],
    units_path: Path | None,
    pick_path: Path | None,
    previous: Path | None,
    deadline: str | None,
    contact: str | None,
    table_rows: int,
    list_rows: int,
    out_dir: Path,
) -> None:
    from ..data.kinds import load_kind
    from ..errors import InputError
    from ..forms.make import kind_units, load_units, write_forms

    if pick_path and (units_path or unit_codes):
        raise InputError(_("--pick-from makes one form for any unit: leave out --units and --unit"))
    report_kind = load_kind(kind)
    if unit_codes and not units_path:
        units_path = kind_units(report_kind)
    elif not units_path and not pick_path:
        pick_path = kind_units(report_kind)  # the kind's own list, if it has one
    units = load_units(units_path) if units_path else None
    if unit_codes:
        if units is None:
            raise InputError(
                _(
                    '--unit picks units from a units list: give --units UNITS.yaml (kind "{kind}" '
                    "has no units.yaml of its own)"
                ).format(kind=kind)
            )
        known = {unit["code"]: unit for unit in units}
        missing = [code for code in unit_codes if code not in known]
        if missing:
            raise InputError(
                _("no unit {missing} in the list (it has: {known})").format(
                    missing=", ".join(missing), known=", ".join(known)
                ),
                file=str(units_path),
            )
        units = [known[code] for code in unit_codes]
    paths = write_forms(
        out_dir,
        report_kind,
        year=year,
        units=units,
        previous=previous,
        pick_from=load_units(pick_path) if pick_path else None,
        deadline=deadline,
        contact=contact,
        table_rows=table_rows,
        list_rows=list_rows,
    )
    for path in paths:
        click.echo(_("wrote {path}").format(path=path))
