"""An adapter built on its first use, so that its library is imported then, not at start."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

T = TypeVar("T")


class _Deferred:
    def __init__(self, build: Callable[[], object]) -> None:
        self._build = build
        self._adapter: object | None = None

    def __getattr__(self, name: str) -> Any:
        if self._adapter is None:
            self._adapter = self._build()
        return getattr(self._adapter, name)


def deferred(build: Callable[[], T]) -> T:
    """Stands for what `build` returns, calling it when first asked for an attribute."""
    return cast(T, _Deferred(build))
