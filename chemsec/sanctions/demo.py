"""Demo sanctions lists: Northgate imports the (fictional) UN list in two versions and the
EU, UK and US lists, and its customers are screened; one has a potential match to review.
Safe to run twice."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from chemsec.core.models import Organisation
from chemsec.core.policy import SYSTEM
from chemsec.sanctions.models import ListVersion
from chemsec.sanctions.services import list_import, rescreen

DISTRIBUTOR = "Northgate Chemical Distribution"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FILES = (
    "un-consolidated-v1.xml",
    "un-consolidated-v2.xml",
    "eu-fsf.xml",
    "uk-sanctions-list.xml",
    "us-csl.json",
)


@transaction.atomic
def populate() -> list[str]:
    distributor = Organisation.objects.filter(name=DISTRIBUTOR).first()
    if distributor is None:
        return []
    if not ListVersion.objects.filter(organisation=distributor).exists():
        for name in FILES:
            list_import(
                actor=SYSTEM,
                organisation=distributor,
                data=(FIXTURES / name).read_bytes(),
                file_name=name,
                rescreen=False,
            )
        rescreen(organisation=distributor)
    return [
        "",
        f"Sanctions: {DISTRIBUTOR} has demo UN, EU, UK and US lists at /sanctions/ (fictional "
        "entries); its customer Polar Light Chemicals Ltd has a potential match to review.",
    ]
