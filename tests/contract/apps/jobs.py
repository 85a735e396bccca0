"""Contract entries for job routes added after the core table: cancelling a job.

Only the person who queued a job (and their organisation's admin) may cancel it; in the
world the owner is both, so cancelling follows the job's "change" row (others get 404)."""

from __future__ import annotations

from tests.contract.expectations import Entry, obj, op, page

PAGES: dict[str, Entry] = {
    "job_cancel": page(post=obj("job_id", "change")),
}

OPERATIONS: dict[str, Entry] = {
    "job_cancel_endpoint": op(obj("job_id", "change")),
}
