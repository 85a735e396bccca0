"""The contract's tables, one module per app (or per area) that adds routes or owned kinds.

Each module here may define any of:

- ``ACCESS``: world object key -> action -> personas (merged into expectations.ACCESS);
- ``PAGES`` and ``OPERATIONS``: URL name / operation function name -> Entry;
- ``OBJECT_PARAMS`` and ``LITERAL_PARAMS``: route parameter -> world object key / value;
- ``ROWS`` and ``READER``: row makers for a list's query-count baseline, and who reads that
  kind of list (merged into tests/contract/rows.py);
- ``build(world)``: makes the module's objects (through the services), after the core world.

A module imports its helpers (``page``, ``op``, ``obj``, ...) from
``tests.contract.expectations``; the tables here are merged at the end of that module, so
several people can add apps without editing the same file. A key defined twice is an error.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any


def modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
    ]


def merge(target: dict[str, Any], attribute: str) -> None:
    """Add every module's `attribute` table to `target`, refusing a key given twice."""
    for module in modules():
        for key, value in getattr(module, attribute, {}).items():
            if key in target:
                raise KeyError(f"{module.__name__}.{attribute}: {key!r} is already defined")
            target[key] = value
