"""What the compendium holds for a reviewer on the home page: proposals to review."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import ngettext

from chemsec.compendium.selectors import review_queue
from chemsec.core.home import Waiting, register


def to_review(request: HttpRequest) -> Iterable[Waiting]:
    count = review_queue(request.user).count()  # empty unless the person reviews
    text = ngettext(
        "%(n)d proposed practice to review", "%(n)d proposed practices to review", count
    ) % {"n": count}
    return [Waiting(text, count, reverse("compendium:proposals"))]


register(to_review)
