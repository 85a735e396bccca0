"""``chemsec custody verify``: recompute every sample's custody chain in the database (and
each file's hash, and each RFC 3161 timestamp token), or re-verify one exported custody
report (``--export FILE``, with ``--tsa-certificates PEM`` to check the tokens' signatures)
with nothing but the file. Exit 0 when every link holds, 1 when one does not.

``chemsec custody timestamp``: ask the configured Time-Stamping Authority (CHEMSEC_TSA_URL)
to date the head of every custody log not yet timestamped at its head."""

from __future__ import annotations

import argparse
import json
from typing import Any

NO_CERTIFICATES = "imprints only: no CHEMSEC_TSA_CERTIFICATES"


def register(subparsers: Any) -> None:
    custody = subparsers.add_parser("custody", help="the chain of custody of samples")
    actions = custody.add_subparsers(dest="custody_command", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="recompute the custody chains")
    verify.add_argument("--export", help="a custody report (JSON) to verify offline")
    verify.add_argument(
        "--tsa-certificates",
        help="PEM file of the TSA certificates to trust for the export's timestamp tokens",
    )
    verify.set_defaults(handler=run_verify)
    stamp = actions.add_parser("timestamp", help="timestamp the custody logs (RFC 3161)")
    stamp.set_defaults(handler=run_timestamp)


def _verify_export(path: str, certificates: str | None) -> int:
    from chemsec.custody.chain import verify_report
    from chemsec.custody.timestamps import load_roots

    roots = []
    if certificates:
        with open(certificates, "rb") as handle:
            roots = load_roots(handle.read())
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    problems = verify_report(report, roots)
    for problem in problems:
        print(problem)
    stamps = len(report.get("timestamps") or [])
    if stamps:
        checked = "signatures checked" if roots else "imprints only: no --tsa-certificates"
        print(f"{stamps} timestamp(s) ({checked})")
    print("custody chain intact" if not problems else f"{len(problems)} problem(s)")
    return 0 if not problems else 1


def run_verify(args: argparse.Namespace) -> int:
    if args.export:
        return _verify_export(args.export, getattr(args, "tsa_certificates", None))
    from chemsec.core.commands import django_setup

    django_setup()
    from django.conf import settings

    from chemsec.custody.models import Sample
    from chemsec.custody.services import tsa_roots, verify_sample

    broken = count = stamped = 0
    signatures = bool(tsa_roots())
    for sample in Sample.objects.order_by("created_at").iterator():
        count += 1
        problems = verify_sample(sample)
        for problem in problems:
            broken += 1
            print(f"{sample.identifier} ({sample.pk}): {problem}")
        stamped += _timestamp_status(sample, ok=not problems)
    print(f"{count} sample(s) checked, {broken} problem(s)")
    if stamped or settings.CHEMSEC_TSA_URL:
        checked = "signatures checked" if signatures else NO_CERTIFICATES
        print(f"{stamped} sample(s) timestamped ({checked})")
    else:
        print("no timestamps (no timestamp authority configured: CHEMSEC_TSA_URL)")
    return 0 if not broken else 1


def _timestamp_status(sample: Any, *, ok: bool) -> int:
    """One line per timestamped sample: the latest token, and how many entries came after."""
    latest = sample.timestamps.order_by("-sequence", "-gen_time").first()
    if latest is None:
        return 0
    head = sample.entries.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    after = head - latest.sequence
    status = "verified" if ok else "see the problems above"
    print(
        f"{sample.identifier}: timestamped at {latest.gen_time.isoformat()} by "
        f"{latest.authority or latest.tsa_url} (entry {latest.sequence} of {head}, "
        f"{after} entr{'y' if after == 1 else 'ies'} after it): {status}"
    )
    return 1


def run_timestamp(args: argparse.Namespace) -> int:
    from chemsec.core.commands import django_setup

    django_setup()
    from django.conf import settings
    from django.core.exceptions import ValidationError

    from chemsec.core.policy import SYSTEM
    from chemsec.custody.models import Sample
    from chemsec.custody.services import chain_timestamp

    if not settings.CHEMSEC_TSA_URL:
        print("no timestamp authority configured (CHEMSEC_TSA_URL): nothing done")
        return 2
    failed = done = 0
    for sample in Sample.objects.order_by("created_at").iterator():
        try:
            chain_timestamp(actor=SYSTEM, sample=sample)
            done += 1
        except ValidationError as error:
            failed += 1
            print(f"{sample.identifier} ({sample.pk}): {'; '.join(error.messages)}")
    print(f"{done} custody log(s) timestamped at their head, {failed} failed")
    return 0 if not failed else 1
