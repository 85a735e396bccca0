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
# Commands run in bulk by scripts, whose start-up counts: `chemsec screen ...` builds a
# parser with its own module only (the other modules' imports cost it about half its
# start-up); help and unknown commands still load every module.
FAST_COMMANDS = {"screen": "chemsec.screening.command"}


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chemsec",
        description="ChemSec: control-list screening, security assessment and the portal.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # an app whose commands are not written yet
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    fast = FAST_COMMANDS.get(words[0]) if words else None
    parser = build_parser((fast,) if fast else COMMAND_MODULES)
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args))
    except Exception as exc:
        if not _configuration_error(exc):
            raise
        # A setting of the wrong form: one line naming it, not a traceback.
        print(f"chemsec: error: {exc}", file=sys.stderr)
        return 2


def _configuration_error(exc: BaseException) -> bool:
    """A mistyped setting: chemsec.lib.env's ConfigError, or Django's ImproperlyConfigured
    (looked up only if Django was loaded: `chemsec screen` starts without it)."""
    from chemsec.lib.env import ConfigError

    if isinstance(exc, ConfigError):
        return True
    django_exceptions = sys.modules.get("django.core.exceptions")
    improperly = getattr(django_exceptions, "ImproperlyConfigured", None)
    return improperly is not None and isinstance(exc, improperly)


if __name__ == "__main__":
    sys.exit(main())
