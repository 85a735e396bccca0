"""Compendium vocabularies: the codes of chemsec/content/schemas.py with translated labels."""

from typing import Any

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


class Audience(models.TextChoices):
    NATIONAL_AUTHORITY = "national_authority", _("National authority")
    FACILITY_OPERATOR = "facility_operator", _("Facility operator")
    DISTRIBUTOR = "distributor", _("Distributor")
    ACADEMIA = "academia", _("Academia")
    TRANSPORTER = "transporter", _("Transporter")
    CUSTOMS_LAW_ENFORCEMENT = "customs_law_enforcement", _("Customs and law enforcement")
    EMERGENCY_SERVICES = "emergency_services", _("Emergency services")


class MeasureType(models.TextChoices):
    PHYSICAL_PROTECTION = "physical_protection", _("Physical protection")
    PERSONNEL_SECURITY = "personnel_security", _("Personnel security")
    INFORMATION_CYBER_SECURITY = "information_cyber_security", _("Information and cyber security")
    INVENTORY_CONTROL = "inventory_control", _("Inventory control")
    MANAGEMENT_GOVERNANCE = "management_governance", _("Management and governance")
    TRANSPORT_SECURITY = "transport_security", _("Transport security")
    EMERGENCY_PREPAREDNESS = "emergency_preparedness", _("Emergency preparedness")
    OUTREACH_TRAINING = "outreach_training", _("Outreach and training")


class Threat(models.TextChoices):
    THEFT_DIVERSION = "theft_diversion", _("Theft and diversion")
    RELEASE_SABOTAGE = "release_sabotage", _("Release and sabotage")
    INSIDER = "insider", _("Insider")
    CYBER = "cyber", _("Cyber")


class FacilityScale(models.TextChoices):
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh", _("Chinese")


class PracticeStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


#: Facet name -> (model field, vocabulary). The order is the order facets are shown in.
TAXONOMY: dict[str, tuple[str, type[models.TextChoices]]] = {
    "stage": ("stages", Stage),
    "audience": ("audiences", Audience),
    "measure_type": ("measure_types", MeasureType),
    "threat": ("threats", Threat),
    "facility_scale": ("facility_scale", FacilityScale),
    "language": ("language", Language),
}

FACET_LABELS: dict[str, Any] = {
    "stage": _("Life-cycle stage"),
    "audience": _("Audience"),
    "measure_type": _("Measure type"),
    "threat": _("Threat"),
    "facility_scale": _("Facility scale"),
    # The language an entry was written in; pages show translations where there are some.
    "language": _("Original language"),
}


class TranslationStatus(models.TextChoices):
    """Where a translation of reference content stands (docs/translations.md)."""

    DRAFT = "draft", _("Translated here, not yet reviewed")
    REVIEWED = "reviewed", _("Reviewed")


class TranslationKind(models.TextChoices):
    """What a translation of reference content translates."""

    PRACTICE = "practice", _("Practice")
    FRAMEWORK = "framework", _("Framework")
    SECTION = "framework-section", _("Framework section")
    QUESTION = "framework-question", _("Framework question")
