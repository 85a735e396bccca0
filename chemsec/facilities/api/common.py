"""What the facilities endpoints share: the facility fetch and the operation ids."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router

from chemsec.core.policy import get_object
from chemsec.facilities import selectors as sel
from chemsec.facilities.models import Facility


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


def get_facility(request: HttpRequest, facility_id: UUID, action: str = "view") -> Facility:
    """The facility if the caller may do `action` to it ("facility.<action>"): 404 if they
    may not see it, 403 (naming the action) if they see it but may not act."""
    return get_object(request.user, f"facility.{action}", sel.facilities(), pk=facility_id)
