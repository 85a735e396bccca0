"""Vocabularies of assistance requests; stage and measure codes match the content schema."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# One vocabulary for stages and measure types across the portal.
from chemsec.compendium.choices import MeasureType, Stage

__all__ = ["MeasureType", "Stage"]


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    LIMITED = "limited", _("Limited")
    UNAVAILABLE = "unavailable", _("Unavailable")


# Where a request may go next. Closing early covers requests withdrawn or declined;
# reopening a delivered request covers follow-up the requester asks for.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    RequestStatus.RECEIVED: (RequestStatus.IN_PROGRESS, RequestStatus.CLOSED),
    RequestStatus.IN_PROGRESS: (RequestStatus.DELIVERED, RequestStatus.CLOSED),
    RequestStatus.DELIVERED: (RequestStatus.CLOSED, RequestStatus.IN_PROGRESS),
    RequestStatus.CLOSED: (),
}
