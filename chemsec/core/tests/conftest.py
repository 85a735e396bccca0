import pytest

from chemsec.core.choices import Confidentiality
from chemsec.core.tests.factories import make_job


@pytest.fixture
def restricted_job(alice, meridian):
    """A failed job only its creator, alice, may see."""
    return make_job(
        kind="core.audit_verify",
        organisation=meridian,
        created_by=alice,
        confidentiality=Confidentiality.RESTRICTED,
        status="failed",
        error="boom",
    )
