"""A report read in Arabic (issue 11): each left-to-right datum of a product line (quantity,
code, name) and each line of typed text is isolated in its own direction, on the page and
in the PDF's HTML (WeasyPrint reads an explicit dir, not dir="auto"); its times in the
localized date-and-time format; the order import's counts in their plural forms."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.core.writes import write_create
from chemsec.supplychain.models import Case, OrderImport
from chemsec.supplychain.presenters import import_error_html, import_error_text, text_direction
from chemsec.supplychain.services.reports import report_ask, report_send
from chemsec.supplychain.templatetags.supplychain_labels import (
    sc_datetime,
    sc_product_line,
    sc_text,
)
from chemsec.supplychain.tests.test_pages import client_for

QUESTION = "Who collected the previous orders?"
SUMMARY = "Refused to renew the statement and asked for delivery to a new address."


def test_the_direction_is_that_of_the_first_letter_with_one():
    assert text_direction("Who collected it?") == "ltr"
    assert text_direction("من استلم الطلبات؟") == "rtl"
    assert text_direction("96 % (SA96)") == "ltr"  # digits and signs have none
    assert text_direction("  ١٢ — شركة Acme") == "rtl"
    assert text_direction("12 — ?") == ""
    assert text_direction(None) == ""


@settings(max_examples=15)
@given(st.text(alphabet=st.sampled_from("ab <&>\"'?.\nسلام12-"), max_size=30))
def test_typed_text_is_escaped_and_each_line_isolated(text):
    html = str(sc_text(text))
    if not text.strip():
        assert html == ""
        return
    lines = text.replace("\r", "\n").split("\n")
    assert html.count("\n") == len(lines) - 1  # the line breaks kept for a pre-wrap block
    assert html.count("<bdi") == sum(1 for line in lines if line)
    assert re.sub(r"</?bdi[^>]*>", "", html) == "\n".join(
        line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;").replace("'", "&#x27;")
        for line in lines
    )  # fmt: skip


def test_an_english_line_and_an_arabic_line_each_take_their_own_direction():
    assert str(sc_text(f"{QUESTION}\nمن استلم؟")) == (
        f'<bdi dir="ltr">{QUESTION}</bdi>\n<bdi dir="rtl">من استلم؟</bdi>'
    )


def test_a_product_line_isolates_quantity_code_and_name_in_reading_order():
    line = {"code": "SA96", "name": "Sulphuric acid 96 %", "quantity": "8", "unit": "pack"}
    with translation.override("ar"):
        html = str(sc_product_line(line))
    quantity = html.index('<bdi dir="ltr">8</bdi>')
    code = html.index('<bdi dir="ltr" class="code-id">SA96</bdi>')
    name = html.index('<bdi dir="ltr">Sulphuric acid 96 %</bdi>')
    assert quantity < code < name  # read from the right in Arabic: 8, packs, SA96, the name
    typed = {"code": "X<1", "name": "مذيب", "quantity": "2.5", "unit": "kg"}
    assert str(sc_product_line(typed)) == (
        '<bdi dir="ltr">2.5</bdi> <bdi>kg</bdi> <bdi dir="ltr" class="code-id">X&lt;1</bdi>'
        ' <bdi dir="rtl">مذيب</bdi>'
    )


def test_a_stored_time_and_a_body_time_read_the_same():
    from datetime import UTC, datetime

    moment = datetime(2026, 12, 7, 13, 20, tzinfo=UTC)
    with translation.override("ar"):
        assert sc_datetime(moment) == sc_datetime("2026-12-07T13:20:00+00:00")
        assert sc_datetime(moment) == "7 ديسمبر، 2026، 1:20 م (UTC)"


def test_an_import_error_isolates_the_values_quoted_from_the_file():
    error = {"code": "unknown_product", "params": {"value": "OCCSCCO.[Na+].[Cl-]"}}
    with translation.override("ar"):
        html = str(import_error_html(error))
    assert '<bdi dir="ltr">OCCSCCO.[Na+].[Cl-]</bdi>' in html
    missing = {"code": "missing_columns", "params": {"columns": ["customer", "product"]}}
    with translation.override("ar"):
        assert "customer، product" in import_error_text(missing)  # the Arabic comma
    assert import_error_text(missing) == "The file lacks the columns: customer, product."


@pytest.fixture
def sent_report(record, public_buyer, peroxide, alice, meridian, officer, authority):
    record(public_buyer, peroxide, quantity="8")
    case = Case.objects.get()
    client_for(alice).post(reverse("supplychain:case_decide", args=[case.pk]),
                           {"status": "suspicious"})  # fmt: skip
    report = report_send(
        actor=alice, organisation=meridian, authority=authority,
        kind="suspicious_transaction", summary=SUMMARY, case=Case.objects.get(),
    )  # fmt: skip
    report_ask(actor=officer, report=report, text=QUESTION)
    return report


@pytest.mark.django_db
def test_the_report_page_and_its_pdf_isolate_typed_text_in_arabic(sent_report, officer):
    client = client_for(officer)
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("supplychain:report", args=[sent_report.pk])).content.decode()
    with translation.override("ar"):
        pdf_html = render_to_string("supplychain/report_print.html", {
            "item": sent_report, "body": sent_report.body,
            "thread": sent_report.messages.all(), "marking": "", "document_title": "",
        })  # fmt: skip
    for html in (page, pdf_html):
        assert 'dir="rtl"' in html  # the page is Arabic
        assert f'<p class="pre-wrap" dir="ltr"><bdi dir="ltr">{SUMMARY}</bdi></p>' in html
        assert f'<bdi dir="ltr">{QUESTION}</bdi>' in html
        assert '<bdi dir="ltr" class="code-id">HP30</bdi>' in html
        assert '<bdi dir="ltr">8</bdi>' in html
        assert "، 2026، " in html  # DATETIME_FORMAT's Arabic commas, on every time


@pytest.mark.django_db
def test_the_import_summary_counts_each_phrase_in_its_plural_form(alice, meridian, monkeypatch):
    record = write_create(OrderImport(
        organisation=meridian, file_name="orders.csv", status="done",
        row_count=6, order_count=2, error_count=4,
    ), actor=alice)  # fmt: skip
    calls: list[tuple[str, int]] = []
    real = translation.ngettext

    def spy(singular: str, plural: str, number: int) -> str:
        calls.append((singular, number))
        return real(singular, plural, number)

    monkeypatch.setattr(translation, "ngettext", spy)
    page = client_for(alice).get(reverse("supplychain:order_import_detail", args=[record.pk]))
    assert page.status_code == 200
    assert ("%(counter)s row read.", 6) in calls
    assert ("%(counter)s order recorded.", 2) in calls
    assert ("%(counter)s row with errors.", 4) in calls
    assert "6 rows read. 2 orders recorded. 4 rows with errors." in page.content.decode()
