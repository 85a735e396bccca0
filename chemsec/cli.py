"""The `chemsec` console script.

Each sub-command lives in the app that owns it, in a module exposing
``register(subparsers)``; that module must import heavy libraries (RDKit, Django,
Dask) inside its handler, so that ``chemsec --help`` and a cold ``chemsec screen``
stay fast. Handlers return the process exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "chemsec.core.commands",
    "chemsec.compendium.translations_export",
    "chemsec.screening.command",
    "chemsec.facilities.command",
    "chemsec.supplychain.command",
    "chemsec.science.oca_command",
    "chemsec.custody.command",
    "chemsec.stock.command",
    "chemsec.waste.command",
    "chemsec.incidents.command",
    "chemsec.demo",
    "chemsec.doctor",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chemsec",
        description="ChemSec: control-list screening, security assessment and the portal.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # an app whose commands are not written yet
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    return int(handler(args))


if __name__ == "__main__":
    sys.exit(main())
