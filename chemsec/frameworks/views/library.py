"""The framework library: every framework version, and one framework's questions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from chemsec.compendium.selectors import link_resolver
from chemsec.compendium.translations import page_translations
from chemsec.core.policy import acting_organisation, can
from chemsec.core.rendering import render_page
from chemsec.frameworks.forms import AssessmentStartForm
from chemsec.frameworks.models import Section
from chemsec.frameworks.practice_texts import in_reader_language
from chemsec.frameworks.selectors import (
    assessments_visible_to,
    campaigns_visible_to,
    framework_with_questions,
    frameworks_public,
)


def attach_practice_links(sections: list[Section]) -> None:
    """Give each question `practice_links`: (URN, title, language of the title) for the
    published compendium entries its links stand for now (a withdrawn one is left out, a
    superseded one replaced), titled in the reader's language where translated."""
    resolve = link_resolver(urn for s in sections for q in s.questions.all() for urn in q.practices)
    linked = {q.pk: resolve(q.practices) for section in sections for q in section.questions.all()}
    shown = {p["urn"]: p for p in in_reader_language(p for ps in linked.values() for p in ps)}
    for section in sections:
        for question in section.questions.all():
            question.practice_links = [  # type: ignore[attr-defined]
                (p["urn"], shown[p["urn"]]["title"], shown[p["urn"]]["language"])
                for p in linked[question.pk]
            ]


def index(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "frameworks": frameworks_public(),
        "is_staff": can(request.user, "campaign.run", None),
    }
    if request.user.is_authenticated:
        organisation = acting_organisation(request)
        context["assessments"] = assessments_visible_to(request.user)[:50]
        context["invitations"] = (
            campaigns_visible_to(request.user).filter(invited=organisation) if organisation else []
        )
    return render_page(request, "frameworks/index.html", context)


def _urns(section: Section) -> list[str]:
    """The section's URN and its questions' (prefetched: no query)."""
    return [section.urn, *(q.urn for q in section.questions.all())]


def framework_detail(request: HttpRequest, framework_id: str) -> HttpResponse:
    framework = get_object_or_404(frameworks_public(), pk=framework_id)
    sections = framework_with_questions(framework)
    attach_practice_links(sections)
    urns = [framework.urn] + [u for s in sections for u in _urns(s)]
    shown, notice = page_translations(request, urns)
    context = {
        "framework": framework,
        "sections": sections,
        "start_form": AssessmentStartForm(initial={"framework": framework.pk}),
        "translated": shown,
        "shown": notice,
        "original": notice is not None and not shown,
    }
    return render_page(request, "frameworks/framework_detail.html", context)
