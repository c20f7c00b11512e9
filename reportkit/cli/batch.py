"""``reportkit batch``: every unit's documents and the province's consolidated report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..formatting.numbers import number
from ..i18n import N_, _
from .base import pdf_options

EXIT_SOME_FAILED = 1
EXIT_INTERRUPTED = 130
_LINES_PER_UNIT = 20

_FOLDER = click.Path(path_type=Path, file_okay=False)
_FILE = click.Path(path_type=Path, dir_okay=False)


@click.command(
    "batch",
    help=N_(
        "Write the report and annex of every unit in INPUT_DIR (.xlsx forms, .yaml, .json) "
        "and the consolidated report and annex of the province.\n\n"
        "Units that did not change since the last run are kept as they are. Exit code 0 when "
        "everything was written, 1 when some units have errors (the others are written), 2 "
        "when the run could not start."
    ),
)
@click.argument("input_dir", metavar=N_("INPUT_DIR"), type=_FOLDER)
@click.option(
    "-o", "--output", "out_dir", type=_FOLDER, required=True, help=N_("Folder to write into.")
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help=N_("Worker processes (default: one per core)."),
)
@pdf_options
@click.option(
    "--previous",
    "previous_dir",
    type=_FOLDER,
    default=None,
    help=N_("Folder of last year's inputs, for changes per unit and in total."),
)
@click.option("--force", is_flag=True, help=N_("Redo every unit, even those that did not change."))
@click.option(
    "--force-previous",
    is_flag=True,
    help=N_(
        "Use last year's file of a unit even when it is not for the year before "
        "(the manifest says so)."
    ),
)
@click.option("--kind", default=None, help=N_("Report kind (default: the one the inputs name)."))
@click.option(
    "--province",
    type=_FILE,
    default=None,
    help=N_("Header data of the consolidated report (default: province.yaml in INPUT_DIR)."),
)
@click.option(
    "--units",
    "units_file",
    type=_FILE,
    default=None,
    help=N_("YAML list of the units expected, to name those without an input."),
)
@click.option(
    "--annotate-invalid",
    "returns_dir",
    type=_FOLDER,
    default=None,
    help=N_(
        "Folder for what goes back to the units: a copy of every invalid form with each bad "
        "cell red and explained, and a table of the units received, valid, invalid and missing."
    ),
)
def batch(
    input_dir: Path,
    out_dir: Path,
    jobs: int | None,
    pdf: bool,
    pdf_a: bool,
    previous_dir: Path | None,
    force: bool,
    force_previous: bool,
    kind: str | None,
    province: Path | None,
    units_file: Path | None,
    returns_dir: Path | None,
) -> None:
    from ..batch.progress import Progress
    from ..batch.run import run_batch

    progress = Progress(sys.stderr)
    try:
        result = run_batch(
            input_dir,
            out_dir,
            jobs=jobs,
            pdf=pdf,
            previous_dir=previous_dir,
            force=force,
            force_previous=force_previous,
            kind=kind,
            province=province,
            units_file=units_file,
            on_result=progress,
            archive=pdf_a,
            on_step=progress.step,
        )
    except KeyboardInterrupt:
        progress.close()
        click.echo(
            _("interrupted: the finished units are kept; run the same command again to finish."),
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    progress.close()
    _summary(result)
    if returns_dir is not None:
        _returns(result, returns_dir)
    if not result.ok:
        sys.exit(EXIT_SOME_FAILED)


def _summary(result) -> None:
    from ..batch.manifest import error_lines
    from ..batch.progress import status_word

    counts: dict[str, int] = {}
    for unit in result.units:
        counts[unit.status] = counts.get(unit.status, 0) + 1
    detail = ", ".join(f"{number(n)} {status_word(status)}" for status, n in sorted(counts.items()))
    click.echo(_("{count} units: {detail}").format(count=number(len(result.units)), detail=detail))
    consolidated = result.consolidated
    if consolidated is not None and consolidated.ok:
        names = ", ".join(name for name, _name in consolidated.outputs)
        click.echo(
            _("consolidated report ({status}): {names}").format(
                status=status_word(consolidated.status), names=names
            )
        )
    for unit in result.missing_units:
        click.echo(_("missing: {unit} has no input").format(unit=unit["short_name"]), err=True)
    for unit in result.unexpected:
        click.echo(
            _("not in the units list: {file} ({unit})").format(
                file=unit.input.name, unit=unit.name or unit.input.stem
            ),
            err=True,
        )
    shown: dict[str, int] = {}  # a template's error is every unit's: said once, counted
    for failed in result.failed:
        lines = [line for error in failed.errors for line in error_lines(error)]
        for line in lines[:_LINES_PER_UNIT]:
            shown[line] = shown.get(line, 0) + 1
        if len(lines) > _LINES_PER_UNIT:
            more = len(lines) - _LINES_PER_UNIT
            line = _("{file}: {count} more problems (see manifest.json)")
            shown[line.format(file=failed.input, count=number(more))] = 1
    for line, count in shown.items():
        text = _("error: {problem}").format(problem=line)
        if count > 1:
            text += " " + _("({count} units)").format(count=number(count))
        click.echo(text, err=True)
    if result.failed:
        if len(result.failed) < len(result.units):
            text = _("{count} with errors; the others were written.")
        else:
            text = _("{count} with errors.")
        click.echo(text.format(count=number(len(result.failed))), err=True)
    if result.record_error is not None:
        click.echo(_("error: {problem}").format(problem=result.record_error), err=True)
    else:
        paths = ", ".join(str(path) for path in result.manifest)
        click.echo(_("manifest: {paths}").format(paths=paths))


def _returns(result, folder: Path) -> None:
    """The marked-up forms for the units and the table of who sent what."""
    from ..batch.returns import counts_sentence, write_returns

    lines, written = write_returns(result, folder)
    for path in written:
        click.echo(_("wrote {path}").format(path=path))
    click.echo(counts_sentence(lines))
