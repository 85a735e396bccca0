"""Vocabularies shared across the portal: stable codes with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    SECRETARIAT = "secretariat", _("International secretariat")
    NATIONAL_AUTHORITY = "national_authority", _("National authority")
    FACILITY_OPERATOR = "facility_operator", _("Facility operator")
    DISTRIBUTOR = "distributor", _("Distributor or supplier")
    ACADEMIA = "academia", _("Academia or research")
    IGO_NGO = "igo_ngo", _("IGO or NGO")
    OTHER = "other", _("Other")
    # The stakeholders' network also admits these (chemsec/network).
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisation")
    INDUSTRY_ASSOCIATION = "industry_association", _("Industry association")
    UN_BODY = "un_body", _("United Nations body")
    REGIONAL_CENTRE = "regional_centre", _("Regional centre")


class Role(models.TextChoices):
    """Roles rise in power in this order; `Role.rank` compares them."""

    VIEWER = "viewer", _("Viewer")
    CONTRIBUTOR = "contributor", _("Contributor")
    REVIEWER = "reviewer", _("Reviewer")
    ADMIN = "admin", _("Admin")

    @classmethod
    def rank(cls, role: str) -> int:
        return list(cls.values).index(role)

    @classmethod
    def at_least(cls, role: str) -> list[str]:
        return list(cls.values)[cls.rank(role) :]


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    NETWORK = "network", _("Network (signed-in members)")
    ORGANISATION = "organisation", _("Organisation")
    RESTRICTED = "restricted", _("Restricted (named sharing)")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    # The audit trail names the action (a noun in many languages); buttons say "Delete".
    DELETE = "delete", pgettext_lazy("audit action", "Delete")
    APPROVE = "approve", _("Approve")
    SHARE = "share", _("Share")
    UNSHARE = "unshare", _("Revoke share")
    EXPORT = "export", _("Export")
    VIEW = "view", _("View")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class Region(models.TextChoices):
    """UN regional groups, for aggregating national answers."""

    AFRICA = "africa", _("African Group")
    ASIA_PACIFIC = "asia_pacific", _("Asia-Pacific Group")
    EASTERN_EUROPE = "eastern_europe", _("Eastern European Group")
    LATIN_AMERICA = "latin_america", _("Latin American and Caribbean Group")
    WEOG = "weog", _("Western European and Others Group")
