"""Writes: campaigns, assessments and their answers, evidence, submission and reopening.

Every service asks the policy first (`require`), whoever calls it, then writes through
chemsec.core.writes, which audits each write with {field: [old, new]}.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chemsec.core import limits
from chemsec.core.choices import AuditAction, Confidentiality, Role
from chemsec.core.dates import local_when
from chemsec.core.mail import mail_language
from chemsec.core.models import Organisation, User
from chemsec.core.policy import Actor, Denied, NotVisible, can, require
from chemsec.core.uploads import check_upload
from chemsec.core.writes import (
    write_create,
    write_delete,
    write_export,
    write_share,
    write_update,
)
from chemsec.frameworks import exports
from chemsec.frameworks.analysis import campaign_dashboard
from chemsec.frameworks.models import (
    Answer,
    AnswerType,
    Assessment,
    AssessmentStatus,
    Campaign,
    Evidence,
    Framework,
    Question,
    ReminderSent,
)
from chemsec.lib.tabular import upload_limit_bytes

log = logging.getLogger(__name__)
EVIDENCE_EXTENSIONS = frozenset({"pdf", "docx", "xlsx", "odt", "ods", "png", "jpg", "jpeg", "txt"})
# Evidence files are documents, not data sets: a tighter cap than the portal-wide one.
EVIDENCE_MAX_MB = 10
CHOICES = {"yes", "partial", "no", "na"}


@dataclass(frozen=True)
class AnswerInput:
    code: str
    value: str = ""
    comment: str = ""
    confidential: bool = False


def evidence_limit_bytes() -> int:
    own = settings.FRAMEWORKS_EVIDENCE_MAX_MB * 1024 * 1024
    return min(own, upload_limit_bytes())


def _given(organisation: Organisation | None) -> Organisation:
    """The organisation a create acts for, once the policy has allowed it (only the system
    actor gets past `require` without one)."""
    if organisation is None:
        raise ValueError("An organisation is required.")
    return organisation


@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    organisation: Organisation | None,
    title: str,
    framework: Framework,
    invited: list[Organisation],
    deadline: dt.date,
    reminder_days: list[int] | None = None,
) -> Campaign:
    """Launch a needs-assessment exercise; invited organisations can see it."""
    require(actor, "campaign.create", organisation)
    campaign = Campaign(
        organisation=_given(organisation),
        confidentiality=Confidentiality.ORGANISATION,
        title=title,
        framework=framework,
        deadline=deadline,
        reminder_days=sorted({int(day) for day in reminder_days or []}, reverse=True),
    )
    write_create(campaign, actor=actor)
    campaign.invited.set(invited)
    # Invitees see the campaign: the share entry names them (the invitation list itself).
    write_share(campaign, actor=actor, organisations=invited)
    return campaign


@transaction.atomic
def assessment_start(
    *,
    actor: Actor,
    organisation: Organisation | None,
    framework: Framework,
    campaign: Campaign | None = None,
    title: str = "",
) -> Assessment:
    """Start an assessment: a self-assessment, or an invited organisation's campaign response.

    Pages and the API fetch the campaign with the "campaign.view" action first, so the checks
    here run in the same order and every caller gets the same answer.
    """
    if campaign is not None:
        require(actor, "campaign.view", campaign)
    require(actor, "assessment.start", organisation)
    organisation = _given(organisation)
    if campaign is not None:
        if not campaign.invited.filter(pk=organisation.pk).exists():
            raise Denied(_("This organisation is not invited to the campaign."))
        existing: Assessment | None = Assessment.objects.filter(
            campaign=campaign, organisation=organisation
        ).first()
        if existing is not None:
            return existing
        framework = campaign.framework
    assessment = Assessment(
        organisation=organisation,
        confidentiality=Confidentiality.RESTRICTED,
        framework=framework,
        campaign=campaign,
        title=title.strip(),  # none typed: none stored (`shown_title` composes it per reader)
    )
    return write_create(assessment, actor=actor)


def _require_draft(assessment: Assessment) -> None:
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("This assessment has been submitted; ask for it to be reopened."))


def _check_value(question: Question, value: str) -> str:
    value = value.strip()
    if not value or question.answer_type == AnswerType.TEXT:
        return value
    if question.answer_type == AnswerType.YES_PARTIAL_NO_NA and value.lower() in CHOICES:
        return value.lower()
    if question.answer_type == AnswerType.MATURITY and value in {"0", "1", "2", "3", "4"}:
        return value
    if question.answer_type == AnswerType.NUMBER:
        try:
            number = Decimal(value)
        except InvalidOperation:
            pass
        else:
            # Every number question is a count or an amount: finite, not negative.
            wrong = limits.problems(number, limits.COUNT)
            if wrong:
                raise ValidationError({question.code: wrong})
            return value
    raise ValidationError({question.code: _("This is not a valid answer to the question.")})


@transaction.atomic
def answers_save(*, actor: Actor, assessment: Assessment, answers: list[AnswerInput]) -> int:
    """Save draft answers (only those given); returns how many changed, each audited."""
    require(actor, "assessment.change", assessment)
    _require_draft(assessment)
    questions = {
        q.code: q for q in Question.objects.filter(section__framework_id=assessment.framework_id)
    }
    changed = 0
    for given in answers:
        question = questions.get(given.code)
        if question is None:
            raise ValidationError({given.code: _("No such question in this framework.")})
        changed += _store_answer(actor, assessment, question, given)
    return changed


def _store_answer(
    actor: Actor, assessment: Assessment, question: Question, given: AnswerInput
) -> bool:
    values: dict[str, Any] = {
        "value": _check_value(question, given.value),
        "comment": given.comment.strip(),
        "confidential": bool(given.confidential),
    }
    answer = Answer.objects.filter(assessment=assessment, question=question).first()
    try:
        if answer is None:
            # Blank answers never given before are not written.
            if not any(values.values()):
                return False
            answer = Answer(assessment=assessment, question=question, **values)
            write_create(answer, actor=actor)
            return True
        if all(getattr(answer, name) == value for name, value in values.items()):
            return False
        write_update(answer, actor=actor, values=values)
    except ValidationError as exc:
        # The answer's own limits (a comment's length...), said of the question they are for.
        raise ValidationError({question.code: _field_messages(Answer, exc)}) from exc
    return True


def _field_messages(model: Any, exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    return [
        f"{model._meta.get_field(name).verbose_name}: {message}"
        if name in {f.name for f in model._meta.fields}
        else message
        for name, messages in exc.message_dict.items()
        for message in messages
    ]


def check_evidence_file(upload: UploadedFile) -> None:
    """Refuse files of a type not on the allow-list, empty files and files over the limit."""
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    if extension not in EVIDENCE_EXTENSIONS:
        allowed = ", ".join(sorted(EVIDENCE_EXTENSIONS))
        raise ValidationError(
            _("Evidence must be one of these file types: %(types)s.") % {"types": allowed}
        )
    limit = evidence_limit_bytes()
    if not upload.size or upload.size > limit:
        raise ValidationError(
            _("Evidence files must be between 1 byte and %(mb)d MB.") % {"mb": limit // 2**20}
        )
    check_upload(upload, EVIDENCE_EXTENSIONS)  # what it holds, not only its name


@transaction.atomic
def evidence_attach(
    *, actor: Actor, assessment: Assessment, question_code: str, upload: UploadedFile
) -> Evidence:
    require(actor, "assessment.change", assessment)
    _require_draft(assessment)
    check_evidence_file(upload)
    question = Question.objects.filter(
        section__framework_id=assessment.framework_id, code=question_code
    ).first()
    if question is None:
        raise ValidationError(_("No such question in this framework."))
    answer = Answer.objects.filter(assessment=assessment, question=question).first()
    if answer is None:
        answer = write_create(Answer(assessment=assessment, question=question), actor=actor)
    name = Path(upload.name or "evidence").name[:200]
    evidence = Evidence(
        answer=answer,
        name=name,
        size=upload.size or 0,
        uploaded_by=actor if isinstance(actor, User) else None,
    )
    evidence.file.save(name, upload, save=False)
    return write_create(evidence, actor=actor)


def evidence_open(*, actor: Actor, evidence: Evidence) -> File[bytes]:
    """The evidence file, opened for download (audited as an export of it).

    Evidence of a confidential answer is shown only to those who see confidential answers;
    to anyone else it does not exist.
    """
    assessment = evidence.answer.assessment
    require(actor, "assessment.export", assessment)
    if evidence.answer.confidential and not can(actor, "assessment.see_confidential", assessment):
        raise NotVisible
    fmt = Path(evidence.name).suffix.lstrip(".")
    write_export(evidence, actor=actor, fmt=fmt, file=evidence.name)
    stream: File[bytes] = evidence.file.open("rb")
    return stream


@transaction.atomic
def evidence_delete(*, actor: Actor, evidence: Evidence) -> None:
    assessment = evidence.answer.assessment
    require(actor, "assessment.change", assessment)
    _require_draft(assessment)
    stored = evidence.file
    write_delete(evidence, actor=actor)
    stored.delete(save=False)


@transaction.atomic
def assessment_submit(*, actor: Actor, assessment: Assessment) -> Assessment:
    """Submit; a campaign response is then shared with the secretariat (audit-logged)."""
    require(actor, "assessment.change", assessment)
    _require_draft(assessment)
    values = {
        "status": AssessmentStatus.SUBMITTED,
        "submitted_at": timezone.now(),
        "reopen_reason": "",
    }
    write_update(assessment, actor=actor, values=values)
    if assessment.campaign is not None:
        # Part of submitting (checked above), not a share the submitter chose: no share check.
        write_share(assessment, actor=actor, organisations=[assessment.campaign.organisation])
    return assessment


@transaction.atomic
def assessment_reopen_request(*, actor: Actor, assessment: Assessment, reason: str) -> Assessment:
    require(actor, "assessment.change", assessment)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment can be reopened."))
    values = {"status": AssessmentStatus.REOPEN_REQUESTED, "reopen_reason": reason.strip()[:2000]}
    return write_update(assessment, actor=actor, values=values)


@transaction.atomic
def assessment_reopen(*, actor: Actor, assessment: Assessment) -> Assessment:
    """Back to draft (the secretariat's decision for campaign responses)."""
    require(actor, "assessment.reopen", assessment)
    if assessment.status == AssessmentStatus.DRAFT:
        raise ValidationError(_("This assessment is already a draft."))
    values = {"status": AssessmentStatus.DRAFT}
    return write_update(assessment, actor=actor, values=values, action=AuditAction.APPROVE)


def dashboard_export(*, actor: User | AnonymousUser, campaign: Campaign, fmt: str) -> bytes:
    """The campaign dashboard as a file (section scores only), audited as an export."""
    require(actor, "campaign.manage", campaign)
    writer = exports.DASHBOARD_WRITERS[fmt]
    body = writer(campaign_dashboard(actor, campaign))
    write_export(campaign, actor=actor, fmt=fmt)
    return body


def reminder_due(campaign: Campaign, today: dt.date) -> int | None:
    """The scheduled offset (days before the deadline) to send today, if it is not sent yet.

    That is the latest offset whose day has come: after a day without workers the reminder
    is caught up once on the next run, and several missed offsets give a single reminder.
    Nothing is due once the deadline has passed.
    """
    days_left = (campaign.deadline - today).days
    if days_left < 0:
        return None
    come: list[int] = [int(day) for day in campaign.reminder_days if day >= days_left]
    if not come or min(come) in campaign.reminders_sent:
        return None
    return min(come)


def _pending_recipients(campaign: Campaign) -> list[User]:
    """Active admins of invited organisations that have not submitted, one per e-mail address."""
    done = Assessment.objects.filter(campaign=campaign, status=AssessmentStatus.SUBMITTED)
    waiting = campaign.invited.exclude(pk__in=done.values("organisation_id"))
    admins = User.objects.filter(
        memberships__organisation__in=waiting, memberships__role=Role.ADMIN, is_active=True
    ).exclude(email="")
    by_address: dict[str, User] = {}
    for user in admins.distinct().order_by("email", "pk"):
        by_address.setdefault(user.email, user)
    return list(by_address.values())


def _reminder_message(campaign: Campaign) -> tuple[str, str]:
    subject = _("Reminder: %(title)s is due on %(date)s") % {
        "title": campaign.title,
        "date": local_when(campaign.deadline),
    }
    body = _(
        'Your organisation is invited to the needs assessment "%(title)s" (%(framework)s). '
        "It has not been submitted yet; the deadline is %(date)s."
    ) % {
        "title": campaign.title,
        "framework": campaign.framework.title,
        "date": local_when(campaign.deadline),
    }
    return subject, body


def _not_reminded(
    campaign: Campaign, users: list[User], today: dt.date, offset: int | None
) -> list[User]:
    """Those with no reminder of the campaign today, nor one (on any day) for this offset."""
    taken = Q(sent_on=today)
    if offset is not None:
        taken |= Q(offset=offset)
    had = set(
        ReminderSent.objects.filter(taken, campaign=campaign).values_list("recipient", flat=True)
    )
    return [user for user in users if user.pk not in had]


def _claim(
    campaign: Campaign, user: User, today: dt.date, offset: int | None, actor: Actor
) -> ReminderSent | None:
    """Record a reminder as being sent, committed before the mail goes; None if already taken.

    The unique constraints make a concurrent run's claim for the same person fail here.
    """
    claim = ReminderSent(campaign=campaign, recipient=user, sent_on=today, offset=offset)
    try:
        with transaction.atomic():
            return write_create(claim, actor=actor)
    except (IntegrityError, ValidationError):
        return None


def _send(claim: ReminderSent, message: tuple[str, str], actor: Actor) -> bool:
    """Mail one claimed reminder outside any transaction; drop the claim if it fails."""
    from django.core.mail import send_mail

    try:
        # One message each, so invited States do not learn who else was invited.
        send_mail(message[0], message[1], None, [claim.recipient.email])
    except (smtplib.SMTPException, OSError):
        log.exception(
            "Could not send a reminder of campaign %s to user %s",
            claim.campaign_id,
            claim.recipient_id,
        )
        write_delete(claim, actor=actor)  # so a later run tries this person again
        return False
    except BaseException:
        write_delete(claim, actor=actor)  # an unexpected error: not sent as far as we know
        raise
    return True


def _remind_once(
    campaign: Campaign,
    user: User,
    today: dt.date,
    offset: int | None,
    actor: Actor,
) -> str:
    """Claim, then send one reminder, written in the person's language: "sent", "failed"
    or "skipped" (claimed by another run)."""
    claim = _claim(campaign, user, today, offset, actor)
    if claim is None:
        return "skipped"
    with translation.override(mail_language(user)):
        message = _reminder_message(campaign)
    return "sent" if _send(claim, message, actor) else "failed"


@transaction.atomic
def _close_run(campaign: Campaign, offset: int, actor: Actor) -> None:
    """Mark the offset sent once everyone has had it."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    sent = sorted({*campaign.reminders_sent, offset}, reverse=True)
    write_update(campaign, actor=actor, values={"reminders_sent": sent})


def campaign_reminders_send(
    *,
    campaign: Campaign,
    actor: Actor,
    today: dt.date | None = None,
    force: bool = False,
) -> int:
    """E-mail the admins of invited organisations that have not submitted; returns the count.

    Nobody gets two reminders of one campaign on one day, nor two for one scheduled offset,
    however often this runs (the daily schedule, "Send reminders now", a retried job, two
    workers at once). Each reminder is claimed (and audited) in its own short committed
    transaction before its mail goes out, so no database lock is held while the mail server
    answers; the claim is dropped (audited too) if the server refused it. Call it outside a
    transaction.
    """
    require(actor, "campaign.manage", campaign)
    today = today or timezone.localdate()
    campaign = Campaign.objects.select_related("framework", "organisation").get(pk=campaign.pk)
    offset = reminder_due(campaign, today)
    if offset is None and not force:
        return 0
    recipients = _pending_recipients(campaign)
    outcomes = [
        _remind_once(campaign, user, today, offset, actor)
        for user in _not_reminded(campaign, recipients, today, offset)
    ]
    if offset is not None and not _not_reminded(campaign, recipients, today, offset):
        _close_run(campaign, offset, actor)
    return outcomes.count("sent")
