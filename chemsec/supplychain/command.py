"""``chemsec supplychain import-lists FILE...``, ``rescreen``, ``generate``, ``evaluate`` and
``purge`` (chemsec/supplychain/retention_command.py).

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

from chemsec.lib.cli_args import positive_int
from chemsec.supplychain import retention_command


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
    _register_evaluation(commands)
    retention_command.register(commands)
    parser.set_defaults(handler=lambda args: (parser.print_help(), 2)[1])


def _register_evaluation(commands: Any) -> None:
    generate = commands.add_parser(
        "generate",
        help="Generate a seeded data set of customers and orders with labelled typologies",
        description="Print a seeded synthetic data set (ordinary trade with injected, "
        "labelled typologies) as JSON: its counts, or every customer and order with --full. "
        "Nothing is written to the database.",
    )
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("--orders", type=positive_int, default=5000)
    generate.add_argument("--customers", type=positive_int, default=None)
    generate.add_argument("--full", action="store_true", help="every customer and order")
    generate.set_defaults(handler=handle_generate)
    evaluate = commands.add_parser(
        "evaluate",
        help="Evaluate the rules on a generated data set in a temporary database",
        description="Generate a data set, record it in a fresh temporary SQLite database "
        "(never the configured one) with every rule evaluated as orders arrive, and print "
        "per typology precision and recall and the alerts per 1,000 orders as JSON.",
    )
    evaluate.add_argument("--seed", type=int, default=1)
    evaluate.add_argument("--orders", type=positive_int, default=5000)
    evaluate.add_argument("--customers", type=positive_int, default=None)
    evaluate.set_defaults(handler=handle_evaluate)


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


def handle_generate(args: argparse.Namespace) -> int:
    import dataclasses

    from chemsec.supplychain import generator

    try:
        dataset = generator.generate(args.seed, args.orders, args.customers)
    except generator.GeneratorError as exc:
        print(f"chemsec: error: {exc}", file=sys.stderr)
        return 2
    output: dict[str, Any] = generator.summary(dataset)
    if args.full:
        output["customers"] = [dataclasses.asdict(c) for c in dataset.customers]
        output["orders"] = [
            {**dataclasses.asdict(o), "labels": sorted(o.labels)} for o in dataset.orders
        ]
    print(json.dumps(output, indent=2, default=str))
    return 0


def handle_evaluate(args: argparse.Namespace) -> int:
    from chemsec.supplychain import evaluation, generator

    try:
        generator.generate(args.seed, args.orders, args.customers)
    except generator.GeneratorError as exc:
        print(f"chemsec: error: {exc}", file=sys.stderr)
        return 2
    with evaluation.temporary_database():
        report = evaluation.run(args.seed, args.orders, args.customers)
    print(json.dumps(report, indent=2))
    return 0
