"""Compiled template code kept on disk, so a template is compiled once per machine.

Jinja turns a template into Python code. For a report template that costs as much as
rendering it fifty times, and every ``reportkit`` command and every batch worker would
pay it again. The code is kept in the user's own cache folder (never beside inputs or
outputs: code is loaded only from a folder no one else can write) under a key covering
all it depends on: the source, the names it is compiled under, the environment's
settings, filters and tests, and the Jinja, Python and reportkit versions.

``REPORTKIT_CACHE_DIR`` moves the folder; ``REPORTKIT_NO_CACHE=1`` turns the cache off.
A folder that cannot be written, or an entry that cannot be read, only means compiling;
past 256 entries or 64 MB the oldest are removed, and code over 8 MB is not kept at all.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import Environment, Template, nodes

from . import __version__
from .atomic import write_bytes_atomic
from .errors import ReportkitError
from .limits import CACHE_BYTES

_FORMAT = "1"
_MOST_ENTRIES = 256  # past this many, a new entry makes room by removing the oldest
_KEPT_AFTER_PRUNING = 192

Inspect = Callable[[Environment, nodes.Template], Any]


def compile_template(
    env: Environment,
    source: str,
    *,
    name: str,
    filename: str,
    inspect: Inspect | None = None,
) -> tuple[Template, Any]:
    """The template compiled from ``source``, and what ``inspect`` found in its tree.

    ``inspect`` runs on the parsed tree when the code is compiled; its result (plain
    lists, tuples, strings and numbers) is kept with the code. A syntax error is raised
    as Jinja raises it, and nothing is kept.
    """
    folder = cache_folder()
    entry = folder / f"{_key(env, source, name, filename, inspect)}.code" if folder else None
    cached = _read(entry) if entry else None
    if cached is not None:
        code, found = cached
    else:
        tree = env.parse(source, name=name, filename=filename)
        found = inspect(env, tree) if inspect else None
        code = env.compile(tree, name=name, filename=filename)
        if entry is not None:
            _write(entry, code, found)
    return env.template_class.from_code(env, code, env.make_globals(None)), found


def cache_folder() -> Path | None:
    """The folder compiled code is kept in, or None when caching is off or unsafe."""
    if os.environ.get("REPORTKIT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    chosen = os.environ.get("REPORTKIT_CACHE_DIR")
    if chosen:
        folder = Path(chosen)
    else:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("reportkit", appauthor=False)) / "code"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder if _private(folder) else None
    except OSError:
        return None


def _private(folder: Path) -> bool:
    """Only the user may write there: anyone else could plant code we would run."""
    if not hasattr(os, "getuid"):  # Windows: the profile folder is the user's own
        return True
    info = folder.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _key(env: Environment, source: str, name: str, filename: str, inspect: Inspect | None) -> str:
    digest = hashlib.sha256()
    for part in (
        _FORMAT,
        jinja2.__version__,
        __version__,
        importlib.util.MAGIC_NUMBER.hex(),
        sys.implementation.cache_tag or "",
        _environment_signature(env),
        _function_signature(inspect),
        name,
        filename,
        source,
    ):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _environment_signature(env: Environment) -> str:
    """What Jinja's code generator reads from the environment."""
    settings = (
        f"{type(env).__module__}.{type(env).__qualname__}",
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        tuple(sorted(getattr(env, "intercepted_binops", ()))),  # a sandbox's call_binop calls
        tuple(sorted(getattr(env, "intercepted_unops", ()))),
        env.autoescape if isinstance(env.autoescape, bool) else "callable",
        None if env.finalize is None else _pass_arg(env.finalize),
        tuple(sorted(env.extensions)),
        tuple(sorted((n, _pass_arg(f)) for n, f in env.filters.items())),
        tuple(sorted((n, _pass_arg(f)) for n, f in env.tests.items())),
    )
    return repr(settings)


def _pass_arg(function: Any) -> str:
    """Whether Jinja passes the context to the function: the generated call depends on it."""
    return str(getattr(function, "jinja_pass_arg", None))


def _function_signature(function: Callable | None) -> str:
    if function is None:
        return "-"
    code = getattr(function, "__code__", None)
    body = hashlib.sha256(code.co_code).hexdigest() if code else ""
    return f"{function.__module__}.{function.__qualname__}:{body}"


def _read(entry: Path) -> tuple[CodeType, Any] | None:
    try:
        loaded = marshal.loads(entry.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[0], CodeType):
        return loaded
    return None


def _write(entry: Path, code: CodeType, found: Any) -> None:
    try:
        data = marshal.dumps((code, found))
    except ValueError:  # ``inspect`` found something marshal cannot keep: compile next time
        return
    if len(data) > CACHE_BYTES // 8:  # one huge template must not push out all the others
        return
    try:
        write_bytes_atomic(entry, data)
        _prune(entry.parent)
    except (OSError, ReportkitError):
        pass


def _prune(folder: Path) -> None:
    """Keep the folder small, in entries and in bytes: every edit of a template adds an
    entry, none expires."""
    entries = []
    for path in folder.glob("*.code"):
        try:
            entries.append((path, path.stat()))
        except OSError:  # removed meanwhile by another process
            continue
    total = sum(info.st_size for _, info in entries)
    if len(entries) <= _MOST_ENTRIES and total <= CACHE_BYTES:
        return
    entries.sort(key=lambda pair: pair[1].st_mtime)
    for index, (stale, info) in enumerate(entries):
        if len(entries) - index <= _KEPT_AFTER_PRUNING and total <= CACHE_BYTES * 3 // 4:
            break
        stale.unlink(missing_ok=True)
        total -= info.st_size
