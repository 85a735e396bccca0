"""Demo compendium records: one draft awaiting review, with a reviewer's comment."""

from __future__ import annotations

from chemsec.compendium.models import Proposal
from chemsec.compendium.services import comment_add, proposal_create
from chemsec.core.models import User

DEMO_TITLE = "Shift handover checks for chemical stores"
DEMO_BODY = """## What
At every shift change, the outgoing and incoming store keepers walk the store together and
sign a short handover sheet: locks and seals intact, keys accounted for, open orders and any
discrepancy since the last count.

## Why
Losses and tampering are easiest to trace when each shift starts from a known, shared state.

## How to implement
Keep the sheet to one page. Record seal numbers and key counts, not quantities of every item.

## How to check it works
Sample a month of sheets each quarter and compare them with the inventory records.

## Pitfalls
Handovers signed without the walk-round; sheets that grow until nobody reads them.
"""


def populate() -> list[str]:
    author = User.objects.filter(username="meridian-officer").first()
    reviewer = User.objects.filter(username="secretariat-reviewer").first()
    if author is None or reviewer is None:
        return []
    proposal = Proposal.objects.filter(title=DEMO_TITLE, created_by=author).first()
    if proposal is None:
        proposal = proposal_create(
            user=author,
            data={
                "title": DEMO_TITLE,
                "summary": "Outgoing and incoming store keepers check locks, seals and keys "
                "together at every shift change and sign a one-page handover sheet.",
                "body": DEMO_BODY,
                "keywords": ["handover", "shift change", "seals"],
                "stages": ["storage", "manufacture"],
                "audiences": ["facility_operator"],
                "measure_types": ["inventory_control", "management_governance"],
                "threats": ["theft_diversion", "insider"],
                "facility_scale": ["small", "medium", "large"],
            },
            note="From our Riverside plant's practice since 2024.",
        )
        comment_add(
            user=reviewer,
            proposal=proposal,
            text="Useful. Could you add how often the sheets are reviewed by a manager?",
        )
    return [f"Compendium: draft proposal '{DEMO_TITLE}' by {author} awaits review."]
