"""Parley's index: articles in, cited passages out. Knows nothing of Discord.

The public surface is below; modules are imported on first use so that importing
`index.errors` (say) does not load the search stack.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "BadInput",
    "Busy",
    "Filters",
    "IndexMismatch",
    "NotFound",
    "Parley",
    "ParleyError",
    "SearchResponse",
    "Settings",
    "load_settings",
]

_WHERE = {
    "Parley": "service",
    "Filters": "search",
    "SearchResponse": "search",
    "Settings": "settings",
    "load_settings": "settings",
    "ParleyError": "errors",
    "BadInput": "errors",
    "NotFound": "errors",
    "Busy": "errors",
    "IndexMismatch": "errors",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'index' has no attribute {name!r}")
