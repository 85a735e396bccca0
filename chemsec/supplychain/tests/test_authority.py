"""The national contact point's view across reports (dashboard, customers several suppliers
reported), the secretariat's de-identified overview, and a report as PDF and JSON."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from chemsec.core.choices import Region, Role
from chemsec.core.models import AuditEntry, Organisation
from chemsec.core.tests.factories import acting_client
from chemsec.supplychain import authority, services
from chemsec.supplychain.models import Case, Report

pytestmark = pytest.mark.django_db


def _report(sender: str, customer: dict) -> Report:
    """A report as an authority receives it (unsaved: the functions read bodies only)."""
    return Report(
        organisation=Organisation(name=sender),
        kind="suspicious_transaction",
        body={"customer": customer, "transactions": []},
    )


# Identifiers written the way different suppliers' records write them.
SAME_COMPANY = [
    {"legal_name": "ACME Chemicals Ltd.", "registration_number": "GB 123 4567 89",
     "phone": "+44 20 7946 0958", "delivery_address": "12, Harbour Road\nPort Town"},
    {"legal_name": "Acme  chemicals LIMITED", "registration_number": "gb123456789",
     "phone": "44-20-7946-0958", "delivery_address": "12 Harbour Road, Port Town"},
]  # fmt: skip


def test_it_links_one_customer_written_differently_by_two_suppliers():
    links = authority.cross_supplier_links(
        [_report("Northgate", SAME_COMPANY[0]), _report("Southport", SAME_COMPANY[1])]
    )
    kinds = {link.kind: link for link in links}
    assert set(kinds) == {"registration", "name", "address", "phone"}
    assert kinds["name"].value == "acme chemicals"
    assert all(link.senders == ["Northgate", "Southport"] for link in links)


def test_reports_of_one_supplier_or_of_unrelated_customers_are_not_linked():
    other = {"legal_name": "Borealis Paints SA", "registration_number": "FR 999",
             "phone": "12", "delivery_address": "1 Rue Haute"}  # fmt: skip
    one_supplier = [_report("Northgate", SAME_COMPANY[0]), _report("Northgate", SAME_COMPANY[1])]
    assert authority.cross_supplier_links(one_supplier) == []
    assert (
        authority.cross_supplier_links([_report("A", SAME_COMPANY[0]), _report("B", other)]) == []
    )
    # A phone number too short to say anything is not an identifier.
    assert authority.identifiers(other) == {
        "registration": "FR999", "name": "borealis paints", "address": "1 rue haute"
    }  # fmt: skip


def test_a_report_without_a_customer_counts_but_links_nothing():
    theft = Report(organisation=Organisation(name="A"), kind="theft", body={"incident": {}})
    assert authority.cross_supplier_links([theft, theft]) == []


@pytest.fixture
def report(record, public_buyer, peroxide, alice, meridian, authority):
    record(public_buyer, peroxide, indicators=["refuses_identity"], observations="Paid cash.")
    case = Case.objects.get()
    services.case_decide(actor=alice, case=case, status="suspicious")
    return services.report_send(
        actor=alice, organisation=meridian, authority=authority, case=case,
        kind="suspicious_transaction", summary="Asked for 30 % peroxide, refused ID.",
    )  # fmt: skip


def test_the_authority_sees_its_dashboard_with_labels_in_its_language(report, officer, authority):
    client = acting_client(officer, authority)
    page = client.get(reverse("supplychain:authority_dashboard")).content.decode()
    assert "1 report received" in page and "Refuses" not in page.split("per-month")[0]
    assert "Suspicious transaction" in page
    french = client.get(reverse("supplychain:authority_dashboard"), HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == 200


def test_only_national_authorities_open_the_dashboard(report, alice, meridian, stranger_officer):
    assert acting_client(alice, meridian).get(
        reverse("supplychain:authority_dashboard")
    ).status_code in (403, 404)
    # Another authority opens its own dashboard and sees none of this report.
    page = acting_client(stranger_officer, None).get(reverse("supplychain:authority_dashboard"))
    assert page.status_code == 200 and "Jo Public" not in page.content.decode()


def test_the_secretariat_sees_counts_by_region_and_never_a_name(
    report, make_user, secretariat, meridian, alice
):
    from chemsec.core.policy import SYSTEM
    from chemsec.core.writes import write_update

    write_update(meridian, actor=SYSTEM, values={"region": Region.WEOG})
    staff = make_user("sam", secretariat, Role.VIEWER)
    page = acting_client(staff, secretariat).get(reverse("supplychain:overview"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Suspicious transaction" in text and "Western European and Others Group" in text
    for name in ("Jo Public", meridian.name, report.authority.name):
        assert name not in text


def test_others_do_not_open_the_overview(report, alice, meridian, officer, authority):
    for user, organisation in ((alice, meridian), (officer, authority)):
        response = acting_client(user, organisation).get(reverse("supplychain:overview"))
        assert response.status_code in (403, 404)


def test_a_report_downloads_as_json_and_as_a_marked_pdf_for_sender_and_authority_only(
    report, alice, meridian, officer, authority, stranger_officer
):
    json_url = reverse("supplychain:report_download", args=[report.pk, "json"])
    pdf_url = reverse("supplychain:report_download", args=[report.pk, "pdf"])
    body = json.loads(acting_client(officer, authority).get(json_url).content)
    assert body == report.body and body["schema"] == "urn:chemsec:schema:supply-report:v1"
    pdf = acting_client(alice, meridian).get(pdf_url)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Suspicious transaction" in text and "Jo Public" in text
    assert "Sender and addressed authority only" in text
    assert "Unwilling to provide proof of identity" in " ".join(text.split())  # a label
    assert AuditEntry.objects.filter(action="export", object_id=str(report.pk)).count() == 2
    assert acting_client(stranger_officer, None).get(json_url).status_code == 404


def test_the_secretariat_s_audit_trail_does_not_name_who_reported_whom(
    report, make_user, secretariat, meridian, alice, officer, authority
):
    """The audit trail shows a secretariat admin every entry, redacted where the object is
    not theirs to see; for cases, alerts, reports and their messages it also leaves out
    the actor, the organisation and the changed fields, which would name the supplier,
    the authority and the suspicion's timeline. The sender's own admin still reads them."""
    from django.apps import apps

    services.report_ask(actor=officer, report=report, text="Which pack size?")
    reviewer = make_user("rita", meridian, Role.REVIEWER)
    services.case_assign(actor=alice, case=report.case, reviewer=reviewer)  # shares a customer
    sensitive = {
        m._meta.label_lower
        for m in apps.get_app_config("supplychain").get_models()
        if getattr(m, "AUDIT_CONCEALS_PARTIES", False)
    }
    assert {"supplychain.case", "supplychain.report", "supplychain.customer",
            "supplychain.order"} <= sensitive  # fmt: skip
    assert AuditEntry.objects.filter(object_type__in=sensitive).count() >= 8
    head = make_user("sarah", secretariat, Role.ADMIN)
    client = acting_client(head, secretariat)
    page = client.get(reverse("audit_log")).content.decode()
    api = client.get("/api/v1/audit").json()
    rows = [r for r in api["items"] if r["object_type"] in sensitive]
    assert rows and all(r["redacted"] for r in rows)
    for row in rows:
        assert (row["actor_name"], row["organisation"], row["changes"]) == ("", None, {})
    page_rows = [r for r in page.split("<tr>") if any(f"{t} " in r for t in sensitive)]
    assert len(page_rows) == len([r for r in api["items"] if r["object_type"] in sensitive])
    for name in ("alice", "olga", meridian.name, authority.name, "deemed_suspicious_at"):
        assert not any(name in row for row in page_rows)
    own = acting_client(alice, meridian).get("/api/v1/audit").json()["items"]
    mine = [r for r in own if r["object_type"] == "supplychain.report"]
    assert mine and not any(r["redacted"] for r in mine)
    assert {r["actor_name"] for r in mine} >= {"alice"}


def test_the_overview_does_not_show_counts_small_enough_to_point_at_a_sender(
    report, make_user, secretariat
):
    assert [authority.shown_count(n) for n in (0, 1, 2, 3, 40)] == [None, None, None, 3, 40]
    staff = make_user("sam", secretariat, Role.VIEWER)
    page = acting_client(staff, secretariat).get(reverse("supplychain:overview"))
    table = page.content.decode().split('data-testid="overview"')[1].split("</table>")[0]
    assert "fewer than 3" in table and "<td>1</td>" not in table
