"""Certificates of completed courses: issued with a credential that verifies with the key
the issuer publishes, checked as valid, expired or revoked, revoked by the secretariat only
(its bit set in the published status list), reminded before expiry, and their pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chemsec.core.choices import Role
from chemsec.core.policy import SYSTEM, Denied
from chemsec.training import certificates, credentials
from chemsec.training.tests.conftest import right_answers


def complete(enrolment, learner):
    from chemsec.training import services

    for module in enrolment.course.modules.order_by("position"):
        services.module_read(user=learner, enrolment=enrolment, module=module)
        questions = services.quiz_questions(enrolment.course, module)
        services.quiz_submit(user=learner, enrolment=enrolment, module=module,
                             answers=right_answers(questions))  # fmt: skip
    final = services.quiz_questions(enrolment.course, None)
    services.quiz_submit(user=learner, enrolment=enrolment, module=None,
                         answers=right_answers(final))  # fmt: skip
    enrolment.refresh_from_db()
    return enrolment.certificate


@pytest.fixture
def certificate(enrolment, learner):
    learner.first_name, learner.last_name = "Lena", "Okafor"
    learner.save()
    return complete(enrolment, learner)


@pytest.fixture
def rita(make_user, secretariat):
    return make_user("rita", secretariat, Role.REVIEWER)


def test_completing_a_course_issues_a_signed_certificate(certificate, enrolment):
    assert certificate.expires_at.year == certificate.issued_at.year + 1  # 12 months
    assert certificates.issue_for(enrolment) == certificate  # once only
    result = certificates.check(certificate)
    assert result.state == "valid" and result.holder == "Lena Okafor"
    # A verifier needs only the published DID document: resolve the key from it.
    document = Client().get(reverse("training:issuer_did")).json()
    key = credentials.key_from_jwk(document["verificationMethod"][0]["publicKeyJwk"])
    verified = credentials.verify(certificate.credential, key, issuer_did=document["id"])
    assert verified.credential["credentialSubject"]["achievement"]["name"] == "Security basics"
    assert document["id"] == "did:web:127.0.0.1%3A8000:training:issuer"


def test_an_expired_certificate_checks_as_expired(certificate):
    later = certificate.expires_at + dt.timedelta(seconds=1)
    assert certificates.check(certificate, at=later).state == "expired"


def test_a_certificate_with_a_tampered_credential_does_not_verify(certificate):
    head, body, signature = certificate.credential.split(".")
    certificate.credential = f"{head}.{body[:-4]}AAAA.{signature}"
    assert certificates.check(certificate).state == "invalid"


def test_only_the_secretariat_revokes_and_the_status_list_says_so(certificate, learner, rita):
    with pytest.raises(Denied):
        certificates.certificate_revoke(user=learner, certificate=certificate, reason="other")
    with pytest.raises(Exception, match="reason"):
        certificates.certificate_revoke(user=rita, certificate=certificate, reason="whim")
    revoked = certificates.certificate_revoke(
        user=rita, certificate=certificate, reason="misconduct"
    )
    assert certificates.check(revoked).state == "revoked"
    token = Client().get(reverse("training:status_list", args=[1])).content.decode()
    key = certificates.signing_key().public_key()
    head, body, _ = token.split(".")
    key.verify(credentials._unb64url(_), f"{head}.{body}".encode())  # signed by the issuer
    payload = credentials.unverified_payload(token)
    index = certificates.status_index(revoked)
    assert credentials.status_bit(payload["credentialSubject"]["encodedList"], index)


def test_the_public_page_shows_the_state_and_no_other_personal_data(certificate, rita):
    url = reverse("training:certificate_verify", args=[certificate.uuid])
    page = Client().get(url).content.decode()
    assert 'data-state="valid"' in page and "Lena Okafor" in page
    assert "Security basics" in page and "lena@" not in page and "Meridian" not in page
    certificates.certificate_revoke(user=rita, certificate=certificate, reason="issued_in_error")
    page = Client().get(url).content.decode()
    assert 'data-state="revoked"' in page and "Issued in error" in page


def test_the_holder_alone_downloads_the_pdf_and_credential(certificate, learner, rita, client):
    pdf = reverse("training:certificate_pdf", args=[certificate.pk])
    jwt = reverse("training:certificate_credential", args=[certificate.pk])
    client.force_login(rita)
    assert client.get(pdf).status_code == 403
    client.force_login(learner)
    response = client.get(pdf)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    response = client.get(jwt)
    assert response["Content-Type"] == "application/vc+jwt"
    assert response.content.decode() == certificate.credential


def test_the_secretariat_revokes_from_the_page(certificate, rita, client):
    client.force_login(rita)
    url = reverse("training:certificate_verify", args=[certificate.uuid])
    assert "Revoke this certificate" in client.get(url).content.decode()
    revoke = reverse("training:certificate_revoke", args=[certificate.pk])
    assert client.post(revoke, {"reason": "superseded"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "superseded" and certificate.revoked_at


def test_holders_are_reminded_60_and_14_days_before_expiry(certificate, learner):
    learner.email = "lena@example.org"
    learner.save()
    expiry = timezone.localdate(certificate.expires_at)
    mail.outbox.clear()
    assert certificates.remind_expiring(user=SYSTEM, today=expiry - dt.timedelta(days=61)) == 0
    assert certificates.remind_expiring(user=SYSTEM, today=expiry - dt.timedelta(days=60)) == 1
    assert certificates.remind_expiring(user=SYSTEM, today=expiry - dt.timedelta(days=14)) == 1
    assert [m.to for m in mail.outbox] == [["lena@example.org"]] * 2
    assert str(certificate.uuid) in mail.outbox[0].body
    with pytest.raises(Denied):
        certificates.remind_expiring(user=learner)


def test_the_issuer_documents_are_public_json(db):
    response = Client().get(reverse("training:issuer_jwks"))
    jwks = json.loads(response.content)
    assert jwks["keys"][0]["kty"] == "OKP" and "d" not in jwks["keys"][0]
    assert response["Access-Control-Allow-Origin"] == "*"  # web verifiers elsewhere fetch it
