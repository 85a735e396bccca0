"""``chemsec supplychain purge [--dry-run] [--organisation SLUG]``: the retention purge the
daily job runs (chemsec/supplychain/retention.py), from the server's console.

Prints JSON: the cut-off, the retention in months, and the records purged (or, with
``--dry-run``, that would be) per kind, in total and per organisation.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(commands: Any) -> None:
    purge = commands.add_parser(
        "purge",
        help="Delete records older than the retention period (18 months by default)",
        description="Delete the supply-chain records older than SUPPLYCHAIN_RETENTION_MONTHS "
        "(18 by default, Regulation (EU) 2019/1148 Article 8(4)): orders, finished cases, "
        "verification records, old screenings, order imports, expired snoozes. Open cases, "
        "their customers' records and reported cases are kept. One audit entry per kind of "
        "record says how many went, never what they held.",
    )
    purge.add_argument("--dry-run", action="store_true", help="count what would go, delete nothing")
    purge.add_argument("--organisation", help="slug of one organisation (default: all)")
    purge.set_defaults(handler=handle_purge)


def handle_purge(args: argparse.Namespace) -> int:
    from chemsec.core.commands import django_setup

    django_setup()
    from chemsec.core.models import Organisation
    from chemsec.supplychain.retention import RetentionError, retention_purge

    organisations = None
    if args.organisation:
        organisations = list(Organisation.objects.filter(slug=args.organisation))
        if not organisations:
            print(f"chemsec: error: no organisation {args.organisation!r}", file=sys.stderr)
            return 2
    try:
        result = retention_purge(dry_run=args.dry_run, organisations=organisations)
    except RetentionError as exc:
        print(f"chemsec: error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result.as_json(), indent=2, sort_keys=True))
    return 0
