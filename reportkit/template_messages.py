"""What Jinja and Python say when a template fails, told to its author in their language.

Jinja's messages are English and name Python's classes ("TypeError: …"); a template author
reads words. Each message Jinja is known to write is matched here and said again through
the catalog, its quoted names kept as they are; a message not known here keeps Jinja's text
after a prefix in words. Both engines (Word, Excel) say their errors through this module.
Everything is translated when the error is raised, never cached.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2 import UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .errors import TemplateError
from .i18n import N_, Rewording, _
from .jinja_env import MissingValue, paths_on_line, undefined_message

# Jinja's words for the marks of a template (lexer.describe_token), as an author knows them.
_TOKENS = {
    "end of print statement": N_("the end of the tag }}"),
    "begin of print statement": N_("the start of a tag {{"),
    "end of statement block": N_("the end of the tag %}"),
    "begin of statement block": N_("the start of a tag {%"),
    "end of comment": N_("the end of the comment #}"),
    "begin of comment": N_("the start of a comment {#"),
    "end of template": N_("the end of the template"),
    "template data / text": N_("text"),
    "name": N_("a name"),
}
_TOKEN_KEYS = frozenset({"found", "expected", "tags"})
_QUOTED = re.compile(r"'([^']*)'")
# Jinja's syntax messages (jinja2/lexer.py, jinja2/parser.py), most particular first.
_SYNTAX = [
    (
        r"Unexpected end of template\. Jinja was looking for the following tags: (?P<tags>.+?)\."
        r" The innermost block that needs to be closed is '(?P<block>\w+)'\.",
        N_("the block '{block}' is never closed: add {{% end{block} %}}"),
    ),
    (
        r"Encountered unknown tag '(?P<tag>\w+)'\. Jinja was looking for the following tags: "
        r"(?P<tags>.+?)\. The innermost block that needs to be closed is '(?P<block>\w+)'\.",
        N_("unknown tag '{tag}' inside the block '{block}' (expected: {tags})"),
    ),
    (
        r"Encountered unknown tag '(?P<tag>\w+)'\. You probably made a nesting mistake\. "
        r"Jinja is expecting this tag, but currently looking for (?P<tags>.+?)\."
        r"(?: The innermost block that needs to be closed is '\w+'\.)?",
        N_(
            "the tag '{tag}' is in the wrong place; blocks are closed in the reverse order "
            "they were opened (expected here: {tags})"
        ),
    ),
    (r"Encountered unknown tag '(?P<tag>\w+)'\.", N_("unknown tag '{tag}'")),
    (
        r"Unexpected end of template\.",
        N_("the template ends inside a block that is never closed"),
    ),
    (
        r"unexpected end of template, expected '(?P<expected>.+)'\.",
        N_("the template ends where {expected} was expected"),
    ),
    (
        r"expected token '(?P<expected>.+)', got '(?P<found>.+)'",
        N_("{expected} was expected here, not {found}"),
    ),
    (
        r"unexpected '(?P<found>.+)', expected '(?P<expected>.+)'",
        N_("{expected} was expected here, not {found}"),
    ),
    (r"unexpected char (?P<found>'.+'|\".+\") at \d+", N_("the character {found} cannot be here")),
    (r"unexpected '(?P<found>.+)'", N_("{found} cannot be here")),
    (r"tag name expected", N_("a tag name is missing after {{%")),
    (r"expected name or number", N_("a name or a number is missing after the dot")),
    (r"expected subscript expression", N_("nothing inside the brackets [ ]")),
    (r"invalid syntax for function call expression", N_("a call written wrongly")),
    (r"can't assign to '(?P<found>\w+)'", N_("{found} cannot be set with set")),
]
# Not a mistake of syntax: a name the template uses that reportkit does not have.
_UNKNOWN = re.compile(r"No (?P<kind>filter|test) named '(?P<name>[^']+)'\.")
# Jinja's messages for a missing value and for what the sandbox refuses.
_RENDERING = [
    (r"'(?P<path>[^']+)' is undefined", N_("undefined variable: {path}")),
    (
        r"'(?P<owner>[^']+)' has no attribute '(?P<name>[^']+)'",
        N_("{owner} has no field {name}"),
    ),
    (r"(?P<owner>.+) has no element (?P<name>.+)", N_("{owner} has no item {name}")),
    (
        r"access to attribute '(?P<name>[^']+)' of '(?P<owner>[^']+)' object is unsafe\.",
        N_("reading {name} of a value ({owner}) is not allowed in a template"),
    ),
    (r"(?P<name>.+) is not safely callable", N_("calling {name} is not allowed in a template")),
]
_SYNTAX_RULES = Rewording(_SYNTAX, re.S)
_RENDERING_RULES = Rewording(_RENDERING, re.S)
# Python's errors in a template expression, in words (most particular class first).
_PYTHON = [
    (ZeroDivisionError, N_("a division by zero")),
    (RecursionError, N_("the template calls itself without end")),
    (OverflowError, N_("a number too large to compute")),
    (KeyError, N_("no such key")),
    (IndexError, N_("no item at that position")),
    (AttributeError, N_("no such attribute")),
    (TypeError, N_("a value of the wrong kind")),
    (ValueError, N_("a wrong value")),
]


class UndefinedName(TemplateError):
    """A name the data does not have: a lenient render leaves it empty and warns of it."""


Saying = Callable[[], str]


def said_later(message: str, **values: str | Saying) -> Saying:
    """``message`` (an ``N_()`` id) filled with ``values``, said in the language of the
    moment it is called; a value that is itself a saying is said then too."""
    return partial(_say, message, values)


def _say(message: str, values: dict[str, str | Saying]) -> str:
    said = {key: value() if callable(value) else value for key, value in values.items()}
    return _(message).format(**said)


@dataclass(frozen=True)
class KeptProblem:
    """A problem found compiling a template, kept with it: a compiled template serves runs
    in either language, so the problem is said each time it is shown, never once for all."""

    say: Saying
    location: str | None

    def error(self, file: str) -> TemplateError:
        return TemplateError(self.say(), file=file, location=self.location)


def render_problem(
    error: Exception,
    env: SandboxedEnvironment,
    source: str,
    line: int | None,
    context: Mapping[str, Any],
    *,
    file: str,
    location: str | None,
) -> TemplateError:
    """The error of a template whose ``source`` failed at ``line`` rendering ``context``;
    a missing value is named by its whole path, with the nearest name the data has."""
    if isinstance(error, MissingValue):
        paths = paths_on_line(env, source, line)
        message = undefined_message(error.owner, error.name, paths, context)
        return UndefinedName(message, file=file, location=location)
    kind = UndefinedName if isinstance(error, UndefinedError) else TemplateError
    return kind(render_message(error), file=file, location=location)


def syntax_message(jinja_said: str | None) -> str:
    """``template syntax error: …`` in words, for what Jinja said compiling a template."""
    detail = (jinja_said or "").replace("|_rk_text", "")
    unknown = _UNKNOWN.fullmatch(detail.strip())
    if unknown:
        return unknown_name(unknown["kind"], unknown["name"])
    said = _said(detail, _SYNTAX_RULES) or detail or _("something is written wrongly")
    return _("template syntax error: {detail}").format(detail=said)


def render_message(error: Exception) -> str:
    """What went wrong running a template, in words: a missing value, a refused access, or
    Python's error with a prefix in words instead of its class name."""
    text = str(error).replace("|_rk_text", "")
    if isinstance(error, UndefinedError | SecurityError):
        said = _said(text, _RENDERING_RULES)
        if said:
            return said
        if isinstance(error, SecurityError):
            return _("not allowed in a template: {detail}").format(detail=text)
        return _("undefined variable: {path}").format(path=text)
    what = next((_(said) for kind, said in _PYTHON if isinstance(error, kind)), None)
    if isinstance(error, ZeroDivisionError):
        return what
    if what is None:
        what = _("an error in a template expression")
    return f"{what}: {text}" if text else what


def unknown_name(kind: str, name: str) -> str:
    """A filter or test the template uses that does not exist (``kind``: filter or test)."""
    if kind == "test":
        return _("unknown test '{name}'").format(name=name)
    return _("unknown filter '{name}'").format(name=name)


def _said(text: str, rules: Rewording) -> str | None:
    """``text`` said again by the first rule that matches it; the tokens it names
    (``found``, ``expected``, ``tags``) in words."""
    return rules.say(
        text.strip(), lambda key, value: _token(value) if key in _TOKEN_KEYS else value
    )


def _token(text: str) -> str:
    """A token Jinja named: its words in the author's language, or it as written, quoted.
    A list of tags ("'endfor' or 'else'") is given as the tags, comma separated."""
    text = text.strip()
    if text in _TOKENS:
        return _(_TOKENS[text])
    tags = _QUOTED.findall(text)
    if len(tags) > 1 or (tags and _QUOTED.fullmatch(text)):
        return ", ".join(_token(tag) for tag in tags)
    return text if text.startswith(("'", '"')) else f"'{text}'"
