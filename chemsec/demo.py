"""`chemsec demo`: the demo world, safe to run twice.

Above every app: core's organisations and people first, then each app's own records (its
`demo.py`, a `populate() -> list[str]` each) in the order they build on one another.
Django and the apps are imported inside the handler, so `chemsec --help` stays fast.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    sub = subparsers.add_parser("demo", help="create demo organisations and users (safe to rerun)")
    sub.add_argument(
        "--otp", metavar="USERNAME", help="print the current two-factor code of a demo user"
    )
    sub.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from chemsec.core.commands import django_setup

    django_setup()
    from chemsec.core.demo import demo_current_code

    if args.otp:
        print(demo_current_code(args.otp))
        return 0
    from django.core import mail
    from django.test.utils import override_settings

    # The demo's records notify its fictional users (network applications, minutes for
    # comment, invitations...): held in memory, neither printed over the sign-in lines (the
    # console backend's default) nor sent through a configured mail server.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        outbox: list[Any] = getattr(mail, "outbox", [])
        mail.outbox = outbox
        before = len(outbox)
        lines = demo_create()
        held = len(outbox) - before
        del outbox[before:]
    for line in lines:
        print(line)
    if held:
        # Said so that nobody waits for them: the demo's people are fictional.
        print(
            f"\n(Building the demo notified its fictional users {held} time(s) by e-mail; "
            "those e-mails were kept, not sent.)"
        )
    return 0


def demo_create() -> list[str]:
    from django.db import transaction

    from chemsec.assistance import demo as assistance_demo
    from chemsec.compendium import demo as compendium_demo
    from chemsec.core import demo as core_demo
    from chemsec.custody import demo as custody_demo
    from chemsec.events import demo as events_demo
    from chemsec.facilities import demo as facilities_demo
    from chemsec.frameworks import demo as frameworks_demo
    from chemsec.incidents import demo as incidents_demo
    from chemsec.network import demo as network_demo
    from chemsec.protection import demo as protection_demo
    from chemsec.risk import demo as risk_demo
    from chemsec.sanctions import demo as sanctions_demo
    from chemsec.stock import demo as stock_demo
    from chemsec.supplychain import demo as supplychain_demo
    from chemsec.training import demo as training_demo
    from chemsec.waste import demo as waste_demo

    apps = (
        facilities_demo,
        protection_demo,
        risk_demo,
        compendium_demo,
        frameworks_demo,
        assistance_demo,
        supplychain_demo,
        incidents_demo,
        custody_demo,
        stock_demo,
        waste_demo,
        network_demo,
        events_demo,
        sanctions_demo,
        training_demo,
    )
    with transaction.atomic():
        lines = core_demo.populate()
        for app in apps:
            lines += app.populate()
        return lines + core_demo.two_factor_lines()
