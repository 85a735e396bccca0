"""Demo chain of custody: a swab taken by the National Authority of Arcadia at the scene of
Meridian's theft, sealed before a witness, sent to the University of Arcadia's laboratory,
and its results returned, every step confirmed by the receiving party. Safe to run twice."""

from __future__ import annotations

from django.db import transaction

from chemsec.core.models import Organisation, User
from chemsec.custody.models import Sample

AUTHORITY = "National Authority of Arcadia"
LABORATORY = "University of Arcadia, Chemistry Department"
IDENTIFIER = "ARC-2026-0042"


def populate() -> list[str]:
    authority = Organisation.objects.filter(name=AUTHORITY).first()
    laboratory = Organisation.objects.filter(name=LABORATORY).first()
    analyst = User.objects.filter(username="arcadia-analyst").first()
    admin = User.objects.filter(username="arcadia-admin").first()
    chemist = User.objects.filter(username="university-contributor").first()
    if None in (authority, laboratory, analyst, admin, chemist):
        return []
    assert authority and laboratory and analyst and admin and chemist
    if not Sample.objects.filter(organisation=authority, identifier=IDENTIFIER).exists():
        with transaction.atomic():
            _chain(authority, laboratory, analyst, admin, chemist)
    return [
        "",
        f"Custody: sample {IDENTIFIER} of the {AUTHORITY} (arcadia-analyst) with a complete "
        f"chain to the {LABORATORY} (university-contributor) and back, at /custody/; "
        "`chemsec custody verify` checks every chain.",
    ]


def _chain(authority: Organisation, laboratory: Organisation, analyst: User, admin: User,
           chemist: User) -> None:  # fmt: skip
    from chemsec.custody import services

    sample = services.sample_register(
        actor=analyst, organisation=authority, identifier=IDENTIFIER, seal_number="AR-77120",
        description="Wipe of the cage floor, laboratory store, cage 2; sterile swab in a "
        "sealed glass tube.",
        taken_by="Inspector K. Mwangi", taken_place="Meridian Riverside Plant, laboratory store",
    )  # fmt: skip

    def step(giver: User, receiver: User, name: str, **fields: object) -> None:
        handover = services.handover_record(actor=giver, sample=sample, step=name, **fields)  # type: ignore[arg-type]
        services.handover_confirm(actor=receiver, handover=handover, seal_intact=True,
                                  seal_number_seen=handover.seal_number)  # fmt: skip
        sample.refresh_from_db()

    step(analyst, admin, "sealed", seal_number="AR-77120", note="Sealed before a witness.")
    step(analyst, chemist, "sent_to_lab", to_organisation=laboratory, seal_number="AR-77120")
    step(
        chemist,
        admin,
        "results_returned",
        to_organisation=authority,
        seal_number="UA-3301",
        note="Residue consistent with the stored product; report UA-3301 attached.",
    )
