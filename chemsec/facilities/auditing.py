"""What a facility write records in the audit trail: an update, each changed field as
[old, new]; a creation, the new values. One shape, so the trail reads the same for every
kind of object."""

from __future__ import annotations

from typing import Any


def jsonable(value: Any) -> Any:
    """A value as the audit trail's JSON keeps it: plain values as they are, others as text."""
    if isinstance(value, (int, float, str, bool, list, type(None))):
        return value
    return str(value)


def apply_fields(obj: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Set the allowed fields that differ; return them as audit changes, [old, new] each."""
    changed = {}
    for key, value in fields.items():
        old = getattr(obj, key)
        if key in allowed and old != value:
            changed[key] = [jsonable(old), jsonable(value)]
            setattr(obj, key, value)
    return changed


def differences(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The keys whose value changed between two snapshots, as [old, new]."""
    return {
        key: [jsonable(before.get(key)), jsonable(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def created(changes: dict[str, Any]) -> dict[str, Any]:
    """[old, new] changes of a new object, as the new values a creation records."""
    return {key: pair[1] for key, pair in changes.items()}
