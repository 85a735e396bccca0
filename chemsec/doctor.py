"""`chemsec doctor`: what works on this installation, what does not, and how to fix it.

Checks the settings, the database and its migrations, Django's system checks, and the
optional capabilities: semantic search (the embedding weights; the multilingual model),
OPSIN (Java) and the Dask engine. Exit status 0 when the portal has everything it needs, 1
when something is wrong or degraded (semantic search off included); optional extras that
are absent are listed only.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    sub = subparsers.add_parser(
        "doctor", help="check the installation: database, semantic search, optional engines"
    )
    sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from chemsec.lib.env import ConfigError

    try:
        from chemsec.core.commands import django_setup

        django_setup()
    except ConfigError as exc:
        _line("settings", False, str(exc))
        return 1
    report = Report()
    _settings(report)
    database_ready = _database(report)
    _semantic_search(report, count_missing=database_ready)
    _multilingual_search(report, count_missing=database_ready)
    _optional(report)
    _system_checks(report)
    print("All good." if report.ok else "Something needs attention (see above).", flush=True)
    return 0 if report.ok else 1


class Report:
    def __init__(self) -> None:
        self.ok = True

    def add(self, name: str, ok: bool, detail: str, *, required: bool = True) -> None:
        _line(name, ok, detail, required=required)
        if required and not ok:
            self.ok = False


def _line(name: str, ok: bool, detail: str, *, required: bool = True, mark: str = "") -> None:
    mark = mark or ("ok" if ok else ("FAIL" if required else "off"))
    print(f"[{mark:4}] {name}: {detail}", flush=True)


def _settings(report: Report) -> None:
    from django.conf import settings

    report.add("settings", True, f"{settings.ENV}, data directory {settings.DATA_DIR}")


def _database(report: Report) -> bool:
    """Whether the database is reachable and up to date."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    where = f"{connection.vendor} {connection.settings_dict['NAME']}"
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        report.add("database", False, f"{where}: {exc}")
        return False
    if pending:
        report.add("database", False, f"{where}: {len(pending)} migration(s) to apply: run "
                   "`chemsec migrate`")  # fmt: skip
        return False
    report.add("database", True, f"{where}, migrations applied")
    return True


def _semantic_search(report: Report, *, count_missing: bool) -> None:
    from chemsec.compendium import embedding
    from chemsec.compendium.index import missing_embeddings

    state = embedding.status()
    if not state.available:
        report.add("semantic search", False, state.reason)
        return
    report.add("semantic search", True, f"weights from {state.source}")
    missing = missing_embeddings().count() if count_missing else 0
    if missing:
        report.add(
            "semantic search",
            False,
            f"{missing} published entr{'y has' if missing == 1 else 'ies have'} no vector "
            "(stored before the weights were installed): run `chemsec load-content`",
        )


def _multilingual_search(report: Report, *, count_missing: bool) -> None:
    from chemsec.compendium import multilingual_embedding
    from chemsec.compendium.index import missing_meaning_vectors

    state = multilingual_embedding.status()
    if not state.available:
        report.add("multilingual search", False, state.reason)
        return
    report.add("multilingual search", True, f"model from {state.source}")
    missing = missing_meaning_vectors() if count_missing else 0
    if missing:
        report.add(
            "multilingual search",
            False,
            f"{missing} text{'' if missing == 1 else 's'} of published entries (English or "
            "translated) without a multilingual vector: run `chemsec load-content`",
        )


def _optional(report: Report) -> None:
    from chemsec.screening.engine import opsin
    from chemsec.screening.engine.parallel import EngineUnavailable, require_dask

    reason = opsin.unavailable_reason()
    report.add("OPSIN names", reason is None, reason or "on", required=False)
    try:
        require_dask()
    except EngineUnavailable as exc:
        report.add("Dask engine", False, str(exc), required=False)
    else:
        report.add("Dask engine", True, "installed", required=False)


def _system_checks(report: Report) -> None:
    from django.conf import settings
    from django.core import checks

    messages = [
        message
        for message in checks.run_checks(include_deployment_checks=settings.PRODUCTION)
        if not message.is_silenced() and message.id not in _REPORTED_ABOVE
    ]
    for message in messages:
        text = f"{message.id}: {message.msg}" + (f" ({message.hint})" if message.hint else "")
        if message.level >= checks.ERROR:
            report.add("system check", False, text)
        else:
            _line("system check", True, text, mark="warn")
    if not messages:
        report.add("system checks", True, "no issues")


_REPORTED_ABOVE = {"compendium.W001", "compendium.W002"}  # semantic search has its lines
