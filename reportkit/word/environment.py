"""The Jinja environments Word templates compile in: one per mode, shared, read-only."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from functools import cache
from typing import Any

from jinja2 import ChainableUndefined
from jinja2.sandbox import SandboxedEnvironment

from ..jinja_env import make_environment
from .values import attribute_filter, image_filter, paragraph_filter, text_filter


@cache
def environment(strict: bool) -> SandboxedEnvironment:
    """The sandboxed environment for rendering (strict: undefined names are errors)."""
    return _with_filters(make_environment(strict=strict))


def _with_filters(env: SandboxedEnvironment) -> SandboxedEnvironment:
    env.filters.update(
        image=image_filter,
        _rk_text=text_filter,
        _rk_para=paragraph_filter,
        _rk_attr=attribute_filter,
    )
    return env


def with_filters(
    env: SandboxedEnvironment, filters: Mapping[str, Callable[..., Any]]
) -> SandboxedEnvironment:
    """``env`` with the caller's own filters too (an overlay: the shared one is unchanged)."""
    if not filters:
        return env
    overlay = env.overlay()
    overlay.filters = {**env.filters, **filters}
    return overlay


# (owner, name, line in the compiled Python) of each use of an undefined name in a check.
RECORDED: ContextVar[list[tuple[Any, str | None, int]]] = ContextVar("reportkit_word_undefined")


class RecordingUndefined(ChainableUndefined):
    """An undefined name that notes where it was used and renders empty, so that a check
    reports every undefined name in one run instead of stopping at the first."""

    __slots__ = ()

    def _record(self) -> None:
        frame = sys._getframe(2)
        while frame is not None and not frame.f_code.co_filename.startswith("reportkit:"):
            frame = frame.f_back
        if frame is not None:
            found = (self._undefined_obj, self._undefined_name, frame.f_lineno)
            RECORDED.get().append(found)

    def __str__(self) -> str:
        self._record()
        return ""

    def __iter__(self):
        self._record()
        return iter(())

    def __bool__(self) -> bool:
        self._record()
        return False

    def __len__(self) -> int:
        self._record()
        return 0

    def _fail_with_undefined_error(self, *args, **kwargs):
        self._record()
        return super()._fail_with_undefined_error(*args, **kwargs)


@cache
def checking_environment() -> SandboxedEnvironment:
    """Like the lenient environment, but every use of an undefined name is recorded."""
    env = make_environment(strict=False)
    env.undefined = RecordingUndefined
    return _with_filters(env)
