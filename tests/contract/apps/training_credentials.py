"""Training credentials: a certificate held by Alpha's viewer for a course completed while
acting for Alpha. Anyone verifies it by its number and reads the issuer's keys and
revocation list; it is seen by its holder, Alpha's admins and the secretariat; only the
holder downloads its PDF and credential; secretariat reviewers revoke it. The counts of
experts trained are the secretariat's; the xAPI export of everyone its reviewers'."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tests.contract.expectations import (
    NOT_A_LIST,
    SECRETARIAT_ANY,
    SECRETARIAT_REVIEWER,
    obj,
    op,
    page,
    public,
    signed_in,
)
from tests.contract.world import SECRETARIAT

ACCESS = {
    "certificate": {
        "view": {"viewer", "owner", "unverified"} | SECRETARIAT,
        "download": {"viewer"},
        "revoke": SECRETARIAT,
    },
}
OBJECT_PARAMS = {
    "certificate_id": "certificate",
    # The public page goes by the certificate's number; its `pk` fills the parameter.
    "certificate_number": "certificate_number",
}
PAGES = {
    "training:issuer_did": page(public),
    "training:issuer_jwks": page(public),
    "training:status_list": page(public, list_rows=NOT_A_LIST),  # a signed credential, one document
    "training:certificate_verify": page(public),
    "training:certificates": page(signed_in, list_rows="certificate"),
    "training:certificate_pdf": page(obj("certificate_id", "download")),
    "training:certificate_credential": page(obj("certificate_id", "download")),
    "training:certificate_revoke": page(
        post=obj("certificate_id", "revoke"), data={"reason": "other"}
    ),
    "training:experts": page(SECRETARIAT_ANY),
    "training:experts_export": page(SECRETARIAT_ANY),
    "training:xapi_mine": page(signed_in),
    "training:xapi_all": page(SECRETARIAT_REVIEWER),
    "training:learning_path": page(signed_in),
}
OPERATIONS = {
    "training_certificate_verify": op(public),
    "training_certificate_credential": op(obj("certificate_id", "download")),
    "training_certificate_revoke": op(obj("certificate_id", "revoke")),
    "training_experts": op(SECRETARIAT_ANY),
    "training_xapi_statements": op(signed_in),
}


def _certificate(world: Any, slug: str, learner: Any) -> Any:
    from django.utils import timezone

    from chemsec.core.policy import SYSTEM
    from chemsec.core.writes import write_create
    from chemsec.training import certificates, services
    from chemsec.training.models import Enrolment

    course = services.course_create(
        user=SYSTEM, slug=slug, title=f"Course {slug}", validity_months=24
    )
    now = timezone.now()
    enrolment = write_create(
        Enrolment(learner=learner, course=course, organisation=world.orgs["alpha"],
                  status="completed", started_at=now, completed_at=now),
        actor=SYSTEM, organisation=world.orgs["alpha"],
    )  # fmt: skip
    return certificates.issue_for(enrolment)


def build(world: Any) -> None:
    certificate = _certificate(world, "credentials-contract", world.users["viewer"])
    world.objects["certificate"] = certificate
    world.objects["certificate_number"] = SimpleNamespace(pk=certificate.uuid)


def _certificates(world: Any, n: int) -> None:
    """n more certificates of Alpha's viewer, each for another course."""
    for i in range(n):
        _certificate(world, f"credentials-rows-{i}", world.users["viewer"])


ROWS = {"certificate": _certificates}
