"""Demo stock reconciliation: Riverside Plant's thionyl chloride over the first quarter of
2026, with precisions stated and a loss beyond its uncertainty. Safe to run twice."""

from __future__ import annotations

from datetime import date

from chemsec.core.models import User
from chemsec.facilities.demo import PLANT
from chemsec.facilities.models import Facility
from chemsec.stock.models import Movement, Reconciliation
from chemsec.stock.services import movement_record, precision_set, reconcile

KEY, NAME = "7719-09-7", "Thionyl chloride"
START, END = date(2026, 1, 1), date(2026, 3, 31)
# Drums weighed on receipt (0.5 %), dispensed by a flow meter (2 %), counted drum by drum.
PRECISIONS = [("receipt", 0.0, 0.5), ("consumption", 0.0, 2.0), ("inventory", 2.0, 0.0)]
MOVEMENTS = [
    (date(2026, 1, 12), "receipt", 250.0, "GRN-2026-014"),
    (date(2026, 1, 20), "consumption", 120.0, "Batch 1187"),
    (date(2026, 2, 3), "consumption", 95.0, "Batch 1192"),
    (date(2026, 2, 17), "receipt", 250.0, "GRN-2026-051"),
    (date(2026, 2, 24), "consumption", 140.0, "Batch 1203"),
    (date(2026, 3, 9), "waste_out", 12.0, "Waste consignment WC-0007"),
    (date(2026, 3, 16), "consumption", 110.0, "Batch 1219"),
]
# Opening 400 kg; book closing 400 + 500 - 477 = 423 kg; counted 385 kg: 38 kg unexplained.
OPENING, CLOSING = 400.0, 385.0


def populate() -> list[str]:
    plant = Facility.objects.filter(name=PLANT).first()
    admin = User.objects.filter(username="meridian-admin").first()
    if plant is None or admin is None:
        return ["Stock demo skipped: the Meridian demo facility is missing."]
    if Reconciliation.objects.filter(facility=plant).exists():
        return []
    for kind, absolute, relative in PRECISIONS:
        precision_set(
            facility=plant, actor=admin, kind=kind, absolute_kg=absolute, relative_percent=relative
        )
    if not Movement.objects.filter(facility=plant, chemical_key=KEY).exists():
        for day, kind, kg, reference in MOVEMENTS:
            movement_record(
                facility=plant, actor=admin, chemical_key=KEY, chemical_name=NAME, kind=kind,
                quantity_kg=kg, occurred_on=day, reference=reference,
            )  # fmt: skip
    run = reconcile(
        facility=plant, actor=admin, start=START, end=END, stated={KEY: (OPENING, CLOSING)}
    )
    balance = run.balances.get()
    return [
        f"{PLANT}: {NAME} reconciled for Q1 2026, {balance.muf_kg:.1f} kg unaccounted for "
        f"(sigma {balance.sigma_kg:.1f} kg, alert: {'yes' if balance.alert else 'no'})"
    ]
