"""The one audited write path: every service saves, deletes, shares and exports through here.

    write_create(obj, actor=user)                        full_clean, save, audit "create"
    write_create_many([order, line, line], actor=user)   the same for several, in one batch
    write_update(obj, actor=user, values={"name": "X"})  set, full_clean, save the changed fields
    write_delete(obj, actor=user)
    write_purge([queryset, ...], actor=..., organisation=org, details={...})   retention
    write_share(obj, actor=user, users=[...], organisations=[...], confidentiality=None)
    write_unshare(obj, actor=user, users=[...], organisations=[...])
    write_export(obj, actor=user, fmt="pdf")             an export or download of the object
    write_view(obj, actor=user)                          a view of a restricted object

Each call is one transaction that appends one entry to the audit chain (none when nothing
changed) with one `changes` format: {field: [old, new]}, old null on create, new null on
delete, values JSON-safe (UUIDs, dates and Decimals as strings, foreign keys as ids).

These functions do not decide who may write: the service calls `policy.require` first.
An owned object's `save()` or `delete()` anywhere else always raises `UnauditedWrite`
(see chemsec/core/write_guard.py).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models.deletion import Collector
from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise

from chemsec.core.audit import audit_erase, audit_record, audit_record_many
from chemsec.core.choices import AuditAction, Confidentiality
from chemsec.core.models import Organisation, OwnedModel, User
from chemsec.core.policy import Actor
from chemsec.core.write_guard import UnauditedWrite, unaudited, writing

__all__ = [
    "UnauditedWrite",
    "json_safe",
    "unaudited",
    "write_create",
    "write_create_many",
    "write_delete",
    "write_export",
    "write_purge",
    "write_share",
    "write_unshare",
    "write_update",
    "write_view",
]

M = TypeVar("M", bound=models.Model)
Changes = dict[str, list[Any]]

# Never copied into the trail, only marked as set or changed.
SECRET_FIELDS = frozenset({"password", "key", "key_hash", "secret", "token"})
REDACTED = "[redacted]"
MAX_TEXT = 2000  # long texts are clipped in the trail; the object keeps them whole


def json_safe(value: Any) -> Any:
    """A value as the audit trail stores it."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return json_safe(value.value)
    if isinstance(value, str | Promise):
        text = str(value)
        return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, bytes | bytearray | memoryview):  # a vector, a file body: its size only
        return f"[{len(value)} bytes]"
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    return str(value)


def _actor(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _recorded(field: models.Field[Any, Any], value: Any) -> Any:
    if field.name in SECRET_FIELDS and value not in (None, ""):
        return REDACTED
    recorded = json_safe(value)
    if isinstance(recorded, dict | list) and len(text := json.dumps(recorded)) > MAX_TEXT:
        return f"[{len(text)} characters]"  # a large document: the trail notes its size only
    return recorded


def _stamped(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _fields(obj: models.Model) -> list[models.Field[Any, Any]]:
    """The concrete fields a create or delete records: not the key, not the time stamps."""
    return [f for f in obj._meta.concrete_fields if not f.primary_key and not _stamped(f)]


def _snapshot(obj: models.Model, *, created: bool) -> Changes:
    changes: Changes = {}
    for field in _fields(obj):
        value = field.value_from_object(obj)
        if value in (None, "", [], {}) or (isinstance(value, FieldFile) and not value):
            continue
        recorded = _recorded(field, value)
        changes[field.name] = [None, recorded] if created else [recorded, None]
    return changes


def _save(obj: models.Model, **kwargs: Any) -> None:
    with writing(obj):
        obj.save(**kwargs)


@transaction.atomic
def write_create(obj: M, *, actor: Actor, organisation: Organisation | None = None) -> M:
    """Validate and insert a new object and record it; an owned object's creator is the actor."""
    if isinstance(obj, OwnedModel) and obj.created_by_id is None and isinstance(actor, User):
        obj.created_by = actor
    obj.full_clean()
    _save(obj, force_insert=True)
    audit_record(
        actor=_actor(actor),
        action=AuditAction.CREATE,
        obj=obj,
        organisation=organisation,
        changes=_snapshot(obj, created=True),
    )
    return obj


@transaction.atomic
def write_create_many(
    objs: list[M],
    *,
    actor: Actor,
    known: Iterable[models.Model] | None = None,
    new_keys: bool = False,
) -> list[M]:
    """`write_create` for several new objects (an order and its lines), each validated with
    `full_clean` as it would be alone, inserted in one statement per run of the same model
    (in the given order, so a parent comes before its children), and recorded as one
    "create" entry each, appended to the chain in one batch. The entries are those that
    `write_create` would have written one by one; only the number of queries differs.

    Two options spare `full_clean` the questions whose answer the caller already has (the
    hot path of `POST /orders`); everything else it checks is checked as before:

    - `known`: objects read from the database for this request (the customer, its
      organisation, the products, the acting user). A foreign key pointing at one of them,
      or at an object written earlier in this batch, is not asked again ("does it
      exist?"); any other foreign key is.
    - `new_keys`: each object's primary key is its field's default, made for it here (a
      random UUID), so it is not asked whether one like it exists.

    Neither weakens what is stored: the database's own foreign key and primary key
    constraints still refuse a key that points nowhere (an object deleted meanwhile) or a
    duplicate, and the whole batch, its audit entries with it, is rolled back; the caller
    gets an IntegrityError where `full_clean` would have raised a ValidationError."""
    seen = _KnownKeys(known)
    for run in _runs(objs):
        for obj in run:
            if (
                isinstance(obj, OwnedModel)
                and obj.created_by_id is None
                and isinstance(actor, User)
            ):
                obj.created_by = actor
            _clean(obj, seen, new_key=new_keys)
        # bulk_create calls no save(): the write lock is not asked, this path is the audit.
        type(run[0])._default_manager.bulk_create(run)
        seen.add(run)
    items = [(obj, _snapshot(obj, created=True)) for obj in objs]
    audit_record_many(actor=_actor(actor), action=AuditAction.CREATE, items=items)
    return objs


class _KnownKeys:
    """The (model, primary key) pairs whose existence a batch need not ask: None when the
    caller passed no `known` (everything is asked, as `write_create` does)."""

    def __init__(self, known: Iterable[models.Model] | None) -> None:
        self.keys: set[tuple[Any, Any]] | None = None
        if known is not None:
            self.keys = set()
            self.add(known)

    def add(self, objs: Iterable[models.Model]) -> None:
        if self.keys is not None:
            self.keys.update((o._meta.concrete_model, o.pk) for o in objs if o.pk is not None)

    def skipped(self, obj: models.Model) -> set[str]:
        """The foreign keys of `obj` that point at a known object, with nothing else for
        `clean_fields` to check (no validators, no limit on the choices)."""
        if not self.keys:
            return set()
        names = set()
        for field in obj._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey) or field.validators:
                continue
            target = field.related_model
            if isinstance(target, str) or not field.target_field.primary_key:
                continue
            if field.get_limit_choices_to():
                continue
            if (target._meta.concrete_model, getattr(obj, field.attname)) in self.keys:
                names.add(field.name)
        return names


def _clean(obj: models.Model, known: _KnownKeys, *, new_key: bool) -> None:
    """`obj.full_clean()`, without asking whether the foreign keys that point at known
    objects exist, nor, with `new_key`, whether the primary key is taken. The same steps
    and the same errors as Django's `full_clean` otherwise: a field that failed its own
    check is left out of the uniqueness and constraint checks, as there."""
    skipped = known.skipped(obj)
    if not skipped and not new_key:
        obj.full_clean()
        return
    errors: dict[str, Any] = {}
    try:
        obj.full_clean(exclude=skipped, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    failed = {name for name in errors if name != NON_FIELD_ERRORS}
    key = {obj._meta.pk.name} if new_key and obj._meta.pk is not None else set()
    try:
        obj.validate_unique(exclude=failed | key)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        obj.validate_constraints(exclude=failed)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _runs(objs: list[M]) -> list[list[M]]:
    """Consecutive objects of the same model, in order."""
    runs: list[list[M]] = []
    for obj in objs:
        if runs and type(runs[-1][0]) is type(obj):
            runs[-1].append(obj)
        else:
            runs.append([obj])
    return runs


def _editable(obj: models.Model, name: str) -> models.Field[Any, Any]:
    field = obj._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete or field.many_to_many:
        raise ValueError(f"{name!r} is not a field write_update can set; use write_share.")
    if field.primary_key:
        raise ValueError("The primary key cannot be changed.")
    return field


@transaction.atomic
def write_update(
    obj: M, *, actor: Actor, values: dict[str, Any], action: str = AuditAction.UPDATE
) -> M:
    """Set fields, and if any changed: full_clean, save only those, record [old, new] for each.

    `action` is "update", or "approve" for a review decision that changes the object.
    """
    fields = {name: _editable(obj, name) for name in values}
    old = {name: field.value_from_object(obj) for name, field in fields.items()}
    for name, value in values.items():
        setattr(obj, name, value)
    changed = {
        name: field for name, field in fields.items() if field.value_from_object(obj) != old[name]
    }
    if not changed:
        return obj
    try:
        obj.full_clean()
    except ValidationError:
        for name in values:
            setattr(obj, fields[name].attname, old[name])
        raise
    stamps = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
    _save(obj, update_fields=list(dict.fromkeys([f.name for f in changed.values()] + stamps)))
    changes = {
        field.name: [_recorded(field, old[name]), _recorded(field, field.value_from_object(obj))]
        for name, field in changed.items()
    }
    audit_record(actor=_actor(actor), action=action, obj=obj, changes=changes)
    return obj


@transaction.atomic
def write_delete(obj: models.Model, *, actor: Actor) -> None:
    """Record the object's last values, then delete it (both or neither)."""
    audit_record(
        actor=_actor(actor),
        action=AuditAction.DELETE,
        obj=obj,
        changes=_snapshot(obj, created=False),
    )
    with writing(obj):
        obj.delete()


@transaction.atomic
def write_purge(
    querysets: Sequence[models.QuerySet[Any]],
    *,
    actor: Actor,
    organisation: Organisation | None,
    details: dict[str, Any],
    dry_run: bool = False,
) -> dict[str, int]:
    """Delete whole querysets, in order (with what they cascade to), and record one "delete"
    entry per kind of record that went: its count and `details` (why, up to when), never the
    records' values, which `write_delete`'s snapshot would keep in the trail for ever (a
    retention purge must not); and the values earlier entries recorded about every record
    that went (cascades included) are erased (`audit_erase`). Returns the counts by model
    label ("app.model"). With `dry_run`, the same deletes run and are rolled back: the
    counts are the real run's, and nothing is recorded."""
    counts: Counter[str] = Counter()
    gone: defaultdict[str, set[str]] = defaultdict(set)
    for queryset in querysets:
        collector, ids = _collected(queryset)
        counts.update({label.lower(): n for label, n in collector.delete()[1].items() if n})
        for label, keys in ids.items():
            gone[label] |= keys
    if dry_run:
        transaction.set_rollback(True)
        return dict(sorted(counts.items()))
    reason = str(details.get("reason", "purge"))
    for label, keys in sorted(gone.items()):
        # What the trail recorded about them (snapshots, descriptions) goes with them.
        audit_erase(label, keys, reason=reason, actor=_actor(actor))
    for label, count in sorted(counts.items()):
        audit_record(
            actor=_actor(actor),
            action=AuditAction.DELETE,
            organisation=organisation,
            object_type=label,
            object_repr=f"{count} purged",
            changes={"purged": count, **details},
        )
    return dict(sorted(counts.items()))


def _collected(queryset: models.QuerySet[Any]) -> tuple[Collector, dict[str, set[str]]]:
    """What deleting the queryset will delete (cascades included), as Django collects it,
    with the ids by "app.model" as audit entries name them."""
    collector = Collector(using=queryset.db, origin=queryset)
    # QuerySet.delete() hands Django's collector the queryset itself; the stubs expect a list.
    collector.collect(queryset)  # type: ignore[arg-type]
    ids: defaultdict[str, set[str]] = defaultdict(set)
    for model, instances in collector.data.items():
        ids[model._meta.label_lower] |= {str(obj.pk) for obj in instances}
    for fast in collector.fast_deletes:
        ids[fast.model._meta.label_lower] |= {str(pk) for pk in fast.values_list("pk", flat=True)}
    return collector, dict(ids)


def _shares(obj: OwnedModel) -> tuple[list[str], list[str]]:
    users = sorted(obj.shared_with_users.values_list("username", flat=True))
    organisations = sorted(obj.shared_with_organisations.values_list("name", flat=True))
    return users, organisations


def _share_changes(
    before: tuple[list[str], list[str]], after: tuple[list[str], list[str]]
) -> Changes:
    changes: Changes = {}
    for name, old, new in zip(
        ("shared_with_users", "shared_with_organisations"), before, after, strict=True
    ):
        if old != new:
            changes[name] = [old, new]
    return changes


@transaction.atomic
def write_share(
    obj: M,
    *,
    actor: Actor,
    users: Iterable[User] = (),
    organisations: Iterable[Organisation] = (),
    confidentiality: str | None = None,
) -> M:
    """Share an owned object with named people or organisations, optionally changing its level.

    Records {"confidentiality": [old, new], "shared_with_users": [old names, new names],
    "shared_with_organisations": [...]}, only what changed; nothing if nothing did.
    """
    owned = _owned(obj)
    before = _shares(owned)
    changes: Changes = {}
    if confidentiality and confidentiality != owned.confidentiality:
        if confidentiality not in Confidentiality.values:
            raise ValueError(f"Unknown confidentiality level: {confidentiality}")
        changes["confidentiality"] = [owned.confidentiality, confidentiality]
        owned.confidentiality = confidentiality
        _save(owned, update_fields=["confidentiality", "updated_at"])
    owned.shared_with_users.add(*users)
    owned.shared_with_organisations.add(*organisations)
    changes.update(_share_changes(before, _shares(owned)))
    if changes:
        audit_record(actor=_actor(actor), action=AuditAction.SHARE, obj=owned, changes=changes)
    return obj


@transaction.atomic
def write_unshare(
    obj: M,
    *,
    actor: Actor,
    users: Iterable[User] = (),
    organisations: Iterable[Organisation] = (),
) -> M:
    """Revoke named shares; the confidentiality level is left alone."""
    owned = _owned(obj)
    before = _shares(owned)
    owned.shared_with_users.remove(*users)
    owned.shared_with_organisations.remove(*organisations)
    changes = _share_changes(before, _shares(owned))
    if changes:
        audit_record(actor=_actor(actor), action=AuditAction.UNSHARE, obj=owned, changes=changes)
    return obj


def _owned(obj: models.Model) -> OwnedModel:
    if not isinstance(obj, OwnedModel):
        raise TypeError(f"Only owned objects are shared, not {type(obj).__name__}.")
    return obj


@transaction.atomic
def write_export(obj: models.Model, *, actor: Actor, fmt: str, file: str = "") -> None:
    """Record that the actor exported or downloaded the object: {"format": [null, fmt]}."""
    changes: Changes = {"format": [None, fmt]}
    if file:
        changes["file"] = [None, file]
    audit_record(actor=_actor(actor), action=AuditAction.EXPORT, obj=obj, changes=changes)


@transaction.atomic
def write_view(obj: models.Model, *, actor: Actor) -> bool:
    """Record a view of a restricted object (and nothing for other objects); True if recorded."""
    if not isinstance(obj, OwnedModel) or obj.confidentiality != Confidentiality.RESTRICTED:
        return False
    audit_record(actor=_actor(actor), action=AuditAction.VIEW, obj=obj, changes={})
    return True
