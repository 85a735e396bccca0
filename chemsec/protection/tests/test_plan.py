"""The site security plan: marking on every page, PDF, audit trail, registered sections."""

import pytest
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.protection.models import SitePlanExport

pytestmark = pytest.mark.django_db
MARKING = "RESTRICTED (NAMED SHARING) · Meridian Chemicals"


def assert_marked_on_every_page(pdf: bytes) -> None:
    """The marking heads and foots every page, the foot with the page number (the text
    read back out of the PDF; tests/i18n checks every language)."""
    import io

    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert pages
    for number, text in enumerate(pages, start=1):
        flat = " ".join(text.split())
        assert flat.count(MARKING) >= 2, flat  # header and footer
        assert f"do not forward · {number} / {len(pages)}" in flat


def test_it_carries_the_marking_at_top_and_bottom_and_audits_the_view(personas, plant, diagram):
    response = personas["alice"].get(reverse("protection:plan", args=[plant.pk]))
    body = response.content.decode()
    assert body.count(MARKING) == 2
    assert body.index(MARKING) < body.index("Facility profile") < body.rindex(MARKING)
    assert "0.476041" in body and "<svg" in body  # protection evaluation with its diagram
    assert AuditEntry.objects.filter(action="view", object_id=str(plant.pk)).exists()


def test_it_builds_the_table_sections_from_the_registry_in_order(personas, plant, monkeypatch):
    from chemsec.protection import plan_sources

    def chemicals(facility, user):
        return [{"name": "Chlorine", "cas": "7782-50-5", "quantity_kg": 907.0}]

    source = plan_sources.TableSource("chemicals", "Chemicals of interest", 10, chemicals)
    monkeypatch.setitem(plan_sources.SOURCES, "chemicals", source)
    body = personas["alice"].get(reverse("protection:plan", args=[plant.pk])).content.decode()
    chemicals_part = body[body.index('id="plan-chemicals"') :]
    assert "7782-50-5" in chemicals_part[: chemicals_part.index("</section>")]
    keys = ["profile", "chemicals", "threats", "scenarios", "protection", "consequences"]
    keys += ["risks", "measures"]  # registered by the risk app
    places = [body.index(f'id="plan-{key}"') for key in keys]
    assert places == sorted(places)
    assert "Not available yet" not in body


def test_it_lets_an_error_in_a_section_surface(alice, plant, monkeypatch):
    """A source that fails is a bug to see and fix, not a section "not available yet"."""
    from chemsec.protection import plan_sources
    from chemsec.protection.plan import build_plan

    def broken(facility, user):
        raise TypeError("a changed signature")

    monkeypatch.setitem(
        plan_sources.SOURCES, "threats", plan_sources.TableSource("threats", "Threats", 20, broken)
    )
    with pytest.raises(TypeError, match="a changed signature"):
        build_plan(facility=plant, user=alice)


def test_it_generates_a_pdf_with_the_marking_and_audits_it(personas, plant, diagram):
    response = personas["alice"].post(reverse("protection:plan_generate", args=[plant.pk]))
    export = SitePlanExport.objects.get()
    assert response.status_code == 302
    download = personas["alice"].get(response.url)
    assert download.content.startswith(b"%PDF")
    assert_marked_on_every_page(download.content)
    actions = list(
        AuditEntry.objects.filter(object_id=str(export.pk)).values_list("action", flat=True)
    )
    assert actions.count("export") == 2  # generated, then downloaded


def test_it_serves_the_pdf_through_the_api(personas, plant):
    response = personas["alice"].get(f"/api/v1/protection/facilities/{plant.pk}/plan.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert_marked_on_every_page(response.content)


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 404), ("charlie", 404), ("anonymous", 401)]
)
def test_it_gives_the_plan_only_to_those_who_see_the_facility(personas, plant, persona, status):
    url = f"/api/v1/protection/facilities/{plant.pk}/plan.pdf"
    assert personas[persona].get(url).status_code == status
    page = personas[persona].get(reverse("protection:plan", args=[plant.pk]))
    assert page.status_code == (302 if persona == "anonymous" else status)


def test_it_keeps_exports_from_those_who_may_not_see_them(personas, plant):
    personas["alice"].post(reverse("protection:plan_generate", args=[plant.pk]))
    export = SitePlanExport.objects.get()
    url = reverse("protection:plan_download", args=[export.pk])
    assert personas["charlie"].get(url).status_code == 404
    assert personas["bob"].get(url).status_code == 404


def test_it_gives_a_national_authority_the_plan_with_what_is_shared(
    inspector_client, shared_with_authority, plant
):
    body = inspector_client.get(reverse("protection:plan", args=[plant.pk])).content.decode()
    assert "Case A" in body
    pdf = inspector_client.get(f"/api/v1/protection/facilities/{plant.pk}/plan.pdf")
    assert pdf.content.startswith(b"%PDF")
