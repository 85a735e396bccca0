"""The policy table, part one: the platform itself (organisations and their people, the
audit trail, jobs, API tokens) and its reference content (screening, the compendium).
Targets: an owned object, an Organisation ("create in"), or None (global)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from chemsec.core.choices import Role
from chemsec.core.policy.predicates import (
    admin_anywhere,
    all_of,
    any_of,
    creator,
    member,
    member_anywhere,
    own_token,
    second_factor_proved,
    secretariat,
    signed_in,
)
from chemsec.core.policy.rule import REVIEWERS_ONLY, Rule, object_rules
from chemsec.core.policy.visibility import listed, object_may

CORE_RULES: dict[str, Rule] = {
    # Any owned object, for code that works on every kind (sharing, exports, the audit view).
    **object_rules("object"),
    # Organisations and their people.
    "organisation.create": Rule(secretariat(Role.ADMIN)),
    # The member directory is the network's: current members only (not former ones).
    "organisation.directory": Rule(
        member_anywhere, message=gettext_lazy("The directory is for members of the network.")
    ),
    "organisation.members": Rule(member(Role.VIEWER)),
    "membership.set": Rule(any_of(member(Role.ADMIN), secretariat(Role.ADMIN))),
    # The audit trail: organisation admins read their organisation's; the secretariat verifies.
    "audit.view": Rule(admin_anywhere),
    "audit.verify": Rule(secretariat(Role.ADMIN)),
    # Jobs: any member may queue work for their organisation; retrying is changing.
    **object_rules("job"),
    "job.create": Rule(member(Role.VIEWER)),
    "job.retry": Rule(object_may("change")),
    # Cancelling: the person who queued it (while they still see it), or an organisation admin.
    "job.cancel": Rule(any_of(all_of(creator, object_may("view")), member(Role.ADMIN))),
    # A person's own API tokens.
    "token.create": Rule(
        all_of(signed_in, second_factor_proved),
        message=gettext_lazy("Verify a second factor before creating a token."),
    ),
    "token.revoke": Rule(own_token, sees=own_token),
    # Screening: anyone screens one identifier; several, and keeping them, need an account.
    **object_rules("screening"),
    "screening.create": Rule(member(Role.VIEWER)),
    "screening.check_several": Rule(
        signed_in, message=gettext_lazy("Sign in to screen several identifiers at once.")
    ),
    # The compendium: entries are public, drafts their author's and the reviewers'; the
    # rules themselves live in the compendium's querysets (`listed`), shared with its lists.
    "compendium.review": Rule(secretariat(Role.REVIEWER)),
    "practice.view": Rule(listed("view")),
    "practice.change": Rule(listed("change"), message=REVIEWERS_ONLY),
    "proposal.create": Rule(
        member_anywhere, message=gettext_lazy("Only members of the network can propose entries.")
    ),
    "proposal.view": Rule(listed("view"), sees=listed("view")),
    "proposal.change": Rule(listed("change"), sees=listed("view")),
    "proposal.comment": Rule(listed("comment"), sees=listed("view")),
    "proposal.decide": Rule(listed("decide"), sees=listed("view"), message=REVIEWERS_ONLY),
}
