"""How the CLI speaks: its language, and the library's errors turned into lines and exit codes.

A user mistake is one clear line per problem on stderr and exit code 2, never a
traceback. Anything else is a bug and keeps its traceback. Every text a person reads
goes through the catalog (reportkit.i18n), click's own texts ("Usage:", "Options:",
"Missing option") included.
"""

from __future__ import annotations

import gettext
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..errors import ReportkitError, ValidationError, os_reason
from ..formatting.numbers import number
from ..i18n import (
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    N_,
    _,
    current_language,
    language_from_locale,
    ngettext,
    use_language,
)
from ..readonly import one_run

EXIT_USER_ERROR = 2
LANGUAGE_OPTION = "--lang"
# Texts click translates from a variable, which the catalog's extraction cannot see.
CLICK_RUNTIME_TEXTS = (N_("required"),)
_CLICK_LANGUAGE = "LANGUAGE"  # the variable click's gettext reads


def report_error(error: ReportkitError, outcome: str | None = None) -> None:
    """Print a library error for a person; ``outcome`` says what became of the outputs
    (already in the run's language; by default, nothing was written)."""
    outcome = outcome or _("nothing written")
    if isinstance(error, ValidationError):
        for problem in error.problems:
            click.echo(_("error: {problem}").format(problem=problem), err=True)
        count = len(error.problems)
        if error.file:
            text = ngettext(
                "{count} problem in {file}; {outcome}.",
                "{count} problems in {file}; {outcome}.",
                count,
            )
        else:
            text = ngettext("{count} problem; {outcome}.", "{count} problems; {outcome}.", count)
        click.echo(text.format(count=number(count), file=error.file, outcome=outcome), err=True)
    else:
        click.echo(_("error: {problem}").format(problem=error), err=True)


def _language_asked(args: list[str]) -> str | None:
    """The value of ``--lang`` on the command line, read before click parses anything,
    so that help texts and click's own messages are already in that language."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith(LANGUAGE_OPTION + "="):
            return arg.partition("=")[2]
        if arg == LANGUAGE_OPTION and index + 1 < len(args):
            return args[index + 1]
    return None


@contextmanager
def _click_speaking(language: str) -> Iterator[None]:
    """click translates its own texts through the process's gettext domain and the
    LANGUAGE variable; point both at our catalog while the command runs."""
    before_domain = gettext.textdomain()
    before = os.environ.get(_CLICK_LANGUAGE)
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ[_CLICK_LANGUAGE] = language
    before_language = current_language()
    use_language(language)  # process-wide: the web service answers from other threads
    try:
        yield
    finally:
        use_language(before_language)
        gettext.textdomain(before_domain)
        if before is None:
            os.environ.pop(_CLICK_LANGUAGE, None)
        else:
            os.environ[_CLICK_LANGUAGE] = before


def _translate_help(command: click.Command) -> None:
    """Put the help texts of ``command`` and its subcommands in the current language.

    They are written in code as catalog ids (``help=N_("...")``); the ids are kept, so
    the next run in the same process (tests) can speak another language. The names of
    values (``FILE``, ``DIRECTORY``, ``DATA``) are said in the language too.
    """
    for owner, attribute in _help_texts(command):
        if isinstance(owner, click.Command):
            # click (8.1.8+) keeps its --help option, whose text it translated once; the
            # next run (tests, in one process) makes it again in its own language
            owner._help_option = None
        ids = owner.__dict__.setdefault("_help_ids", {})
        ids.setdefault(attribute, getattr(owner, attribute))
        if ids[attribute]:
            setattr(owner, attribute, _(ids[attribute]))


def _help_texts(command: click.Command) -> Iterator[tuple[object, str]]:
    yield command, "help"
    yield command, "short_help"
    yield command, "options_metavar"
    if isinstance(command, click.Group):
        yield command, "subcommand_metavar"
    context = click.Context(command)
    for param in command.params:
        if isinstance(param, click.Option):
            yield param, "help"
        known = "metavar" in param.__dict__.get("_help_ids", {})
        if not known and not getattr(param, "is_flag", False):
            named = param.make_metavar(context)  # the type's name: FILE, INTEGER RANGE
            if _METAVAR.fullmatch(named):
                param.metavar = named
        if param.metavar:
            yield param, "metavar"
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _help_texts(sub)


# A value's name said in words (DIRECTORY, ROLE=PATH), not a list of choices ([a|b])
_METAVAR = re.compile(r"[A-Z][A-Z_ =]*(\.\.\.)?")
# The names click gives a value by its type (the others are the commands' own metavars)
CLICK_METAVARS = (
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("TEXT"),
    N_("INTEGER"),
    N_("INTEGER RANGE"),
    N_("FLOAT RANGE"),
    N_("FLOAT"),
    N_("FILE"),
    N_("DIRECTORY"),
    N_("PATH"),
    N_("BOOLEAN"),
)


class ReportkitGroup(click.Group):
    """A click group whose commands speak the chosen language and end with exit code 2
    on a ReportkitError."""

    def main(self, args=None, *rest, **options):
        args = list(sys.argv[1:] if args is None else args)
        language = _language_asked(args)
        if language not in LANGUAGES:  # a wrong value is refused by click below
            language = language_from_locale(os.environ)
        with _click_speaking(language):
            _translate_help(self)
            return super().main(args, *rest, **options)

    def invoke(self, ctx: click.Context):
        try:
            with one_run():
                return super().invoke(ctx)
        except ReportkitError as error:
            report_error(error)
            sys.exit(EXIT_USER_ERROR)
        except OSError as error:  # a folder made read-only, a full disk: the system said no
            reason = os_reason(error)
            message = _("the system refused to read or write this file: {reason}")
            report_error(ReportkitError(message.format(reason=reason), file=error.filename))
            sys.exit(EXIT_USER_ERROR)


language_option = click.option(
    LANGUAGE_OPTION,
    type=click.Choice(LANGUAGES),
    expose_value=False,
    help=N_(
        "Language of every message: vi (the default) or en; an English locale "
        "(LANG=en_US.UTF-8) also means en."
    ),
)


def pdf_options(command):
    """``--pdf`` and ``--pdf-a``, the same for ``render`` and ``batch``."""
    command = click.option(
        "--pdf-a",
        "pdf_a",
        is_flag=True,
        help=N_(
            "Also write PDFs as PDF/A-2b for the archive, every font embedded (implies --pdf)."
        ),
    )(command)
    return click.option("--pdf", is_flag=True, help=N_("Also write PDFs (needs LibreOffice)."))(
        command
    )
