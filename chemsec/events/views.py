"""Event pages: the calendar (public events for everyone), an event with its programme and
registrations, nominations and their decision, attendance, certificates and feedback;
requests to host an event and their review, ranked; the life-cycle coverage planner.

Every object is fetched with `policy.get_object` and the action the page needs; every write
is a service that asks the policy again. Forms post and redirect: no JavaScript needed.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from chemsec.compendium.choices import Language
from chemsec.core.models import User
from chemsec.core.pdf import render_pdf
from chemsec.core.policy import NotVisible, acting_organisation, can, get_object, require
from chemsec.core.rendering import render_page
from chemsec.core.service_calls import attempt, form_errors_to_messages
from chemsec.core.writes import write_export
from chemsec.events import calendar, exports, forms, planning, selectors, services
from chemsec.events.choices import (
    Confidentiality,
    EventRoleKind,
    EventStatus,
    RegistrationStatus,
    RequestStatus,
)
from chemsec.events.models import Event, HostRequest, Registration
from chemsec.network.exports import table_download

# --- Events --------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.visible_to(request.user).select_related("host")
    today = timezone.localdate()
    return render_page(request, "events/list.html", {
        "upcoming": [e for e in events if e.ends_on >= today][::-1],
        "past": [e for e in events if e.ends_on < today],
        "may_manage": can(request.user, "events.manage", None),
        "feed": _feed_url(request),
    })  # fmt: skip


def _feed_url(request: HttpRequest) -> str:
    """The address a calendar program subscribes to (webcal://): the public feed, or the
    person's own feed, whose signed token lists what they may see."""
    if request.user.is_authenticated and isinstance(request.user.pk, int):
        path = reverse(
            "events:calendar_feed", kwargs={"token": calendar.feed_token(request.user.pk)}
        )
    else:
        path = reverse("events:calendar_public")
    return (
        request.build_absolute_uri(path)
        .replace("https://", "webcal://", 1)
        .replace("http://", "webcal://", 1)
    )


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "events.manage", None)
    form = forms.EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = attempt(
            request, lambda: services.event_create(user=request.user, **form.cleaned_data),
            _("Event created."),
        )  # fmt: skip
        if event is not None:
            return redirect("events:event", event_id=event.pk)
    return render_page(request, "events/event_new.html", {"form": form})


def event_detail(request: HttpRequest, event_id: UUID) -> HttpResponse:
    """Public events for everyone; others need signing in (a visitor is sent to sign in)."""
    if (
        not request.user.is_authenticated
        and not Event.objects.public().filter(pk=event_id).exists()
    ):
        return redirect_to_login(request.get_full_path())
    event = get_object(
        request.user, "event.view", Event.objects.select_related("host"), pk=event_id
    )
    organisation = acting_organisation(request)
    registrations = Registration.objects.visible_to(request.user).filter(event=event)
    listed = []
    if request.user.is_authenticated:
        listed = event.registrations.filter(
            status=RegistrationStatus.APPROVED, consent_listed=True
        ).select_related("participant", "nominated_by")
    may_nominate = (
        request.user.is_authenticated
        and event.ends_on >= timezone.localdate()
        and event.status != EventStatus.CANCELLED
        and can(request.user, "events.nominate", organisation)
    )
    may_change = can(request.user, "event.change", event)
    may_draft = can(request.user, "event.draft_practice", event)
    return render_page(request, "events/event.html", {
        "event": event,
        # Stored as codes ("en", "zh"): shown by their names in the reader's language.
        "languages": [Language(c).label if c in Language.values else c for c in event.languages],
        "sessions": event.sessions.all(),
        "registrations": [
            (
                r,
                forms.DecideForm(auto_id=f"d{r.pk}-%s"),
                forms.AttendanceForm(auto_id=f"a{r.pk}-%s"),
            )
            for r in registrations.select_related("participant", "nominated_by")
        ],
        "withdrawable": set(
            Registration.objects.visible_to(request.user, "withdraw")
            .filter(event=event)
            .values_list("pk", flat=True)
        ),
        "listed": listed,
        "may_change": may_change,
        "nominate_form": forms.NominateForm(organisation=organisation) if may_nominate else None,
        "session_form": forms.SessionForm() if may_change else None,
        "feedback": planning.feedback_summary(event) if may_change else None,
        "today": timezone.localdate(),
        "cancelled": event.status == EventStatus.CANCELLED,
        "may_export": can(request.user, "event.export", event),
        "may_draft": may_draft,
        "produced": _produced(event, request.user, may_draft or may_change),
        "rapporteurs": event.roles.filter(role=EventRoleKind.RAPPORTEUR).select_related("person")
        if request.user.is_authenticated else [],
        "rapporteur_form": forms.RapporteurForm(event=event) if may_change else None,
        "cancel_form": forms.CancelForm() if may_change else None,
    })  # fmt: skip


def _produced(event: Event, user: object, drafts_too: bool) -> list[selectors.Produced]:
    """Published practices for everyone who sees the event; open drafts for its rapporteurs
    and the secretariat (a draft is its author's and the reviewers' in the compendium)."""
    rows = selectors.practices_from(event)
    return rows if drafts_too else [p for p in rows if p.practice is not None]


@login_required
@require_POST
def session_add(request: HttpRequest, event_id: UUID) -> HttpResponse:
    event = get_object(request.user, "event.change", Event.objects, pk=event_id)
    form = forms.SessionForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.session_add(user=request.user, event=event, **form.cleaned_data),
            _("Session added."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("events:event", event_id=event.pk)


@login_required
@require_POST
def nominate(request: HttpRequest, event_id: UUID) -> HttpResponse:
    event = get_object(request.user, "event.view", Event.objects, pk=event_id)
    organisation = acting_organisation(request)
    require(request.user, "events.nominate", organisation)
    form = forms.NominateForm(request.POST, organisation=organisation)
    if form.is_valid():
        attempt(request, lambda: services.participant_nominate(
            user=request.user, event=event, organisation=organisation, **form.cleaned_data
        ), _("Nomination sent to the secretariat."))  # fmt: skip
    else:
        form_errors_to_messages(request, form)
    return redirect("events:event", event_id=event.pk)


@login_required
@require_POST
def registration_decide(request: HttpRequest, registration_id: UUID) -> HttpResponse:
    registration = get_object(
        request.user, "registration.decide", Registration.objects, pk=registration_id
    )
    form = forms.DecideForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.registration_decide(
            user=request.user, registration=registration, **form.cleaned_data
        ), _("Decision recorded."))  # fmt: skip
    else:
        form_errors_to_messages(request, form)
    return redirect("events:event", event_id=registration.event_id)


@login_required
@require_POST
def registration_withdraw(request: HttpRequest, registration_id: UUID) -> HttpResponse:
    registration = get_object(
        request.user, "registration.withdraw", Registration.objects, pk=registration_id
    )
    attempt(
        request,
        lambda: services.registration_withdraw(user=request.user, registration=registration),
        _("Nomination withdrawn."),
    )
    return redirect("events:event", event_id=registration.event_id)


@login_required
@require_POST
def attendance(request: HttpRequest, registration_id: UUID) -> HttpResponse:
    registration = get_object(
        request.user, "registration.decide", Registration.objects, pk=registration_id
    )
    form = forms.AttendanceForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.attendance_mark(
            user=request.user, registration=registration, **form.cleaned_data
        ), _("Attendance recorded."))  # fmt: skip
    return redirect("events:event", event_id=registration.event_id)


@login_required
def certificate(request: HttpRequest, registration_id: UUID) -> HttpResponse:
    """The certificate of attendance as a PDF, with the marking on every page."""
    registration = get_object(
        request.user,
        "registration.certificate",
        Registration.objects.select_related("event", "event__host", "participant", "nominated_by"),
        pk=registration_id,
    )
    event = registration.event
    marking = _("ChemSec certificate of attendance - personal data")
    title = _("Certificate of attendance")
    pdf = render_pdf(
        "events/certificate.pdf.html",
        {"registration": registration, "event": event, "issued": timezone.localdate()},
        marking=marking, title=title,
    )  # fmt: skip
    write_export(registration, actor=request.user, fmt="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{registration.pk}.pdf"'
    return response


@login_required
def feedback(request: HttpRequest, registration_id: UUID) -> HttpResponse:
    registration = get_object(
        request.user, "registration.feedback", Registration.objects.select_related("event"),
        pk=registration_id,
    )  # fmt: skip
    form = forms.FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(request, lambda: services.feedback_give(
            user=request.user, registration=registration, **form.cleaned_data
        ), _("Thank you for your feedback."))  # fmt: skip
        if done is not None:
            return redirect("events:event", event_id=registration.event_id)
    return render_page(request, "events/feedback.html", {"form": form, "event": registration.event})


@login_required
def nominations(request: HttpRequest) -> HttpResponse:
    """The nominations the reader may see across events: a participant's own, a State's
    organisation's, every one for the secretariat."""
    rows = (
        Registration.objects.visible_to(request.user)
        .select_related("event", "participant", "nominated_by")
        .order_by("-event__starts_on", "created_at")
    )
    return render_page(request, "events/nominations.html", {"registrations": rows})


# --- Requests to host an event -----------------------------------------------------------


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    rows = HostRequest.objects.visible_to(request.user).select_related("organisation")
    reviewer = can(request.user, "events.manage", None)
    return render_page(request, "events/requests.html", {
        "ranked": planning.rank_requests(rows) if reviewer else None,
        "requests": rows,
        "may_request": can(request.user, "host_request.create", acting_organisation(request)),
    })  # fmt: skip


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    require(request.user, "host_request.create", organisation)
    form = forms.HostRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = attempt(request, lambda: services.host_request_submit(
            user=request.user, organisation=organisation, **form.cleaned_data
        ), _("Request sent to the secretariat."))  # fmt: skip
        if made is not None:
            return redirect("events:request", host_request_id=made.pk)
    return render_page(request, "events/request_new.html", {"form": form})


@login_required
def request_detail(request: HttpRequest, host_request_id: UUID) -> HttpResponse:
    host_request = get_object(
        request.user, "host_request.view", HostRequest.objects.select_related("organisation"),
        pk=host_request_id,
    )  # fmt: skip
    may_review = can(request.user, "host_request.review", host_request)
    event = Event.objects.filter(request=host_request).first()
    return render_page(request, "events/request.html", {
        "req": host_request,
        "ranked": planning.rank_one(host_request) if may_review else None,
        "may_review": may_review and host_request.status in (
            RequestStatus.SUBMITTED, RequestStatus.UNDER_REVIEW
        ),
        "may_schedule": may_review and host_request.status == RequestStatus.ACCEPTED,
        "review_form": forms.ReviewForm(),
        "schedule_form": forms.ScheduleForm(initial={
            "capacity": host_request.expected_participants,
            "confidentiality": Confidentiality.PUBLIC,
        }),
        "event": event if event and can(request.user, "event.view", event) else None,
    })  # fmt: skip


@login_required
@require_POST
def request_review(request: HttpRequest, host_request_id: UUID) -> HttpResponse:
    host_request = get_object(
        request.user, "host_request.review", HostRequest.objects, pk=host_request_id
    )
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.host_request_review(
            user=request.user, request=host_request, **form.cleaned_data
        ), _("Request updated."))  # fmt: skip
    else:
        form_errors_to_messages(request, form)
    return redirect("events:request", host_request_id=host_request.pk)


@login_required
@require_POST
def request_schedule(request: HttpRequest, host_request_id: UUID) -> HttpResponse:
    host_request = get_object(
        request.user, "host_request.review", HostRequest.objects, pk=host_request_id
    )
    form = forms.ScheduleForm(request.POST)
    if form.is_valid():
        event = attempt(request, lambda: services.host_request_schedule(
            user=request.user, request=host_request, **form.cleaned_data
        ), _("The event is on the calendar."))  # fmt: skip
        if event is not None:
            return redirect("events:event", event_id=event.pk)
    else:
        form_errors_to_messages(request, form)
    return redirect("events:request", host_request_id=host_request.pk)


@login_required
def planner(request: HttpRequest) -> HttpResponse:
    require(request.user, "events.manage", None)
    data = planning.coverage()
    rows = [
        {**row, "cells": [(cell, planning.heat(cell)) for cell in row["cells"]]}
        for row in data["rows"]
    ]
    return render_page(request, "events/planner.html", {**data, "rows": rows})


# --- Calendars, exports, cancellation, rapporteurs -----------------------------------------

ICS = "text/calendar; charset=utf-8"


@never_cache  # a download: never kept by a shared cache, even for a visitor
def event_ics(request: HttpRequest, event_id: UUID) -> HttpResponse:
    """The event as an .ics file: public events for everyone, others after signing in."""
    if (
        not request.user.is_authenticated
        and not Event.objects.public().filter(pk=event_id).exists()
    ):
        return redirect_to_login(request.get_full_path())
    event = get_object(request.user, "event.view", Event.objects, pk=event_id)
    response = HttpResponse(calendar.event_file(event), content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="event-{event.starts_on}.ics"'
    return response


def calendar_public(request: HttpRequest) -> HttpResponse:
    """The subscribable feed of public events (no account needed)."""
    events = Event.objects.public()
    return HttpResponse(calendar.calendar(events, name=_("ChemSec events")), content_type=ICS)


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's feed: the token names them; the events are those they may see now (a
    person no longer active gets a 404, like a forged token)."""
    user_id = calendar.feed_user_id(token)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise NotVisible
    events = Event.objects.visible_to(user)
    return HttpResponse(calendar.calendar(events, name=_("ChemSec events")), content_type=ICS)


@login_required
def participants_export(request: HttpRequest, event_id: UUID, fmt: str) -> HttpResponse:
    """The participant list as CSV or XLSX, for the secretariat and the host (audited)."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    event = get_object(request.user, "event.export", Event.objects, pk=event_id)
    header = exports.header()
    data = exports.rows(event, exports.registrations_for(event, request.user))
    write_export(event, actor=request.user, fmt=f"participants.{fmt}")
    return table_download(
        header, data, fmt, sheet=_("Participants"), filename=f"participants-{event.starts_on}"
    )


@login_required
@require_POST
def event_cancel(request: HttpRequest, event_id: UUID) -> HttpResponse:
    event = get_object(request.user, "event.change", Event.objects, pk=event_id)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.event_cancel(
            user=request.user, event=event, reason=form.cleaned_data["reason"]
        ), _("Event cancelled; participants and calendars receive the cancellation."))  # fmt: skip
    else:
        form_errors_to_messages(request, form)
    return redirect("events:event", event_id=event.pk)


@login_required
@require_POST
def rapporteur_add(request: HttpRequest, event_id: UUID) -> HttpResponse:
    event = get_object(request.user, "event.change", Event.objects, pk=event_id)
    form = forms.RapporteurForm(request.POST, event=event)
    if form.is_valid():
        attempt(request, lambda: services.rapporteur_assign(
            user=request.user, event=event, person=form.cleaned_data["person"]
        ), _("Rapporteur named."))  # fmt: skip
    else:
        form_errors_to_messages(request, form)
    return redirect("events:event", event_id=event.pk)


@login_required
def practice_draft(request: HttpRequest, event_id: UUID) -> HttpResponse:
    """A rapporteur drafts a candidate practice; it goes to the compendium's review."""
    event = get_object(request.user, "event.draft_practice", Event.objects, pk=event_id)
    form = forms.PracticeDraftForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        made = attempt(request, lambda: services.practice_draft(
            user=user, event=event, **form.cleaned_data
        ), _("Draft sent to the compendium's reviewers."))  # fmt: skip
        if made is not None:
            return redirect("events:event", event_id=event.pk)
    return render_page(request, "events/practice_draft.html", {"form": form, "event": event})
