"""Vocabularies of assistance requests; stage and measure codes match the content schema."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    RESEARCH = "research", _("Research")
    MANUFACTURE = "manufacture", _("Manufacture")
    STORAGE = "storage", _("Storage")
    TRANSPORT = "transport", _("Transport")
    DISTRIBUTION = "distribution", _("Distribution")
    END_USE = "end_use", _("End use")
    WASTE = "waste", _("Waste")


class MeasureType(models.TextChoices):
    PHYSICAL_PROTECTION = "physical_protection", _("Physical protection")
    PERSONNEL_SECURITY = "personnel_security", _("Personnel security")
    INFORMATION_CYBER_SECURITY = "information_cyber_security", _("Information and cyber security")
    INVENTORY_CONTROL = "inventory_control", _("Inventory control")
    MANAGEMENT_GOVERNANCE = "management_governance", _("Management and governance")
    TRANSPORT_SECURITY = "transport_security", _("Transport security")
    EMERGENCY_PREPAREDNESS = "emergency_preparedness", _("Emergency preparedness")
    OUTREACH_TRAINING = "outreach_training", _("Outreach and training")


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
