"""Forms of the event pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chemsec.compendium.choices import Audience, Language, Threat
from chemsec.core.choices import OrganisationKind, Region
from chemsec.core.models import Organisation, User
from chemsec.events.choices import Confidentiality, EventKind, MeasureType, RequestStatus, Stage
from chemsec.events.models import EventSession

DATE = forms.DateInput(attrs={"type": "date"})
RATINGS = [(i, str(i)) for i in range(1, 6)]


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    stage = forms.ChoiceField(label=_("Life-cycle step"), choices=Stage.choices)
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", "-"), *MeasureType.choices]
    )
    host = forms.ModelChoiceField(
        label=_("Host"), required=False, queryset=Organisation.objects.order_by("name")
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("The host's")), *Region.choices]
    )
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE)
    venue = forms.CharField(label=_("Venue"), required=False, max_length=200)
    online = forms.BooleanField(label=_("Online"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10000)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Session title"), max_length=200)
    speakers = forms.CharField(label=_("Speakers"), required=False, max_length=500)
    materials = forms.CharField(
        label=_("Materials (one link a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_materials(self) -> list[str]:
        text: str = self.cleaned_data["materials"]
        return [line.strip() for line in text.splitlines() if line.strip()]


class NominateForm(forms.Form):
    participant = forms.ModelChoiceField(label=_("Participant"), queryset=User.objects.none())
    consent_listed = forms.BooleanField(
        label=_("The participant agrees to be on the participant list"), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["participant"]
        field.queryset = (
            User.objects.filter(memberships__organisation=organisation).order_by("username")
            if organisation is not None
            else User.objects.none()
        )


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Decline"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Attendance"),
        choices=[("1", _("Attended")), ("0", _("Absent"))],
        coerce=lambda v: v == "1",
    )


class FeedbackForm(forms.Form):
    content = forms.TypedChoiceField(
        label=_("Content (1 poor - 5 excellent)"), choices=RATINGS, coerce=int
    )
    speakers = forms.TypedChoiceField(
        label=_("Speakers (1 poor - 5 excellent)"), choices=RATINGS, coerce=int
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation (1 poor - 5 excellent)"), choices=RATINGS, coerce=int
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)


class HostRequestForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=MeasureType.choices)
    stage = forms.ChoiceField(label=_("Life-cycle step"), choices=Stage.choices)
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    proposed_start = forms.DateField(label=_("Proposed start"), widget=DATE)
    proposed_end = forms.DateField(label=_("Proposed end"), widget=DATE)
    venue = forms.CharField(label=_("Proposed venue"), required=False, max_length=200)
    expected_participants = forms.IntegerField(
        label=_("Expected participants"), min_value=1, max_value=10000
    )
    support_asked = forms.CharField(label=_("Support asked"), required=False, widget=forms.Textarea)


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (s.value, s.label)
            for s in (RequestStatus.UNDER_REVIEW, RequestStatus.ACCEPTED, RequestStatus.DECLINED)
        ],
    )
    reason = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScheduleForm(forms.Form):
    title = forms.CharField(label=_("Event title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10000)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the participants (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class RapporteurForm(forms.Form):
    """The event's approved participants and the secretariat's people may report on it."""

    person = forms.ModelChoiceField(label=_("Rapporteur"), queryset=User.objects.none())

    def __init__(self, *args: Any, event: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["person"]
        if event is not None:
            field.queryset = (
                User.objects.filter(is_active=True)
                .filter(
                    Q(memberships__organisation__kind=OrganisationKind.SECRETARIAT)
                    | Q(pk__in=event.registrations.filter(status="approved").values("participant"))
                )
                .distinct()
                .order_by("username")
            )


class PracticeDraftForm(forms.Form):
    """A candidate best practice, in general terms: nothing about a site, person or State."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("The practice (Markdown)"), max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )  # fmt: skip
    audiences = forms.MultipleChoiceField(
        label=_("For whom"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    threats = forms.MultipleChoiceField(
        label=_("Threats addressed"), choices=Threat.choices, widget=forms.CheckboxSelectMultiple
    )
    measure_types = forms.MultipleChoiceField(
        label=_("Measure types (the event's topic if none)"), required=False,
        choices=MeasureType.choices, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    session = forms.ModelChoiceField(
        label=_("Session"), required=False, queryset=EventSession.objects.none()
    )
    contributors = forms.CharField(
        label=_("Contributors (names or organisations, with their agreement)"), required=False,
        max_length=500,
    )  # fmt: skip

    def __init__(self, *args: Any, event: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["session"]
        if event is not None:
            field.queryset = event.sessions.all()
