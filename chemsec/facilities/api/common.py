"""What the facilities endpoints share: the facility and threat fetches, and the output
shapes used by more than one module."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.errors import HttpError

from chemsec.core.querysets import Action
from chemsec.facilities import selectors as sel
from chemsec.facilities.models import THREAT_FIELDS, Facility


class FacilitiesRouter(Router):
    """A Router whose operations keep the OpenAPI ids they had when the facilities API was
    one module (`chemsec_facilities_api_<function>`), so generated clients do not change."""

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Callable[..., Any], **kwargs: Any
    ) -> None:
        kwargs["operation_id"] = kwargs.get("operation_id") or (
            f"chemsec_facilities_api_{view_func.__name__}"
        )
        super().add_api_operation(path, methods, view_func, **kwargs)


def get_facility(request: HttpRequest, facility_id: UUID, action: Action = "view") -> Facility:
    """The facility if the caller may see it (else 404); 403 if not allowed `action`."""
    facility = get_object_or_404(sel.facilities_visible_to(request.user), pk=facility_id)
    if action != "view" and not sel.may(request.user, facility, action):
        raise HttpError(403, f"You may read this facility but not {action} it.")
    return facility


def threat_out(t: Any) -> dict[str, Any]:
    return {
        "id": t.pk,
        "organisation": t.organisation.name,
        "facility_id": t.facility_id,
        **{k: getattr(t, k) for k in THREAT_FIELDS},
    }
