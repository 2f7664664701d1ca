"""The table of operations by wire name, filled by the modules of ``ops/``, found by themselves.

Every module in ``ops/`` is imported by :func:`operations`, so an operation module cannot be
forgotten; helpers live in ``flows/`` and register nothing.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from typing import Any

Handler = Callable[[Any, dict[str, Any]], dict[str, Any]]

OPERATIONS: dict[str, Handler] = {}
OPERATIONS_PACKAGE = __package__ + ".ops"


def operation(name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of the operation ``name``."""

    def register(handler: Handler) -> Handler:
        if OPERATIONS.get(name, handler) is not handler:
            raise RuntimeError(f"operation {name} is registered twice")
        OPERATIONS[name] = handler
        return handler

    return register


def operation_modules() -> list[str]:
    """The full names of every module in ``ops/``."""
    package = importlib.import_module(OPERATIONS_PACKAGE)
    return [f"{OPERATIONS_PACKAGE}.{found.name}"
            for found in pkgutil.iter_modules(package.__path__)]


@functools.cache
def operations() -> Mapping[str, Handler]:
    """Import every module of ``ops/`` once (they register as they load); return the table."""
    for name in operation_modules():
        importlib.import_module(name)
    return OPERATIONS
