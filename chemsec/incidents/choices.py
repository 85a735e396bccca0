"""Incident vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentKind(models.TextChoices):
    THEFT = "theft", _("Theft")
    DISAPPEARANCE = "disappearance", _("Significant disappearance")
    LOSS_IN_TRANSIT = "loss_in_transit", _("Loss in transit")
    INTRUSION = "intrusion", _("Unauthorised access or intrusion")
    SUSPICIOUS_APPROACH = "suspicious_approach", _("Suspicious approach or enquiry")
    INSIDER = "insider", _("Insider concern")
    CYBER = "cyber", _("Cyber incident on process control")
    DELIBERATE_RELEASE = "deliberate_release", _("Deliberate release")
    THREAT = "threat", _("Threat received")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ExerciseKind(models.TextChoices):
    NONE = "", _("Real incident")
    TABLETOP = "tabletop", _("Exercise: table-top")
    FULL_SCALE = "full_scale", _("Exercise: full-scale drill")


class Tlp(models.TextChoices):
    """Traffic Light Protocol 2.0 labels for what may be shared (FIRST TLP 2.0)."""

    CLEAR = "clear", "TLP:CLEAR"
    GREEN = "green", "TLP:GREEN"
    AMBER = "amber", "TLP:AMBER"
    RED = "red", "TLP:RED"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
