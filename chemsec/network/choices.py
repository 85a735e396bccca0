"""Vocabularies of the network: membership, sensitivity, minutes phases, actions.

Life-cycle steps and topics are the compendium's (one vocabulary across the portal).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.compendium.choices import MeasureType, Stage
from chemsec.core.choices import OrganisationKind

__all__ = ["MeasureType", "Stage"]

# Organisations that speak for a State: they alone (with the secretariat) see State-only items.
GOVERNMENT_KINDS = frozenset({OrganisationKind.NATIONAL_AUTHORITY})

# The kinds the coverage view counts, in the order of its columns.
COVERAGE_KINDS = (
    OrganisationKind.NATIONAL_AUTHORITY,
    OrganisationKind.INTERGOVERNMENTAL,
    OrganisationKind.UN_BODY,
    OrganisationKind.REGIONAL_CENTRE,
    OrganisationKind.INDUSTRY_ASSOCIATION,
    OrganisationKind.FACILITY_OPERATOR,
    OrganisationKind.DISTRIBUTOR,
    OrganisationKind.ACADEMIA,
    OrganisationKind.IGO_NGO,
)


class MemberStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left the network")


class Sensitivity(models.TextChoices):
    NETWORK = "network", _("Network (all members)")
    STATE_ONLY = "state_only", _("State-only (governments and the secretariat)")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class MinutesPhase(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    COMMENTS = "comments", _("Circulated for comments")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


# The one way through the phases; publishing freezes a version.
MINUTES_NEXT = {
    MinutesPhase.DRAFTED: MinutesPhase.COMMENTS,
    MinutesPhase.COMMENTS: MinutesPhase.APPROVED,
    MinutesPhase.APPROVED: MinutesPhase.PUBLISHED,
}


class AgendaKind(models.TextChoices):
    ITEM = "item", _("Item")
    MINUTES = "minutes", _("Approval of the previous minutes")
    ARISING = "arising", _("Matters arising from open actions")
    DUE = "due", _("Item due")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class TargetKind(models.TextChoices):
    """ChemSec objects a committee action may point at; its progress then comes from them."""

    NONE = "", _("Nothing (progress set by hand)")
    ASSISTANCE_REQUEST = "assistance_request", _("Assistance request")
    PRACTICE = "practice", _("Compendium practice")
