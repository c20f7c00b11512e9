"""PyYAML's syntax errors said in words a person who writes a data file understands.

PyYAML names the parser state ("while parsing a block mapping: expected <block end>, but
found '<scalar>'"); the usual problems are said here in the reader's language with what to
do about them; anything else keeps PyYAML's own words.
"""

from __future__ import annotations

import yaml

from ..i18n import N_, Rewording

# PyYAML's own words first, then libyaml's (the C parser reportkit uses where installed)
_PROBLEMS = [
    (
        r"mapping values are not allowed (here|in this context)",
        N_(
            'a ":" is not allowed here: put a text that holds ": " in quotes, or start the '
            "block on a new line"
        ),
    ),
    (
        r"found character '\\t' that cannot start any token",
        N_("a tab is not allowed here: indent with spaces"),
    ),
    (
        r"found character (?P<char>'.+') that cannot start any token",
        N_("a value cannot start with {char}: put the text in quotes"),
    ),
    (
        r"found character that cannot start any token",
        N_(
            "a value cannot start with this character (a tab, @ or `): indent with spaces, "
            "put the text in quotes"
        ),
    ),
    (
        r"(expected|did not find expected) ',' or '(?P<bracket>[\]}])'.*",
        N_('a "{bracket}" (or a "," between items) is missing'),
    ),
    (r"found unexpected end of stream", N_("the file ends before a quotation mark is closed")),
    (
        r"expected <block end>, but found .*|did not find expected (key|'-' indicator)",
        N_("this line is not indented like the other lines of its block"),
    ),
    (r"could not find expected ':'", N_('a ":" is missing after a name')),
    (
        r"found undefined alias( (?P<name>'.+'))?",
        N_("an alias (*name) names no anchor (&name) above it"),
    ),
    (
        r"could not determine a constructor for the tag (?P<tag>'.+')",
        N_("the tag {tag} is not one reportkit reads: remove it"),
    ),
    (r"second occurrence", N_("an anchor (&name) is given twice")),
    (
        r"found a tab character (that violates indentation|where an indentation space is "
        r"expected)",
        N_("a tab is not allowed here: indent with spaces"),
    ),
    (
        r"did not find expected comment or line break",
        N_(
            'after "|" or ">" the text starts on the next line: put a text that starts with '
            '"|" or ">" in quotes'
        ),
    ),
    (
        r"did not find expected alphabetic or numeric character",
        N_('"*" and "&" name an alias or an anchor: put a text that starts with them in quotes'),
    ),
    (
        r"did not find expected <document start>",
        N_("this line belongs to no block: check its indentation"),
    ),
    (
        r"did not find expected node content",
        N_("a value is missing here: put a text that starts with a sign in quotes"),
    ),
    (
        r"block sequence entries are not allowed (here|in this context)",
        N_('a list item ("- ") is not allowed here: start the list on a new line, indented'),
    ),
    (
        r"could not find expected directive name|found unexpected non-alphabetical character",
        N_('a line cannot start with "%": put the text in quotes'),
    ),
    (
        r"did not find expected whitespace or line break",
        N_('a value cannot start with "!": put the text in quotes'),
    ),
    (r"found unhashable key", N_("a block or a list cannot be a name")),
]
_SAID = Rewording(_PROBLEMS)


def yaml_problem(error: yaml.MarkedYAMLError) -> str:
    """What is wrong, in the current language where the problem is a usual one."""
    said = _SAID.say(error.problem or "")
    return said or " ".join(part for part in (error.context, error.problem) if part)
