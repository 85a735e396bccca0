"""``chemsec waste``: a consignment's export for a system of record, and the overdue check,
from the command line (an operator's upload script, a site's own scheduler).

    chemsec waste export --user USERNAME --consignment MANIFEST_NUMBER_OR_ID --format e-manifest
                         [--output FILE]
    chemsec waste check-overdue

`export` acts as the person named, through the policy that decides the page's export: a
consignment that person may not export is answered like one that does not exist, and the
export is recorded in the audit trail under their name, as one from the page is. It exits 0,
2 when there is no such consignment (or no such active user), or 1 when its --output file
cannot be written (then nothing is recorded). `check-overdue` is a scheduler's task: it acts
as the system, exits 0 and says how many alerts it raised.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FORMATS = ["e-manifest", "diwass", "e-basel"]


def register(subparsers: Any) -> None:
    waste = subparsers.add_parser("waste", help="waste consignments: exports, overdue check")
    actions = waste.add_subparsers(dest="waste_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="a consignment for e-Manifest, DIWASS or e-Basel")
    export.add_argument("--user", required=True, help="username to act as")
    export.add_argument("--consignment", required=True, help="its manifest number or id")
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--output", help="a file to write (default: standard output)")
    export.set_defaults(handler=run_export)
    overdue = actions.add_parser("check-overdue", help="alert on consignments not confirmed")
    overdue.set_defaults(handler=run_check_overdue)


def run_export(args: argparse.Namespace) -> int:
    from chemsec.core.commands import django_setup

    django_setup()
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from chemsec.core.models import User
    from chemsec.core.policy import can
    from chemsec.core.writes import write_export
    from chemsec.waste.exports import FORMATS as EXPORTS
    from chemsec.waste.models import Consignment

    user = User.objects.filter(username=args.user, is_active=True).first()
    if user is None:
        print(f"No active user {args.user}.", file=sys.stderr)
        return 2
    found = Consignment.objects.filter(manifest_number=args.consignment).first()
    if found is None:
        try:
            found = Consignment.objects.filter(pk=args.consignment).first()
        except ValidationError:  # neither a manifest number nor an id
            found = None
    # One the person may not export is answered as one that does not exist (need-to-know).
    if found is None or not can(user, "consignment.export", found):
        print(f"No consignment {args.consignment}.", file=sys.stderr)
        return 2
    text = json.dumps(EXPORTS[args.format](found), indent=2, ensure_ascii=False)
    try:
        # The export is recorded only if its file was written: a file that cannot be
        # written (no such folder, no permission) leaves no "exported" entry behind.
        with transaction.atomic():
            write_export(found, actor=user, fmt=args.format, file=args.output or "")
            if args.output:
                Path(args.output).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"Cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not args.output:
        print(text)
    return 0


def run_check_overdue(args: argparse.Namespace) -> int:
    from chemsec.core.commands import django_setup

    django_setup()
    from chemsec.waste.services import consignments_check_overdue

    print(f"{consignments_check_overdue()} overdue consignment(s) alerted")
    return 0
