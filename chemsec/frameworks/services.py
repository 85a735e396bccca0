"""Writes: campaigns, assessments and their answers, evidence, submission and reopening."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction, Confidentiality, Role
from chemsec.core.models import Organisation, User, upload_limit_bytes
from chemsec.core.writes import write_share
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
    own = int(getattr(settings, "FRAMEWORKS_EVIDENCE_MAX_MB", EVIDENCE_MAX_MB)) * 1024 * 1024
    return min(own, upload_limit_bytes())


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    framework: Framework,
    invited: list[Organisation],
    deadline: dt.date,
    reminder_days: list[int] | None = None,
) -> Campaign:
    """Launch a needs-assessment exercise; invited organisations can see it."""
    campaign = Campaign(
        organisation=organisation,
        created_by=actor,
        confidentiality=Confidentiality.ORGANISATION,
        title=title,
        framework=framework,
        deadline=deadline,
        reminder_days=sorted({int(day) for day in reminder_days or []}, reverse=True),
    )
    campaign.full_clean()
    campaign.save()
    campaign.invited.set(invited)
    campaign.shared_with_organisations.set(invited)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=campaign,
        changes={"framework": framework.urn, "invited": [o.name for o in invited]},
    )
    return campaign


@transaction.atomic
def assessment_start(
    *,
    actor: User,
    organisation: Organisation,
    framework: Framework,
    campaign: Campaign | None = None,
    title: str = "",
) -> Assessment:
    """Start an assessment: a self-assessment, or an invited organisation's campaign response."""
    if campaign is not None:
        if not campaign.invited.filter(pk=organisation.pk).exists():
            raise PermissionDenied(_("This organisation is not invited to the campaign."))
        existing = Assessment.objects.filter(campaign=campaign, organisation=organisation).first()
        if existing is not None:
            return existing
        framework = campaign.framework
    assessment = Assessment(
        organisation=organisation,
        created_by=actor,
        confidentiality=Confidentiality.RESTRICTED,
        framework=framework,
        campaign=campaign,
        title=title or f"{framework.title} · {organisation.name}",
    )
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=assessment, changes={"framework": framework.urn}
    )
    return assessment


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
            float(value)
        except ValueError:
            pass
        else:
            return value
    raise ValidationError({question.code: _("This is not a valid answer to the question.")})


@transaction.atomic
def answers_save(*, actor: User, assessment: Assessment, answers: list[AnswerInput]) -> int:
    """Save draft answers (only those given); returns how many changed."""
    _require_draft(assessment)
    questions = {
        q.code: q for q in Question.objects.filter(section__framework_id=assessment.framework_id)
    }
    changed = []
    for given in answers:
        question = questions.get(given.code)
        if question is None:
            raise ValidationError({given.code: _("No such question in this framework.")})
        if _store_answer(assessment, question, given):
            changed.append(given.code)
    if changed:
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=assessment, changes={"answers": changed}
        )
    return len(changed)


def _store_answer(assessment: Assessment, question: Question, given: AnswerInput) -> bool:
    value = _check_value(question, given.value)
    answer = Answer.objects.filter(assessment=assessment, question=question).first()
    if answer is None:
        answer = Answer(assessment=assessment, question=question)
    new = (value, given.comment.strip(), bool(given.confidential))
    # Unchanged answers, and blank ones never given before, are not written.
    if (answer.value, answer.comment, answer.confidential) == new:
        return False
    answer.value, answer.comment, answer.confidential = new
    answer.full_clean()
    answer.save()
    return True


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


@transaction.atomic
def evidence_attach(
    *, actor: User, assessment: Assessment, question_code: str, upload: UploadedFile
) -> Evidence:
    _require_draft(assessment)
    check_evidence_file(upload)
    question = Question.objects.filter(
        section__framework_id=assessment.framework_id, code=question_code
    ).first()
    if question is None:
        raise ValidationError(_("No such question in this framework."))
    answer, _created = Answer.objects.get_or_create(assessment=assessment, question=question)
    name = Path(upload.name or "evidence").name[:200]
    evidence = Evidence(answer=answer, name=name, size=upload.size or 0, uploaded_by=actor)
    evidence.file.save(name, upload, save=False)
    evidence.full_clean()
    evidence.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=assessment,
        changes={"evidence": name, "question": question_code},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, actor: User, evidence: Evidence) -> None:
    assessment = evidence.answer.assessment
    _require_draft(assessment)
    evidence.file.delete(save=False)
    evidence.delete()
    audit_record(
        actor=actor, action=AuditAction.DELETE, obj=assessment, changes={"evidence": evidence.name}
    )


@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment) -> Assessment:
    """Submit; a campaign response is then shared with the secretariat (audit-logged)."""
    _require_draft(assessment)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.reopen_reason = ""
    assessment.full_clean()
    assessment.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=assessment, changes={"submit": True})
    if assessment.campaign_id is not None:
        # Part of submitting (checked above), not a share the submitter chose: no share check.
        write_share(assessment, actor=actor, organisations=[assessment.campaign.organisation])
    return assessment


@transaction.atomic
def assessment_reopen_request(*, actor: User, assessment: Assessment, reason: str) -> Assessment:
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment can be reopened."))
    assessment.status = AssessmentStatus.REOPEN_REQUESTED
    assessment.reopen_reason = reason.strip()[:2000]
    assessment.save(update_fields=["status", "reopen_reason", "updated_at"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=assessment, changes={"reopen_request": reason}
    )
    return assessment


@transaction.atomic
def assessment_reopen(*, actor: User, assessment: Assessment) -> Assessment:
    """Back to draft (the secretariat's decision for campaign responses)."""
    if assessment.status == AssessmentStatus.DRAFT:
        raise ValidationError(_("This assessment is already a draft."))
    assessment.status = AssessmentStatus.DRAFT
    assessment.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action=AuditAction.APPROVE, obj=assessment, changes={"reopened": True}
    )
    return assessment


def reminder_due(campaign: Campaign, today: dt.date) -> int | None:
    """The scheduled offset (days before the deadline) to send today, if it is not sent yet.

    That is the latest offset whose day has come: after a day without workers the reminder
    is caught up once on the next run, and several missed offsets give a single reminder.
    Nothing is due once the deadline has passed.
    """
    days_left = (campaign.deadline - today).days
    if days_left < 0:
        return None
    come = [day for day in campaign.reminder_days if day >= days_left]
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
        "date": campaign.deadline.isoformat(),
    }
    body = _(
        'Your organisation is invited to the needs assessment "%(title)s" (%(framework)s). '
        "It has not been submitted yet; the deadline is %(date)s."
    ) % {"title": campaign.title, "framework": campaign.framework.title, "date": campaign.deadline}
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
    campaign: Campaign, user: User, today: dt.date, offset: int | None
) -> ReminderSent | None:
    """Record a reminder as being sent, committed before the mail goes; None if already taken.

    The unique constraints make a concurrent run's claim for the same person fail here.
    """
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                campaign=campaign,
                recipient=user,
                sent_on=today,
                offset=offset,
            )
    except IntegrityError:
        return None


def _send(claim: ReminderSent, message: tuple[str, str]) -> bool:
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
        claim.delete()  # so a later run tries this person again
        return False
    except BaseException:
        claim.delete()  # an unexpected error: not sent as far as we know, so not recorded
        raise
    return True


def _remind_once(
    campaign: Campaign, user: User, today: dt.date, offset: int | None, message: tuple[str, str]
) -> str:
    """Claim, then send one reminder: "sent", "failed" or "skipped" (claimed by another run)."""
    claim = _claim(campaign, user, today, offset)
    if claim is None:
        return "skipped"
    return "sent" if _send(claim, message) else "failed"


@transaction.atomic
def _close_run(
    campaign: Campaign, offset: int | None, done: bool, outcome: dict[str, Any], actor: User | None
) -> None:
    """Mark the offset sent when everyone has had it, and audit-log the run."""
    if offset is not None and done:
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        campaign.reminders_sent = sorted({*campaign.reminders_sent, offset}, reverse=True)
        campaign.save(update_fields=["reminders_sent", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=campaign, changes=outcome)


def campaign_reminders_send(
    *,
    campaign: Campaign,
    today: dt.date | None = None,
    force: bool = False,
    actor: User | None = None,
) -> int:
    """E-mail the admins of invited organisations that have not submitted; returns the count.

    Nobody gets two reminders of one campaign on one day, nor two for one scheduled offset,
    however often this runs (the daily schedule, "Send reminders now", a retried job, two
    workers at once). Each reminder is claimed in its own short committed transaction before
    its mail goes out, so no database lock is held while the mail server answers; the claim
    is dropped if the server refused it. Call it outside a transaction.
    """
    today = today or timezone.localdate()
    campaign = Campaign.objects.select_related("framework").get(pk=campaign.pk)
    offset = reminder_due(campaign, today)
    if offset is None and not force:
        return 0
    message = _reminder_message(campaign)
    recipients = _pending_recipients(campaign)
    outcomes = [
        _remind_once(campaign, user, today, offset, message)
        for user in _not_reminded(campaign, recipients, today, offset)
    ]
    sent, failed = outcomes.count("sent"), outcomes.count("failed")
    done = not _not_reminded(campaign, recipients, today, offset)
    outcome = {"reminders": sent, "failed": failed, "offset": offset}
    _close_run(campaign, offset, done, outcome, actor)
    return sent
