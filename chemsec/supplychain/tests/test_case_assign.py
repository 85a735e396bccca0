"""An admin hands a case to a named reviewer (issue 12, section 5: "assignment to a named
reviewer"). Cases and customers are restricted by default, so a reviewer who is not an admin
saw none of them (QA: the demo's northgate-reviewer had an empty case list); the case and
its customer are shared with the reviewer by name, audited, and with nobody else."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chemsec.core.choices import Role
from chemsec.core.models import AuditEntry
from chemsec.core.policy import Denied, NotVisible, can
from chemsec.core.tests.factories import acting_client
from chemsec.supplychain import services
from chemsec.supplychain.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(record, public_buyer, peroxide):
    record(public_buyer, peroxide)
    return Case.objects.get()


@pytest.fixture
def rita(make_user, meridian):
    """A reviewer of the supplier who is not an admin."""
    return make_user("rita", meridian, Role.REVIEWER)


def test_a_reviewer_sees_and_decides_a_case_only_once_it_is_handed_to_them(
    case, alice, rita, bob, public_buyer
):
    assert not can(rita, "case.view", case) and not can(rita, "customer.view", public_buyer)
    with pytest.raises(NotVisible):
        services.case_decide(actor=rita, case=case, status="in_review")
    services.case_assign(actor=alice, case=case, reviewer=rita)
    case.refresh_from_db()
    assert case.assigned_to == rita
    assert can(rita, "case.decide", case) and can(rita, "customer.view", public_buyer)
    assert not can(bob, "case.view", case)  # the other members learn nothing
    services.case_decide(actor=rita, case=case, status="in_review")
    ids = [str(case.pk), str(public_buyer.pk)]
    shares = AuditEntry.objects.filter(action="share", object_id__in=ids)
    assert {e.object_type for e in shares} == {"supplychain.case", "supplychain.customer"}


def test_only_admins_hand_cases_over_and_only_to_their_reviewers(
    case, alice, rita, bob, make_user, meridian, northgate
):
    with pytest.raises((Denied, NotVisible)):
        services.case_assign(actor=rita, case=case, reviewer=rita)
    with pytest.raises(ValidationError):  # a viewer cannot take a case
        services.case_assign(actor=alice, case=case, reviewer=bob)
    outsider = make_user("otto", northgate, Role.REVIEWER)
    with pytest.raises(ValidationError):  # another supplier's reviewer never sees it
        services.case_assign(actor=alice, case=case, reviewer=outsider)
    assert not can(outsider, "case.view", case)


def test_the_case_page_offers_the_hand_over_to_admins_only(case, alice, rita, meridian):
    url = reverse("supplychain:case", args=[case.pk])
    admin_page = acting_client(alice, meridian).get(url).content.decode()
    assert reverse("supplychain:case_assign", args=[case.pk]) in admin_page
    assert ">rita<" in admin_page
    assign = reverse("supplychain:case_assign", args=[case.pk])
    # The view redirects to the case whatever the form held: only the case itself says
    # whether it was handed over. A reviewer who is not one of the choices is refused.
    refused = acting_client(alice, meridian).post(assign, {"reviewer": "not-a-reviewer"})
    assert refused.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to is None
    assert acting_client(rita, meridian).get(url).status_code == 404
    response = acting_client(alice, meridian).post(assign, {"reviewer": rita.pk})
    assert response.status_code == 302 and response["Location"] == url
    case.refresh_from_db()
    assert case.assigned_to == rita
    assert AuditEntry.objects.filter(
        action="share", object_type="supplychain.case", object_id=str(case.pk)
    ).exists()
    shown = acting_client(rita, meridian).get(url)
    assert shown.status_code == 200
    page = shown.content.decode()
    assert "Jo Public" in page
    assert reverse("supplychain:case_assign", args=[case.pk]) not in page


def test_the_decision_has_no_preselected_choice_and_the_hand_over_shows_the_reviewer(
    case, alice, rita, meridian
):
    """QA: 'Decide' pressed without a choice deemed a case suspicious (the first option)."""
    client = acting_client(alice, meridian)
    page = client.get(reverse("supplychain:case", args=[case.pk])).content.decode()
    decision = page.split('name="status"')[1].split("</select>")[0]
    assert decision.index('<option value="" selected>') < decision.index('value="in_review"')
    response = client.post(reverse("supplychain:case_decide", args=[case.pk]), {"reason": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "new" and case.deemed_suspicious_at is None
    services.case_assign(actor=alice, case=case, reviewer=rita)
    page = client.get(reverse("supplychain:case", args=[case.pk])).content.decode()
    assert f'<option value="{rita.pk}" selected>rita</option>' in page
