"""Assessment pages: start, answer section by section, evidence, submit, reopen, results.

Each page fetches its assessment with `policy.get_object` and the action it needs, and calls
the same services as the API, which ask the policy again.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chemsec.compendium.translations import page_translations
from chemsec.core.policy import acting_organisation, can, get_object
from chemsec.core.rendering import render_page
from chemsec.frameworks import services
from chemsec.frameworks.analysis import GapView, assessment_gaps, assessment_scores, score_chart
from chemsec.frameworks.forms import (
    CHOICE_LABELS,
    MATURITY_LABELS,
    AssessmentStartForm,
    EvidenceForm,
    ReopenRequestForm,
    SectionAnswersForm,
)
from chemsec.frameworks.models import (
    Answer,
    Assessment,
    Campaign,
    Evidence,
    Question,
    Section,
)
from chemsec.frameworks.selectors import (
    answers_of,
    assessments_joined,
    campaigns_joined,
    confidential_questions,
    framework_with_questions,
)


def _assessment(request: HttpRequest, assessment_id: Any, action: str = "view") -> Assessment:
    return get_object(request.user, f"assessment.{action}", assessments_joined(), pk=assessment_id)


def _section_url(assessment: Assessment, code: str = "") -> str:
    url = reverse("frameworks:assessment", args=[assessment.pk])
    return f"{url}?section={code}#answers" if code else url


def _campaign(request: HttpRequest) -> Campaign | None:
    value = request.POST.get("campaign", "")
    if not value:
        return None
    try:
        campaign_id = uuid.UUID(value)
    except ValueError:
        raise Http404 from None
    return get_object(request.user, "campaign.view", campaigns_joined(), pk=campaign_id)


@login_required
@require_POST
def assessment_start(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    form = AssessmentStartForm(request.POST)
    if campaign is None and not form.is_valid():
        raise Http404
    assessment = services.assessment_start(
        actor=request.user,
        organisation=acting_organisation(request),
        framework=campaign.framework if campaign else form.cleaned_data["framework"],
        campaign=campaign,
        title=form.cleaned_data.get("title", "") if form.is_valid() else "",
    )
    return redirect(_section_url(assessment))


def _answer_rows(
    request: HttpRequest,
    assessment: Assessment,
    sections: list[Section],
    answers: dict[str, Answer],
) -> list[dict[str, Any]]:
    secret_ok = can(request.user, "assessment.see_confidential", assessment)
    rows = []
    for section in sections:
        for question in section.questions.all():
            answer = answers.get(question.code)
            hidden = answer is not None and answer.confidential and not secret_ok
            rows.append(
                {"section": section, "question": question, "answer": answer, "hidden": hidden,
                 "shown": _answer_label(answer.value) if answer else ""}
            )  # fmt: skip
    return rows


def _answer_label(value: str) -> str:
    """An answer as the reader reads it: a choice (stored as its code, "partial") by its
    label in the reader's language; a number or a text as given."""
    return str(dict(CHOICE_LABELS + MATURITY_LABELS).get(value, value))


def _initial(answers: dict[str, Answer], questions: list[Any]) -> dict[str, Any]:
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
    assessment = _assessment(request, assessment_id)
    context = _detail_context(request, assessment, request.GET.get("section"))
    return render_page(request, "frameworks/assessment_detail.html", context, partial="answers")


def _detail_context(
    request: HttpRequest,
    assessment: Assessment,
    section: str | None,
    form: SectionAnswersForm | None = None,
) -> dict[str, Any]:
    """The assessment page at one section; ``form``, when given, is the section's answers
    as they were posted (with their errors), shown instead of the stored ones."""
    sections = framework_with_questions(assessment.framework)
    can_change = can(request.user, "assessment.change", assessment)
    editable = assessment.is_editable and can_change
    if not sections:
        raise Http404
    current = next((s for s in sections if s.code == section), sections[0])
    questions = list(current.questions.all())
    answers = answers_of(assessment)
    context = {
        "assessment": assessment,
        "sections": sections,
        "current": current,
        "editable": editable,
        "can_change": can_change,
        "rows": _answer_rows(request, assessment, [current], answers),
        "can_reopen": can(request.user, "assessment.reopen", assessment),
        "answered": assessment.answers.exclude(value="").count(),
        "total": sum(len(s.questions.all()) for s in sections),
    }
    if editable:
        context["form"] = form or SectionAnswersForm(
            questions=questions, initial=_initial(answers, questions)
        )
        context["evidence_form"] = EvidenceForm(questions=questions)
    context["reopen_form"] = ReopenRequestForm()
    urns = [current.urn, *(q.urn for q in questions), *(s.urn for s in sections)]
    context["translated"], context["shown"] = page_translations(request, urns)
    context["original"] = context["shown"] is not None and not context["translated"]
    context["original_query"] = f"section={current.code}&"
    return context


@login_required
@require_POST
def assessment_answers(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _assessment(request, assessment_id, "change")
    section = get_object_or_404(assessment.framework.sections, code=request.POST.get("section"))
    form = SectionAnswersForm(request.POST, questions=list(section.questions.all()))
    valid = form.is_valid()
    # The valid answers are saved even when another is not: nothing typed is thrown away.
    inputs = form.answer_inputs()
    try:
        services.answers_save(actor=request.user, assessment=assessment, answers=inputs)
    except ValidationError as exc:
        form.add_answer_errors(exc)
        messages.error(request, _("The answers could not be saved: correct the marked ones."))
    else:
        if valid:
            messages.success(request, _("Draft saved."))
            return redirect(_section_url(assessment, section.code))
        wrong = len(form.questions) - len(inputs)
        messages.error(
            request,
            ngettext(
                "%(n)s answer is not valid and was not saved (marked below); "
                "the other answers of the section are saved.",
                "%(n)s answers are not valid and were not saved (marked below); "
                "the other answers of the section are saved.",
                wrong,
            )
            % {"n": wrong},
        )
    # The section again, with every value as it was typed and each error at its field.
    context = _detail_context(request, assessment, section.code, form)
    return render_page(request, "frameworks/assessment_detail.html", context)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _assessment(request, assessment_id, "change")
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


def _evidence(assessment: Assessment, evidence_id: str) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("answer__question__section"),
        pk=evidence_id,
        answer__assessment=assessment,
    )


@login_required
def evidence_download(request: HttpRequest, assessment_id: str, evidence_id: str) -> FileResponse:
    assessment = _assessment(request, assessment_id, "export")
    evidence = _evidence(assessment, evidence_id)
    stream = services.evidence_open(actor=request.user, evidence=evidence)
    return FileResponse(stream, as_attachment=True, filename=evidence.name)


@login_required
@require_POST
def evidence_delete(request: HttpRequest, assessment_id: str, evidence_id: str) -> HttpResponse:
    assessment = _assessment(request, assessment_id, "change")
    evidence = _evidence(assessment, evidence_id)
    section = evidence.answer.question.section.code
    try:
        services.evidence_delete(actor=request.user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_section_url(assessment, section))


@login_required
def assessment_submit(request: HttpRequest, assessment_id: str) -> HttpResponse:
    """Asks first (GET: what submitting does), submits only on that page's confirmation:
    no JavaScript needed, and a bare POST never submits at once."""
    assessment = _assessment(request, assessment_id, "change")
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        if request.method == "POST":
            return redirect("frameworks:submit", assessment_id=assessment.pk)
        total = Question.objects.filter(section__framework_id=assessment.framework_id).count()
        answered = assessment.answers.exclude(value="").count()
        context = {
            "assessment": assessment,
            "answered": answered,
            "total": total,
            "unanswered": total - answered,
        }
        return render_page(request, "frameworks/assessment_submit.html", context)
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
    assessment = _assessment(request, assessment_id, "change")
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
    assessment = _assessment(request, assessment_id, "reopen")
    services.assessment_reopen(actor=request.user, assessment=assessment)
    messages.success(request, _("Assessment reopened as a draft."))
    return redirect("frameworks:assessment", assessment_id=assessment.pk)


@login_required
def assessment_results(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _assessment(request, assessment_id)
    scores = assessment_scores(assessment)
    gaps, semantic = assessment_gaps(assessment, limit=15)
    secret_ok = can(request.user, "assessment.see_confidential", assessment)
    context = {
        "assessment": assessment,
        "scores": scores,
        "chart": score_chart(scores),
        # Outsiders see section scores only: a single gap would reveal a confidential answer.
        "gaps": gaps if secret_ok else _without_confidential(assessment, gaps),
        "semantic": semantic,
        "can_change": can(request.user, "assessment.change", assessment),
    }
    urns = [*(section.urn for section, _score in scores), *(g.question.urn for g in gaps)]
    context["translated"], _notice = page_translations(request, urns)
    return render_page(request, "frameworks/assessment_results.html", context)


def _without_confidential(assessment: Assessment, gaps: list[GapView]) -> list[GapView]:
    secret = confidential_questions(assessment)
    return [g for g in gaps if g.question.pk not in secret]
