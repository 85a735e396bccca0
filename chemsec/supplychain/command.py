"""``chemsec supplychain import-lists FILE...`` and ``chemsec supplychain rescreen``.

Both act as the system for one organisation (``--organisation SLUG``): an operator at the
server's console, like ``chemsec load-content``. Lists are read from the files given, never
downloaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "supplychain",
        help="Supply chain: import sanctions lists, re-screen customers",
        description="Supply-chain early warning: sanctions lists and re-screening.",
    )
    commands = parser.add_subparsers(dest="supplychain_command", metavar="SUBCOMMAND")
    imports = commands.add_parser(
        "import-lists",
        help="Import official sanctions list files as new dated versions",
        description="US Consolidated Screening List (JSON or CSV), UN consolidated list "
        "(XML), EU financial sanctions list (XML), UK sanctions list (XML).",
    )
    imports.add_argument("files", nargs="+", metavar="FILE")
    imports.add_argument("--organisation", required=True, help="slug of the organisation")
    imports.add_argument("--version", default="", help="version label (default: the file's)")
    imports.add_argument(
        "--no-rescreen", action="store_true", help="do not queue the re-screening job"
    )
    imports.set_defaults(handler=handle_import)
    rescreen = commands.add_parser(
        "rescreen", help="Re-screen every customer of the organisation against its lists"
    )
    rescreen.add_argument("--organisation", required=True, help="slug of the organisation")
    rescreen.set_defaults(handler=handle_rescreen)
    parser.set_defaults(handler=lambda args: (parser.print_help(), 2)[1])


def _organisation(slug: str) -> Any:
    from chemsec.core.models import Organisation

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise SystemExit(f"chemsec: error: no organisation {slug!r}")
    return organisation


def handle_import(args: argparse.Namespace) -> int:
    from chemsec.core.commands import django_setup

    django_setup()
    from chemsec.core.policy import SYSTEM
    from chemsec.sanctions.services import ImportRefused, list_import

    organisation = _organisation(args.organisation)
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            version = list_import(
                actor=SYSTEM,
                organisation=organisation,
                data=path.read_bytes(),
                file_name=path.name,
                version=args.version,
                rescreen=not args.no_rescreen,
            )
        except (OSError, ImportRefused) as exc:
            print(f"chemsec: error: {name}: {exc}", file=sys.stderr)
            status = 1
            continue
        print(
            json.dumps(
                {
                    "file": path.name,
                    "list": version.source,
                    "version": version.version,
                    "entries": version.entry_count,
                    "delta": version.delta,
                }
            )
        )
    return status


def handle_rescreen(args: argparse.Namespace) -> int:
    from chemsec.core.commands import django_setup

    django_setup()
    from chemsec.sanctions.services import rescreen

    organisation = _organisation(args.organisation)
    print(json.dumps(rescreen(organisation=organisation)))
    return 0
