"""The one Jinja environment both engines render in: sandboxed, strict, with our filters.

Templates and data are untrusted, so rendering happens in Jinja's sandbox. Undefined
names are errors by default (a report with a silently empty figure is worse than no
report); ``strict=False`` renders them empty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, NoReturn

from jinja2 import ChainableUndefined, StrictUndefined, Undefined, UndefinedError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import missing

from .formatting.numbers import number
from .i18n import _

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
                    raise SecurityError(
                        _("a repetition of more than {most} items is not allowed").format(
                            most=number(_MOST_REPEATED)
                        )
                    )
        elif isinstance(left, int) and isinstance(right, int) and abs(right) > _MOST_EXPONENT:
            raise SecurityError(
                _("a power above {most} is not allowed").format(most=number(_MOST_EXPONENT))
            )
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
        undefined=ReportUndefined if strict else ChainableUndefined,
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
    """Each dotted path a template reads from its context (``counts.signed_docs``), with
    the source lines that read it; names the template defines itself (set, for, macro)
    are left out."""
    ast = env.parse(source)
    # Jinja counts a name set inside an {% if %} as maybe read from the context; a name
    # the template sets anywhere is the template's own.
    defined = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    defined |= {macro.name for macro in ast.find_all(nodes.Macro)}
    wanted = meta.find_undeclared_variables(ast) - defined
    found: dict[str, list[int]] = {}
    for path, line in dotted_paths(ast):
        if path.split(".", 1)[0] in wanted:
            lines = found.setdefault(path, [])
            if line not in lines:
                lines.append(line)
    return dict(sorted(found.items()))


def paths_on_line(env: SandboxedEnvironment, source: str, line: int | None) -> list[str]:
    """The dotted paths ``source`` reads on ``line`` (to name a missing value in full)."""
    return [path for path, at in dotted_paths(env.parse(source)) if at == line]


def dotted_paths(node: nodes.Node) -> list[tuple[str, int]]:
    """Every path an expression reads, as far as it is spelled out (``counts.signed_docs``,
    ``a.title``, ``x["y"]`` as ``x.y``), with its line. A method call reads its object."""
    chain = _chain(node)
    if chain is not None:
        return [(chain, node.lineno)]
    found = []
    for child in node.iter_child_nodes():
        if isinstance(node, nodes.Call) and child is node.node and isinstance(child, nodes.Getattr):
            child = child.node
        found.extend(dotted_paths(child))
    return found


def _chain(node: nodes.Node) -> str | None:
    parts = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
        ):
            parts.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name) and node.ctx == "load":
            parts.append(node.name)
            return ".".join(reversed(parts))
        else:
            return None


class MissingValue(UndefinedError):
    """A name or key the data does not have, with what was asked of (``owner``), so the
    message can name the whole path and the nearest names that exist."""

    def __init__(self, message: str | None, owner: Any, name: str | None):
        super().__init__(message)
        self.owner = owner
        self.name = name


class ReportUndefined(StrictUndefined):
    """Strict: using an undefined value raises ``MissingValue``."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise MissingValue(self._undefined_message, self._undefined_obj, self._undefined_name)


# Jinja binds the operators (str(), ==, +, iteration, …) to the base class's function
# itself, so they are pointed at the override here.
for _name, _value in [*vars(Undefined).items(), *vars(StrictUndefined).items()]:
    if _value is Undefined._fail_with_undefined_error:
        setattr(ReportUndefined, _name, ReportUndefined._fail_with_undefined_error)


def undefined_message(
    owner: Any, name: str | None, paths: list[str], context: Mapping[str, Any]
) -> str:
    """``undefined variable: counts.signed_dosc (có phải `counts.signed_docs`?)``.

    ``paths`` are the dotted paths read on the template line where it happened; the one
    ending in ``name`` is the whole path. The nearest existing name is looked for among
    the keys of ``owner`` (a top-level name: among the context's)."""
    from .data.suggest import closest

    if name is None:
        return _("undefined variable")
    top = owner is missing
    path = next((p for p in paths if (p == name if top else p.endswith(f".{name}"))), str(name))
    known = context if top else owner
    guess = closest(str(name), [str(k) for k in known]) if isinstance(known, Mapping) else None
    if guess and guess != name:
        prefix = path.rpartition(".")[0]
        guess = f"{prefix}.{guess}" if prefix else guess
        return _("undefined variable: {path} (did you mean `{guess}`?)").format(
            path=path, guess=guess
        )
    return _("undefined variable: {path}").format(path=path)
