"""A measure's cost is refused where it enters when it is negative (form, API, service), and
a register line or measure stored with a bad value (from before the check, or written
around it) never takes the register, the site plan or the API down: the page says which
line or measure cannot be worked out."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chemsec.core.writes import unaudited
from chemsec.risk.models import Measure, RiskEntry
from chemsec.risk.services import measure_create, measure_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(assessment, scenario, alice):
    from chemsec.risk.services import entry_set

    return entry_set(
        assessment=assessment,
        scenario=scenario,
        actor=alice,
        p_attack=0.3,
        p_interruption=0.5,
        p_neutralisation=0.8,
        consequence=100,
    )


def test_the_service_refuses_a_negative_cost(entry, alice):
    with pytest.raises(ValidationError) as refused:
        measure_create(entry=entry, actor=alice, title="Fence", cost=-5)
    assert "cost" in refused.value.message_dict
    measure = measure_create(entry=entry, actor=alice, title="Fence", cost=5)
    with pytest.raises(ValidationError):
        measure_update(measure=measure, actor=alice, cost=-1)
    assert not Measure.objects.filter(cost__lt=0).exists()


def test_the_form_refuses_a_negative_cost_and_marks_the_field(personas, plant, assessment, entry):
    url = reverse("risk:measure_add", args=[plant.pk, assessment.pk])
    post = {"entry": str(entry.pk), "title": "Fence", "cost": "-5", "status": "proposed"}
    response = personas["alice"].post(url, post, follow=True)
    body = response.content.decode()
    assert response.status_code == 200 and not Measure.objects.exists()
    assert "__all__" not in body
    assert "greater than or equal to 0" in body


@pytest.mark.parametrize("cost", [-5, 1e20])
def test_the_api_refuses_an_impossible_cost_with_its_json_error(
    personas, plant, assessment, entry, cost
):
    url = f"/api/v1/facilities/{plant.pk}/risk-registers/{assessment.pk}/measures"
    body = {"scenario_id": str(entry.scenario_id), "title": "Fence", "cost": cost}
    response = personas["alice"].post(url, body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert any("cost" in d["field"] for d in response.json()["error"]["details"])
    assert not Measure.objects.exists()


@pytest.fixture
def bad_measure(entry, alice):
    """A measure whose cost went negative before costs were checked."""
    good = measure_create(entry=entry, actor=alice, title="Good fence", cost=10)
    bad = measure_create(entry=entry, actor=alice, title="Broken gate", cost=10)
    with unaudited("a row from before the check"):
        Measure.objects.filter(pk=bad.pk).update(cost=-5)
    return good, bad


def test_the_register_renders_with_a_bad_measure_and_names_it(
    personas, plant, assessment, bad_measure
):
    response = personas["alice"].get(reverse("risk:register", args=[plant.pk, assessment.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Good fence" in body and "Broken gate" in body
    assert "cannot be worked out" in body
    # The bad measure can still be edited and deleted from the page.
    _good, bad = bad_measure
    assert reverse("risk:measure_delete", args=[plant.pk, assessment.pk, bad.pk]) in body


def test_the_register_api_answers_with_a_bad_measure(personas, plant, bad_measure):
    response = personas["alice"].get(f"/api/v1/facilities/{plant.pk}/risk-registers")
    assert response.status_code == 200, response.content
    measures = {m["title"]: m for m in response.json()[0]["entries"][0]["measures"]}
    assert measures["Good fence"]["what_if"] is not None and not measures["Good fence"]["error"]
    assert measures["Broken gate"]["what_if"] is None
    assert "cannot be worked out" in measures["Broken gate"]["error"]


def test_the_site_plan_renders_with_a_bad_line(personas, plant, entry, bad_measure):
    with unaudited("a row from before the check"):
        RiskEntry.objects.filter(pk=entry.pk).update(p_attack=None)
    page = personas["alice"].get(reverse("protection:plan", args=[plant.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Chlorine sabotage" in body and "cannot be worked out" in body
    register = personas["alice"].get(f"/api/v1/facilities/{plant.pk}/risk-registers")
    assert register.status_code == 200
    line = register.json()[0]["entries"][0]
    assert line["current"] is None and "cannot be worked out" in line["error"]
    pdf = personas["alice"].get(f"/api/v1/protection/facilities/{plant.pk}/plan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_error_banners_name_fields_by_their_labels(personas, plant, assessment, entry):
    """Never a raw name such as `__all__` or `cost` in the banner."""
    url = reverse("risk:measure_add", args=[plant.pk, assessment.pk])
    post = {
        "entry": str(entry.pk),
        "title": "Fence",
        "cost": "-5",
        "status": "proposed",
        "change-0-p_detection": "0.9",  # a value without its element: the row's own error
    }
    body = personas["alice"].post(url, post, follow=True).content.decode()
    assert "__all__" not in body and "* cost" not in body
    assert "Cost: Ensure this value is greater than or equal to 0." in body
    assert "Choose the path element the new values are for." in body
