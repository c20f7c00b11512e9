"""``reportkit template vars|check|render|context``: work with any .docx or .xlsx template."""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from ..errors import spoken_place
from ..i18n import N_, _, ngettext
from .base import EXIT_USER_ERROR, ReportkitGroup

_TEMPLATE = click.Path(path_type=Path, dir_okay=False)
_kind_option = click.option(
    "--kind",
    default=None,
    help=N_("Treat DATA as input of this report kind: validate it and add the derived figures."),
)


@click.group(
    cls=ReportkitGroup, help=N_("Inspect, check and render a single .docx or .xlsx template.")
)
def template() -> None:
    pass


@template.command("vars", help=N_("List the variables TEMPLATE uses and where each is used."))
@click.argument("template_path", metavar=N_("TEMPLATE"), type=_TEMPLATE)
def vars_command(template_path: Path) -> None:
    from ..template import load_template

    found = load_template(template_path).variables()
    if not found:
        click.echo(_("{file}: uses no variables").format(file=template_path))
    for name, places in found.items():
        click.echo(name)
        for place in places:
            click.echo(f"    {spoken_place(place)}")


@template.command(
    "check",
    help=N_(
        "Report every problem in TEMPLATE in one run.\n\nWith --data, rendering problems "
        "too, with the derived figures of the data's kind. With --kind and no data, "
        "against every input field and derived figure of that kind."
    ),
)
@click.argument("template_path", metavar=N_("TEMPLATE"), type=_TEMPLATE)
@click.option(
    "--data", "data_path", type=_TEMPLATE, help=N_("Render with this YAML/JSON data too.")
)
@_kind_option
def check_command(template_path: Path, data_path: Path | None, kind: str | None) -> None:
    from ..template import load_template, unknown_paths

    loaded = load_template(template_path)
    context = _load_context(data_path, kind) if data_path else None
    if context is None and kind:
        context = _sample_context(kind, loaded)
    problems = loaded.check(context)
    if data_path is None and context is not None:
        problems += unknown_paths(loaded, context)
    problems = list({str(problem): problem for problem in problems}.values())
    for problem in problems:
        click.echo(_("error: {problem}").format(problem=problem), err=True)
    if problems:
        text = ngettext("{count} problem in {file}", "{count} problems in {file}", len(problems))
        click.echo(text.format(count=len(problems), file=template_path), err=True)
        raise SystemExit(EXIT_USER_ERROR)
    click.echo(_("{file}: no problems found").format(file=template_path))


@template.command(
    "render", help=N_("Render TEMPLATE with the values in DATA (YAML or JSON) into OUTPUT.")
)
@click.argument("template_path", metavar=N_("TEMPLATE"), type=_TEMPLATE)
@click.argument("data_path", metavar=N_("DATA"), type=_TEMPLATE)
@click.option("-o", "--output", type=_TEMPLATE, required=True, help=N_("The file to write."))
@click.option("--lenient", is_flag=True, help=N_("Render undefined names as empty, not as errors."))
@_kind_option
def render_command(
    template_path: Path, data_path: Path, output: Path, lenient: bool, kind: str | None
) -> None:
    from ..template import load_template

    loaded = load_template(template_path, strict=not lenient)
    context = _load_context(data_path, kind)
    written = loaded.render_to(output, context)
    click.echo(_("wrote {path}").format(path=written))
    if lenient:
        from ..template import undefined_warnings

        for warning in undefined_warnings(loaded, context):
            click.echo(_("warning: rendered empty: {warning}").format(warning=warning), err=True)


@template.command(
    "context",
    help=N_(
        "Print as YAML every name a template can use for DATA: its inputs and the derived "
        "figures of its kind. With --kind and no DATA, a sample of that kind's full context."
    ),
)
@click.argument("data_path", metavar=N_("DATA"), type=_TEMPLATE, required=False)
@_kind_option
def context_command(data_path: Path | None, kind: str | None) -> None:
    if data_path is None and not kind:
        raise click.UsageError(_("give DATA, or --kind for a sample of a kind's context"))
    context = _load_context(data_path, kind) if data_path else _sample_context(kind)
    click.echo(yaml.dump(context, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False))


def _load_context(path: Path, kind: str | None) -> dict:
    """The context a report of the data's kind has: validated, with the derived figures.

    The kind is --kind, else the one a form names, else the one whose fields the data
    has; data of no kind is used as it is."""
    from ..data.kinds import load_kind
    from ..data.sample import detect_kind
    from ..report import read_input

    document = read_input(path, kind)
    name = kind or getattr(document, "kind", None) or detect_kind(document.data)
    if name is None:
        return document.data
    return load_kind(name).context(document)


def _sample_context(kind: str, template=None) -> dict:
    """A kind's full context made from its schema: a unit's, or for a template that reads
    the consolidated report's names (fewer unknown to it), the consolidated one."""
    from ..data.kinds import load_kind
    from ..data.sample import consolidated_sample_context, sample_context
    from ..template import unknown_paths

    report_kind = load_kind(kind)
    unit = sample_context(report_kind)
    if template is None:
        return unit
    consolidated = consolidated_sample_context(report_kind)
    return min(unit, consolidated, key=lambda context: len(unknown_paths(template, context)))


class _PlainDumper(yaml.SafeDumper):
    """YAML for people: a value repeated is written again, not as an alias."""

    def ignore_aliases(self, data) -> bool:
        return True
