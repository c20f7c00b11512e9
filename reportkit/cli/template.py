"""``reportkit template vars|check|render``: work with any .docx or .xlsx template."""

from __future__ import annotations

from pathlib import Path

import click

from .base import EXIT_USER_ERROR, ReportkitGroup

_TEMPLATE = click.Path(path_type=Path, dir_okay=False)
_kind_option = click.option(
    "--kind",
    default=None,
    help="Treat DATA as input of this report kind: validate it and add the derived figures.",
)


@click.group(cls=ReportkitGroup)
def template() -> None:
    """Inspect, check and render a single .docx or .xlsx template."""


@template.command("vars")
@click.argument("template_path", metavar="TEMPLATE", type=_TEMPLATE)
def vars_command(template_path: Path) -> None:
    """List the variables TEMPLATE uses and where each is used."""
    from ..template import load_template

    found = load_template(template_path).variables()
    if not found:
        click.echo(f"{template_path}: uses no variables")
    for name, places in found.items():
        click.echo(name)
        for place in places:
            click.echo(f"    {place}")


@template.command("check")
@click.argument("template_path", metavar="TEMPLATE", type=_TEMPLATE)
@click.option("--data", "data_path", type=_TEMPLATE, help="Render with this YAML/JSON data too.")
@_kind_option
def check_command(template_path: Path, data_path: Path | None, kind: str | None) -> None:
    """Report every problem in TEMPLATE in one run (with --data, rendering problems too)."""
    from ..template import load_template

    context = _load_context(data_path, kind) if data_path else None
    problems = load_template(template_path).check(context)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {template_path}", err=True)
        raise SystemExit(EXIT_USER_ERROR)
    click.echo(f"{template_path}: no problems found")


@template.command("render")
@click.argument("template_path", metavar="TEMPLATE", type=_TEMPLATE)
@click.argument("data_path", metavar="DATA", type=_TEMPLATE)
@click.option("-o", "--output", type=_TEMPLATE, required=True, help="The file to write.")
@click.option("--lenient", is_flag=True, help="Render undefined names as empty, not as errors.")
@_kind_option
def render_command(
    template_path: Path, data_path: Path, output: Path, lenient: bool, kind: str | None
) -> None:
    """Render TEMPLATE with the values in DATA (YAML or JSON) into OUTPUT."""
    from ..template import load_template

    context = _load_context(data_path, kind)
    written = load_template(template_path, strict=not lenient).render_to(output, context)
    click.echo(f"wrote {written}")


def _load_context(path: Path, kind: str | None) -> dict:
    """The data as it is, or with --kind validated and derived as a report of that kind."""
    if kind:
        from ..report import kind_of, read_input

        document = read_input(path, kind)
        return kind_of(document, kind).context(document)
    from ..data.loader import load_data

    return load_data(path).data
