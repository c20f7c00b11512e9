"""Parse YAML once and keep the source line of every mapping key and list item."""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import InputError
from ..formatting.numbers import number
from ..i18n import _
from ..limits import DATA_VALUES, excerpt, too_many_values
from .yamlproblems import yaml_problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> tuple[Any, dict[tuple, str]]:
    """The data as ``yaml.safe_load`` gives it, and {field path: "line N"}."""
    loader = _Loader(text)
    try:
        _check_count(text)
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _check_expansion(node)
        locations: dict[tuple, str] = {}
        _walk(node, (), locations)
        data = _construct(loader, node)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error) from None
    except RecursionError:
        raise InputError(_("the data is nested too deeply")) from None
    except yaml.YAMLError as error:
        raise InputError(_("this is not valid YAML: {problem}").format(problem=error)) from None
    except (ValueError, OverflowError) as error:  # PyYAML's constructor, on a node _plain left
        raise InputError(_("a value cannot be read: {problem}").format(problem=error)) from None
    finally:
        loader.dispose()
    return data, locations


def _line(node: yaml.Node) -> str:
    return f"line {node.start_mark.line + 1}"


def _check_count(text: str) -> None:
    """Refuse a file of too many values before PyYAML builds a node for each of them.

    Each value takes at least a byte, so only a large file can hold too many; that one is
    counted on the parser's event stream, which holds nothing in memory.
    """
    if len(text) <= DATA_VALUES:
        return
    for count, event in enumerate(yaml.parse(text, Loader=_Loader)):
        if count > 2 * DATA_VALUES:  # a value is one event, a block two
            raise too_many_values(f"line {event.start_mark.line + 1}")


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a document that aliases make too big, before anything walks it in full.

    An alias stands for its whole block, so nine blocks of nine aliases each stand for
    387 million values in 500 bytes. Sizes are counted once per node, then the error
    names the innermost block that is too big.
    """
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, open_: set[int]) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in open_:
            message = _("an alias refers to the block that contains it")
            raise InputError(message, location=_line(node))
        open_.add(id(node))
        total = 1
        for child in _children(node):
            total += size(child, open_)
        open_.discard(id(node))
        sizes[id(node)] = total
        return total

    if size(root, set()) <= DATA_VALUES:
        return
    node = root
    while True:
        bigger = next((c for c in _children(node) if sizes[id(c)] > DATA_VALUES), None)
        if bigger is None:
            break
        node = bigger
    message = _(
        "with its aliases (*name) this block stands for more than {count} values; "
        "write the data out without aliases"
    )
    raise InputError(message.format(count=number(DATA_VALUES)), location=_line(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


def _walk(node: yaml.Node, path: tuple, locations: dict[tuple, str]) -> None:
    """Record where each key and item starts; refuse a key given twice in one mapping."""
    if not path:
        locations[path] = _line(node)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if key in seen:
                first = seen[key].start_mark.line + 1
                message = _(
                    'the key "{key}" is given twice in the same block (first on line {first}); '
                    "keep one"
                )
                raise InputError(message.format(key=key, first=first), location=_line(key_node))
            seen[key] = key_node
            child = (*path, key)
            locations[child] = _line(key_node)
            _walk(value_node, child, locations)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            locations[child] = _line(item)
            _walk(item, child, locations)


_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + name for name in ("null", "bool", "int", "float", "str", "timestamp")}
_MAP_TAG, _SEQ_TAG = _TAG + "map", _TAG + "seq"


class _NotPlain(Exception):
    """A node the one-pass build leaves to PyYAML's constructor (a merge key, a set, ...)."""


def _construct(loader: Any, node: yaml.Node) -> Any:
    """The data ``loader.construct_document(node)`` gives, built in one pass.

    PyYAML's constructor defers every nested block to a second pass of generators; plain
    documents (maps, lists and the scalar types, as inputs are) are built here directly
    with the constructor's own scalar functions, an alias giving the same object. Anything
    else, and any error (so that the first one PyYAML meets is the one reported), goes
    through PyYAML's constructor.
    """
    try:
        return _plain(loader, node, {})
    except InputError:
        raise
    except Exception:
        return loader.construct_document(node)


def _plain(loader: Any, node: yaml.Node, built: dict[yaml.Node, Any]) -> Any:
    if node in built:
        return built[node]
    tag = node.tag
    if tag in _SCALAR_TAGS and isinstance(node, yaml.ScalarNode):
        try:
            data = loader.yaml_constructors[tag](loader, node)
        except (ValueError, OverflowError) as error:  # 2026-02-30, a 5,000-digit number
            if tag.endswith("timestamp"):
                message = _('"{value}" is not a date: {reason}').format(
                    value=excerpt(node.value), reason=_date_reason(error)
                )
            else:
                message = _('"{value}" is too long a number').format(value=excerpt(node.value))
            raise InputError(message, location=_line(node)) from None
    elif tag == _MAP_TAG and isinstance(node, yaml.MappingNode):
        data = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                raise _NotPlain  # a merge key ("<<"), a block as a key
            data[_plain(loader, key_node, built)] = _plain(loader, value_node, built)
    elif tag == _SEQ_TAG and isinstance(node, yaml.SequenceNode):
        data = [_plain(loader, item, built) for item in node.value]
    else:
        raise _NotPlain
    built[node] = data
    return data


def _date_reason(error: Exception) -> str:
    """Python's "day is out of range for month", said for a person."""
    text = str(error)
    if "out of range" in text or "must be in" in text:
        return _("there is no such day")
    return text


def _syntax_error(error: yaml.MarkedYAMLError) -> InputError:
    mark = error.problem_mark or error.context_mark
    problem = yaml_problem(error)
    if mark:
        message = _("this is not valid YAML: {problem} (column {column})")
        problem = message.format(problem=problem, column=mark.column + 1)
    else:
        problem = _("this is not valid YAML: {problem}").format(problem=problem)
    return InputError(problem, location=f"line {mark.line + 1}" if mark else None)
