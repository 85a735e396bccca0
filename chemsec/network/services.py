"""Writes of the network: membership, working groups and the coordinating committee.

Every service asks the policy first (`require`), whoever calls it, then writes through
chemsec.core.writes (audited {field: [old, new]}). E-mails go after the write.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chemsec.core.choices import Role
from chemsec.core.dates import local_date, local_moment, local_when
from chemsec.core.models import Organisation, User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_update
from chemsec.network import notify
from chemsec.network.choices import (
    MINUTES_NEXT,
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AgendaKind,
    MeasureType,
    MeetingStatus,
    MemberStatus,
    MinutesPhase,
    Sensitivity,
    Stage,
    TargetKind,
)
from chemsec.network.models import (
    ActionItem,
    AgendaItem,
    Committee,
    CommitteeSeat,
    Decision,
    Meeting,
    MembershipPeriod,
    Minutes,
    MinutesComment,
    MinutesVersion,
    NetworkMember,
    WorkingGroup,
)
from chemsec.network.progress import target_object


def _person(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _codes(values: list[str], allowed: list[str], field: str) -> list[str]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValidationError(
            {field: _("Unknown codes: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    return list(dict.fromkeys(values))


# --- Membership ---------------------------------------------------------------------------


@transaction.atomic
def member_apply(
    *,
    user: Actor,
    organisation: Organisation | None,
    stages: list[str],
    topics: list[str],
    motivation: str = "",
    focal_point_name: str = "",
    focal_point_title: str = "",
    focal_point_email: str = "",
) -> NetworkMember:
    """An organisation's admin applies to join (or to rejoin after leaving or a refusal)."""
    require(user, "network.apply", organisation)
    if organisation is None:
        raise ValueError("An organisation is required.")
    values: dict[str, Any] = {
        "stages": _codes(stages, list(Stage.values), "stages"),
        "topics": _codes(topics, list(MeasureType.values), "topics"),
        "motivation": motivation.strip(),
        "focal_point_name": focal_point_name.strip(),
        "focal_point_title": focal_point_title.strip(),
        "focal_point_email": focal_point_email.strip(),
    }
    existing = NetworkMember.objects.filter(organisation=organisation).first()
    if existing is None:
        member = write_create(NetworkMember(organisation=organisation, **values), actor=user)
    elif existing.status in (MemberStatus.APPLIED, MemberStatus.ACTIVE):
        raise ValidationError(_("This organisation has already applied or is a member."))
    else:
        values.update(status=MemberStatus.APPLIED, decision_reason="", decided_by=None)
        member = write_update(existing, actor=user, values=values)
    values = {"name": organisation.name}
    notify.send(
        lambda: (
            _("Application to the network: %(name)s") % values,
            _("%(name)s applied to join the chemical-security network.") % values,
        ),
        notify.people_of(Organisation.objects.filter(kind="secretariat"), Role.REVIEWER),
    )
    return member


@transaction.atomic
def member_decide(
    *,
    user: Actor,
    member: NetworkMember,
    approve: bool,
    reason: str = "",
    joined: dt.date | None = None,
) -> NetworkMember:
    """The secretariat admits an applicant (a new period of membership opens) or declines it."""
    require(user, "network_member.decide", member)
    if member.status != MemberStatus.APPLIED:
        raise ValidationError(_("Only an application can be decided."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    status = MemberStatus.ACTIVE if approve else MemberStatus.DECLINED
    write_update(
        member,
        actor=user,
        values={"status": status, "decision_reason": reason.strip(), "decided_by": _person(user)},
        action="approve",
    )
    if approve:
        write_create(
            MembershipPeriod(member=member, joined=joined or timezone.localdate()), actor=user
        )
    name = member.organisation.name

    def compose() -> tuple[str, str]:
        if approve:
            return (
                _("Welcome to the chemical-security network"),
                _("%(name)s is now a member of the network.") % {"name": name},
            )
        return (
            _("Your application to the network"),
            _("The secretariat declined the application: %(reason)s") % {"reason": reason},
        )

    notify.send(compose, notify.people_of([member.organisation], Role.ADMIN))
    return member


@transaction.atomic
def member_leave(
    *, user: Actor, member: NetworkMember, left: dt.date | None = None, reason: str = ""
) -> NetworkMember:
    """A member leaves (or the secretariat ends its membership): the period is closed, kept."""
    require(user, "network_member.change", member)
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Only a current member can leave."))
    day = left or timezone.localdate()
    for period in member.periods.filter(left__isnull=True):
        if day < period.joined:
            raise ValidationError({"left": _("A member cannot leave before it joined.")})
        write_update(period, actor=user, values={"left": day})
    return write_update(
        member, actor=user, values={"status": MemberStatus.LEFT, "decision_reason": reason.strip()}
    )


@transaction.atomic
def member_update(
    *,
    user: Actor,
    member: NetworkMember,
    stages: list[str],
    topics: list[str],
    focal_point_name: str = "",
    focal_point_title: str = "",
    focal_point_email: str = "",
) -> NetworkMember:
    require(user, "network_member.change", member)
    return write_update(
        member,
        actor=user,
        values={
            "stages": _codes(stages, list(Stage.values), "stages"),
            "topics": _codes(topics, list(MeasureType.values), "topics"),
            "focal_point_name": focal_point_name.strip(),
            "focal_point_title": focal_point_title.strip(),
            "focal_point_email": focal_point_email.strip(),
        },
    )


@transaction.atomic
def working_group_save(
    *, user: Actor, stage: str, mandate: str = "", convenor: NetworkMember | None = None
) -> WorkingGroup:
    """The secretariat sets a step's working group: its mandate and convenor (a member
    working on that step)."""
    require(user, "network.manage", None)
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown life-cycle step.")})
    if convenor is not None and (
        convenor.status != MemberStatus.ACTIVE or stage not in convenor.stages
    ):
        raise ValidationError(
            {"convenor": _("The convenor must be a member working on this step.")}
        )
    group = WorkingGroup.objects.filter(stage=stage).first()
    values = {"mandate": mandate.strip(), "convenor": convenor}
    if group is None:
        return write_create(WorkingGroup(stage=stage, **values), actor=user)
    return write_update(group, actor=user, values=values)


# --- The committee -------------------------------------------------------------------------


@transaction.atomic
def committee_create(*, user: Actor, name: str, slug: str, mandate: str = "") -> Committee:
    require(user, "network.manage", None)
    return write_create(
        Committee(name=name.strip(), slug=slug, mandate=mandate.strip()), actor=user
    )


@transaction.atomic
def seat_add(
    *,
    user: Actor,
    committee: Committee,
    organisation: Organisation,
    representative: str,
    start: dt.date,
    end: dt.date | None = None,
) -> CommitteeSeat:
    """A member organisation takes a seat (with its representative) for a period."""
    require(user, "committee.manage", committee)
    if not NetworkMember.objects.filter(
        organisation=organisation, status=MemberStatus.ACTIVE
    ).exists():
        raise ValidationError(
            {"organisation": _("Only a current member of the network sits on the committee.")}
        )
    if end is not None and end < start:
        raise ValidationError({"end": _("A seat ends after it starts.")})
    seat = CommitteeSeat(
        committee=committee,
        organisation=organisation,
        representative=representative.strip(),
        start=start,
        end=end,
    )
    return write_create(seat, actor=user)


@transaction.atomic
def seat_end(*, user: Actor, seat: CommitteeSeat, end: dt.date) -> CommitteeSeat:
    require(user, "committee.manage", seat.committee)
    if end < seat.start:
        raise ValidationError({"end": _("A seat ends after it starts.")})
    return write_update(seat, actor=user, values={"end": end})


@transaction.atomic
def meeting_schedule(
    *,
    user: Actor,
    committee: Committee,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    online_url: str = "",
    attendees: list[Organisation] | None = None,
) -> Meeting:
    require(user, "committee.manage", committee)
    if not place.strip() and not online_url.strip():
        raise ValidationError({"place": _("Give a place, an online link, or both.")})
    meeting = Meeting(
        committee=committee,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
        attendees=[str(o.pk) for o in attendees or []],
    )
    write_create(meeting, actor=user)
    _invite(meeting, attendees or [])
    return meeting


def _invite(meeting: Meeting, organisations: list[Organisation]) -> None:
    """Invitations (or a cancellation) with the meeting as an .ics file, after the write;
    none for a meeting already past (recording an earlier meeting sends nothing)."""
    from chemsec.network.calendar import meeting_file

    if meeting.starts_at <= timezone.now():
        return
    cancelled = meeting.status == MeetingStatus.CANCELLED

    def compose() -> tuple[str, str]:
        subject = (_("Cancelled: %(title)s") if cancelled else _("Invitation: %(title)s")) % {
            "title": meeting.title
        }
        body = _("%(title)s, %(when)s. %(where)s") % {
            "title": meeting.title,
            "when": local_moment(meeting.starts_at),
            "where": ", ".join(p for p in (meeting.place, meeting.online_url) if p),
        }
        return subject, body

    notify.send_calendar(
        compose,
        notify.people_of(organisations),
        meeting_file(meeting, invitation=True),
        "CANCEL" if cancelled else "REQUEST",
    )


@transaction.atomic
def meeting_set_attendees(
    *, user: Actor, meeting: Meeting, attendees: list[Organisation]
) -> Meeting:
    """Who attended (or is invited): they receive the minutes for comment."""
    require(user, "meeting.change", meeting)
    before = set(meeting.attendees)
    write_update(meeting, actor=user, values={"attendees": [str(o.pk) for o in attendees]})
    _invite(meeting, [o for o in attendees if str(o.pk) not in before])  # the newly invited
    return meeting


@transaction.atomic
def meeting_cancel(*, user: Actor, meeting: Meeting) -> Meeting:
    """Cancelled, not deleted: calendars receive the cancellation (a higher SEQUENCE)."""
    require(user, "meeting.change", meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    write_update(
        meeting,
        actor=user,
        values={"status": MeetingStatus.CANCELLED, "sequence": meeting.sequence + 1},
    )
    _invite(meeting, list(Organisation.objects.filter(pk__in=meeting.attendees)))
    return meeting


def _next_number(meeting: Meeting) -> int:
    return int(meeting.items.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def agenda_item_add(
    *,
    user: Actor,
    meeting: Meeting,
    title: str,
    notes: str = "",
    sensitivity: str = Sensitivity.NETWORK,
    kind: str = AgendaKind.ITEM,
    document: UploadedFile | None = None,
    document_title: str = "",
    params: dict[str, str] | None = None,
) -> AgendaItem:
    require(user, "meeting.change", meeting)
    item = AgendaItem(
        meeting=meeting,
        number=_next_number(meeting),
        kind=kind,
        params=params or {},
        title=title.strip(),
        notes=notes.strip(),
        sensitivity=sensitivity,
        document_title=document_title.strip() or (document.name if document else "") or "",
    )
    if params:
        with translation.override("en"):
            item.title = item.label()[:300]
    if document is not None:
        item.document = document
    return write_create(item, actor=user)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(committee=meeting.committee, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


@transaction.atomic
def agenda_draft(*, user: Actor, meeting: Meeting) -> list[AgendaItem]:
    """Draft the agenda for the secretary: approval of the previous minutes, then matters
    arising from each open action (carried forward), then actions due by this meeting.
    Items already drafted are not added twice."""
    require(user, "meeting.change", meeting)
    # Drafted items keep codes and parameters (rendered in each reader's language by
    # AgendaItem.label); the stored title is the English text, for exports and search.
    existing = {(i.kind, i.params.get("ref", "")) for i in meeting.items.exclude(kind="item")}
    added: list[AgendaItem] = []

    def add(kind: str, params: dict[str, str], sensitivity: str = Sensitivity.NETWORK) -> None:
        if (kind, params["ref"]) in existing:
            return
        item = agenda_item_add(
            user=user, meeting=meeting, title="", kind=kind, sensitivity=sensitivity, params=params
        )
        added.append(item)
        existing.add((kind, params["ref"]))

    previous = previous_meeting(meeting)
    if previous is not None:
        add(
            AgendaKind.MINUTES,
            {
                "ref": str(previous.pk),
                "title": previous.title,
                "date": previous.starts_at.date().isoformat(),
            },
        )
    open_actions = ActionItem.objects.filter(
        meeting__committee=meeting.committee,
        meeting__starts_at__lt=meeting.starts_at,
        status__in=OPEN_ACTION_STATUSES,
    ).select_related("organisation")
    from chemsec.network.progress import effective_status

    for action in open_actions:
        if effective_status(action) not in OPEN_ACTION_STATUSES:
            continue  # done by the object it points at: nothing arises
        due = action.due <= meeting.starts_at.date()
        params = {
            "ref": str(action.pk),
            "text": action.text[:200],
            "owner": action.organisation.name,
            "due": action.due.isoformat(),
        }
        add(AgendaKind.DUE if due else AgendaKind.ARISING, params, action.sensitivity)
    return added


# --- Minutes -------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(*, user: Actor, meeting: Meeting, text: str) -> Minutes:
    """Draft (or redraft) the minutes. Published minutes are frozen: editing them starts a
    new draft, and the published versions stay as they were."""
    require(user, "meeting.change", meeting)
    minutes: Minutes | None = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        return write_create(Minutes(meeting=meeting, text=text.strip()), actor=user)
    if minutes.phase == MinutesPhase.APPROVED:
        raise ValidationError(_("Approved minutes are published as they are, not edited."))
    values: dict[str, Any] = {"text": text.strip()}
    if minutes.phase == MinutesPhase.PUBLISHED:
        values.update(phase=MinutesPhase.DRAFTED, comments_until=None)
    return write_update(minutes, actor=user, values=values)


@transaction.atomic
def minutes_advance(
    *, user: Actor, minutes: Minutes, comment_days: int = 14, today: dt.date | None = None
) -> Minutes:
    """Move minutes to their next phase: drafted -> circulated for comments (to the
    attendees, for `comment_days`) -> approved (once the window has closed) -> published
    (a frozen, numbered version)."""
    require(user, "minutes.advance", minutes)
    today = today or timezone.localdate()
    phase = MinutesPhase(minutes.phase)
    target = MINUTES_NEXT.get(phase)
    if target is None:
        raise ValidationError(_("These minutes are published; edit them to start a new version."))
    values: dict[str, Any] = {"phase": target}
    if target == MinutesPhase.COMMENTS:
        if not minutes.meeting.attendees:
            raise ValidationError(_("Record who attended before circulating the minutes."))
        if comment_days < 0 or comment_days > 90:
            raise ValidationError({"comment_days": _("The window is 0 to 90 days.")})
        values["comments_until"] = today + dt.timedelta(days=comment_days)
    if (
        target == MinutesPhase.APPROVED
        and minutes.comments_until
        and today < minutes.comments_until
    ):
        raise ValidationError(
            _("The comment window is open until %(date)s.")
            % {"date": local_when(minutes.comments_until)}
        )
    if target == MinutesPhase.PUBLISHED:
        values["version"] = minutes.version + 1
    action = "approve" if target in (MinutesPhase.APPROVED, MinutesPhase.PUBLISHED) else "update"
    write_update(minutes, actor=user, values=values, action=action)
    if target == MinutesPhase.PUBLISHED:
        write_create(
            MinutesVersion(
                minutes=minutes,
                number=minutes.version,
                text=minutes.text,
                published_by=_person(user),
            ),
            actor=user,
        )
    if target == MinutesPhase.COMMENTS:
        attendees = Organisation.objects.filter(pk__in=minutes.meeting.attendees)
        title, until = minutes.meeting.title, minutes.comments_until
        notify.send(
            lambda: (
                _("Minutes for comment: %(title)s") % {"title": title},
                _("The draft minutes of %(title)s are open for your comments until %(date)s.")
                % {"title": title, "date": local_when(until)},
            ),
            notify.people_of(attendees),
        )
    return minutes


@transaction.atomic
def minutes_comment(
    *, user: Actor, minutes: Minutes, organisation: Organisation | None, text: str
) -> MinutesComment:
    require(user, "minutes.comment", minutes)
    if organisation is None or str(organisation.pk) not in minutes.meeting.attendees:
        raise ValidationError(_("Comment for an organisation that attended."))
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    comment = MinutesComment(
        minutes=minutes, author=_person(user), organisation=organisation, text=text.strip()
    )
    return write_create(comment, actor=user)


# --- Decisions and actions -----------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    user: Actor,
    meeting: Meeting,
    text: str,
    item: AgendaItem | None = None,
    sensitivity: str = Sensitivity.NETWORK,
) -> Decision:
    """A decision, numbered <year>/<meeting's sequence in the year>/<n>."""
    require(user, "meeting.change", meeting)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("The item belongs to another meeting.")})
    if item is not None and item.sensitivity == Sensitivity.STATE_ONLY:
        sensitivity = Sensitivity.STATE_ONLY  # a State-only item's decision stays State-only
    year = meeting.starts_at.year
    nth = Meeting.objects.filter(
        committee=meeting.committee, starts_at__year=year, starts_at__lte=meeting.starts_at
    ).count()
    reference = f"{year}/{nth}/{meeting.decisions.count() + 1}"
    decision = Decision(
        meeting=meeting, item=item, reference=reference, text=text.strip(), sensitivity=sensitivity
    )
    return write_create(decision, actor=user)


@transaction.atomic
def action_assign(
    *,
    user: Actor,
    meeting: Meeting,
    organisation: Organisation,
    text: str,
    due: dt.date,
    decision: Decision | None = None,
    sensitivity: str = Sensitivity.NETWORK,
    target_kind: str = TargetKind.NONE,
    target_id: str = "",
) -> ActionItem:
    """An action for a member organisation; pointing at a ChemSec object, it takes its
    progress from that object."""
    require(user, "meeting.change", meeting)
    if decision is not None and decision.sensitivity == Sensitivity.STATE_ONLY:
        sensitivity = Sensitivity.STATE_ONLY
    action = ActionItem(
        meeting=meeting,
        decision=decision,
        organisation=organisation,
        text=text.strip(),
        due=due,
        sensitivity=sensitivity,
        target_kind=target_kind,
        target_id=target_id.strip(),
    )
    if target_kind:
        target = target_object(action)
        if target is None:
            raise ValidationError({"target_id": _("No such object to point at.")})
        action.target_baseline = str(getattr(target, "version", ""))
    return write_create(action, actor=user)


@transaction.atomic
def action_set_status(*, user: Actor, action: ActionItem, status: str) -> ActionItem:
    """The owner or the secretariat records progress by hand, for an action without a target
    (a targeted one follows its object; it can still be dropped by the secretariat)."""
    require(user, "committee_action.update", action)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if action.target_kind and status != ActionStatus.DROPPED:
        raise ValidationError(
            _("This action follows the object it points at; its progress is not set by hand.")
        )
    if status == ActionStatus.DROPPED:
        require(user, "meeting.change", action.meeting)
    return write_update(action, actor=user, values={"status": status})


def actions_to_remind(today: dt.date, within_days: int = 7) -> list[ActionItem]:
    """Open actions due within the next days (or overdue) not yet reminded today."""
    from django.db.models import Q

    return list(
        ActionItem.objects.filter(
            status__in=OPEN_ACTION_STATUSES, due__lte=today + dt.timedelta(days=within_days)
        )
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_related("organisation", "meeting")
    )


def remind_due_actions(*, user: Actor, today: dt.date | None = None) -> int:
    """E-mail the owners of open actions due within a week (the scheduled job); returns how
    many actions were reminded. A targeted action already done by its object is skipped."""
    require(user, "network.manage", None)
    from chemsec.network.progress import effective_status

    today = today or timezone.localdate()
    count = 0
    for action in actions_to_remind(today):
        if effective_status(action) not in OPEN_ACTION_STATUSES:
            continue
        with transaction.atomic():
            write_update(action, actor=user, values={"reminded_on": today})
        notify.send(
            partial(_due_message, action),
            notify.people_of([action.organisation], Role.CONTRIBUTOR),
        )
        count += 1
    return count


def _due_message(action: ActionItem) -> tuple[str, str]:
    """The reminder of a due action, in the active language (the recipient's)."""
    values = {
        "owner": action.organisation.name,
        "due": local_date(action.due),
        "text": action.text,
    }
    return (
        _("Committee action due %(due)s") % values,
        _("An action of the coordinating committee for %(owner)s is due on %(due)s: %(text)s")
        % values,
    )
