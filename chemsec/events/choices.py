"""Vocabularies of events: kinds, confidentiality, registration and host-request statuses.

Life-cycle steps and topics are the compendium's (one vocabulary across the portal).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.compendium.choices import MeasureType, Stage

__all__ = ["MeasureType", "Stage"]


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training course")
    TABLETOP = "tabletop", _("Table-top exercise")
    CONFERENCE = "conference", _("Conference")


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public (listed for everyone)")
    NETWORK = "network", _("Network (signed-in members)")
    RESTRICTED = "restricted", _("Restricted (host, nominating States and the secretariat)")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class EventRoleKind(models.TextChoices):
    RAPPORTEUR = "rapporteur", _("Rapporteur")


class RegistrationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_REGISTRATION = (
    RegistrationStatus.NOMINATED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
)


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SCHEDULED = "scheduled", _("Scheduled")


OPEN_REQUEST = (RequestStatus.SUBMITTED, RequestStatus.UNDER_REVIEW, RequestStatus.ACCEPTED)

# The review's allowed moves; scheduling (accepted -> scheduled) is its own service.
REVIEW_NEXT = {
    RequestStatus.SUBMITTED: (RequestStatus.UNDER_REVIEW, RequestStatus.DECLINED),
    RequestStatus.UNDER_REVIEW: (RequestStatus.ACCEPTED, RequestStatus.DECLINED),
}

# Sections of the national-capacity needs assessment (chemsec/content/frameworks) that a
# request's topic or life-cycle step addresses; the topic's sections are asked first.
TOPIC_SECTIONS: dict[str, tuple[str, ...]] = {
    MeasureType.PHYSICAL_PROTECTION: ("NC-04",),
    MeasureType.PERSONNEL_SECURITY: ("NC-05",),
    MeasureType.INFORMATION_CYBER_SECURITY: ("NC-05",),
    MeasureType.INVENTORY_CONTROL: ("NC-02",),
    MeasureType.MANAGEMENT_GOVERNANCE: ("NC-01",),
    MeasureType.TRANSPORT_SECURITY: ("NC-08",),
    MeasureType.EMERGENCY_PREPAREDNESS: ("NC-06",),
    MeasureType.OUTREACH_TRAINING: ("NC-07",),
}
STAGE_SECTIONS: dict[str, tuple[str, ...]] = {
    Stage.RESEARCH: ("NC-07",),
    Stage.MANUFACTURE: ("NC-02",),
    Stage.STORAGE: ("NC-02", "NC-04"),
    Stage.TRANSPORT: ("NC-08",),
    Stage.DISTRIBUTION: ("NC-03",),
    Stage.END_USE: ("NC-04",),
    Stage.WASTE: ("NC-09",),
}
