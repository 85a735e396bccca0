"""Forms for customers, verification, products, the counter, cases and reports."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chemsec.core.choices import Confidentiality
from chemsec.core.limits import TEXT_NOTE
from chemsec.core.models import Organisation, User
from chemsec.supplychain.choices import (
    CaseStatus,
    Channel,
    CustomerType,
    DocumentKind,
    Indicator,
    OrderOutcome,
    PaymentMethod,
    RecordKind,
    ReportKind,
    StatementKind,
)
from chemsec.supplychain.countries import Countries, country_error
from chemsec.supplychain.models import ADDRESS_MAX, Customer, Disposition, Product

LINE_SLOTS = 3  # product lines on the counter form (no JavaScript needed)


def _blank(label: Any, choices: Any) -> list[Any]:
    return [("", label), *choices]


def _clean_country(form: forms.Form, name: str) -> str:
    """A country field, upper case, refused unless it names a country (countries.py):
    an unknown code would be taken for a State Party by the CWC rules."""
    value = str(form.cleaned_data.get(name) or "").strip().upper()
    error = country_error(form.fields[name].label, value, Countries())
    if error:
        raise forms.ValidationError(error, code="unknown_country")
    return value


class CustomerForm(forms.Form):
    legal_name = forms.CharField(label=_("Legal name"), max_length=200)
    other_names = forms.CharField(
        label=_("Other names (one a line)"), required=False, widget=forms.Textarea({"rows": 2})
    )
    customer_type = forms.ChoiceField(label=_("Customer type"), choices=CustomerType.choices)
    registration_number = forms.CharField(
        label=_("Registration or VAT number"), max_length=60, required=False
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        min_length=2,
        help_text=_("Two-letter ISO 3166-1 code, e.g. FR"),
    )
    billing_address = forms.CharField(
        label=_("Billing address"), required=False, widget=forms.Textarea({"rows": 2})
    )
    delivery_address = forms.CharField(
        label=_("Delivery address"), required=False, widget=forms.Textarea({"rows": 2})
    )
    declared_trade = forms.CharField(label=_("Declared trade"), max_length=200, required=False)
    contact_person = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    confidentiality = forms.ChoiceField(
        label=_("Who may see this customer"),
        choices=[
            (Confidentiality.RESTRICTED, _("Restricted: admins and the person recording it")),
            (Confidentiality.ORGANISATION, _("Everyone in the organisation")),
        ],
        initial=Confidentiality.RESTRICTED,
    )

    def clean_country(self) -> str:
        return _clean_country(self, "country")


class VerificationForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("verification record", "Record"), choices=RecordKind.choices
    )
    checked_on = forms.DateField(
        label=_("Seen on"), required=False, widget=forms.DateInput({"type": "date"})
    )
    document_kind = forms.ChoiceField(
        label=_("Identity document"),
        required=False,
        choices=_blank(_("(not an identity document)"), DocumentKind.choices),
    )
    number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=60,
        help_text=_("Only its last four characters are kept."),
    )
    statement_kind = forms.ChoiceField(
        label=_("Statement"),
        required=False,
        choices=_blank(_("(not a statement)"), StatementKind.choices),
    )
    products = forms.CharField(label=_("Products covered"), max_length=300, required=False)
    intended_use = forms.CharField(label=_("Intended use"), max_length=300, required=False)
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
        help_text=_("Leave empty for 12 months from the day it was seen."),
    )


class ProductForm(forms.Form):
    code = forms.CharField(label=_("Product code"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=200)
    pack_size = forms.CharField(label=_("Pack size"), max_length=60, required=False)
    components = forms.CharField(
        label=_("Components"),
        widget=forms.Textarea({"rows": 4}),
        help_text=_("One a line: CAS number, concentration in % w/w, name. E.g. 7722-84-1, 30, "
                    "Hydrogen peroxide"),
    )  # fmt: skip

    def clean_components(self) -> list[dict[str, str]]:
        rows = []
        for line in self.cleaned_data["components"].splitlines():
            parts = [part.strip() for part in line.split(",")]
            if parts and parts[0]:
                rows.append(
                    {
                        "cas": parts[0],
                        "concentration": parts[1] if len(parts) > 1 else "",
                        "name": ", ".join(parts[2:]),
                    }
                )
        if not rows:
            raise forms.ValidationError(_("Give at least one component by CAS number."))
        return rows


class OrderForm(forms.Form):
    """The counter: who, what, how they pay, and what staff observed, in one screen."""

    customer: forms.ModelChoiceField[Customer] = forms.ModelChoiceField(
        label=_("Customer"), queryset=Customer.objects.none()
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=OrderOutcome.choices, initial=OrderOutcome.PENDING
    )
    payment_method = forms.ChoiceField(label=_("Payment"), choices=PaymentMethod.choices)
    payer_name = forms.CharField(
        label=_("Payer, if not the customer"), max_length=200, required=False
    )
    payment_account = forms.CharField(
        label=_("Payment account"),
        max_length=100,
        required=False,
        help_text=_(
            "IBAN, card number or card fingerprint, to link customers paying from the same "
            "account. Only a keyed digest and the last four characters are kept."
        ),
        widget=forms.TextInput({"autocomplete": "off"}),
    )
    delivery_country = forms.CharField(
        label=_("Delivery country"),
        required=False,
        max_length=2,
        help_text=_("Empty: the customer's country."),
    )
    delivery_address = forms.CharField(
        label=_("Delivery address"),
        required=False,
        max_length=ADDRESS_MAX,
        widget=forms.Textarea({"rows": 2}),
    )
    consignee_name = forms.CharField(
        label=_("Consignee, if not the customer"), max_length=200, required=False
    )
    consignee_country = forms.CharField(
        label=_("Consignee's country"), max_length=2, required=False
    )
    end_user_name = forms.CharField(
        label=_("Declared end user, if not the customer"), max_length=200, required=False
    )
    end_user_country = forms.CharField(label=_("End user's country"), max_length=2, required=False)
    reference = forms.CharField(label=_("Reference"), max_length=80, required=False)
    indicators = forms.MultipleChoiceField(
        label=_("What the customer did (Regulation (EU) 2019/1148, Article 9(1))"),
        required=False,
        choices=Indicator.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    observations = forms.CharField(
        label=_("Staff observations"),
        required=False,
        max_length=TEXT_NOTE,
        widget=forms.Textarea({"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        customers: QuerySet[Customer] | None = None,
        products: QuerySet[Product] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        customer = self.fields["customer"]
        assert isinstance(customer, forms.ModelChoiceField)
        customer.queryset = customers if customers is not None else Customer.objects.none()
        for slot in range(1, LINE_SLOTS + 1):
            self.fields[f"product_{slot}"] = forms.ModelChoiceField(
                label=_("Product %(n)s") % {"n": slot},
                queryset=products if products is not None else Product.objects.none(),
                required=slot == 1,
            )
            self.fields[f"quantity_{slot}"] = forms.DecimalField(
                label=_("Quantity %(n)s") % {"n": slot},
                required=False,
                min_value=Decimal("0.001"),
                max_digits=12,
                decimal_places=3,
            )
        # The counter's order: who, what, how they pay, what they did; the rest after.
        self.order_fields(
            ["customer"]
            + [
                f"{kind}_{slot}"
                for slot in range(1, LINE_SLOTS + 1)
                for kind in ("product", "quantity")
            ]
            + ["payment_method", "indicators", "observations", "outcome", "channel"]
        )

    def clean_delivery_country(self) -> str:
        return _clean_country(self, "delivery_country")

    def clean_consignee_country(self) -> str:
        return _clean_country(self, "consignee_country")

    def clean_end_user_country(self) -> str:
        return _clean_country(self, "end_user_country")

    def lines(self) -> list[tuple[Product, Decimal]]:
        found = []
        for slot in range(1, LINE_SLOTS + 1):
            product = self.cleaned_data.get(f"product_{slot}")
            if product is not None:
                quantity = self.cleaned_data.get(f"quantity_{slot}") or Decimal(1)
                found.append((product, quantity))
        return found


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OrderOutcome.choices)


class CaseDecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=())
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Required when the case is not suspicious."),
    )

    def __init__(self, *args: Any, statuses: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        # No decision is preselected: "Decide" without a choice must not deem a case
        # suspicious and start the 24-hour clock (QA did that by accident).
        status.choices = [("", "---------")] + [
            (code, CaseStatus(code).label) for code in statuses or []
        ]


class _PersonField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """People by their user names (the portal names them so everywhere)."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_username()


class CaseAssignForm(forms.Form):
    reviewer = _PersonField(
        label=_("Hand the case to"),
        queryset=User.objects.none(),
        help_text=_(
            "A reviewer or admin of your organisation: the case and its customer are "
            "shared with them."
        ),
    )

    def __init__(
        self,
        *args: Any,
        reviewers: list[User] | None = None,
        current: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if current is not None:
            self.initial.setdefault("reviewer", current.pk)  # the case's reviewer now
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[u.pk for u in reviewers or []]).order_by(
            "username"
        )


class ReportForm(forms.Form):
    authority: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("National contact point"), queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    summary = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea({"rows": 5}),
        help_text=_("Products and quantities, times, what staff observed, documents held."),
    )

    def __init__(
        self,
        *args: Any,
        authorities: QuerySet[Organisation] | None = None,
        kinds: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        authority = self.fields["authority"]
        assert isinstance(authority, forms.ModelChoiceField)
        if authorities is not None:
            authority.queryset = authorities
        if kinds is not None:
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = [(code, ReportKind(code).label) for code in kinds]


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), widget=forms.Textarea({"rows": 3}))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea({"rows": 2})
    )


class OrderImportForm(forms.Form):
    file = forms.FileField(
        label=_("Orders file"),
        help_text=_(
            "CSV, TSV or XLSX with the columns customer (name or registration number), "
            "product (code) and quantity; optional: reference (rows with the same reference "
            "are one order), unit, date, delivery country, payment, payer, outcome."
        ),
    )


class SnoozeForm(forms.Form):
    rule_code = forms.ChoiceField(label=_("Rule"), choices=())
    justification = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))
    expires_on = forms.DateField(
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most 90 days from today."),
    )

    def __init__(
        self,
        *args: Any,
        codes: list[str] | None = None,
        titles: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        titles = titles or {}
        self.fields["rule_code"].choices = [  # type: ignore[attr-defined]
            (c, f"{c} — {titles[c]}" if titles.get(c) else c) for c in codes or []
        ]


class DispositionForm(forms.Form):
    alert = forms.UUIDField()
    rule_code = forms.CharField(max_length=40)
    disposition = forms.ChoiceField(choices=Disposition.choices)
