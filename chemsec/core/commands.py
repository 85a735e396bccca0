"""Portal sub-commands of `chemsec`: serve, worker, schedule, load-content, audit, backup and
restore (the demo is `chemsec.demo`, above every app)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chemsec.settings")
    import django

    django.setup()


def register(subparsers: Any) -> None:
    _add_serve(subparsers)
    _add_worker(subparsers)
    _add_schedule(subparsers)
    sub = subparsers.add_parser("load-content", help="load versioned reference content")
    sub.add_argument("--path", help="content folder (default: the one shipped in the package)")
    sub.add_argument("--dry-run", action="store_true", help="validate and report, change nothing")
    sub.set_defaults(handler=run_load_content)
    sub = subparsers.add_parser("audit", help="the audit trail")
    audit_sub = sub.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser("verify", help="recompute the hash chain")
    verify.add_argument(
        "--anchor", metavar="FILE", help="also check the chain still holds this signed head"
    )
    verify.set_defaults(handler=run_audit_verify)
    anchor = audit_sub.add_parser("anchor", help="export the signed head of the chain")
    anchor.add_argument("--out", metavar="FILE", help="write it here (default: print it)")
    anchor.set_defaults(handler=run_audit_anchor)
    sub = subparsers.add_parser("backup", help="copy the database while the portal runs")
    sub.add_argument("output", metavar="FILE", help="the backup file to write (a new file)")
    sub.set_defaults(handler=run_backup)
    sub = subparsers.add_parser("restore", help="replace the database with a backup")
    sub.add_argument("input", metavar="FILE", help="a file written by chemsec backup")
    sub.add_argument("--yes", action="store_true", help="confirm: the current data is replaced")
    sub.set_defaults(handler=run_restore)
    sub = subparsers.add_parser("migrate", help="create or update the database tables")
    sub.set_defaults(handler=run_migrate)
    sub = subparsers.add_parser("manage", help="run a Django management command")
    sub.add_argument("args", nargs=argparse.REMAINDER)
    sub.set_defaults(handler=run_manage)


def _add_serve(subparsers: Any) -> None:
    sub = subparsers.add_parser("serve", help="run the portal")
    sub.add_argument("--host", default="127.0.0.1")
    sub.add_argument("--port", type=int, default=8000)
    sub.add_argument(
        "--workers",
        type=int,
        default=None,
        help="web server processes (default: CHEMSEC_SERVE_WEB_WORKERS, else one per core)",
    )
    sub.add_argument(
        "--job-workers",
        type=int,
        default=None,
        help="job worker processes (default: CHEMSEC_SERVE_JOB_WORKERS, else one per core)",
    )
    sub.add_argument("--no-worker", action="store_true", help="do not start job workers")
    sub.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    sub.set_defaults(handler=run_serve)


def _add_worker(subparsers: Any) -> None:
    sub = subparsers.add_parser("worker", help="run background jobs")
    sub.add_argument(
        "--once",
        action="store_true",
        help="run the queued jobs, then stop (without queuing scheduled ones)",
    )
    sub.add_argument("--poll", type=float, default=1.0, help="seconds between queue checks")
    sub.set_defaults(handler=run_worker)


def _add_schedule(subparsers: Any) -> None:
    sub = subparsers.add_parser("schedule", help="jobs the worker queues by itself, e.g. daily")
    sub.set_defaults(handler=run_schedule_list)
    actions = sub.add_subparsers(dest="schedule_command", metavar="ACTION")
    actions.add_parser("list", help="each schedule with its last and next run (the default)")
    run = actions.add_parser("run", help="queue a scheduled job now and run it here (for cron)")
    run.add_argument("kinds", nargs="*", metavar="KIND", help="scheduled kinds of job to run")
    run.add_argument("--due", action="store_true", help="every scheduled job that is due")
    run.add_argument("--queue-only", action="store_true", help="leave the jobs to a running worker")
    run.set_defaults(handler=run_schedule_run)


def run_backup(args: argparse.Namespace) -> int:
    django_setup()
    from chemsec.core.backup import BackupError, backup

    try:
        report = backup(args.output)
    except BackupError as exc:
        print(f"chemsec backup: {exc}", file=sys.stderr)
        return 1
    print(
        f"Backup of the {report.engine} database written to {report.path} "
        f"({report.tables} tables, {report.rows} rows when it was taken). "
        "Copy the data directory's media folder with it."
    )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    django_setup()
    from chemsec.core.audit import audit_verify
    from chemsec.core.backup import BackupError, restore, table_counts

    if not args.yes:
        print(
            "chemsec restore: this replaces every record of the portal with the backup's; "
            "stop the portal and its workers, then run again with --yes",
            file=sys.stderr,
        )
        return 2
    try:
        restore(args.input)
    except BackupError as exc:
        print(f"chemsec restore: {exc}", file=sys.stderr)
        return 1
    counts = table_counts()
    report = audit_verify()
    print(f"Restored {args.input}: {len(counts)} tables, {sum(counts.values())} rows.")
    if not report.ok:
        print(f"Audit chain broken at entry {report.broken_at}: {report.reason}", file=sys.stderr)
        return 1
    print(f"Audit chain intact: {report.checked} entries verified.")
    return 0


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
    from chemsec.core.limits import job_workers, web_workers
    from chemsec.core.server import run_gunicorn, start_workers, stop_workers

    web = args.workers if args.workers is not None else web_workers()
    jobs = (
        0
        if args.no_worker
        else (args.job_workers if args.job_workers is not None else job_workers())
    )
    workers = start_workers(max(jobs, 0))
    print(
        f"ChemSec portal at http://{args.host}:{args.port}/ ({settings.ENV}): "
        f"{web} web and {len(workers)} job worker(s)",
        flush=True,
    )
    try:
        run_gunicorn(args.host, args.port, max(web, 1), Path(settings.DATA_DIR))
    finally:  # their running jobs finish or go back to the queue
        stop_workers(workers, settings.JOBS_STOP_GRACE_SECONDS)
    return 0


def run_worker(args: argparse.Namespace) -> int:
    django_setup()
    from django.conf import settings

    from chemsec.core.jobs import WorkerStop, work, worker_name, worker_prepare
    from chemsec.core.outage import work_through_outages

    # SIGTERM/SIGINT: finish the running job within the grace period, else hand it back.
    stop = WorkerStop(settings.JOBS_STOP_GRACE_SECONDS).install()
    worker_prepare()
    print(f"Worker {worker_name()} waiting for jobs", flush=True)

    def run() -> int:
        return work(once=args.once, poll_seconds=args.poll, stop=stop)

    # A database outage pauses a long-running worker, never ends it (--once just fails).
    done = (
        run()
        if args.once
        else work_through_outages(run, stopping=lambda: stop.requested, sleep=stop.sleep)
    )
    print(f"Ran {done} job(s)" + (", then stopped" if stop.requested else ""), flush=True)
    return 0


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "never"
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def run_schedule_list(args: argparse.Namespace) -> int:
    django_setup()
    from django.utils import timezone

    from chemsec.core.jobs import schedule_states
    from chemsec.core.schedule import describe_interval

    now = timezone.now()
    rows = [("KIND", "EVERY", "LAST RUN", "LAST JOB", "NEXT RUN")]
    for state in schedule_states(now=now):
        next_run = "due now" if state.next_run <= now else _when(state.next_run)
        outcome = state.last_job.status if state.last_job is not None else "-"
        rows.append(
            (state.kind, describe_interval(state.every), _when(state.last_run), outcome, next_run)
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def run_schedule_run(args: argparse.Namespace) -> int:
    django_setup()
    from chemsec.core.jobs import schedule_run_now, schedule_tick, scheduled_kinds

    unknown = [kind for kind in args.kinds if kind not in scheduled_kinds()]
    if unknown or not (args.kinds or args.due):
        known = ", ".join(scheduled_kinds()) or "none"
        problem = f"not scheduled: {', '.join(unknown)}" if unknown else "name a KIND or --due"
        print(f"chemsec schedule run: {problem} (scheduled kinds: {known})", file=sys.stderr)
        return 2
    try:
        jobs = [schedule_run_now(kind=kind) for kind in args.kinds]
    except ValueError as exc:
        print(f"chemsec schedule run: {exc}", file=sys.stderr)
        return 2
    jobs += schedule_tick() if args.due else []
    return _run_queued(jobs, queue_only=args.queue_only)


def _run_queued(jobs: list[Any], *, queue_only: bool) -> int:
    from chemsec.core.choices import JobStatus
    from chemsec.core.jobs import job_run_here, worker_name

    failed = 0
    for job in jobs:
        print(f"Queued {job.kind} as job {job.pk}", flush=True)
        if not queue_only:
            job_run_here(job, worker=f"{worker_name()}:schedule")
        job.refresh_from_db()
        if job.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}:
            print(f"Job {job.pk} {job.status}: {job.error or job.result}", flush=True)
        failed += job.status == JobStatus.FAILED
    if not jobs:
        print("Nothing is due.")
    return 1 if failed else 0


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
    if report.ok and args.anchor:
        anchored = _verify_anchor_file(args.anchor)
        if not anchored.ok:
            report = anchored
        else:
            print(f"Anchor holds: its head is still in the chain ({args.anchor}).")
    if report.ok:
        print(f"Audit chain intact: {report.checked} entries verified.")
        return 0
    print(
        f"Audit chain broken at entry {report.broken_at}: {report.reason} "
        f"({report.checked} entries before it verified).",
        file=sys.stderr,
    )
    return 1


def _verify_anchor_file(path: str) -> Any:
    import json

    from chemsec.core.audit import ChainReport, audit_verify_anchor

    try:
        anchor = json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        return ChainReport(0, 0, f"the anchor {path} cannot be read ({error})")
    return audit_verify_anchor(anchor)


def run_audit_anchor(args: argparse.Namespace) -> int:
    """Print or write the signed head; keep it outside the database (see docs/security.md)."""
    django_setup()
    import json

    from chemsec.core.audit import audit_anchor

    text = json.dumps(audit_anchor(), indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text)
        print(f"Anchor written to {args.out}.")
    else:
        sys.stdout.write(text)
    return 0
