"""Pages of training credentials: the public verification of a certificate, the issuer's
keys and revocation list, the holder's PDF and credential, the secretariat's revocation,
the experts-trained dashboard and its exports, xAPI exports and the learning path.

Public pages show what the certificate itself says (holder's name, course, dates, issuer)
and nothing else about the person. Every other object is fetched with `policy.get_object`;
every write is a service that asks the policy again.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from uuid import UUID

import segno
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction, Region
from chemsec.core.pdf import render_pdf
from chemsec.core.policy import acting_organisation, can, get_object, require
from chemsec.core.rendering import render_page
from chemsec.core.service_calls import attempt
from chemsec.core.writes import write_export
from chemsec.lib.worldmap import country_name
from chemsec.network.exports import table_download
from chemsec.training import certificates, counts, credentials, paths, xapi
from chemsec.training.choices import Gender, RevocationReason, Sector
from chemsec.training.models import Certificate, Enrolment, ModuleProgress, QuizAttempt
from chemsec.training.translations import course_texts


def _certificates() -> Any:
    return Certificate.objects.select_related(
        "enrolment", "enrolment__learner", "enrolment__course", "enrolment__organisation"
    )


# --- The issuer: public keys and the revocation list ---------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    """A document any verifier may fetch, from a web page on another site too (CORS)."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def issuer_did(request: HttpRequest) -> HttpResponse:
    """The issuer's DID document (did:web), which verifiers resolve to find its key."""
    document = credentials.did_document(
        certificates.issuer(), certificates.signing_key().public_key()
    )
    return _public(JsonResponse(document, content_type="application/did+json"))


def issuer_jwks(request: HttpRequest) -> HttpResponse:
    keys = credentials.jwks(certificates.issuer(), certificates.signing_key().public_key())
    return _public(JsonResponse(keys, content_type="application/jwk-set+json"))


def status_list(request: HttpRequest, number: int) -> HttpResponse:
    """The signed Bitstring Status List: a certificate's bit is set once it is revoked."""
    if number != certificates.STATUS_LIST_NUMBER:
        raise Http404
    response = HttpResponse(certificates.status_list_token(), content_type=credentials.MEDIA_TYPE)
    response["Cache-Control"] = "max-age=300"
    return _public(response)


# --- A certificate: public verification, the holder's files, revocation ---------------------


def certificate_verify(request: HttpRequest, certificate_number: UUID) -> HttpResponse:
    """Anyone with the link (the PDF's QR code) sees whether the certificate is in force."""
    certificate = _certificates().filter(uuid=certificate_number).first()
    if certificate is None:
        raise Http404
    result = certificates.check(certificate)
    return render_page(request, "training/credentials/verify.html", {
        "check": result,
        "certificate": certificate,
        "course": certificate.enrolment.course,
        "issuer": certificates.issuer(),
        "reason": RevocationReason(certificate.revocation_reason).label
        if certificate.revocation_reason else "",
        "may_revoke": result.state != certificates.REVOKED
        and can(request.user, "certificate.revoke", certificate),
        "reasons": RevocationReason.choices,
    })  # fmt: skip


def _qr_data_uri(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


@login_required
def certificate_pdf(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    """The holder's certificate as a PDF, with a QR code to its verification page."""
    certificate = get_object(
        request.user, "certificate.download", _certificates(), pk=certificate_id
    )
    url = certificates.verification_url(certificate)
    pdf = render_pdf(
        "training/credentials/certificate.pdf.html",
        {"certificate": certificate, "course": certificate.enrolment.course,
         "course_title": course_texts([certificate.enrolment.course]).formal_text(
             certificate.enrolment.course.urn, "title", certificate.enrolment.course.title),
         "holder": certificates.holder_name(certificate.enrolment.learner),
         "issuer": certificates.issuer(), "url": url, "qr": _qr_data_uri(url),
         "revoked": certificate.revoked_at is not None},
        marking=_("ChemSec training certificate - personal data"),
        title=_("Training certificate"),
    )  # fmt: skip
    write_export(certificate, actor=request.user, fmt="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.uuid}.pdf"'
    return response


@login_required
def certificate_credential(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    """The holder's signed Open Badges credential (VC-JWT), for a wallet or a verifier."""
    certificate = get_object(
        request.user, "certificate.download", _certificates(), pk=certificate_id
    )
    write_export(certificate, actor=request.user, fmt="vc+jwt")
    response = HttpResponse(certificate.credential, content_type=credentials.MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="credential-{certificate.uuid}.jwt"'
    return response


@login_required
@require_POST
def certificate_revoke(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    certificate = get_object(request.user, "certificate.revoke", _certificates(), pk=certificate_id)
    reason = request.POST.get("reason", "")
    attempt(
        request,
        lambda: certificates.certificate_revoke(
            user=request.user, certificate=certificate, reason=reason
        ),
        _("Certificate revoked."),
    )
    return redirect("training:certificate_verify", certificate_number=certificate.uuid)


@login_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    """The certificates the person may see: their own, their organisation's learners' (admins),
    all of them for the secretariat."""
    visible = Enrolment.objects.visible_to(request.user, "view")
    rows = _certificates().filter(enrolment__in=visible.values("pk")).order_by("-issued_at")
    now = timezone.now()
    shown = list(rows[:500])
    texts = course_texts({c.enrolment.course.pk: c.enrolment.course for c in shown}.values())
    for certificate in shown:
        texts.localise(certificate.enrolment.course)
    return render_page(request, "training/credentials/list.html", {
        "rows": [(c, _state(c, now)) for c in shown],
        "user_pk": request.user.pk,
        "may_experts": can(request.user, "training.experts", None),
    })  # fmt: skip


def _state(certificate: Certificate, now: Any) -> str:
    if certificate.revoked_at is not None:
        return str(_("Revoked"))
    if certificate.expires_at is not None and certificate.expires_at <= now:
        return str(_("Expired"))
    return str(_("Valid"))


# --- Experts trained ---------------------------------------------------------------------------


def _labels(dimension: str, language: str) -> dict[str, str]:
    if dimension == "region":
        return {str(k): str(v) for k, v in Region.choices}
    if dimension == "sector":
        return {str(k): str(v) for k, v in Sector.choices}
    if dimension == "gender":
        return {str(k): str(v) for k, v in Gender.choices}
    return {}


def _label(dimension: str, value: str, labels: dict[str, str], language: str) -> str:
    if not value:
        return str(_("Not known"))
    if dimension == "country":
        return country_name(value, language) or value
    return labels.get(value, value)


def _dimension(request: HttpRequest) -> str:
    dimension = request.GET.get("by", "country")
    return dimension if dimension in counts.DIMENSIONS else "country"


def _year(request: HttpRequest, years: list[int]) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return years[-1] if years else None
    return year if year in years else (years[-1] if years else None)


def _chart(items: list[tuple[str, int]]) -> dict[str, Any]:
    """Horizontal bars scaled to the largest count (geometry only; drawn by the template)."""
    top = max((n for _label, n in items), default=0) or 1
    bar, gap, label_width, span = 22, 10, 200, 380
    bars = [
        {"label": label, "count": n, "y": i * (bar + gap) + gap, "width": round(span * n / top, 1),
         "text_y": i * (bar + gap) + gap + bar * 0.7, "value_x": label_width + span * n / top + 6}
        for i, (label, n) in enumerate(items)
    ]  # fmt: skip
    return {"bars": bars, "height": len(items) * (bar + gap) + gap + 10, "width": 640,
            "x": label_width, "bar": bar}  # fmt: skip


@login_required
def experts(request: HttpRequest) -> HttpResponse:
    """People trained per year, once each, split by State, region, sector or gender."""
    require(request.user, "training.experts", None)
    rows = counts.experts_trained()
    yearly = counts.per_year(rows)
    years = list(yearly)
    year = _year(request, years)
    dimension = _dimension(request)
    language = get_language() or "en"
    labels = _labels(dimension, language)
    split = counts.tally(rows, dimension).get(year, Counter()) if year else Counter()
    items = [(_label(dimension, value, labels, language), n) for value, n in split.most_common()]
    return render_page(request, "training/credentials/experts.html", {
        "yearly": yearly.items(), "year": year, "years": years, "dimension": dimension,
        "dimensions": _dimension_choices(), "items": items, "chart": _chart(items),
        "both": sum(1 for r in rows if r.year == year and r.workshops and r.courses),
        "total": yearly.get(year, 0) if year else 0,
    })  # fmt: skip


def _dimension_choices() -> list[tuple[str, str]]:
    return [
        ("country", _("State")),
        ("region", _("Region")),
        ("sector", _("Sector")),
        ("gender", _("Gender")),
    ]


@login_required
def experts_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every year's counts by State, region, sector and gender, one row per (year, group)."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    require(request.user, "training.experts", None)
    rows = counts.experts_trained()
    language = get_language() or "en"
    header = [_("Year"), _("Breakdown"), _("Group"), _("People trained")]
    data: list[list[Any]] = []
    for year, total in counts.per_year(rows).items():
        data.append([year, _("All"), "", total])
    for dimension, title in _dimension_choices():
        labels = _labels(dimension, language)
        for year, split in counts.tally(rows, dimension).items():
            for value, n in sorted(split.items()):
                data.append([year, title, _label(dimension, value, labels, language), n])
    audit_record(actor=request.user, action=AuditAction.EXPORT, object_type="training.experts",
                 object_repr="experts trained", changes={"format": [None, fmt]})  # fmt: skip
    return table_download(header, data, fmt, sheet=_("Experts trained"), filename="experts-trained")


# --- xAPI ------------------------------------------------------------------------------------


def _with_records(enrolments: Any) -> Any:
    return enrolments.select_related("course", "learner").prefetch_related(
        "course__modules",
        Prefetch("progress", queryset=ModuleProgress.objects.order_by("read_at")),
        Prefetch("attempts", queryset=QuizAttempt.objects.order_by("submitted_at")),
    )


def _xapi_response(enrolments: Any, name: str) -> HttpResponse:
    from django.conf import settings

    statements = list(xapi.statements_for(_with_records(enrolments), settings.PUBLIC_URL))
    body = json.dumps(statements, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Experience-API-Version"] = xapi.XAPI_VERSION
    return response


@login_required
def xapi_mine(request: HttpRequest) -> HttpResponse:
    """The person's own learning records as xAPI statements, to take to another LRS."""
    return _xapi_response(
        Enrolment.objects.filter(learner_id=request.user.pk), "xapi-statements.json"
    )


@login_required
def xapi_all(request: HttpRequest) -> HttpResponse:
    """Every learner's statements, for the secretariat's learning-record store (audited)."""
    require(request.user, "training.xapi_all", None)
    audit_record(actor=request.user, action=AuditAction.EXPORT, object_type="training.xapi",
                 object_repr="xAPI statements", changes={"format": [None, "json"]})  # fmt: skip
    return _xapi_response(Enrolment.objects.all(), "xapi-statements-all.json")


# --- Learning path ---------------------------------------------------------------------------


@login_required
def learning_path(request: HttpRequest) -> HttpResponse:
    """The modules the gaps of the organisation's latest assessment suggest to this person."""
    organisation = acting_organisation(request)
    steps = paths.for_person(request.user, organisation) if organisation else []  # type: ignore[arg-type]
    courses = {step.module.course_id: step.module.course for step in steps}
    texts = course_texts(courses.values())
    for step in steps:
        texts.localise(step.module.course, [step.module])
    return render_page(request, "training/credentials/path.html", {
        "organisation": organisation, "steps": steps,
    })  # fmt: skip
