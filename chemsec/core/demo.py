"""Core demo records: organisations, people and a two-factor device for trying the portal
(safe to run twice). `chemsec.demo` runs this first, then each app's own `demo.py`."""

from __future__ import annotations

from base64 import b32encode

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from chemsec.core.choices import OrganisationKind as Kind
from chemsec.core.choices import Region, Role
from chemsec.core.models import Organisation, User
from chemsec.core.policy import SYSTEM  # the operator's `chemsec demo` command
from chemsec.core.services import membership_set, organisation_create

DEMO_PASSWORD = "chemsec-demo-2026"  # noqa: S105 - printed for testers on purpose

# Fictional States use the ISO 3166 user-assigned codes XA and XB.
ORGANISATIONS = [
    ("Global Chemical Security Secretariat", Kind.SECRETARIAT, "", ""),
    ("National Authority of Arcadia", Kind.NATIONAL_AUTHORITY, "XA", Region.AFRICA),
    ("National Authority of Borealia", Kind.NATIONAL_AUTHORITY, "XB", Region.LATIN_AMERICA),
    ("Meridian Chemicals", Kind.FACILITY_OPERATOR, "XA", Region.AFRICA),
    ("Northgate Chemical Distribution", Kind.DISTRIBUTOR, "XB", Region.LATIN_AMERICA),
    ("University of Arcadia, Chemistry Department", Kind.ACADEMIA, "XA", Region.AFRICA),
]

USERS = [
    ("secretariat-admin", 0, Role.ADMIN),
    ("secretariat-reviewer", 0, Role.REVIEWER),
    ("arcadia-admin", 1, Role.ADMIN),
    ("arcadia-analyst", 1, Role.CONTRIBUTOR),
    ("borealia-admin", 2, Role.ADMIN),
    ("meridian-admin", 3, Role.ADMIN),
    ("meridian-officer", 3, Role.CONTRIBUTOR),
    ("meridian-viewer", 3, Role.VIEWER),
    ("northgate-admin", 4, Role.ADMIN),
    ("northgate-reviewer", 4, Role.REVIEWER),
    ("university-contributor", 5, Role.CONTRIBUTOR),
    ("university-viewer", 5, Role.VIEWER),
]

TWO_FACTOR_USER = "secretariat-admin"


def _organisation(name: str, kind: str, country: str, region: str) -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return organisation_create(name=name, kind=kind, country=country, region=region, actor=SYSTEM)


def _user(username: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _totp_key(user: User) -> str:
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="Demo authenticator", defaults={"confirmed": True}
    )
    return b32encode(device.bin_key).decode("ascii")


@transaction.atomic
def populate() -> list[str]:
    """The demo organisations and users, each with their role."""
    organisations = [_organisation(*spec) for spec in ORGANISATIONS]
    lines = [
        "Demo organisations and users are ready.",
        f"Every demo user's password: {DEMO_PASSWORD}",
        "",
    ]
    for username, org_index, role in USERS:
        user = _user(username)
        organisation = organisations[org_index]
        membership_set(user=user, organisation=organisation, role=role, actor=SYSTEM)
        lines.append(f"  {username:24} {role:12} {organisation.name}")
    return lines


def two_factor_lines() -> list[str]:
    """How the demo's two-factor user signs in (its device is created the first time)."""
    key = _totp_key(User.objects.get(username=TWO_FACTOR_USER))
    return [
        "",
        f"{TWO_FACTOR_USER} signs in with two-factor: add the key {key} to an",
        f"authenticator app, or print the current code with: chemsec demo --otp {TWO_FACTOR_USER}",
    ]


def demo_current_code(username: str) -> str:
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is None:
        return f"{username} has no two-factor device."
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
