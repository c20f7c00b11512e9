"""The ``reportkit`` command line: parse, call the library, print, exit.

Commands live one concern to a module; each imports the library inside its function so
that ``reportkit --help`` loads neither python-docx nor openpyxl nor lxml.
"""

from __future__ import annotations

import click

from ..i18n import N_
from .audit import audit
from .base import ReportkitGroup, language_option
from .batch import batch
from .form import form
from .render import check, render
from .schema import schema
from .serve import serve
from .template import template


@click.group(
    cls=ReportkitGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "Turn a year's figures into finished Word reports and Excel annexes.\n\n"
        "Start with `reportkit render samples/thanh-hoa-2025.yaml -o out`."
    ),
)
@click.version_option(package_name="reportkit")
@language_option
def main() -> None:
    pass


main.add_command(render)
main.add_command(check)
main.add_command(template)
main.add_command(form)
main.add_command(batch)
main.add_command(schema)
main.add_command(audit)
main.add_command(serve)
