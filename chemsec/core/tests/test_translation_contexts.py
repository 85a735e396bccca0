"""Words that are a verb on a button and a noun in a list get their own translation."""

from django.utils import translation
from django.utils.translation import gettext, pgettext

from chemsec.core.choices import AuditAction


def test_delete_is_a_verb_on_buttons_and_a_noun_in_the_audit_trail():
    with translation.override("fr"):
        assert gettext("Delete") == "Supprimer"
        assert str(AuditAction.DELETE.label) == "Suppression"


def test_risk_inputs_have_their_own_translation():
    with translation.override("ru"):
        assert pgettext("risk figures", "Inputs") == "Исходные данные"
        assert gettext("Inputs") != pgettext("risk figures", "Inputs")


def test_the_audit_filter_names_actions_as_the_trail_does(personas):
    from django.urls import reverse

    page = personas["alice"].get(reverse("audit_log"), HTTP_ACCEPT_LANGUAGE="fr")
    body = page.content.decode()
    for value, _label in AuditAction.choices:
        assert f'<option value="{value}"' in body
    with translation.override("fr"):
        assert f">{AuditAction.DELETE.label}</option>" in body


def test_a_report_message_response_is_not_an_emergency_response():
    from chemsec.supplychain.choices import MessageKind

    with translation.override("fr"):
        assert gettext("Response") == "Intervention"
        assert str(MessageKind.RESPONSE.label) == "Réponse"


def test_record_is_a_noun_in_the_verification_table_and_a_verb_on_its_button():
    from chemsec.supplychain.forms import VerificationForm

    with translation.override("es"):
        assert str(VerificationForm.base_fields["kind"].label) == "Registro"
        assert pgettext("button", "Record") == "Registrar"


def test_noop_marked_texts_are_translated_where_shown():
    from chemsec.core.uploads import KIND_TEXT
    from chemsec.protection.plan_sources import SOURCES

    with translation.override("ru"):
        assert gettext(KIND_TEXT["pdf"]) == "документ PDF"
        assert gettext(SOURCES["chemicals"].title) == "Химикаты, представляющие интерес"
