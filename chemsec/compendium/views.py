"""Compendium pages: faceted search, entries with history, proposals, comments and review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.compendium import selectors, services
from chemsec.compendium.choices import FACET_LABELS, TAXONOMY
from chemsec.compendium.forms import (
    CommentForm,
    DecisionForm,
    ProposalForm,
    SupersedeForm,
    WithdrawForm,
    initial_from,
)
from chemsec.compendium.markdown import render_markdown
from chemsec.compendium.models import Practice, Proposal, Translation
from chemsec.compendium.search import search
from chemsec.compendium.translations import translation_review as translation_review_service
from chemsec.compendium.translations import translations_for
from chemsec.core.policy import can, get_object, require
from chemsec.core.rendering import render_page

PAGE_SIZE = 20


def filters_from(params: Any) -> dict[str, list[str]]:
    return {facet: params.getlist(facet) for facet in TAXONOMY if params.getlist(facet)}


def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:500]
    page = _page_number(request)
    result = search(
        query,
        filters=filters_from(request.GET),
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        user=request.user,
    )
    context = {
        "result": result,
        "q": query,
        "page_number": page,
        "facet_groups": [(name, FACET_LABELS[name], result.facets[name]) for name in TAXONOMY],
        "previous_url": _page_url(request, page - 1) if page > 1 else "",
        "next_url": _page_url(request, page + 1) if page * PAGE_SIZE < result.total else "",
    }
    return render_page(request, "compendium/index.html", context, partial="results")


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return max(1, min(int(raw), 500)) if raw.isdigit() else 1


def _page_url(request: HttpRequest, number: int) -> str:
    params = [(k, v) for k in request.GET for v in request.GET.getlist(k) if k != "page"]
    return "?" + urlencode([*params, ("page", number)])


def _practice(request: HttpRequest, urn: str, action: str = "view") -> Practice:
    return get_object(request.user, f"practice.{action}", selectors.practices(), urn=urn)


def practice_detail(request: HttpRequest, urn: str) -> HttpResponse:
    practice = _practice(request, urn)
    shown = translations_for([practice.urn]).get(practice.urn)
    original = shown is not None and request.GET.get("original") == "en"
    texts = shown if shown is not None and not original else None
    context = {
        "practice": practice,
        "shown": shown,
        "original": original,
        "title": texts.get("title", practice.title) if texts else practice.title,
        "summary": texts.get("summary", practice.summary) if texts else practice.summary,
        "body_html": render_markdown(texts.get("body", practice.body) if texts else practice.body),
        "related": practice.related.all(),
        "translations": practice.translations.all(),
        "versions": selectors.versions_of(practice),
        "reviewer": can(request.user, "practice.change", practice),
        "translation_reviewer": shown is not None and can(request.user, "compendium.review", None),
        "withdraw_form": WithdrawForm(),
        "supersede_form": SupersedeForm(),
    }
    return render_page(request, "compendium/detail.html", context)


@login_required
@require_POST
def translation_review(request: HttpRequest, urn: str) -> HttpResponse:
    """A secretariat reviewer marks the translation into the posted language reviewed."""
    require(request.user, "compendium.review", None)
    practice = _practice(request, urn)
    language = request.POST.get("language", "")
    found = Translation.objects.filter(urn=practice.urn, language=language).first()
    if found is None:
        raise Http404
    translation_review_service(user=request.user, translation=found)
    messages.success(request, _("The translation is marked as reviewed."))
    return redirect("compendium:practice", urn=practice.urn)


def _correction_initial(practice: Practice) -> dict[str, Any] | None:
    """The proposal form filled with the reader's translation, to propose a correction."""
    shown = translations_for([practice.urn]).get(practice.urn)
    if shown is None:
        return None
    initial = initial_from(practice)
    for name in ("title", "summary", "body"):
        initial[name] = shown.get(name, initial[name])
    initial["keywords"] = ", ".join(shown.get("keywords", practice.keywords))
    initial |= {"language": shown.language, "translation_of": practice.urn, "related_urns": ""}
    return initial


def practice_version(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    practice = _practice(request, urn)
    version = practice.versions.filter(number=number).first()
    if version is None:
        raise Http404
    context = {
        "practice": practice,
        "version": version,
        "body_html": render_markdown(version.body),
        "diff": selectors.version_diff(practice, number),
    }
    return render_page(request, "compendium/version.html", context)


@login_required
def propose(request: HttpRequest, urn: str = "") -> HttpResponse:
    require(request.user, "proposal.create", None)
    practice = _practice(request, urn) if urn else None
    correcting = practice is not None and "translation" in request.GET
    correction = _correction_initial(practice) if practice and correcting else None
    initial = correction or (initial_from(practice) if practice else None)
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                user=request.user,
                data=form.cleaned_data,
                practice=None if correction else practice,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your proposal is waiting for review."))
            return redirect("compendium:proposal", proposal_id=proposal.pk)
    return render_page(request, "compendium/propose.html", {"form": form, "practice": practice})


@login_required
def proposals(request: HttpRequest) -> HttpResponse:
    context = {
        "queue": selectors.review_queue(request.user),
        "mine": selectors.my_proposals(request.user),
        "reviewer": can(request.user, "compendium.review", None),
    }
    return render_page(request, "compendium/proposals.html", context)


def _proposal(request: HttpRequest, proposal_id: Any, action: str = "view") -> Proposal:
    return get_object(request.user, f"proposal.{action}", selectors.proposals(), pk=proposal_id)


@login_required
def proposal_detail(request: HttpRequest, proposal_id: Any) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    context = {
        "proposal": proposal,
        "body_html": render_markdown(proposal.body),
        "diff": selectors.proposal_diff(proposal),
        "comments": proposal.comments.select_related("author"),
        "comment_form": CommentForm(),
        "decision_form": DecisionForm(),
        "reviewer": can(request.user, "proposal.decide", proposal),
    }
    return render_page(request, "compendium/proposal.html", context, partial="comments")


@login_required
def proposal_edit(request: HttpRequest, proposal_id: Any) -> HttpResponse:
    proposal = _proposal(request, proposal_id, "change")
    form = ProposalForm(request.POST or None, initial=initial_from(proposal))
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(user=request.user, proposal=proposal, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("compendium:proposal", proposal_id=proposal.pk)
    context = {"form": form, "practice": proposal.practice, "proposal": proposal}
    return render_page(request, "compendium/propose.html", context)


@login_required
@require_POST
def comment(request: HttpRequest, proposal_id: Any) -> HttpResponse:
    proposal = _proposal(request, proposal_id, "comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(user=request.user, proposal=proposal, text=form.cleaned_data["text"])
    if getattr(request, "htmx", False):
        return proposal_detail(request, proposal_id)
    return redirect("compendium:proposal", proposal_id=proposal.pk)


@login_required
@require_POST
def decide(request: HttpRequest, proposal_id: Any, decision: str) -> HttpResponse:
    proposal = _proposal(request, proposal_id, "decide")
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if decision == "approve":
            practice = services.proposal_approve(user=request.user, proposal=proposal, note=note)
            messages.success(request, _("Published as version %(n)s.") % {"n": practice.version})
            return redirect("compendium:practice", urn=practice.urn)
        services.proposal_reject(user=request.user, proposal=proposal, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("compendium:proposal", proposal_id=proposal.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, urn: str) -> HttpResponse:
    practice = _practice(request, urn, "change")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        services.practice_withdraw(
            user=request.user, practice=practice, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The entry has been withdrawn."))
    else:
        messages.error(request, _("Give the reason for withdrawal."))
    return redirect("compendium:practice", urn=practice.urn)


@login_required
@require_POST
def supersede(request: HttpRequest, urn: str) -> HttpResponse:
    practice = _practice(request, urn, "change")
    form = SupersedeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("replacement", [])))
        return redirect("compendium:practice", urn=practice.urn)
    try:
        services.practice_supersede(
            user=request.user,
            practice=practice,
            replacement=form.cleaned_data["replacement"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("compendium:practice", urn=practice.urn)
