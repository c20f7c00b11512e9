"""The one Jinja environment both engines render in: sandboxed, strict, with our filters.

Templates and data are untrusted, so rendering happens in Jinja's sandbox. Undefined
names are errors by default (a report with a silently empty figure is worse than no
report); ``strict=False`` renders them empty.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from jinja2 import ChainableUndefined, StrictUndefined, meta, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError

_DICT_ATTRIBUTES = frozenset(dir(dict))
_MOST_REPEATED = 1_000_000  # items or characters ``*`` may make: more than any report holds
_MOST_EXPONENT = 1_000  # 10 ** 1000 is already far beyond any figure


class ReportSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with a shortcut for the plain dicts a report's data is made of.

    ``row.name`` first tries the attribute, which on a dict fails with an exception, then
    reads the key; a report reads hundreds per render. A plain dict has no attributes but
    its methods, so for any other name the key is read at once: the same result, without
    the exception.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    # ``'x' * 10**10`` and ``9 ** 9 ** 9`` would take all memory or all time: bounded here.
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                too_long = isinstance(times, int) and isinstance(sequence, str | list | tuple)
                if too_long and len(sequence) * times > _MOST_REPEATED:
                    raise SecurityError("a repetition of more than 1.000.000 items is not allowed")
        elif isinstance(left, int) and isinstance(right, int) and abs(right) > _MOST_EXPONENT:
            raise SecurityError(f"a power above {_MOST_EXPONENT} is not allowed")
        return super().call_binop(context, operator, left, right)


def make_environment(
    *,
    strict: bool = True,
    autoescape: bool = False,
    finalize: Callable[[Any], Any] | None = None,
) -> SandboxedEnvironment:
    """A sandboxed environment with reportkit's filters registered."""
    from .formatting import register_filters

    env = ReportSandbox(
        undefined=StrictUndefined if strict else ChainableUndefined,
        autoescape=autoescape,
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=False,
        lstrip_blocks=False,
        extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"],
    )
    register_filters(env)
    return env


def template_lineno(tb: TracebackType | None, template_name: str) -> int | None:
    """The line of ``template_name`` that was running when an error was raised.

    Jinja rewrites tracebacks so that frames of compiled templates carry the template's
    file name and source line; the innermost such frame is where the error happened.
    """
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == template_name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def variables_by_line(env: SandboxedEnvironment, source: str) -> dict[str, list[int]]:
    """Each name a template reads from its context, with the source lines that read it."""
    ast = env.parse(source)
    wanted = meta.find_undeclared_variables(ast)
    found: dict[str, list[int]] = {name: [] for name in sorted(wanted)}
    for node in ast.find_all(nodes.Name):
        if node.ctx == "load" and node.name in found and node.lineno not in found[node.name]:
            found[node.name].append(node.lineno)
    return found
