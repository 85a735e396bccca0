"""Object factories for tests: they write through the audited path like any service."""

from typing import Any

from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import write_create


def make_job(**fields: Any) -> Job:
    """A job in a given state, recorded in the audit trail as the system's."""
    return write_create(Job(**fields), actor=SYSTEM)
