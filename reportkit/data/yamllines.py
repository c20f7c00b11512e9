"""Parse YAML once and keep the source line of every mapping key and list item."""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import InputError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> tuple[Any, dict[tuple, str]]:
    """The data as ``yaml.safe_load`` gives it, and {field path: "line N"}."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        locations: dict[tuple, str] = {}
        _walk(node, (), locations, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error) from None
    except yaml.YAMLError as error:
        raise InputError(f"this is not valid YAML: {error}") from None
    finally:
        loader.dispose()
    return data, locations


def _line(node: yaml.Node) -> str:
    return f"line {node.start_mark.line + 1}"


def _walk(node: yaml.Node, path: tuple, locations: dict[tuple, str], open_: set[int]) -> None:
    """Record where each key and item starts; refuse a key given twice in one mapping."""
    if id(node) in open_:
        raise InputError("an alias refers to the block that contains it", location=_line(node))
    open_.add(id(node))
    if not path:
        locations[path] = _line(node)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise InputError(
                    f'the key "{key}" is given twice in the same block (first on line {first}); '
                    "keep one",
                    location=_line(key_node),
                )
            seen[key] = key_node
            child = (*path, key)
            locations[child] = _line(key_node)
            _walk(value_node, child, locations, open_)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            locations[child] = _line(item)
            _walk(item, child, locations, open_)
    open_.discard(id(node))


def _syntax_error(error: yaml.MarkedYAMLError) -> InputError:
    mark = error.problem_mark or error.context_mark
    what = " ".join(part for part in (error.context, error.problem) if part)
    column = f" (column {mark.column + 1})" if mark else ""
    return InputError(
        f"this is not valid YAML: {what}{column}",
        location=f"line {mark.line + 1}" if mark else None,
    )
