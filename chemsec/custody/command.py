"""``chemsec custody verify``: recompute every sample's custody chain in the database (and
each file's hash), or re-verify one exported custody report (``--export FILE``) with
nothing but the file. Exit 0 when every link holds, 1 when one does not."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subparsers: Any) -> None:
    custody = subparsers.add_parser("custody", help="the chain of custody of samples")
    actions = custody.add_subparsers(dest="custody_command", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="recompute the custody chains")
    verify.add_argument("--export", help="a custody report (JSON) to verify offline")
    verify.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    if args.export:
        from chemsec.custody.chain import verify_report

        with open(args.export, encoding="utf-8") as handle:
            problems = verify_report(json.load(handle))
        for problem in problems:
            print(problem)
        print("custody chain intact" if not problems else f"{len(problems)} problem(s)")
        return 0 if not problems else 1
    from chemsec.core.commands import django_setup

    django_setup()
    from chemsec.custody.models import Sample
    from chemsec.custody.services import verify_sample

    broken = 0
    count = 0
    for sample in Sample.objects.order_by("created_at").iterator():
        count += 1
        for problem in verify_sample(sample):
            broken += 1
            print(f"{sample.identifier} ({sample.pk}): {problem}")
    print(f"{count} sample(s) checked, {broken} problem(s)")
    return 0 if not broken else 1
