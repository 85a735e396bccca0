"""``chemsec incidents``: the incident log, its exports and its reporting clocks from the
command line, acting as a named user through the same selectors, policy and audited export
as the pages and the API.

    chemsec incidents list --user USERNAME [--organisation SLUG] [--open] [--format table|json]
    chemsec incidents export ID --user USERNAME --format json|stix|misp|pdf [--output FILE]
    chemsec incidents clocks --user USERNAME [--organisation SLUG]

The user sees what they would see in the portal (`Incident.objects.visible_to`); an
`--organisation` must be one of theirs, as the API's organisation header. An export is
fetched with `policy.get_object(user, "incident.export", ...)` and recorded in the audit
trail under that user, as a download from the page. Exit status: 0; 2 when the user, the
organisation or the incident is unknown (or not visible) or the export is not allowed;
`export` exits 1 when its --output file cannot be written (then nothing is recorded);
`clocks` exits 1 when a visible incident's report is overdue (for cron and monitoring).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

FORMATS = ["json", "stix", "misp", "pdf"]
# The format recorded in the audit trail: the same names as the page's and the API's exports.
AUDIT_FORMATS = {"json": "json", "stix": "stix.json", "misp": "misp.json", "pdf": "pdf"}


class _Refused(Exception):
    """A lookup that ends the command with exit status 2 and its message."""


def register(subparsers: Any) -> None:
    incidents = subparsers.add_parser(
        "incidents", help="security incidents: the log, exports, reporting clocks"
    )
    actions = incidents.add_subparsers(dest="incidents_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the incidents the user may see, with their clocks")
    _user_options(listing)
    listing.add_argument("--open", action="store_true", help="open incidents only")
    listing.add_argument("--format", choices=["table", "json"], default="table")
    listing.set_defaults(handler=run_list)

    export = actions.add_parser("export", help="one incident as JSON, STIX 2.1, MISP or PDF")
    export.add_argument("incident", metavar="ID", help="the incident's id")
    export.add_argument("--user", required=True, help="username to act as")
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--output", help="a file to write (default: standard output)")
    export.set_defaults(handler=run_export)

    clocks = actions.add_parser(
        "clocks", help="reportable incidents whose clock runs; exit 1 if one is overdue"
    )
    _user_options(clocks)
    clocks.set_defaults(handler=run_clocks)


def _user_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", required=True, help="username to act as")
    parser.add_argument("--organisation", help="slug of one of the user's organisations")


def _setup() -> None:
    from chemsec.core.commands import django_setup

    django_setup()


def _user(username: str) -> Any:
    from chemsec.core.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise _Refused(f"No active user {username}.")
    return user


def _organisation(user: Any, slug: str | None) -> Any:
    """The organisation named, resolved as the API resolves its organisation header."""
    if not slug:
        return None
    from django.http import HttpRequest

    from chemsec.core.policy import Denied, set_acting_organisation

    request = HttpRequest()
    request.user = user
    try:
        return set_acting_organisation(request, slug=slug, use_session=False)
    except Denied:
        raise _Refused(f"{user.username} is not a member of an organisation {slug}.") from None


def _visible(args: argparse.Namespace) -> tuple[Any, Any]:
    from chemsec.incidents import selectors

    user = _user(args.user)
    return user, selectors.incidents(user, _organisation(user, args.organisation))


def _clock(item: Any, now: dt.datetime) -> dict[str, Any]:
    left = item.clock(now)
    return {
        "id": str(item.pk),
        "organisation": item.organisation.slug,
        "kind": item.kind,
        "exercise": item.exercise or None,
        "title": item.title,
        "status": item.status,
        "reportable_rule": item.rule_urn or None,
        "report_due_at": item.report_due_at.isoformat() if item.report_due_at else None,
        "reported_at": item.reported_at.isoformat() if item.reported_at else None,
        "seconds_left": int(left.total_seconds()) if left is not None else None,
        "overdue": left is not None and left.total_seconds() < 0,
    }


def _clock_text(row: dict[str, Any]) -> str:
    if row["seconds_left"] is None:
        if row["reported_at"]:
            return f"reported {row['reported_at'][:16]}"
        return "no clock"
    due = f"due {row['report_due_at'][:16]}"
    hours, seconds = divmod(abs(row["seconds_left"]), 3600)
    span = f"{hours}h{seconds // 60:02d}"
    return f"{due} OVERDUE by {span}" if row["overdue"] else f"{due} ({span} left)"


def _table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        print("No incidents.")
        return
    print(f"{'ID':36}  {'ORG':12}  {'KIND':20}  {'STATUS':6}  CLOCK  /  TITLE")
    for row in rows:
        kind = row["kind"] + (" (exercise)" if row["exercise"] else "")
        print(
            f"{row['id']:36}  {row['organisation'][:12]:12}  {kind[:20]:20}  "
            f"{row['status']:6}  {_clock_text(row)}  /  {row['title']}"
        )


def _visible_or_none(args: argparse.Namespace) -> Any:
    """The incidents the user may see, or None once it has said why it may not look."""
    _setup()
    try:
        return _visible(args)[1]
    except _Refused as refused:
        print(refused, file=sys.stderr)  # never into a redirected output
        return None


def run_list(args: argparse.Namespace) -> int:
    found = _visible_or_none(args)
    if found is None:
        return 2
    from django.utils import timezone

    from chemsec.incidents.choices import IncidentStatus

    if args.open:
        found = found.filter(status=IncidentStatus.OPEN)
    now = timezone.now()
    rows = [_clock(item, now) for item in found]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        _table(rows)
    return 0


def run_clocks(args: argparse.Namespace) -> int:
    found = _visible_or_none(args)
    if found is None:
        return 2
    from django.utils import timezone

    running = found.filter(report_due_at__isnull=False, reported_at__isnull=True)
    now = timezone.now()
    rows = sorted((_clock(item, now) for item in running), key=lambda r: r["seconds_left"])
    _table(rows)
    overdue = sum(1 for row in rows if row["overdue"])
    print(f"{len(rows)} reporting clock(s) running, {overdue} overdue")
    return 1 if overdue else 0


def run_export(args: argparse.Namespace) -> int:
    _setup()
    from uuid import UUID

    from django.db import transaction

    from chemsec.core.policy import Denied, NotVisible, get_object
    from chemsec.core.writes import write_export
    from chemsec.incidents import exports, selectors

    makers = {
        "json": exports.incident_json_bytes,
        "stix": exports.incident_stix_bytes,
        "misp": exports.incident_misp_bytes,
        "pdf": exports.incident_pdf,
    }
    try:
        user = _user(args.user)
        try:
            pk = UUID(args.incident)
        except ValueError:
            raise _Refused(f"No incident {args.incident}.") from None
        try:
            item = get_object(user, "incident.export", selectors.incident_joined(), pk=pk)
        except NotVisible:
            raise _Refused(f"No incident {args.incident}.") from None
        except Denied:
            raise _Refused(f"{user.username} may not export incident {args.incident}.") from None
    except _Refused as refused:
        print(refused, file=sys.stderr)  # never into a redirected output
        return 2
    content = makers[args.format](item)
    try:
        # Recorded only if the file was written: a file that cannot be written (no such
        # folder, no permission) leaves no "exported" entry behind.
        with transaction.atomic():
            write_export(item, actor=user, fmt=AUDIT_FORMATS[args.format], file=args.output or "")
            if args.output:
                with open(args.output, "wb") as handle:
                    handle.write(content)
    except OSError as exc:
        print(f"Cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not args.output:
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    return 0
