"""The policy table, part four: the network's programmes (framework campaigns and
assessments, assistance, membership and the committee, events, training)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.policy.predicates import (
    admin_anywhere,
    all_of,
    any_of,
    member,
    member_anywhere,
    organisation_kind,
    reopens_submitted,
    secretariat,
    signed_in,
)
from chemsec.core.policy.rule import REVIEWERS_ONLY, Rule, object_rules
from chemsec.core.policy.visibility import listed

NETWORK_RULES: dict[str, Rule] = {
    # Frameworks: the secretariat runs campaigns; organisations answer assessments.
    **object_rules("campaign"),
    "campaign.create": Rule(
        all_of(member(Role.REVIEWER), organisation_kind(OrganisationKind.SECRETARIAT)),
        message=gettext_lazy("Only secretariat reviewers and admins launch campaigns."),
    ),
    "campaign.run": Rule(secretariat(Role.REVIEWER)),  # the campaigns pages, global
    "campaign.manage": Rule(member(Role.REVIEWER)),  # dashboard, its exports, reminders
    **object_rules("assessment"),
    "assessment.start": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of an organisation start assessments."),
    ),
    "assessment.see_confidential": Rule(member(Role.VIEWER)),  # answers marked confidential
    "assessment.reopen": Rule(
        reopens_submitted,
        message=gettext_lazy("Only the secretariat running the campaign reopens it."),
    ),
    # Assistance: members file requests; the secretariat reads them all and triages.
    **object_rules("assistance_request"),
    "assistance_request.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors and above can file requests."),
    ),
    "assistance_request.triage": Rule(
        secretariat(Role.REVIEWER),
        message=gettext_lazy("Only secretariat reviewers can triage requests."),
    ),
    "assistance.match": Rule(signed_in),  # a preview of matching practices, nothing stored
    "assistance.board": Rule(secretariat(Role.VIEWER)),
    "expert.view": Rule(secretariat(Role.VIEWER)),
    "expert.change": Rule(
        secretariat(Role.REVIEWER),
        message=gettext_lazy("Only secretariat reviewers keep the expert directory."),
    ),
    # Network: members, working groups, the coordinating committee. The directory is
    # public; applications and committee records follow chemsec/network/querysets.py
    # (`listed`): network-level items for members, State-only ones for governments.
    "network.apply": Rule(  # target: the applying organisation
        member(Role.ADMIN),
        message=gettext_lazy("Only your organisation's admins apply to join the network."),
    ),
    "network.manage": Rule(secretariat(Role.REVIEWER), message=REVIEWERS_ONLY),
    "network.coverage": Rule(
        member_anywhere, message=gettext_lazy("The coverage view is for members of the network.")
    ),
    "network_member.view": Rule(listed("view"), sees=listed("view")),
    "network_member.change": Rule(listed("change"), sees=listed("view")),
    "network_member.decide": Rule(listed("decide"), sees=listed("view"), message=REVIEWERS_ONLY),
    "committee.view": Rule(listed("view"), sees=listed("view")),
    "committee.manage": Rule(listed("change"), sees=listed("view"), message=REVIEWERS_ONLY),
    "meeting.view": Rule(listed("view"), sees=listed("view")),
    "meeting.change": Rule(listed("change"), sees=listed("view"), message=REVIEWERS_ONLY),
    "agenda_item.view": Rule(listed("view"), sees=listed("view")),
    "minutes.view": Rule(listed("view"), sees=listed("view")),
    "minutes.comment": Rule(
        listed("comment"),
        sees=listed("view"),
        message=gettext_lazy("Only attendees comment, while the minutes are circulated."),
    ),
    "minutes.advance": Rule(listed("change"), sees=listed("view"), message=REVIEWERS_ONLY),
    "decision.view": Rule(listed("view"), sees=listed("view")),
    "committee_action.view": Rule(listed("view"), sees=listed("view")),
    "committee_action.update": Rule(  # its owner organisation's contributors, the secretariat
        any_of(listed("change"), all_of(listed("view"), member(Role.CONTRIBUTOR))),
        sees=listed("view"),
    ),
    # (end of network)
    # Events: workshops per life-cycle step, nominations, host requests and feedback. Who
    # sees what follows chemsec/events/querysets.py (`listed`); the secretariat manages.
    "events.manage": Rule(secretariat(Role.REVIEWER), message=REVIEWERS_ONLY),
    "events.nominate": Rule(  # target: the nominating organisation
        all_of(member(Role.CONTRIBUTOR), organisation_kind(OrganisationKind.NATIONAL_AUTHORITY)),
        message=gettext_lazy("A national authority's contributors nominate its participants."),
    ),
    "host_request.create": Rule(  # target: the requesting organisation
        all_of(
            member(Role.CONTRIBUTOR),
            any_of(
                organisation_kind(OrganisationKind.NATIONAL_AUTHORITY),
                lambda user, target: (
                    getattr(getattr(target, "network_member", None), "status", "") == "active"
                ),
            ),
        ),
        message=gettext_lazy("Member States and network members request to host an event."),
    ),
    "event.view": Rule(listed("view"), sees=listed("view")),
    "event.change": Rule(listed("change"), sees=listed("view"), message=REVIEWERS_ONLY),
    "registration.view": Rule(listed("view"), sees=listed("view")),
    "registration.decide": Rule(listed("decide"), sees=listed("view"), message=REVIEWERS_ONLY),
    "registration.withdraw": Rule(listed("withdraw"), sees=listed("view")),
    "registration.certificate": Rule(
        listed("certificate"),
        sees=listed("view"),
        message=gettext_lazy("A certificate is issued for attendance only."),
    ),
    "registration.feedback": Rule(
        listed("feedback"),
        sees=listed("view"),
        message=gettext_lazy("Participants who attended give feedback after the event."),
    ),
    "host_request.view": Rule(listed("view"), sees=listed("view")),
    "host_request.review": Rule(listed("review"), sees=listed("view"), message=REVIEWERS_ONLY),
    # (end of events)
    # Training credentials: a certificate is seen with its enrolment (its learner, the admins
    # of the organisation they trained for, the secretariat); its PDF is its holder's; the
    # secretariat's reviewers revoke; the secretariat reads the experts-trained counts and
    # exports everyone's xAPI statements (each learner exports their own). Verification,
    # the issuer's keys and the revocation list are public pages that need no rule.
    "certificate.view": Rule(
        lambda user, target: listed("view")(user, getattr(target, "enrolment", None)),
        sees=lambda user, target: listed("view")(user, getattr(target, "enrolment", None)),
    ),
    "certificate.download": Rule(
        lambda user, target: (
            user.is_authenticated and getattr(target.enrolment, "learner_id", None) == user.pk
        ),
        sees=lambda user, target: listed("view")(user, getattr(target, "enrolment", None)),
        message=gettext_lazy("Only the holder downloads their certificate."),
    ),
    "certificate.revoke": Rule(
        secretariat(Role.REVIEWER),
        sees=lambda user, target: listed("view")(user, getattr(target, "enrolment", None)),
        message=REVIEWERS_ONLY,
    ),
    "certificate.remind": Rule(secretariat(Role.ADMIN)),
    "training.experts": Rule(
        secretariat(Role.VIEWER),
        message=gettext_lazy("Only the secretariat reads the counts of experts trained."),
    ),
    "training.xapi_all": Rule(secretariat(Role.REVIEWER), message=REVIEWERS_ONLY),
    # (end of training credentials)
    # Events, second part: rapporteurs draft compendium practices from an event they report
    # on; the participant list is exported by the secretariat and the host (chemsec/events).
    "event.draft_practice": Rule(
        listed("draft"),
        sees=listed("view"),
        message=gettext_lazy("The event's rapporteurs draft practices once it has begun."),
    ),
    "event.export": Rule(
        listed("export"),
        sees=listed("view"),
        message=gettext_lazy("The secretariat and the host export the participant list."),
    ),
    # (end of events: rapporteurs and exports)
    # Training: the catalogue of published courses is public; signed-in people enrol and
    # study; the secretariat authors courses and sees all progress; an organisation's admins
    # see the progress of the people who enrolled for it. Who sees what follows
    # chemsec/training/querysets.py (`listed`).
    "training.author": Rule(
        secretariat(Role.CONTRIBUTOR),
        message=gettext_lazy("Only the secretariat's contributors author courses."),
    ),
    "training.progress": Rule(  # the progress overview; its rows follow enrolment.view
        any_of(secretariat(), admin_anywhere),
        message=gettext_lazy("Learners' progress is for the secretariat and organisation admins."),
    ),
    "training.profile": Rule(signed_in),  # one's own learner profile
    # Course translations are reviewed (approved or corrected) by the secretariat's
    # reviewers, like the compendium's translations (`compendium.review`).
    "training.translation_review": Rule(secretariat(Role.REVIEWER), message=REVIEWERS_ONLY),
    "course.view": Rule(listed("view"), sees=listed("view")),
    "course.change": Rule(
        listed("change"),
        sees=listed("view"),
        message=gettext_lazy("Only the secretariat's contributors author courses."),
    ),
    "course.enrol": Rule(
        listed("enrol"),
        sees=listed("view"),
        message=gettext_lazy("Sign in to enrol in a published course."),
    ),
    "module.view": Rule(listed("view"), sees=listed("view")),
    "enrolment.view": Rule(listed("view"), sees=listed("view")),
    "enrolment.learn": Rule(
        listed("learn"),
        sees=listed("view"),
        message=gettext_lazy("Only the learner studies, while the course is in progress."),
    ),
    "enrolment.withdraw": Rule(listed("withdraw"), sees=listed("view")),
    # (end of training)
}
