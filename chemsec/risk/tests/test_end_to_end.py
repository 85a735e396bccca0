"""End to end through the pages, signed in as alice: from a new facility to its site
security plan, with a risk whose P_I comes from a protection diagram and a measure whose
what-if re-runs EASI on the diagram it changes."""

import json
import re

import pytest
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.facilities.models import Facility, ThreatProfile
from chemsec.protection.demo import DIAGRAM
from chemsec.protection.evaluation import evaluate
from chemsec.protection.models import ProtectionDiagram, SitePlanExport
from chemsec.risk.models import Measure, RiskAssessment, RiskEntry
from chemsec.risk.register import register

from .conftest import DEMO_CSV, upload

pytestmark = pytest.mark.django_db

GATE = {"layer": "Perimeter", "element": "Vehicle gate", "p_detection": 0.6, "delay_mean": 60}


def _pdf_text(pdf: bytes) -> str:
    """The page text: pypdf when installed, else the strings of the uncompressed PDF."""
    try:
        from pypdf import PdfReader
    except ImportError:
        strings = re.findall(rb"\((.*?)(?<!\\)\)", pdf)
        return " ".join(" ".join(_unescape(s) for s in strings).split())
    import io

    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _unescape(string: bytes) -> str:
    """A PDF literal string (octal and bracket escapes, WinAnsi bytes) as text."""
    raw = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m[1], 8)]), string)
    return re.sub(rb"\\([()\\])", rb"\1", raw).decode("cp1252", errors="replace")


def _follow(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def test_it_goes_from_a_new_facility_to_a_site_security_plan(personas, meridian):
    alice = personas["alice"]
    created = alice.post(
        reverse("facilities:create"),
        {"organisation": str(meridian.pk), "name": "Harbour Works", "facility_type": "storage",
         "country": "XA", "population_density": "urban"},
    )  # fmt: skip
    facility = Facility.objects.get(name="Harbour Works")
    assert _follow(alice, created).status_code == 200
    assert facility.confidentiality == "restricted"

    # The demo inventory, imported by its job (run at once in tests, as JOBS_EAGER says).
    imported = alice.post(
        reverse("facilities:inventory", args=[facility.pk]),
        {"file": upload(DEMO_CSV.read_bytes(), "demo_inventory.csv"), "label": "2026"},
    )
    assert "/jobs/" in imported["Location"]
    snapshot = facility.snapshots.get()
    assert snapshot.status == "done" and snapshot.row_count == 15 and snapshot.error_count == 1
    assert snapshot.job.status == "succeeded"

    chemicals = alice.get(reverse("facilities:chemicals", args=[facility.pk])).content.decode()
    assert "7782-50-5" in chemicals and "Chlorine" in chemicals
    assert "1310-73-2" not in chemicals  # sodium hydroxide is on no list and has no threshold

    # The protection diagram: the demo's five layers with alternatives.
    saved = alice.post(
        reverse("protection:diagram_new", args=[facility.pk]),
        {"name": "Chlorine store", "document": json.dumps(DIAGRAM), "p_neutralisation": "0.8"},
    )
    diagram = ProtectionDiagram.objects.get(facility=facility)
    assert _follow(alice, saved).status_code == 200
    today = evaluate(DIAGRAM, 0.8).result

    alice.post(
        reverse("facilities:threats"),
        {"name": "Local criminal group", "adversary_type": "outsider", "capability_level": "3",
         "intent_level": "3", "goals": ["release_sabotage"], "likelihood": "3",
         "likelihood_rationale": "Thefts from nearby sites reported last year."},
    )  # fmt: skip
    threat = ThreatProfile.objects.get(name="Local criminal group", organisation=meridian)
    alice.post(
        reverse("facilities:scenarios", args=[facility.pk]),
        {"name": "Chlorine release", "threat": str(threat.pk), "goal": "release_sabotage",
         "chemical_key": "7782-50-5"},
    )  # fmt: skip
    scenario = facility.scenarios.get(name="Chlorine release")
    assert scenario.chemical_name == "Chlorine"

    alice.post(reverse("risk:risk", args=[facility.pk]), {"name": "SVA", "method": "quantitative"})
    assessment = RiskAssessment.objects.get(facility=facility)
    args = [facility.pk, assessment.pk]
    alice.post(
        reverse("risk:entry_save", args=args),
        {"scenario": str(scenario.pk), "p_attack": "0.3", "protection_diagram": str(diagram.pk),
         "p_interruption": "", "p_neutralisation": "0.8", "consequence": "90"},
    )  # fmt: skip
    entry = RiskEntry.objects.get(assessment=assessment)
    assert entry.p_interruption == pytest.approx(today.p_interruption, abs=1e-12)
    assert entry.diagram_version.number == 1

    # A measure that raises detection and delay at the vehicle gate.
    alice.post(
        reverse("risk:measure_add", args=args),
        {"entry": str(entry.pk), "title": "Gate sensors and barrier", "cost": "25000",
         "status": "proposed", "change-0-element": '["Perimeter", "Vehicle gate"]',
         "change-0-p_detection": "0.6", "change-0-delay_mean": "60"},
    )  # fmt: skip
    assert Measure.objects.get().protection_changes == [GATE]
    changed = json.loads(json.dumps(DIAGRAM))
    changed["layers"][0]["elements"][1].update(p_detection=0.6, delay_mean=60)
    with_gate = evaluate(changed, 0.8).result
    assert with_gate.p_interruption > today.p_interruption
    what_if = register(assessment, None)["rows"][0]["measures"][0]["what_if"]
    assert what_if["p_interruption_after"] == pytest.approx(with_gate.p_interruption, abs=1e-12)
    before = 0.3 * (1 - today.p_interruption * 0.8) * 90
    after = 0.3 * (1 - with_gate.p_interruption * 0.8) * 90
    assert what_if["reduction"] == pytest.approx(before - after, abs=1e-9)
    assert what_if["per_cost"] == pytest.approx((before - after) / 25000, abs=1e-12)

    page = alice.get(reverse("risk:register", args=args)).content.decode()
    assert "P_I from diagram" in page and "Chlorine store</a>, version 1" in page
    assert f"P(I) {with_gate.p_interruption:.4f}" in page
    assert f"P(I) {today.p_interruption:.4f}" in page

    # The site security plan as a PDF, with its marking, the facility and the P_I source.
    generated = alice.post(reverse("protection:plan_generate", args=[facility.pk]))
    export = SitePlanExport.objects.get(facility=facility)
    download = alice.get(generated["Location"])
    pdf = b"".join(download.streaming_content) if download.streaming else download.content
    assert download["Content-Type"] == "application/pdf" and pdf.startswith(b"%PDF-")
    text = _pdf_text(pdf)
    assert "Harbour Works" in text
    assert "RESTRICTED" in text and "Meridian Chemicals" in text and "do not forward" in text
    assert "7782-50-5" in text  # chemicals of interest
    assert "diagram Chlorine store, version 1" in text  # the risk says where P_I comes from
    assert export.marking in text
    audit = AuditEntry.objects.filter(object_id=str(export.pk), actor_name="alice")
    assert audit.filter(action="create").count() == 1  # kept as issued
    exports = audit.filter(action="export", changes__format=[None, "pdf"])
    assert exports.count() == 2  # generated, then downloaded
