"""What a reader of the audit trail may see of each entry: need-to-know, per page.

The trail lists entries about objects of many organisations (the secretariat reads all of
them). An entry about an object the reader may not see keeps its kind, its action and who
did it, but not the object's name (`object_repr`) nor the values in `changes`: those are
the object's content (a facility's name, a risk's rationale). Deleted objects cannot be
looked up, so their entries are shown in full only to admins of the entry's organisation.
A model whose very activity is need-to-know (a suspicion case, a report to an authority)
sets `AUDIT_CONCEALS_PARTIES`: its hidden entries lose the actor, the organisation and the
changed fields' names too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any, cast

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet

from chemsec.core.choices import Role
from chemsec.core.models import AuditEntry, Membership, Organisation, OwnedModel, User
from chemsec.core.querysets import OwnedQuerySet

REDACTED = "[redacted]"
# Object types with no model behind them whose entries hold nothing need-to-know.
OPEN_TYPES = frozenset({"core.auditchain"})
# How far up a part's required foreign keys to look for the owned object(s) it belongs to.
OWNER_DEPTH = 3

Reader = User | AnonymousUser


def _model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None  # an app or model renamed or removed since the entry was written


@cache
def owner_paths(model: type[models.Model]) -> tuple[str, ...]:
    """Lookups from a model to every owned object it belongs to ("" for an owned model).

    Found by walking required foreign keys, so a part (an area, a risk entry) is judged by
    its owners, and a new app's parts are covered without a list to maintain. A part of
    several owned objects (a scenario: a facility and a threat profile) needs all of them
    visible. A model with no path (organisations, memberships, reference content) is not
    need-to-know here.
    """
    return tuple(_walk(model, "", 0, frozenset()))


def _walk(model: type[models.Model], prefix: str, depth: int, seen: frozenset[type]) -> list[str]:
    if issubclass(model, OwnedModel):
        return [prefix]
    if depth >= OWNER_DEPTH:
        return []
    found: list[str] = []
    for field in model._meta.concrete_fields:
        target = field.related_model
        if not isinstance(field, models.ForeignKey) or field.null or not isinstance(target, type):
            continue  # optional links (a diagram a risk entry may use) have their own entries
        if target in (User, Organisation) or target in seen:
            continue
        path = f"{prefix}__{field.name}" if prefix else field.name
        found += _walk(target, path, depth + 1, seen | {model})
    return found


def _owner_model(model: type[models.Model], path: str) -> type[models.Model]:
    for name in path.split("__") if path else []:
        related = model._meta.get_field(name).related_model
        assert isinstance(related, type)
        model = related
    return model


def _valid_ids(model: type[models.Model], ids: Iterable[str]) -> list[Any]:
    valid = []
    for raw in ids:
        try:
            valid.append(model._meta.pk.to_python(raw))
        except (ValidationError, ValueError, TypeError):
            continue  # not an id of this model: treated as gone
    return valid


def _visible_ids(reader: Reader, model: type[models.Model], ids: list[Any]) -> set[str]:
    """Of these ids, the objects the reader may see through every owner (one query per owner)."""
    visible: set[str] | None = None
    for path in owner_paths(model):
        owner = _owner_model(model, path)
        # An owner path ends at an owned model, whose default manager is an OwnedQuerySet's.
        allowed = cast(OwnedQuerySet[Any], owner._default_manager.all()).visible_to(reader)
        lookup = {f"{path}__in" if path else "pk__in": allowed.values("pk")}
        found = (
            model._default_manager.filter(pk__in=ids).filter(**lookup).values_list("pk", flat=True)
        )
        these = {str(pk) for pk in found}
        visible = these if visible is None else visible & these
    return visible or set()


def _existing_ids(model: type[models.Model], ids: list[Any]) -> set[str]:
    found = model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
    return {str(pk) for pk in found}


def _administered(reader: Reader) -> set[Any]:
    if not reader.is_authenticated:
        return set()
    admin_of = Membership.objects.filter(user=reader, role=Role.ADMIN)
    return set(admin_of.values_list("organisation_id", flat=True))


def _hidden_of_type(
    reader: Reader, object_type: str, entries: list[AuditEntry], administered: set[Any]
) -> set[int]:
    """Sequences of this type's entries the reader may not read in full."""
    if object_type in OPEN_TYPES:
        return set()
    model = _model_of(object_type)
    if model is not None and not owner_paths(model):
        return set()  # not an owned object nor a part of one
    visible: set[str] = set()
    existing: set[str] = set()
    if model is not None:
        ids = _valid_ids(model, {entry.object_id for entry in entries})
        visible, existing = _visible_ids(reader, model, ids), _existing_ids(model, ids)
    hidden = set()
    for entry in entries:
        if entry.object_id in visible:
            continue
        gone = entry.object_id not in existing
        if gone and entry.organisation_id in administered:
            continue  # a deleted object of an organisation the reader administers
        hidden.add(entry.sequence)
    return hidden


def redact(entry: AuditEntry) -> AuditEntry:
    """Keep the kind, the action and the actor; drop the object's name and field values.

    Only the in-memory copy changes: entries are append-only and this one is never saved.
    """
    entry.object_repr = ""
    entry.changes = {field: REDACTED for field in entry.changes or {}}
    entry.redacted = True
    return entry


def conceals_parties(object_type: str) -> bool:
    """Whether the model says that who acted on it, for which organisation, and which
    fields changed are themselves need-to-know (`AUDIT_CONCEALS_PARTIES`): a suspicion
    case or a report to an authority, whose mere existence names a supplier and its
    authority (Reg. 2019/1148 Art. 9: the secretariat sees de-identified counts only)."""
    model = _model_of(object_type)
    return bool(getattr(model, "AUDIT_CONCEALS_PARTIES", False))


def conceal(entry: AuditEntry) -> AuditEntry:
    """`redact`, and drop the actor, the organisation and the changed fields' names."""
    redact(entry)
    entry.actor_name = ""
    entry.organisation = None
    entry.changes = {}
    return entry


def redact_for(reader: Reader, entries: list[AuditEntry]) -> list[AuditEntry]:
    """Redact, in place, the entries of one page the reader may not read in full."""
    by_type: dict[str, list[AuditEntry]] = defaultdict(list)
    for entry in entries:
        entry.redacted = False
        by_type[entry.object_type].append(entry)
    administered = _administered(reader)
    hidden: set[int] = set()
    for object_type, of_type in by_type.items():
        hidden |= _hidden_of_type(reader, object_type, of_type, administered)
    return [_hide(entry) if entry.sequence in hidden else entry for entry in entries]


def _hide(entry: AuditEntry) -> AuditEntry:
    return conceal(entry) if conceals_parties(entry.object_type) else redact(entry)


class RedactedEntries:
    """Audit entries for one reader, redacted a page at a time as a paginator slices them.

    Django's Paginator and django-ninja's pagination both take it in place of a queryset:
    they call `count()` (or `len()`) and slice one page, so lookups are per page, batched.
    """

    def __init__(self, entries: QuerySet[AuditEntry], reader: Reader) -> None:
        self.entries = entries
        self.reader = reader

    def count(self) -> int:
        return self.entries.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[AuditEntry]:
        if not isinstance(index, slice):
            raise TypeError("Audit entries are read a page (a slice) at a time.")
        return redact_for(self.reader, list(self.entries[index]))
