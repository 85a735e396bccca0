"""What the frameworks hold for a person on the home page: a State's or organisation's
campaign invitations still to answer and road-map actions due; for the secretariat, the
replies still missing from its open campaigns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from chemsec.core.home import Waiting, register
from chemsec.core.policy import acting_organisation, can
from chemsec.frameworks.models import ActionStatus, AssessmentStatus, RoadMapAction
from chemsec.frameworks.selectors import (
    assessments_visible_to,
    campaigns_managed_by,
    campaigns_visible_to,
)

SOON = dt.timedelta(days=14)  # a deadline this close is urgent


def invitations(request: HttpRequest) -> Iterable[Waiting]:
    organisation = acting_organisation(request)
    if organisation is None:
        return []
    today = timezone.localdate()
    answered = assessments_visible_to(request.user).filter(
        organisation=organisation, status=AssessmentStatus.SUBMITTED, campaign__isnull=False
    )
    open_ = (
        campaigns_visible_to(request.user)
        .filter(invited=organisation, deadline__gte=today)
        .exclude(pk__in=answered.values("campaign"))
    )
    count = open_.count()
    urgent = open_.filter(deadline__lte=today + SOON).exists()
    text = ngettext(
        "%(n)d assessment to answer for a campaign",
        "%(n)d assessments to answer for campaigns",
        count,
    ) % {"n": count}
    return [Waiting(text, count, reverse("frameworks:index"), urgent=urgent)]


def actions_due(request: HttpRequest) -> Iterable[Waiting]:
    organisation = acting_organisation(request)
    if organisation is None:
        return []
    today = timezone.localdate()
    mine = assessments_visible_to(request.user).filter(organisation=organisation)
    due = RoadMapAction.objects.filter(
        roadmap__assessment__in=mine,
        due_date__lte=today + dt.timedelta(days=30),
        status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS],
    )
    count = due.count()
    overdue = due.filter(due_date__lt=today).exists()
    text = ngettext(
        "%(n)d road-map action due within 30 days",
        "%(n)d road-map actions due within 30 days",
        count,
    ) % {"n": count}
    return [Waiting(text, count, reverse("frameworks:index"), urgent=overdue)]


def replies_missing(request: HttpRequest) -> Iterable[Waiting]:
    if not can(request.user, "campaign.run", None):
        return []
    today = timezone.localdate()
    campaigns = campaigns_managed_by(request.user).filter(deadline__gte=today)
    submitted = Q(assessments__status=AssessmentStatus.SUBMITTED)
    counted = campaigns.annotate(
        invited_n=Count("invited", distinct=True),
        replied_n=Count("assessments", filter=submitted, distinct=True),
    ).values_list("invited_n", "replied_n")
    missing = sum(max(invited - replied, 0) for invited, replied in counted)
    text = ngettext(
        "%(n)d campaign reply still due",
        "%(n)d campaign replies still due",
        missing,
    ) % {"n": missing}
    return [Waiting(text, missing, reverse("frameworks:campaigns"))]


register(invitations)
register(actions_due)
register(replies_missing)
