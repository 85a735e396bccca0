"""Vocabularies of training: the roles a course targets, question kinds, enrolment statuses,
the learner's self-declared sector and gender, and certificate revocation reasons.

Life-cycle steps and languages are the compendium's (one vocabulary across the portal).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.compendium.choices import Language, Stage, TranslationStatus

__all__ = ["Language", "Stage", "TranslationStatus"]


class TrainingRole(models.TextChoices):
    """The specialists a course or module is written for."""

    FACILITY_SECURITY_MANAGER = "facility_security_manager", _("Facility security manager")
    CUSTOMS_OFFICER = "customs_officer", _("Customs officer")
    INSPECTOR = "inspector", _("Inspector")
    DISTRIBUTOR_COMPLIANCE = "distributor_compliance", _("Distributor compliance officer")
    NATIONAL_AUTHORITY_OFFICER = "national_authority_officer", _("National authority officer")
    LABORATORY_MANAGER = "laboratory_manager", _("Laboratory or research manager")
    TRANSPORT_SECURITY = "transport_security", _("Transport security officer")
    WASTE_MANAGER = "waste_manager", _("Waste manager")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Attempts used up")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Sector(models.TextChoices):
    """The learner's sector, self-declared, for the counts of experts trained."""

    GOVERNMENT = "government", _("Government or regulator")
    CUSTOMS_BORDER = "customs_border", _("Customs or border agency")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement or emergency services")
    INDUSTRY = "industry", _("Chemical industry")
    DISTRIBUTION = "distribution", _("Distribution, trade or transport")
    ACADEMIA = "academia", _("Academia or research")
    IGO_NGO = "igo_ngo", _("International or non-governmental organisation")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Gender(models.TextChoices):
    """Self-declared and optional; "prefer not to say" is the default."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    ANOTHER = "another", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class RevocationReason(models.TextChoices):
    ISSUED_IN_ERROR = "issued_in_error", _("Issued in error")
    SUPERSEDED = "superseded", _("Superseded by a newer certificate")
    MISCONDUCT = "misconduct", _("Assessment misconduct")
    COURSE_WITHDRAWN = "course_withdrawn", _("Course withdrawn")
    OTHER = "other", _("Other")


class TranslatedKind(models.TextChoices):
    """What a translation of a course translates (docs/translations.md)."""

    COURSE = "course", _("Course")
    MODULE = "course-module", _("Module")


class TranslationOrigin(models.TextChoices):
    """Where a version of a course translation's texts comes from."""

    FILE = "file", _("Loaded from the translation file")
    CORRECTION = "correction", _("Corrected by a reviewer")
