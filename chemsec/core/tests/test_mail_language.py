"""E-mails in each recipient's language (chemsec.core.mail), and the language switch that
keeps a signed-in person's choice for them (chemsec.core.views.language)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from chemsec.core.mail import mail_language, send_each
from chemsec.core.models import AuditEntry, User

pytestmark = pytest.mark.django_db


def _user(name: str, language: str = "") -> User:
    return User.objects.create_user(name, f"{name}@example.org", "x-pass-2026", language=language)


def test_each_recipient_reads_the_message_in_their_language() -> None:
    from django.utils.translation import gettext as _

    people = [_user("fatima", "ar"), _user("jean", "fr"), _user("ann")]
    with translation.override("ru"):  # the sender's language decides nothing
        sent = send_each(people, lambda: (_("Invitation: %(title)s") % {"title": "T"}, "-"))
    assert sent == 3
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    with translation.override("fr"):
        assert subjects["jean@example.org"] == _("Invitation: %(title)s") % {"title": "T"}
    assert subjects["ann@example.org"] == "Invitation: T"  # the portal's default
    assert subjects["fatima@example.org"] not in ("Invitation: T", subjects["jean@example.org"])


def test_a_person_without_an_address_gets_nothing_and_an_unknown_language_is_the_default() -> None:
    nobody = User.objects.create_user("nobody", "", "x-pass-2026")
    assert send_each([nobody], lambda: ("s", "b")) == 0
    odd = _user("odd")
    odd.language = "xx"  # not one of the portal's languages (a stale value)
    assert mail_language(odd) == "en"


def test_the_language_switch_keeps_a_signed_in_persons_choice_audited(client) -> None:
    person = _user("lena")
    client.force_login(person)
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "ru"
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="update").exists()
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})  # no change: no entry
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="update").count() == 1
    client.post("/i18n/setlang/", {"language": "tlh", "next": "/"})  # not a portal language
    person.refresh_from_db()
    assert person.language == "ru"


def test_the_switch_for_a_visitor_only_sets_the_cookie(client) -> None:
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "es"
