import pytest

from chemsec.core.choices import Confidentiality
from chemsec.core.models import Job


@pytest.fixture
def restricted_job(alice, meridian):
    """A failed job only its creator, alice, may see."""
    return Job.objects.create(
        kind="core.audit_verify",
        organisation=meridian,
        created_by=alice,
        confidentiality=Confidentiality.RESTRICTED,
        status="failed",
        error="boom",
    )
