"""Waste services: streams, consignments with a manifest signed by each party in its turn,
receipt with the quantities that arrived, the certificate of disposal, and the alerts.
`policy.require` first, then `writes.write_*`; alerts are stored as codes and parameters.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.models import Organisation, User
from chemsec.core.policy import SYSTEM, Actor, Denied, require
from chemsec.core.writes import write_create, write_share, write_update
from chemsec.facilities.models import Facility
from chemsec.waste.codes import split_waste_codes, validate_epa_id
from chemsec.waste.models import (
    AlertCode,
    Consignment,
    ConsignmentLine,
    ConsignmentParty,
    ConsignmentStatus,
    PartyRole,
    StreamChemical,
    WasteAlert,
    WasteStream,
)

# A difference between what left and what arrived beyond weighing error: more than 1 % of
# the line or 0.5 kg, whichever is larger (a stated choice; scales differ between sites).
RELATIVE_TOLERANCE = 0.01
ABSOLUTE_TOLERANCE_KG = 0.5
# The Basel Convention's Annex IV operations: D1-D15 (disposal) and R1-R13 (recovery).
OPERATIONS = [f"D{n}" for n in range(1, 16)] + [f"R{n}" for n in range(1, 14)]


@transaction.atomic
def stream_create(
    *,
    facility: Facility,
    actor: Actor,
    name: str,
    description: str = "",
    ewc_code: str = "",
    us_waste_codes: str = "",
    basel_code: str = "",
    dot_id_number: str = "",
    dot_description: str = "",
) -> WasteStream:
    require(actor, "waste.record", facility)
    stream = WasteStream(
        facility=facility,
        name=name.strip(),
        description=description,
        ewc_code=ewc_code.strip(),
        # One spelling ("F002, F003"), so that the exports can split it.
        us_waste_codes=", ".join(split_waste_codes(us_waste_codes)),
        basel_code=basel_code.strip(),
        dot_id_number=dot_id_number.strip().upper(),
        dot_description=dot_description.strip(),
    )
    return write_create(stream, actor=actor)


@transaction.atomic
def stream_chemical_add(
    *,
    stream: WasteStream,
    actor: Actor,
    chemical_key: str,
    estimated_kg_per_year: float,
    chemical_name: str = "",
) -> StreamChemical:
    require(actor, "waste.record", stream.facility)
    if estimated_kg_per_year < 0:
        raise ValidationError({"estimated_kg_per_year": _("Give an amount of zero or more.")})
    chemical = StreamChemical(
        stream=stream,
        chemical_key=chemical_key.strip(),
        chemical_name=chemical_name.strip(),
        estimated_kg_per_year=estimated_kg_per_year,
    )
    return write_create(chemical, actor=actor)


@dataclass(frozen=True)
class LineIn:
    description: str
    container_type: str
    quantity_kg: float
    container_count: int = 1
    seal_numbers: str = ""
    chemical_key: str = ""
    dot_id_number: str = ""  # the stream's when both DOT fields are left empty
    dot_description: str = ""


@transaction.atomic
def consignment_create(
    *,
    stream: WasteStream,
    actor: Actor,
    receiver: Organisation,
    receiving_site: str,
    transporters: Sequence[Organisation],
    expected_by: date,
    lines: Sequence[LineIn],
    notification_number: str = "",
    generator_epa_id: str = "",
    transporter_epa_ids: Sequence[str] = (),
    receiver_epa_id: str = "",
) -> Consignment:
    """A draft manifest: the generator (the stream's operator), one or more transporters in
    order, the receiving facility, each with its site's EPA ID number when the shipment is
    in the US (`transporter_epa_ids` in the transporters' order). It is as confidential as
    the site and shared with the other parties' organisations, nobody else."""
    facility = stream.facility
    require(actor, "consignment.create", facility)
    if not transporters:
        raise ValidationError({"transporters": _("Name at least one transporter.")})
    if len(transporter_epa_ids) > len(transporters):
        raise ValidationError(
            {"transporter_epa_ids": _("Give at most one EPA ID number per transporter.")}
        )
    _check_epa_ids(generator_epa_id=[generator_epa_id], receiver_epa_id=[receiver_epa_id],
                   transporter_epa_ids=transporter_epa_ids)  # fmt: skip
    if not lines:
        raise ValidationError({"lines": _("A manifest needs at least one line.")})
    if any(line.quantity_kg <= 0 or line.container_count < 1 for line in lines):
        raise ValidationError({"lines": _("Each line needs a quantity and a container.")})
    consignment = write_create(
        Consignment(
            organisation=facility.organisation,
            created_by=actor if isinstance(actor, User) else None,
            # As need-to-know as the site it leaves (restricted sites stay restricted).
            confidentiality=facility.confidentiality,
            stream=stream,
            facility=facility,
            manifest_number=f"CS-{timezone.now():%Y%m%d}-{secrets.token_hex(3).upper()}",
            receiving_site=receiving_site.strip(),
            expected_by=expected_by,
            notification_number=notification_number.strip().upper(),
        ),
        actor=actor,
    )
    ids = list(transporter_epa_ids) + [""] * (len(transporters) - len(transporter_epa_ids))
    parties = [(PartyRole.GENERATOR, facility.organisation, generator_epa_id)]
    parties += [(PartyRole.TRANSPORTER, t, i) for t, i in zip(transporters, ids, strict=True)]
    parties += [(PartyRole.RECEIVER, receiver, receiver_epa_id)]
    for order, (role, organisation, epa_id) in enumerate(parties, start=1):
        party = ConsignmentParty(
            consignment=consignment, order=order, role=role, party=organisation,
            epa_site_id=epa_id.strip().upper(),
        )  # fmt: skip
        write_create(party, actor=actor)
    for line in lines:
        fields = line.__dict__.copy()
        if not (line.dot_id_number or line.dot_description):
            fields.update(
                dot_id_number=stream.dot_id_number, dot_description=stream.dot_description
            )
        fields["dot_id_number"] = fields["dot_id_number"].strip().upper()
        write_create(ConsignmentLine(consignment=consignment, **fields), actor=actor)
    others = {o.pk: o for _role, o, _id in parties if o.pk != facility.organisation_id}
    if others:
        write_share(consignment, actor=actor, organisations=list(others.values()))
    return consignment


def _check_epa_ids(**given: Sequence[str]) -> None:
    """Each EPA ID number refused under the name it came in (the form's field, the API's)."""
    for name, values in given.items():
        for value in values:
            try:
                validate_epa_id(value.strip().upper())
            except ValidationError as exc:
                raise ValidationError({name: exc.messages}) from exc


@dataclass(frozen=True)
class Received:
    line_id: Any
    received_kg: float
    seals_intact: bool


@transaction.atomic
def consignment_sign(
    *,
    consignment: Consignment,
    actor: Actor,
    organisation: Organisation | None,
    received: Sequence[Received] = (),
    note: str = "",
    now: datetime | None = None,
) -> Consignment:
    """The party whose turn it is signs, for its own organisation (the one the person acts
    for). The receiving facility signs with what arrived: a difference or a broken seal
    raises an alert."""
    require(actor, "consignment.sign", consignment)
    party = consignment.next_party
    if party is None or consignment.status in (
        ConsignmentStatus.RECEIVED,
        ConsignmentStatus.DISPOSED,
    ):
        raise ValidationError(_("Every party has signed this manifest."))
    if organisation is None or organisation.pk != party.party_id:
        raise Denied(_("Act for the organisation whose turn it is to sign."))
    if party.role == PartyRole.RECEIVER:
        _receive(consignment, actor, received)
    write_update(
        party,
        actor=actor,
        action="approve",
        values={
            "signed_at": now or timezone.now(),
            "signed_by": actor if isinstance(actor, User) else None,
            "note": note,
        },
    )
    status = {
        PartyRole.GENERATOR: ConsignmentStatus.IN_PROGRESS,
        PartyRole.TRANSPORTER: ConsignmentStatus.IN_PROGRESS,
        PartyRole.RECEIVER: ConsignmentStatus.RECEIVED,
    }[PartyRole(party.role)]
    return write_update(consignment, actor=actor, values={"status": status})


def _receive(consignment: Consignment, actor: Actor, received: Sequence[Received]) -> None:
    lines = {str(line.pk): line for line in consignment.lines.all()}
    given = {str(r.line_id): r for r in received}
    if set(given) != set(lines):
        raise ValidationError({"received": _("Give the quantity received for every line.")})
    for key, line in lines.items():
        r = given[key]
        if r.received_kg < 0:
            raise ValidationError({"received": _("A quantity received cannot be negative.")})
        write_update(
            line, actor=actor, values={"received_kg": r.received_kg, "seals_intact": r.seals_intact}
        )
        difference = r.received_kg - line.quantity_kg
        tolerance = max(ABSOLUTE_TOLERANCE_KG, RELATIVE_TOLERANCE * line.quantity_kg)
        if abs(difference) > tolerance:
            _alert(consignment, actor, AlertCode.DIFFERENCE, {
                "line": line.description, "shipped_kg": line.quantity_kg,
                "received_kg": r.received_kg, "difference_kg": difference,
            })  # fmt: skip
        if not r.seals_intact:
            _alert(consignment, actor, AlertCode.SEALS, {
                "line": line.description, "seals": line.seal_numbers,
            })  # fmt: skip


def _alert(consignment: Consignment, actor: Actor, code: str, params: dict[str, Any]) -> None:
    write_create(WasteAlert(consignment=consignment, code=code, params=params), actor=actor)


@transaction.atomic
def consignment_certify(
    *,
    consignment: Consignment,
    actor: Actor,
    organisation: Organisation | None,
    disposal_code: str,
    disposed_on: date,
    certificate_reference: str,
) -> Consignment:
    """The receiving facility certifies the disposal or recovery (Basel Annex IV code)."""
    require(actor, "consignment.certify", consignment)
    if organisation is None or organisation.pk != consignment.receiver.party_id:
        raise Denied(_("Act for the receiving facility to certify disposal."))
    if consignment.status != ConsignmentStatus.RECEIVED:
        raise ValidationError(_("Disposal is certified after the consignment is received."))
    if disposal_code not in OPERATIONS:
        raise ValidationError({"disposal_code": _("Use a D or R operation code (D1-D15, R1-R13).")})
    return write_update(
        consignment,
        actor=actor,
        values={
            "status": ConsignmentStatus.DISPOSED,
            "disposal_code": disposal_code,
            "disposed_on": disposed_on,
            "certificate_reference": certificate_reference.strip(),
        },
    )


def consignments_check_overdue(*, today: date | None = None, actor: Actor = SYSTEM) -> int:
    """Raise an "overdue" alert (once) for each consignment on its way and not confirmed by
    the receiving facility by its expected date. Run by the scheduler as the system."""
    today = today or timezone.localdate()
    late = Consignment.objects.filter(
        status=ConsignmentStatus.IN_PROGRESS, expected_by__lt=today
    ).exclude(alerts__code=AlertCode.OVERDUE)
    count = 0
    for consignment in late:
        with transaction.atomic():
            require(actor, "consignment.view", consignment)
            party = consignment.next_party
            _alert(consignment, actor, AlertCode.OVERDUE, {
                "expected_by": consignment.expected_by.isoformat(),
                "waiting_for": party.party.name if party else "",
                "role": party.role if party else "",
            })  # fmt: skip
            count += 1
    return count


def alert_text(alert: WasteAlert) -> str:
    """An alert in the reader's language (stored as a code and parameters)."""
    p = alert.params
    if alert.code == AlertCode.DIFFERENCE:
        return _(
            "%(line)s: %(shipped).1f kg left, %(received).1f kg arrived (%(diff)+.1f kg)."
        ) % {
            "line": p["line"], "shipped": p["shipped_kg"], "received": p["received_kg"],
            "diff": p["difference_kg"],
        }  # fmt: skip
    if alert.code == AlertCode.SEALS:
        return str(_("%(line)s: seals not intact on arrival (%(seals)s).") % p)
    return str(_("Not confirmed by %(expected_by)s; waiting for %(waiting_for)s.") % p)
