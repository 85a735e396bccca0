"""Custody pages and API: a two-party handover through the pages, the custody report
re-verified from the export alone (the CLI and the API), and the refusals."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chemsec.custody import command
from chemsec.custody.models import Handover

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_two_party_handover_through_the_pages(sample, alice, charlie, northgate):
    giver, receiver = _client(alice), _client(charlie)
    url = reverse("custody:detail", args=[sample.pk])
    assert "Custody chain verified" in giver.get(url).content.decode()
    assert receiver.get(url).status_code == 404  # not yet a party
    response = giver.post(reverse("custody:handover_add", args=[sample.pk]), {
        "step": "transported", "to_organisation": northgate.pk, "seal_number": "SEAL-1001",
    })  # fmt: skip
    assert response.status_code == 302
    handover = Handover.objects.get(sample=sample)
    page = receiver.get(url).content.decode()  # a party now: sees the pending step
    assert "Awaiting confirmation" in page
    confirm = reverse("custody:handover_confirm", args=[sample.pk, handover.pk])
    assert giver.post(confirm, {"seal_intact": "on"}).status_code == 403
    receiver.post(confirm, {"seal_intact": "on", "seal_number_seen": "SEAL-1001"})
    handover.refresh_from_db()
    assert handover.status == "confirmed"
    giver.post(
        reverse("custody:attach", args=[sample.pk]),
        {"upload": SimpleUploadedFile("seal.jpg", b"\xff\xd8 seal photo")},
    )
    assert not sample.attachments.exists()  # Meridian no longer holds the item: refused


def test_report_reverifies_offline_with_the_cli(sample, alice, tmp_path, capsys):
    client = _client(alice)
    client.post(
        reverse("custody:attach", args=[sample.pk]),
        {"upload": SimpleUploadedFile("jar.jpg", b"jar photo")},
    )
    exported = client.get(reverse("custody:export", args=[sample.pk, "json"]))
    path = tmp_path / "report.json"
    path.write_bytes(exported.content)
    args = command.argparse.Namespace(export=str(path))
    assert command.run_verify(args) == 0
    report = json.loads(exported.content)
    report["entries"][0]["data"]["taken_place"] = "somewhere else"
    path.write_text(json.dumps(report))
    assert command.run_verify(args) == 1
    assert "changed after it was written" in capsys.readouterr().out
    pdf = client.get(reverse("custody:export", args=[sample.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")


def test_api_split_and_verify(sample, alice, charlie, northgate, lab_a, lab_b, lena, otto):
    api, courier = _client(alice), _client(charlie)
    made = api.post(f"/api/v1/custody/samples/{sample.pk}/handovers",
                    {"step": "transported", "to_organisation": northgate.slug},
                    content_type="application/json")  # fmt: skip
    assert made.status_code == 201
    assert (
        courier.post(
            f"/api/v1/custody/handovers/{made.json()['id']}/confirm",
            {"seal_intact": True},
            content_type="application/json",
        ).status_code
        == 200
    )
    split = courier.post(f"/api/v1/custody/samples/{sample.pk}/split", {"portions": [
        {"identifier": "S-001-A", "seal_number": "A1", "laboratory": lab_a.slug},
        {"identifier": "S-001-B", "seal_number": "B1", "laboratory": lab_b.slug},
    ]}, content_type="application/json")  # fmt: skip
    assert split.status_code == 201 and len(split.json()) == 2
    assert [s["identifier"] for s in _client(lena).get("/api/v1/custody/samples").json()] == [
        "S-001-A"
    ]
    report = courier.get(f"/api/v1/custody/samples/{sample.pk}/report").json()
    checked = _client(otto).post("/api/v1/custody/verify", report, content_type="application/json")
    assert checked.json() == {"ok": True, "problems": []}
    assert _client(otto).get(f"/api/v1/custody/samples/{sample.pk}").status_code == 404
    assert Client().get("/api/v1/custody/samples").status_code == 401


def test_demo_chain_is_complete_and_verifies():
    from chemsec.core import demo as core_demo
    from chemsec.custody import demo
    from chemsec.custody.models import Sample
    from chemsec.custody.services import verify_sample

    core_demo.populate()
    assert demo.populate()
    sample = Sample.objects.get(identifier=demo.IDENTIFIER)
    assert sample.holder == sample.organisation  # back with the authority
    steps = list(sample.handovers.values_list("step", "status"))
    assert steps == [("sealed", "confirmed"), ("sent_to_lab", "confirmed"),
                     ("results_returned", "confirmed")]  # fmt: skip
    assert verify_sample(sample) == [] and sample.entries.count() == 7
    split = Sample.objects.get(identifier=demo.SPLIT_IDENTIFIER)
    portions = {p.identifier: p for p in split.portions.select_related("holder")}
    assert sorted(portions) == ["ARC-2026-0043-A", "ARC-2026-0043-B"]
    assert portions["ARC-2026-0043-A"].holder.name == demo.LABORATORY  # received
    pending = portions["ARC-2026-0043-B"].handovers.get()
    assert (pending.status, pending.to_organisation.name) == ("pending", demo.SECOND_LABORATORY)
    assert all(verify_sample(s) == [] for s in Sample.objects.all())
    demo.populate()
    assert Sample.objects.count() == 4


def test_home_page_lists_handovers_to_confirm(sample, alice, charlie, northgate):
    from chemsec.custody.services import handover_record

    handover_record(actor=alice, sample=sample, step="transported", to_organisation=northgate)
    assert "1 custody handover to confirm" in _client(charlie).get("/").content.decode()
    assert "handover to confirm" not in _client(alice).get("/").content.decode()


def test_register_a_sample_of_an_incident(alice, meridian, charlie):
    from chemsec.custody.models import Sample
    from chemsec.incidents.services import incident_record

    incident = incident_record(actor=alice, organisation=meridian, kind="theft", title="Cage 2")
    client = _client(alice)
    response = client.post(reverse("custody:new"), {
        "identifier": "S-9", "incident": incident.pk, "description": "Swab",
        "taken_at": "2026-01-05T08:30", "taken_by": "Inspector", "taken_place": "Cage 2",
    })  # fmt: skip
    assert response.status_code == 302
    sample = Sample.objects.get(identifier="S-9")
    assert sample.incident == incident
    page = client.get(reverse("custody:detail", args=[sample.pk])).content.decode()
    assert reverse("incidents:detail", args=[incident.pk]) in page


def test_custody_log_steps_are_labels_in_the_readers_language(sample, alice, northgate):
    """The log shows what each entry records as a translated label (and the step a handover
    entry is about), never the stored code ("#1 taken", "#2 recorded")."""
    from django.utils import translation

    from chemsec.custody.choices import ENTRY_KINDS, Step

    client = _client(alice)
    client.post(reverse("custody:handover_add", args=[sample.pk]), {
        "step": "transported", "to_organisation": northgate.pk, "seal_number": "SEAL-1001",
    })  # fmt: skip
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("custody:detail", args=[sample.pk])).content.decode()
    assert "#1 taken" not in page and "#2 recorded" not in page
    with translation.override("ar"):
        taken, recorded = str(ENTRY_KINDS["taken"]), str(ENTRY_KINDS["recorded"])
        step = str(Step.TRANSPORTED.label)
    assert step != "Handed to transport"  # the step's label has an Arabic translation
    assert f"#1 {taken}</strong>" in page
    assert f"#2 {recorded}: {step}</strong>" in page


def test_the_printed_report_names_entries_and_steps_in_the_readers_language(
    sample, alice, northgate
):
    from django.template.loader import render_to_string
    from django.utils import translation

    from chemsec.custody import services
    from chemsec.custody.choices import ENTRY_KINDS, Step
    from chemsec.custody.views import print_context

    client = _client(alice)
    client.post(reverse("custody:handover_add", args=[sample.pk]), {
        "step": "transported", "to_organisation": northgate.pk, "seal_number": "SEAL-1001",
    })  # fmt: skip
    report = services.custody_report(sample)
    with translation.override("ar"):
        html = render_to_string("custody/print.html", print_context(report, sample))
        recorded, step = str(ENTRY_KINDS["recorded"]), str(Step.TRANSPORTED.label)
    assert f"— {recorded} —" in html and f": {step}" in html
    assert "— recorded —" not in html and ": transported" not in html
