"""What training holds for a person on the home page: modules that the gaps of their
organisation's latest submitted assessment suggest ("for you now"), and for a reviewer the
course translations waiting for review."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import ngettext

from chemsec.core.home import Waiting, register
from chemsec.core.policy import acting_organisation
from chemsec.training import paths, selectors


def suggested_modules(request: HttpRequest) -> Iterable[Waiting]:
    organisation = acting_organisation(request)
    if organisation is None or not request.user.is_authenticated:
        return []
    count = len(paths.for_person(request.user, organisation))
    text = ngettext(
        "%(n)d training module suggested by your assessment's gaps",
        "%(n)d training modules suggested by your assessment's gaps",
        count,
    ) % {"n": count}
    return [Waiting(text, count, reverse("training:learning_path"))]


def translations_to_review(request: HttpRequest) -> Iterable[Waiting]:
    rows = selectors.translation_queue(request.user)  # empty unless the person reviews
    count = sum(row.waiting for row in rows)
    text = ngettext(
        "%(n)d part of a course translation to review",
        "%(n)d parts of course translations to review",
        count,
    ) % {"n": count}
    return [Waiting(text, count, reverse("training:translation_queue"))]


register(suggested_modules)
register(translations_to_review)
