"""Verifying a certificate in a real browser: the holder downloads the PDF, whose QR code
and printed link lead to the public verification page; a visitor who follows the link sees
it valid with the holder's name and course, and revoked once the secretariat revokes it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from chemsec.core.choices import Role

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_url(settings, live_server):
    """The portal's public address is the test server's, so the QR code's link leads there
    (set before issuing: the issuer's identifier is made from it)."""
    settings.PUBLIC_URL = live_server.url


@pytest.fixture
def certificate(public_url, make_user, meridian, secretariat):
    from chemsec.core.policy import SYSTEM
    from chemsec.core.writes import write_create
    from chemsec.training import certificates, services
    from chemsec.training.models import Enrolment

    course = services.course_create(
        user=SYSTEM, slug="fundamentals-browser", title="Chemical security fundamentals",
        validity_months=36, organisation=secretariat,
    )  # fmt: skip
    learner = make_user("lena", meridian, Role.VIEWER)
    learner.first_name, learner.last_name = "Lena", "Okafor"
    learner.save()
    now = timezone.now()
    enrolment = write_create(
        Enrolment(learner=learner, course=course, organisation=meridian, status="completed",
                  started_at=now, completed_at=now),
        actor=SYSTEM, organisation=meridian,
    )  # fmt: skip
    return certificates.issue_for(enrolment)


def test_a_visitor_verifies_a_certificate_by_its_qr_link(
    browser, live_server, tmp_path, make_user, secretariat, certificate
):
    from chemsec.training import certificates

    held = certificate
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, "lena")
        page.goto("/training/certificates/")
        with page.expect_download() as download:
            page.get_by_role("link", name="PDF").click()
        path = tmp_path / "certificate.pdf"
        download.value.save_as(path)
        text = " ".join(p.extract_text() for p in PdfReader(path).pages)
        link = re.search(r"https?://\S+/verify", text.replace("\n", ""))
        assert link is not None and link.group(0) == certificates.verification_url(held)
    finally:
        context.close()

    visitor = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = visitor.new_page()
    try:
        page.goto(link.group(0))
        expect(page.get_by_test_id("verification-state")).to_contain_text("Valid")
        expect(page.get_by_test_id("holder")).to_have_text("Lena Okafor")
        expect(page.get_by_text("Chemical security fundamentals")).to_be_visible()
        rita = make_user("rita", secretariat, Role.REVIEWER)
        certificates.certificate_revoke(user=rita, certificate=held, reason="issued_in_error")
        page.reload()
        expect(page.get_by_test_id("verification-state")).to_contain_text("Revoked")
        expect(page.get_by_text("Issued in error")).to_be_visible()
    finally:
        visitor.close()
