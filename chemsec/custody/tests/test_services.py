"""Custody services: two-party handovers, a hash-chained log that detects edits, splits to
at least two laboratories, hashed files, and visibility to the parties of the chain only."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.core.policy import Denied, NotVisible
from chemsec.core.writes import unaudited
from chemsec.custody import chain, services
from chemsec.custody.models import CustodyEntry, Sample
from chemsec.lib.hashing import sha256_hex

pytestmark = pytest.mark.django_db


def _courier_leg(sample, alice, northgate, charlie):
    handover = services.handover_record(
        actor=alice,
        sample=sample,
        step="transported",
        to_organisation=northgate,
        seal_number="SEAL-1001",
    )
    services.handover_confirm(actor=charlie, handover=handover, seal_intact=True,
                              seal_number_seen="SEAL-1001")  # fmt: skip
    sample.refresh_from_db()
    return handover


def test_two_party_handover_moves_the_item(sample, alice, carol, northgate, charlie, bob):
    handover = services.handover_record(
        actor=carol,
        sample=sample,
        step="transported",
        to_organisation=northgate,
        seal_number="SEAL-1001",
    )
    with pytest.raises(ValidationError):  # one step at a time
        services.handover_record(actor=alice, sample=sample, step="opened")
    with pytest.raises(Denied):  # the giver cannot confirm its own handover
        services.handover_confirm(actor=alice, handover=handover, seal_intact=True)
    services.handover_confirm(actor=charlie, handover=handover, seal_intact=True,
                              seal_number_seen="SEAL-1001")  # fmt: skip
    sample.refresh_from_db()
    assert sample.holder == northgate
    with pytest.raises(Denied):  # Meridian no longer holds it
        services.handover_record(actor=alice, sample=sample, step="opened")
    kinds = list(sample.entries.values_list("kind", flat=True))
    assert kinds == ["taken", "recorded", "confirmed"]
    assert services.verify_sample(sample) == []


def test_a_step_in_place_needs_a_second_person(sample, alice, carol):
    handover = services.handover_record(
        actor=alice, sample=sample, step="seal_checked", seal_number="SEAL-1001"
    )
    with pytest.raises(ValidationError):
        services.handover_confirm(actor=alice, handover=handover, seal_intact=True)
    services.handover_confirm(actor=carol, handover=handover, seal_intact=True)


def test_a_seal_number_mismatch_is_recorded(sample, alice, northgate, charlie):
    handover = services.handover_record(
        actor=alice,
        sample=sample,
        step="transported",
        to_organisation=northgate,
        seal_number="SEAL-1001",
    )
    services.handover_confirm(actor=charlie, handover=handover, seal_intact=True,
                              seal_number_seen="SEAL-9999")  # fmt: skip
    handover.refresh_from_db()
    assert handover.seal_intact is False
    assert sample.entries.last().data["seal_mismatch"] is True


def test_split_to_two_laboratories(sample, alice, northgate, charlie, lab_a, lab_b, lena, leo,
                                   otto, bob):  # fmt: skip
    _courier_leg(sample, alice, northgate, charlie)
    with pytest.raises(ValidationError):  # one laboratory is not enough
        services.sample_split(actor=charlie, sample=sample, portions=[
            services.Portion("S-001-A", "SEAL-2001", lab_a),
            services.Portion("S-001-B", "SEAL-2002", lab_a),
        ])  # fmt: skip
    portions = services.sample_split(actor=charlie, sample=sample, portions=[
        services.Portion("S-001-A", "SEAL-2001", lab_a),
        services.Portion("S-001-B", "SEAL-2002", lab_b),
    ])  # fmt: skip
    for portion, person, lab in zip(portions, (lena, leo), (lab_a, lab_b), strict=True):
        handover = portion.handovers.get()
        assert handover.to_organisation == lab
        services.handover_confirm(actor=person, handover=handover, seal_intact=True,
                                  seal_number_seen=handover.seal_number)  # fmt: skip
    visible = Sample.objects.visible_to
    # Each laboratory sees its own portion, not the other's, and not the whole sample.
    assert set(visible(lena)) == {portions[0]}
    assert set(visible(leo)) == {portions[1]}
    # The courier was a party of the parent's chain; the outsider and the viewer see nothing.
    assert sample in visible(charlie)
    assert not visible(otto).exists() and not visible(bob).exists()
    assert portions[0].entries.first().data["parent_head"] == sample.entries.get(
        kind="split").previous_hash  # fmt: skip


def test_outsiders_may_not_act(sample, otto, bob, northgate):
    with pytest.raises(NotVisible):
        services.handover_record(actor=otto, sample=sample, step="opened")
    with pytest.raises(NotVisible):
        services.handover_record(actor=bob, sample=sample, step="opened")
    with pytest.raises(Denied):
        services.sample_register(
            actor=bob,
            organisation=sample.organisation,
            identifier="x",
            description="x",
            taken_by="x",
            taken_place="x",
        )


def test_files_are_hashed_into_the_log(sample, alice):
    content = b"photo of the sealed jar"
    services.attachment_add(
        actor=alice, sample=sample, upload=SimpleUploadedFile("jar.jpg", content)
    )
    entry = sample.entries.last()
    assert entry.kind == "attached" and entry.data["sha256"] == sha256_hex(content)
    report = services.custody_report(sample)
    assert chain.verify_report(json.loads(json.dumps(report))) == []


def test_an_edited_entry_breaks_the_stored_chain(sample, alice):
    services.handover_record(actor=alice, sample=sample, step="opened")
    entry = CustodyEntry.objects.get(sample=sample, sequence=1)
    entry.data = entry.data | {"seal_number": "SEAL-FORGED"}
    with unaudited("test: tamper with a custody entry"):
        entry.save()
    assert services.verify_sample(sample) == [
        "entry 1: its content was changed after it was written"
    ]


def test_export_verifies_offline_and_detects_tampering(sample, alice, northgate, charlie):
    _courier_leg(sample, alice, northgate, charlie)
    report = json.loads(json.dumps(services.custody_report(sample)))
    assert chain.verify_report(report) == []
    forged = copy.deepcopy(report)
    forged["sample"]["seal_number"] = "SEAL-OTHER"
    assert "sample seal_number differs from the first custody entry" in chain.verify_report(forged)
    dropped = copy.deepcopy(report)
    del dropped["entries"][1]
    assert chain.verify_report(dropped)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(min_value=0, max_value=2), text=st.text(min_size=1, max_size=20))
def test_any_change_to_any_entry_is_detected(sample, alice, northgate, charlie, index, text):
    if sample.entries.count() == 1:
        _courier_leg(sample, alice, northgate, charlie)
    report = json.loads(json.dumps(services.custody_report(sample)))
    entry = report["entries"][index]
    if entry["data"].get("note") == text:
        return
    entry["data"]["note"] = text
    assert chain.verify_report(report)
