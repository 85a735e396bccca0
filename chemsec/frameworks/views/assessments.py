"""Assessment pages: start, answer section by section, evidence, submit, reopen, results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.choices import Role
from chemsec.core.rendering import render_page
from chemsec.frameworks import services
from chemsec.frameworks.analysis import assessment_gaps, assessment_scores, score_chart
from chemsec.frameworks.forms import (
    AssessmentStartForm,
    EvidenceForm,
    ReopenRequestForm,
    SectionAnswersForm,
)
from chemsec.frameworks.models import Assessment, Evidence
from chemsec.frameworks.selectors import (
    answers_of,
    assessments_visible_to,
    campaigns_visible_to,
    can_reopen,
    can_see_confidential,
    framework_with_questions,
)


def _visible(request: HttpRequest, assessment_id: Any) -> Assessment:
    return get_object_or_404(assessments_visible_to(request.user), pk=assessment_id)


def _editable(request: HttpRequest, assessment_id: Any) -> Assessment:
    return get_object_or_404(assessments_visible_to(request.user, "change"), pk=assessment_id)


def _section_url(assessment: Assessment, code: str = "") -> str:
    url = reverse("frameworks:assessment", args=[assessment.pk])
    return f"{url}?section={code}#answers" if code else url


@login_required
@require_POST
def assessment_start(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    if organisation is None or not request.user.has_role(organisation, Role.CONTRIBUTOR):
        raise PermissionDenied(_("Contributors of an organisation start assessments."))
    campaign = None
    if request.POST.get("campaign"):
        campaign = get_object_or_404(
            campaigns_visible_to(request.user), pk=request.POST["campaign"]
        )
    form = AssessmentStartForm(request.POST)
    if campaign is None and not form.is_valid():
        raise Http404
    assessment = services.assessment_start(
        actor=request.user,
        organisation=organisation,
        framework=campaign.framework if campaign else form.cleaned_data["framework"],
        campaign=campaign,
        title=form.cleaned_data.get("title", "") if form.is_valid() else "",
    )
    return redirect(_section_url(assessment))


def _answer_rows(
    request: HttpRequest, assessment: Assessment, sections: list, answers: dict[str, Any]
) -> list[dict]:
    secret_ok = can_see_confidential(request.user, assessment)
    rows = []
    for section in sections:
        for question in section.questions.all():
            answer = answers.get(question.code)
            hidden = answer is not None and answer.confidential and not secret_ok
            rows.append(
                {"section": section, "question": question, "answer": answer, "hidden": hidden}
            )
    return rows


def _initial(answers: dict[str, Any], questions: list) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for question in questions:
        answer = answers.get(question.code)
        if answer is not None:
            initial[f"{question.code}__value"] = answer.value
            initial[f"{question.code}__comment"] = answer.comment
            initial[f"{question.code}__confidential"] = answer.confidential
    return initial


@login_required
def assessment_detail(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _visible(request, assessment_id)
    sections = framework_with_questions(assessment.framework)
    can_change = assessments_visible_to(request.user, "change").filter(pk=assessment.pk).exists()
    editable = assessment.is_editable and can_change
    if not sections:
        raise Http404
    current = next((s for s in sections if s.code == request.GET.get("section")), sections[0])
    questions = list(current.questions.all())
    answers = answers_of(assessment)
    context = {
        "assessment": assessment,
        "sections": sections,
        "current": current,
        "editable": editable,
        "can_change": can_change,
        "rows": _answer_rows(request, assessment, [current], answers),
        "can_reopen": can_reopen(request.user, assessment),
        "answered": assessment.answers.exclude(value="").count(),
        "total": sum(len(s.questions.all()) for s in sections),
    }
    if editable:
        context["form"] = SectionAnswersForm(
            questions=questions, initial=_initial(answers, questions)
        )
        context["evidence_form"] = EvidenceForm(questions=questions)
    context["reopen_form"] = ReopenRequestForm()
    return render_page(request, "frameworks/assessment_detail.html", context, partial="answers")


@login_required
@require_POST
def assessment_answers(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _editable(request, assessment_id)
    section = get_object_or_404(assessment.framework.sections, code=request.POST.get("section"))
    form = SectionAnswersForm(request.POST, questions=list(section.questions.all()))
    if form.is_valid():
        try:
            services.answers_save(
                actor=request.user, assessment=assessment, answers=form.answer_inputs()
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Draft saved."))
    else:
        messages.error(request, _("Some answers are not valid; nothing was saved."))
    return redirect(_section_url(assessment, section.code))


@login_required
@require_POST
def evidence_upload(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _editable(request, assessment_id)
    questions = [
        q for s in framework_with_questions(assessment.framework) for q in s.questions.all()
    ]
    form = EvidenceForm(request.POST, request.FILES, questions=questions)
    code = request.POST.get("question", "")
    section = next((q.section.code for q in questions if q.code == code), "")
    if not form.is_valid():
        messages.error(request, _("Choose a question and a file."))
        return redirect(_section_url(assessment, section))
    try:
        services.evidence_attach(
            actor=request.user,
            assessment=assessment,
            question_code=form.cleaned_data["question"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Evidence attached."))
    return redirect(_section_url(assessment, section))


def _evidence(request: HttpRequest, assessment: Assessment, evidence_id: str) -> Evidence:
    evidence = get_object_or_404(Evidence, pk=evidence_id, answer__assessment=assessment)
    if evidence.answer.confidential and not can_see_confidential(request.user, assessment):
        raise Http404
    return evidence


@login_required
def evidence_download(request: HttpRequest, assessment_id: str, evidence_id: str) -> FileResponse:
    assessment = _visible(request, assessment_id)
    evidence = _evidence(request, assessment, evidence_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@login_required
@require_POST
def evidence_delete(request: HttpRequest, assessment_id: str, evidence_id: str) -> HttpResponse:
    assessment = _editable(request, assessment_id)
    evidence = _evidence(request, assessment, evidence_id)
    section = evidence.answer.question.section.code
    try:
        services.evidence_delete(actor=request.user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_section_url(assessment, section))


@login_required
@require_POST
def assessment_submit(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _editable(request, assessment_id)
    try:
        services.assessment_submit(actor=request.user, assessment=assessment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Assessment submitted."))
    return redirect("frameworks:assessment", assessment_id=assessment.pk)


@login_required
@require_POST
def assessment_reopen_request(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _editable(request, assessment_id)
    form = ReopenRequestForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_reopen_request(
                actor=request.user, assessment=assessment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your request to reopen has been sent."))
    return redirect("frameworks:assessment", assessment_id=assessment.pk)


@login_required
@require_POST
def assessment_reopen(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _visible(request, assessment_id)
    if not can_reopen(request.user, assessment):
        raise PermissionDenied(_("Only the secretariat running the campaign reopens it."))
    services.assessment_reopen(actor=request.user, assessment=assessment)
    messages.success(request, _("Assessment reopened as a draft."))
    return redirect("frameworks:assessment", assessment_id=assessment.pk)


@login_required
def assessment_results(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _visible(request, assessment_id)
    scores = assessment_scores(assessment)
    gaps, semantic = assessment_gaps(assessment, limit=15)
    secret_ok = can_see_confidential(request.user, assessment)
    context = {
        "assessment": assessment,
        "scores": scores,
        "chart": score_chart(scores),
        # Outsiders see section scores only: a single gap would reveal a confidential answer.
        "gaps": gaps if secret_ok else _without_confidential(assessment, gaps),
        "semantic": semantic,
        "can_change": assessments_visible_to(request.user, "change")
        .filter(pk=assessment.pk)
        .exists(),
    }
    return render_page(request, "frameworks/assessment_results.html", context)


def _without_confidential(assessment: Assessment, gaps: list[Any]) -> list[Any]:
    secret = set(assessment.answers.filter(confidential=True).values_list("question_id", flat=True))
    return [g for g in gaps if g.question.pk not in secret]
