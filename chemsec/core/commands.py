"""Portal sub-commands of the `chemsec` script: serve, worker, demo, load-content, audit."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import Any


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chemsec.settings")
    import django

    django.setup()


def register(subparsers: Any) -> None:
    _add_serve(subparsers)
    _add_worker(subparsers)
    sub = subparsers.add_parser("demo", help="create demo organisations and users (safe to rerun)")
    sub.add_argument(
        "--otp", metavar="USERNAME", help="print the current two-factor code of a demo user"
    )
    sub.set_defaults(handler=run_demo)
    sub = subparsers.add_parser("load-content", help="load versioned reference content")
    sub.add_argument("--path", help="content folder (default: the one shipped in the package)")
    sub.add_argument("--dry-run", action="store_true", help="validate and report, change nothing")
    sub.set_defaults(handler=run_load_content)
    sub = subparsers.add_parser("audit", help="the audit trail")
    audit_sub = sub.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser("verify", help="recompute the hash chain")
    verify.set_defaults(handler=run_audit_verify)
    sub = subparsers.add_parser("migrate", help="create or update the database tables")
    sub.set_defaults(handler=run_migrate)
    sub = subparsers.add_parser("manage", help="run a Django management command")
    sub.add_argument("args", nargs=argparse.REMAINDER)
    sub.set_defaults(handler=run_manage)


def _add_serve(subparsers: Any) -> None:
    sub = subparsers.add_parser("serve", help="run the portal")
    sub.add_argument("--host", default="127.0.0.1")
    sub.add_argument("--port", type=int, default=8000)
    sub.add_argument("--workers", type=int, default=2, help="web server processes")
    sub.add_argument("--no-worker", action="store_true", help="do not start a job worker too")
    sub.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    sub.set_defaults(handler=run_serve)


def _add_worker(subparsers: Any) -> None:
    sub = subparsers.add_parser("worker", help="run background jobs")
    sub.add_argument("--once", action="store_true", help="run the queued jobs, then stop")
    sub.add_argument("--poll", type=float, default=1.0, help="seconds between queue checks")
    sub.set_defaults(handler=run_worker)


def run_migrate(args: argparse.Namespace) -> int:
    django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def run_manage(args: argparse.Namespace) -> int:
    django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chemsec manage", *args.args])
    return 0


def run_serve(args: argparse.Namespace) -> int:
    django_setup()
    from django.conf import settings
    from django.core.management import call_command

    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    worker = None
    if not args.no_worker:
        worker = subprocess.Popen([sys.executable, "-m", "chemsec", "worker"])
    print(f"ChemSec portal at http://{args.host}:{args.port}/ ({settings.ENV})", flush=True)
    try:
        from chemsec.core.server import run_gunicorn

        run_gunicorn(args.host, args.port, args.workers)
    finally:
        if worker is not None:
            worker.terminate()
    return 0


def run_worker(args: argparse.Namespace) -> int:
    django_setup()
    from chemsec.core.jobs import work, worker_name

    print(f"Worker {worker_name()} waiting for jobs", flush=True)
    try:
        done = work(once=args.once, poll_seconds=args.poll)
    except KeyboardInterrupt:
        return 0
    print(f"Ran {done} job(s)", flush=True)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    django_setup()
    from chemsec.core.demo import demo_create, demo_current_code

    if args.otp:
        print(demo_current_code(args.otp))
        return 0
    for line in demo_create():
        print(line)
    return 0


def run_load_content(args: argparse.Namespace) -> int:
    django_setup()
    from chemsec.core.content_sync import ContentLoadError, content_load

    try:
        report = content_load(root=args.path, dry_run=args.dry_run)
    except ContentLoadError as exc:
        print(f"chemsec load-content: {exc}", file=sys.stderr)
        return 2
    for line in report.lines():
        print(line)
    return 0


def run_audit_verify(args: argparse.Namespace) -> int:
    django_setup()
    from chemsec.core.audit import audit_verify

    report = audit_verify()
    if report.ok:
        print(f"Audit chain intact: {report.checked} entries verified.")
        return 0
    print(
        f"Audit chain broken at entry {report.broken_at}: {report.reason} "
        f"({report.checked} entries before it verified).",
        file=sys.stderr,
    )
    return 1
