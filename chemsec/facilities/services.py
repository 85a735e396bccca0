"""Facility writes."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction, Confidentiality
from chemsec.core.models import Organisation, User
from chemsec.facilities.models import Facility


@transaction.atomic
def facility_create(
    *, organisation: Organisation, name: str, actor: User | None = None, **fields: Any
) -> Facility:
    """Register a site; it starts restricted, because its vulnerabilities are need-to-know."""
    fields.setdefault("confidentiality", Confidentiality.RESTRICTED)
    facility = Facility(organisation=organisation, name=name, created_by=actor, **fields)
    facility.full_clean()
    facility.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=facility, changes={"name": name})
    return facility
