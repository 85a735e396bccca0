"""`chemsec load-content`: bring the database in line with the shipped content files.

Files are read and validated first (chemsec.content.reader); only then is the
database touched, inside one transaction, so a bad file changes nothing.
Apps that keep their own tables for some kinds register a handler, called in the
same transaction with every object of the load.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from chemsec.content.reader import (
    DEFAULT_ROOT,
    ContentError,
    ContentObject,
    iter_objects,
    read_content_tree,
)
from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction
from chemsec.core.models import ContentItem
from chemsec.lib.hashing import canonical_json, sha256_hex

ContentHandler = Callable[[list[ContentObject]], None]
HANDLERS: list[ContentHandler] = []


class ContentLoadError(RuntimeError):
    """A content file failed its schema; the message names the file, line and reason."""


class _DryRun(Exception):
    pass


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def lines(self) -> list[str]:
        kinds = sorted(
            set(self.created) | set(self.updated) | set(self.unchanged) | set(self.removed)
        )
        head = "Dry run, nothing saved." if self.dry_run else "Content loaded."
        rows = [
            f"  {kind}: {self.created[kind]} new, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged, {self.removed[kind]} removed"
            for kind in kinds
        ]
        return [head, *rows]


def checksum(obj: ContentObject) -> str:
    return sha256_hex(canonical_json({"version": obj.version, "data": obj.data}))


def _apply(objects: list[ContentObject], report: LoadReport) -> None:
    existing = {item.urn: item for item in ContentItem.objects.all()}
    new: list[ContentItem] = []
    for obj in objects:
        digest = checksum(obj)
        item = existing.pop(obj.urn, None)
        if item is None:
            new.append(_item(obj, digest))
            report.created[obj.kind] += 1
        elif item.checksum != digest or item.source_file != obj.source:
            item.kind, item.version, item.data = obj.kind, str(obj.version), obj.data
            item.checksum, item.source_file, item.source_line = digest, obj.source, obj.line
            item.save()
            report.updated[obj.kind] += 1
        else:
            report.unchanged[obj.kind] += 1
    # One insert per 500 rows instead of one per object: a first load creates about 2,000
    # (the load itself is audited as one entry by content_load).
    ContentItem.objects.bulk_create(new, batch_size=500)
    for item in existing.values():
        report.removed[item.kind] += 1
    ContentItem.objects.filter(urn__in=list(existing)).delete()


def _item(obj: ContentObject, digest: str) -> ContentItem:
    return ContentItem(
        urn=obj.urn,
        kind=obj.kind,
        version=str(obj.version),
        data=obj.data,
        checksum=digest,
        source_file=obj.source,
        source_line=obj.line,
    )


def content_load(root: str | Path | None = None, dry_run: bool = False) -> LoadReport:
    """Validate every file, then load them all in one transaction, or none."""
    try:
        objects = list(iter_objects(read_content_tree(Path(root) if root else DEFAULT_ROOT)))
    except ContentError as exc:
        raise ContentLoadError(str(exc)) from exc
    report = LoadReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            _apply(objects, report)
            for handler in HANDLERS:
                handler(objects)
            if report.changed:
                audit_record(
                    actor=None,
                    action=AuditAction.UPDATE,
                    object_type="content",
                    object_repr="reference content",
                    changes=_summary(report),
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _summary(report: LoadReport) -> dict[str, dict[str, int]]:
    return {
        "created": dict(report.created),
        "updated": dict(report.updated),
        "removed": dict(report.removed),
    }
