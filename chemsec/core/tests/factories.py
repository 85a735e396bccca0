"""Object factories for tests: they write through the audited path like any service."""

from typing import Any

from django.test import Client
from django.urls import reverse

from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import write_create


def make_job(**fields: Any) -> Job:
    """A job in a given state, recorded in the audit trail as the system's."""
    return write_create(Job(**fields), actor=SYSTEM)


def acting_client(user: Any, organisation: Any) -> Client:
    """A browser session signed in as `user`, acting for `organisation` (chosen in the
    switcher, as a person would); None leaves the default."""
    client = Client()
    client.force_login(user)
    if organisation is not None:
        client.post(reverse("organisation_switch"), {"organisation": organisation.pk})
    return client
