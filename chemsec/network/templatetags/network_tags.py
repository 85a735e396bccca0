"""Template helpers of the network pages."""

from __future__ import annotations

from typing import Any

from django import template

from chemsec.network.models import Committee

register = template.Library()


@register.simple_tag(takes_context=True)
def network_committees(context: dict[str, Any]) -> list[Committee]:
    """The committees the reader may see (for the section's navigation)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return []
    return list(Committee.objects.visible_to(user, "view"))
