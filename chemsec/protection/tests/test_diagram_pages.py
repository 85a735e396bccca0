"""Diagram pages: the editor without JavaScript, evaluation, versions, import/export, personas."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.protection.models import ProtectionDiagram
from chemsec.science.tests.cases import case_a, with_alternative

pytestmark = pytest.mark.django_db


def _post(client, url, doc, **extra):
    data = {"name": "Store", "document": json.dumps(doc), "p_neutralisation": "0.8", **extra}
    return client.post(url, data)


def test_it_shows_case_a_on_the_evaluation_page(personas, diagram):
    body = personas["alice"].get(reverse("protection:diagram", args=[diagram.pk])).content.decode()
    assert "0.476041" in body  # P(I), notes' Case A
    assert "0.380833" in body  # P_E = P_I x P_N with P_N 0.8
    assert "<svg" in body and "most vulnerable path" in body
    assert "Penetrate door" in body  # critical detection point
    assert "Restricted" in body  # the marking


def test_it_creates_a_diagram_from_the_plain_form(personas, plant):
    url = reverse("protection:diagram_new", args=[plant.pk])
    assert personas["alice"].get(url).status_code == 200
    response = _post(personas["alice"], url, case_a())
    diagram = ProtectionDiagram.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"{diagram.pk}/")
    assert diagram.confidentiality == "restricted" and diagram.version == 1
    assert diagram.p_interruption == pytest.approx(0.476041, abs=1e-6)
    assert AuditEntry.objects.filter(action="create", object_id=str(diagram.pk)).exists()


def test_it_names_the_bad_field_on_the_form(personas, plant):
    doc = case_a()
    doc["layers"][2]["elements"][0]["p_detection"] = 2
    response = _post(personas["alice"], reverse("protection:diagram_new", args=[plant.pk]), doc)
    assert response.status_code == 200
    assert "layers[2].elements[0].p_detection: must be between 0 and 1" in response.content.decode()
    assert not ProtectionDiagram.objects.exists()


def test_it_keeps_a_version_on_each_save(personas, diagram):
    weak = {"name": "Window", "p_detection": 0.2, "location": "B", "delay_mean": 30}
    url = reverse("protection:diagram_edit", args=[diagram.pk])
    assert _post(personas["alice"], url, with_alternative(case_a(), 2, weak)).status_code == 302
    diagram.refresh_from_db()
    assert diagram.version == 2 and list(diagram.versions.values_list("number", flat=True)) == [
        2,
        1,
    ]
    assert diagram.p_interruption < 0.476
    page = personas["alice"].get(reverse("protection:diagram", args=[diagram.pk])).content.decode()
    assert "Window" in page


def test_it_imports_and_exports_the_cli_json(personas, plant, diagram):
    exported = personas["alice"].get(reverse("protection:diagram_export", args=[diagram.pk]))
    doc = json.loads(exported.content)
    assert doc["p_neutralisation"] == 0.8 and len(doc["layers"]) == 6
    assert AuditEntry.objects.filter(action="export", object_id=str(diagram.pk)).exists()
    upload = SimpleUploadedFile("asd.json", json.dumps({**doc, "p_neutralisation": 0.5}).encode())
    url = reverse("protection:diagram_new", args=[plant.pk])
    response = personas["alice"].post(
        url, {"name": "Imported", "document": "", "file": upload, "p_neutralisation": "1"}
    )
    assert response.status_code == 302
    imported = ProtectionDiagram.objects.get(name="Imported")
    assert imported.p_neutralisation == 0.5 and "p_neutralisation" not in imported.document


@pytest.mark.parametrize(
    ("persona", "view", "edit"),
    [("alice", 200, 200), ("bob", 404, 404), ("charlie", 404, 404), ("anonymous", 302, 302)],
)
def test_it_shows_diagrams_only_to_those_who_need_to_know(personas, diagram, persona, view, edit):
    client = personas[persona]
    assert client.get(reverse("protection:diagram", args=[diagram.pk])).status_code == view
    assert client.get(reverse("protection:diagram_edit", args=[diagram.pk])).status_code == edit
    assert client.get(reverse("protection:diagram_export", args=[diagram.pk])).status_code == view


def test_it_lets_a_colleague_read_a_diagram_shared_with_him_but_not_change_it(
    personas, diagram, alice, bob
):
    from chemsec.core.services import object_share

    object_share(obj=diagram, actor=alice, users=[bob])
    assert personas["bob"].get(reverse("protection:diagram", args=[diagram.pk])).status_code == 200
    # He sees it, so a refusal says so (403), as everywhere (the policy's one rule).
    edit = reverse("protection:diagram_edit", args=[diagram.pk])
    assert personas["bob"].get(edit).status_code == 403
    assert (
        personas["bob"].post(reverse("protection:diagram_delete", args=[diagram.pk])).status_code
        == 403
    )


def test_it_gives_a_national_authority_read_only_access(inspector_client, shared_with_authority):
    pk = shared_with_authority.pk
    assert inspector_client.get(reverse("protection:diagram", args=[pk])).status_code == 200
    assert inspector_client.get(reverse("protection:diagram_edit", args=[pk])).status_code == 403
    new = reverse("protection:diagram_new", args=[shared_with_authority.facility_id])
    assert inspector_client.get(new).status_code == 403


def test_it_deletes_a_diagram_for_the_owner_admin(personas, diagram):
    response = personas["alice"].post(reverse("protection:diagram_delete", args=[diagram.pk]))
    assert response.status_code == 302 and not ProtectionDiagram.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(diagram.pk)).exists()


def test_it_lists_a_facility_and_its_diagrams(personas, diagram, plant):
    body = personas["alice"].get(reverse("protection:facility", args=[plant.pk])).content.decode()
    assert "Case A" in body and "0.476041" in body
    assert (
        personas["charlie"].get(reverse("protection:facility", args=[plant.pk])).status_code == 404
    )
    assert (
        "Meridian Riverside Plant"
        in personas["alice"].get(reverse("protection:index")).content.decode()
    )
