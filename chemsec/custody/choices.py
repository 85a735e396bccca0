"""Custody vocabularies: the steps of the UN chain-of-custody procedure."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    SEALED = "sealed", _("Sealed")
    TRANSPORTED = "transported", _("Handed to transport")
    RECEIVED = "received", _("Received")
    SEAL_CHECKED = "seal_checked", _("Seal checked")
    OPENED = "opened", _("Opened")
    SPLIT = "split", _("Split")
    RESEALED = "resealed", _("Resealed")
    SENT_TO_LAB = "sent_to_lab", _("Sent to a laboratory")
    RESULTS_RETURNED = "results_returned", _("Results returned")


# Steps that hand the item to another organisation (the receiver confirms); the others
# happen where the item is, recorded by one person and confirmed by a second (a witness).
TRANSFERS = {Step.TRANSPORTED, Step.RECEIVED, Step.SENT_TO_LAB, Step.RESULTS_RETURNED}


class HandoverStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


# What a custody log entry records (CustodyEntry.kind): stored as a code, shown translated.
ENTRY_KINDS = {
    "taken": _("Sample taken"),
    "recorded": _("Step recorded"),
    "confirmed": _("Step confirmed"),
    "split": _("Sample split"),
    "attached": _("Document attached"),
}


def entry_kind_label(kind: str) -> str:
    """What a custody log entry records, in the reader's language ('' for an unknown code:
    the page then shows the code as stored)."""
    label = ENTRY_KINDS.get(kind)
    return str(label) if label is not None else ""


def step_label(code: object) -> str:
    """A handover step's label in the reader's language ('' when not a known step)."""
    return str(Step(code).label) if isinstance(code, str) and code in Step.values else ""
