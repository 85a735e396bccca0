"""Demo chain of custody: a swab taken by the National Authority of Arcadia at the scene of
Meridian's theft, sealed before a witness, sent to the University of Arcadia's laboratory,
and its results returned, every step confirmed by the receiving party; and a second swab
split into two sealed portions for two laboratories (the Verification Annex's "at least two
designated laboratories"): the University's portion received, Borealia's forensic
laboratory's on its way. Safe to run twice."""

from __future__ import annotations

from django.db import transaction

from chemsec.core.models import Organisation, User
from chemsec.custody.models import Sample

AUTHORITY = "National Authority of Arcadia"
LABORATORY = "University of Arcadia, Chemistry Department"
IDENTIFIER = "ARC-2026-0042"
SPLIT_IDENTIFIER = "ARC-2026-0043"
SECOND_LABORATORY = "Borealia Forensic Science Laboratory"


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
    if not Sample.objects.filter(organisation=authority, identifier=SPLIT_IDENTIFIER).exists():
        with transaction.atomic():
            _split(authority, laboratory, analyst, admin, chemist)
    return [
        "",
        f"Custody: sample {IDENTIFIER} of the {AUTHORITY} (arcadia-analyst) with a complete "
        f"chain to the {LABORATORY} (university-contributor) and back, and sample "
        f"{SPLIT_IDENTIFIER} split into portions for two laboratories, at /custody/; "
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


def _split(authority: Organisation, laboratory: Organisation, analyst: User, admin: User,
           chemist: User) -> None:  # fmt: skip
    from chemsec.core.choices import OrganisationKind
    from chemsec.core.policy import SYSTEM
    from chemsec.core.services import organisation_create
    from chemsec.custody import services

    second = Organisation.objects.filter(name=SECOND_LABORATORY).first() or organisation_create(
        name=SECOND_LABORATORY, kind=OrganisationKind.ACADEMIA, country="XB", actor=SYSTEM
    )
    sample = services.sample_register(
        actor=analyst, organisation=authority, identifier=SPLIT_IDENTIFIER,
        seal_number="AR-77121", description="Wipe of the store door handle; sterile swab in a "
        "sealed glass tube.",
        taken_by="Inspector K. Mwangi", taken_place="Meridian Riverside Plant, laboratory store",
    )  # fmt: skip
    sealed = services.handover_record(
        actor=analyst, sample=sample, step="sealed", seal_number="AR-77121",
        note="Sealed before a witness.",
    )  # fmt: skip
    services.handover_confirm(actor=admin, handover=sealed, seal_intact=True,
                              seal_number_seen="AR-77121")  # fmt: skip
    sample.refresh_from_db()
    first, _second = services.sample_split(actor=analyst, sample=sample, portions=[
        services.Portion(f"{SPLIT_IDENTIFIER}-A", "AR-77122", laboratory),
        services.Portion(f"{SPLIT_IDENTIFIER}-B", "AR-77123", second),
    ])  # fmt: skip
    received = first.handovers.get()
    services.handover_confirm(actor=chemist, handover=received, seal_intact=True,
                              seal_number_seen="AR-77122")  # fmt: skip
