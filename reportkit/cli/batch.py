"""``reportkit batch``: every unit's documents and the province's consolidated report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_SOME_FAILED = 1
EXIT_INTERRUPTED = 130
_LINES_PER_UNIT = 20

_FOLDER = click.Path(path_type=Path, file_okay=False)
_FILE = click.Path(path_type=Path, dir_okay=False)


@click.command("batch")
@click.argument("input_dir", metavar="INPUT_DIR", type=_FOLDER)
@click.option(
    "-o", "--output", "out_dir", type=_FOLDER, required=True, help="Folder to write into."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per core).",
)
@click.option("--pdf", is_flag=True, help="Also write PDFs (needs LibreOffice).")
@click.option(
    "--pdf-a",
    "pdf_a",
    is_flag=True,
    help="Also write PDFs as PDF/A-2b for the archive, every font embedded (implies --pdf).",
)
@click.option(
    "--previous",
    "previous_dir",
    type=_FOLDER,
    default=None,
    help="Folder of last year's inputs, for changes per unit and in total.",
)
@click.option("--force", is_flag=True, help="Redo every unit, even those that did not change.")
@click.option(
    "--force-previous",
    is_flag=True,
    help="Use last year's file of a unit even when it is not for the year before "
    "(the manifest says so).",
)
@click.option("--kind", default=None, help="Report kind (default: the one the inputs name).")
@click.option(
    "--province",
    type=_FILE,
    default=None,
    help="Header data of the consolidated report (default: province.yaml in INPUT_DIR).",
)
@click.option(
    "--units",
    "units_file",
    type=_FILE,
    default=None,
    help="YAML list of the units expected, to name those without an input.",
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
) -> None:
    """Write the report and annex of every unit in INPUT_DIR (.xlsx forms, .yaml, .json)
    and the consolidated report and annex of the province.

    Units that did not change since the last run are kept as they are. Exit code 0 when
    everything was written, 1 when some units have errors (the others are written), 2
    when the run could not start.
    """
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
            "interrupted: the finished units are kept; run the same command again to finish.",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    progress.close()
    _summary(result)
    if not result.ok:
        sys.exit(EXIT_SOME_FAILED)


def _summary(result) -> None:
    from ..batch.manifest import error_lines

    counts: dict[str, int] = {}
    for unit in result.units:
        counts[unit.status] = counts.get(unit.status, 0) + 1
    detail = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    click.echo(f"{len(result.units)} units: {detail}")
    consolidated = result.consolidated
    if consolidated is not None and consolidated.ok:
        names = ", ".join(name for name, _ in consolidated.outputs)
        click.echo(f"consolidated report ({consolidated.status}): {names}")
    for unit in result.missing_units:
        click.echo(f"missing: {unit['short_name']} has no input", err=True)
    shown: dict[str, int] = {}  # a template's error is every unit's: said once, counted
    for failed in result.failed:
        lines = [line for error in failed.errors for line in error_lines(error)]
        for line in lines[:_LINES_PER_UNIT]:
            shown[line] = shown.get(line, 0) + 1
        if len(lines) > _LINES_PER_UNIT:
            more = len(lines) - _LINES_PER_UNIT
            shown[f"{failed.input}: {more} more problems (see manifest.json)"] = 1
    for line, count in shown.items():
        click.echo(f"error: {line}" + (f" ({count} units)" if count > 1 else ""), err=True)
    if result.failed:
        rest = "; the others were written" if len(result.failed) < len(result.units) else ""
        click.echo(f"{len(result.failed)} with errors{rest}.", err=True)
    if result.record_error is not None:
        click.echo(f"error: {result.record_error}", err=True)
    else:
        click.echo("manifest: " + ", ".join(str(path) for path in result.manifest))
