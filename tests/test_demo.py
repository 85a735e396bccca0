"""`chemsec demo` creates the demo world and is safe to run twice."""

import pytest

from chemsec.cli import main
from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.demo import DEMO_PASSWORD, demo_current_code
from chemsec.core.models import Membership, Organisation, User
from chemsec.demo import demo_create

pytestmark = pytest.mark.django_db


def test_it_creates_every_kind_of_organisation_and_role():
    demo_create()
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


def test_it_is_safe_to_run_twice():
    demo_create()
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    demo_create()
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts


def test_it_prints_what_a_tester_needs_to_sign_in(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "secretariat-admin" in out and "--otp" in out
    code = demo_current_code("secretariat-admin")
    assert code.isdigit() and len(code) == 6


def test_its_notification_mail_stays_off_the_console(settings, capsys):
    """The demo notifies its fictional users (52 e-mails with headers and calendar parts):
    with the console backend, a fresh `make run`'s default, they filled the screen above
    the sign-in lines; they are held back and counted instead."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Subject:" not in out and "BEGIN:VCALENDAR" not in out
    assert "notification e-mail(s) to the demo users were not sent" in out
    assert out.index("secretariat-admin") < out.index("not sent")
