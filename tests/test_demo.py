"""`chemsec demo` creates the demo world and is safe to run twice.

The world is built once for the module, by the command as a tester runs it (its output
kept), and each test looks at it in a savepoint of its own (chemsec/core/tests/demo_world.py):
one build and one rerun instead of one build per test."""

import contextlib
import io
from collections.abc import Iterator
from typing import Any

import pytest

from chemsec.cli import main
from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.demo import DEMO_PASSWORD, demo_current_code
from chemsec.core.models import Membership, Organisation, User
from chemsec.core.tests.demo_world import built_once
from chemsec.demo import demo_create

pytestmark = pytest.mark.django_db


def _run_demo_command() -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["demo"]) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """What `chemsec demo` printed on an empty database, its world kept for the module.
    The console mail backend, a fresh `make run`'s default, is the one in force: the
    demo's notification mail must not reach the screen through it."""
    console = "django.core.mail.backends.console.EmailBackend"
    with built_once(django_db_blocker, _run_demo_command, EMAIL_BACKEND=console) as out:
        yield out


def test_it_creates_every_kind_of_organisation_and_role(demo_output: str) -> None:
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {
        OrganisationKind.SECRETARIAT,
        OrganisationKind.NATIONAL_AUTHORITY,
        OrganisationKind.FACILITY_OPERATOR,
        OrganisationKind.DISTRIBUTOR,
        OrganisationKind.ACADEMIA,
    } <= kinds
    assert Organisation.objects.filter(kind=OrganisationKind.NATIONAL_AUTHORITY).count() == 2
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.get(username="meridian-officer").check_password(DEMO_PASSWORD)
    from chemsec.facilities.models import Facility

    manufacturer = Organisation.objects.get(name="Meridian Chemicals")
    assert Facility.objects.filter(organisation=manufacturer).count() == 2
    plant = Facility.objects.get(name="Meridian Riverside Plant")
    assert plant.emergency_contacts.count() == 2


def test_it_is_safe_to_run_twice(demo_output: str) -> None:
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    demo_create()
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts


def test_it_prints_what_a_tester_needs_to_sign_in(demo_output: str) -> None:
    assert DEMO_PASSWORD in demo_output and "secretariat-admin" in demo_output
    assert "--otp" in demo_output
    code = demo_current_code("secretariat-admin")
    assert code.isdigit() and len(code) == 6


def test_its_notification_mail_stays_off_the_console(demo_output: str) -> None:
    """The demo notifies its fictional users (52 e-mails with headers and calendar parts):
    with the console backend, a fresh `make run`'s default, they filled the screen above
    the sign-in lines; they are held back and counted instead."""
    assert "Subject:" not in demo_output and "BEGIN:VCALENDAR" not in demo_output
    assert "e-mail; those e-mails were kept, not sent" in demo_output
    assert demo_output.index("secretariat-admin") < demo_output.index("not sent")
