"""Customers, their verification, products, orders, alerts, cases and reports of a supplier.

Customers, orders, cases and reports are restricted by default (the supplier's admins and
the member who made them, plus named shares); a report is read only by its sender and the
national authority it is addressed to (querysets.py). The parts (verification records,
order lines, alerts, report messages) are written through chemsec.core.writes as well.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chemsec.core.choices import Confidentiality, OrganisationKind
from chemsec.core.limits import TEXT_NOTE, text
from chemsec.core.limits import country_code_valid as country_code_valid  # re-exported
from chemsec.core.models import AuditedModel, Organisation, OwnedModel
from chemsec.supplychain.choices import (
    CaseStatus,
    Channel,
    CustomerType,
    Decision,
    DocumentKind,
    MessageKind,
    OrderOutcome,
    PaymentMethod,
    RecordKind,
    ReportKind,
    ReportStatus,
    StatementKind,
)
from chemsec.supplychain.querysets import ReportQuerySet

REPORT_WINDOW = dt.timedelta(hours=24)  # Regulation (EU) 2019/1148, Article 9
# An address (a customer's, an order's delivery address), in characters: the model refuses
# a longer one (`full_clean` on every write), and the form, the API schemas and the import
# read the same number.
ADDRESS_MAX = 2000
STATEMENT_VALIDITY_DAYS = 365  # a customer statement is renewed yearly (Article 8 practice)


def _restricted() -> Any:
    return models.CharField(
        _("confidentiality"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.RESTRICTED,
    )


def folded(text: str) -> str:
    """A name, number, phone or address as it is looked up: Unicode's compatibility caseless
    form (The Unicode Standard, section 3.13, D146: decomposed, case-folded with the full
    folding, twice, so that "ΐ" and its capital "Ϊ́" fold alike), with the Turkish dotted and
    dotless i taken as i (an ERP may write "KİMYA" or "KIMYA" for "Kimya"), kept composed
    (NFKC). "ß" is "ss"; Cyrillic, Greek and accented capitals fold too, which SQLite's
    LOWER() does not; so a text spelt as stored, in any case, is found on every database."""
    key = unicodedata.normalize("NFKD", unicodedata.normalize("NFD", text.strip()).casefold())
    key = unicodedata.normalize("NFKD", key.casefold()).replace("\u0131", "i")
    if "\u0307" in key:
        key = _undotted(key)
    return unicodedata.normalize("NFKC", key).strip()


def _undotted(key: str) -> str:
    """A decomposed text without the dot above an i ("İ" folds to "i" and a dot): other
    letters keep theirs ("ż" is not "z")."""
    kept: list[str] = []
    after_i = False
    for char in key:
        if char == "\u0307" and after_i:
            continue
        if not unicodedata.combining(char):
            after_i = char == "i"
        kept.append(char)
    return "".join(kept)


def link_key(text: str) -> str:
    """A phone number or a delivery address as customers are linked by it: the SHA-256 of
    `folded(text)` in hex (empty for an empty text, which links nothing). A digest keeps the
    key 64 characters long whatever the address's length (a PostgreSQL index refuses an
    entry of more than about 2,700 bytes); equal folded texts have equal digests."""
    key = folded(text)
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest() if key else ""


class FoldedKey(models.CharField):  # type: ignore[type-arg]
    """`folded(source)`, kept by the model on every insert (`save` and `bulk_create` both
    call `pre_save`), and by `Customer.save` on updates of the source."""

    @staticmethod
    def key(text: str) -> str:
        return folded(text)

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.key(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


class LinkKey(FoldedKey):
    """`link_key(source)`: a folded key kept as its digest (see `link_key`)."""

    @staticmethod
    def key(text: str) -> str:
        return link_key(text)


class Customer(OwnedModel):
    """A buyer of a supplier: a company, a professional user or a member of the public."""

    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    legal_name = models.CharField(_("legal name"), max_length=200)
    other_names = models.TextField(_("other names"), blank=True, help_text=_("One a line."))
    registration_number = models.CharField(
        _("registration or VAT number"), max_length=60, blank=True
    )
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    billing_address = models.TextField(_("billing address"), blank=True)
    delivery_address = models.TextField(_("delivery address"), blank=True)
    customer_type = models.CharField(_("customer type"), max_length=24, choices=CustomerType)
    declared_trade = models.CharField(_("declared trade"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    confidentiality = _restricted()
    # The legal name and the number as looked up (imports): folded in Python, not by LOWER().
    name_key = FoldedKey(max_length=800, source="legal_name")
    number_key = FoldedKey(max_length=240, source="registration_number")
    # The phone and the delivery address as linked customers share them (history.py).
    phone_key = LinkKey(max_length=64, source="phone")
    address_key = LinkKey(max_length=64, source="delivery_address")
    # The declared trade as peers share it (trade_peers.py: same supplier, same folded trade).
    trade_key = FoldedKey(max_length=800, source="declared_trade")

    class Meta:
        ordering = ["legal_name"]
        indexes = [
            models.Index(fields=["organisation", "legal_name"]),
            models.Index(fields=["organisation", "name_key"]),
            models.Index(fields=["organisation", "number_key"]),
            models.Index(fields=["organisation", "phone_key"]),
            models.Index(fields=["organisation", "address_key"]),
            # With the id: the declared trade's peers (trade_peers.py) check a line's
            # customer from this index alone, without reading the customer's row.
            models.Index(fields=["organisation", "trade_key", "id"]),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def clean(self) -> None:
        _check_country(self, "country")
        for key in _keys(self):
            setattr(self, key.attname, key.key(getattr(self, key.source) or ""))

    def save(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("update_fields")
        if fields is not None:
            named = set(fields)
            kept = [key.name for key in _keys(self) if key.source in named]
            kwargs["update_fields"] = [*fields, *(name for name in kept if name not in named)]
        super().save(*args, **kwargs)


def _keys(obj: models.Model) -> list[FoldedKey]:
    """The model's folded and link keys."""
    return [f for f in obj._meta.concrete_fields if isinstance(f, FoldedKey)]


def _check_country(obj: models.Model, field: str) -> None:
    value = getattr(obj, field) or ""
    if value and not country_code_valid(value):
        raise ValidationError({field: _("Use the two-letter ISO 3166-1 code.")})
    setattr(obj, field, value.upper())


class VerificationRecord(AuditedModel):
    """An identity document seen, or an end-use statement received, for one customer.

    Only the document kind and the last characters of its number are kept, never a copy.
    """

    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("record"), max_length=16, choices=RecordKind)
    document_kind = models.CharField(_("document"), max_length=24, choices=DocumentKind, blank=True)
    number_last = models.CharField(_("last characters of the number"), max_length=4, blank=True)
    statement_kind = models.CharField(
        _("statement"), max_length=24, choices=StatementKind, blank=True
    )
    products = models.CharField(_("products covered"), max_length=300, blank=True)
    intended_use = models.CharField(_("intended use"), max_length=300, blank=True)
    checked_on = models.DateField(_("seen on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-checked_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.checked_on}"

    @property
    def organisation(self) -> Organisation:
        return self.customer.organisation

    def clean(self) -> None:
        if self.kind == RecordKind.IDENTITY and not self.document_kind:
            raise ValidationError({"document_kind": _("Say which document was seen.")})
        if self.kind == RecordKind.STATEMENT and not self.statement_kind:
            raise ValidationError({"statement_kind": _("Say which statement was received.")})
        if self.valid_until and self.valid_until < self.checked_on:
            raise ValidationError(
                {"valid_until": _("A statement cannot expire before it is seen.")}
            )

    def valid_on(self, day: dt.date) -> bool:
        return self.checked_on <= day and (self.valid_until is None or day <= self.valid_until)


class Product(OwnedModel):
    """A product in a supplier's catalogue, with its components screened against the lists."""

    code = models.CharField(_("product code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    pack_size = models.CharField(_("pack size"), max_length=60, blank=True)
    # [{"cas", "name", "concentration"}], as entered.
    components = models.JSONField(_("components"), default=list)
    # Per component: the screening status and every list entry matched, with its limit
    # values, source and data version (see services/products.py).
    screening = models.JSONField(default=list, blank=True)
    listed = models.BooleanField(default=False)
    eu_restricted = models.BooleanField(default=False)  # an Annex I component above its limit
    eu_regulated = models.BooleanField(default=False)  # any Annex I or II component
    cwc_schedules = models.JSONField(default=list, blank=True)  # ["2", "3"]
    ag_listed = models.BooleanField(default=False)
    screened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="one_product_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Order(OwnedModel):
    """One order, attempted or refused sale of a supplier, with what staff observed."""

    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders")
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel)
    ordered_at = models.DateTimeField(_("ordered at"), default=timezone.now)
    delivery_country = models.CharField(_("delivery country"), max_length=2)
    delivery_address = models.TextField(
        _("delivery address"), blank=True, validators=text(ADDRESS_MAX)
    )
    payment_method = models.CharField(_("payment"), max_length=16, choices=PaymentMethod)
    payer_name = models.CharField(_("payer, if not the customer"), max_length=200, blank=True)
    # The account paid from, as payment_links.py keeps it: a keyed hash to link customers
    # paying from the same account, and its last four characters; never the account.
    payment_account_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    payment_account_last = models.CharField(
        _("payment account (last characters)"), max_length=4, blank=True, default=""
    )
    # Who receives the goods and who declares the end use, when not the customer: both are
    # screened against the denied-party lists like the customer.
    consignee_name = models.CharField(_("consignee"), max_length=200, blank=True)
    consignee_country = models.CharField(_("consignee's country"), max_length=2, blank=True)
    end_user_name = models.CharField(_("declared end user"), max_length=200, blank=True)
    end_user_country = models.CharField(_("end user's country"), max_length=2, blank=True)
    indicators = models.JSONField(_("indicators observed"), default=list, blank=True)
    observations = models.TextField(_("staff observations"), blank=True, validators=text(TEXT_NOTE))
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=OrderOutcome, default=OrderOutcome.PENDING
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision)
    # The engine's full evaluation (rules breached, citations, facts, scores): internal,
    # never shown to the customer or returned by the order API (tipping-off).
    evaluation = models.JSONField(default=dict, blank=True)
    confidentiality = _restricted()

    class Meta:
        ordering = ["-ordered_at"]
        indexes = [
            models.Index(fields=["organisation", "ordered_at"]),
            models.Index(fields=["customer", "ordered_at"]),
            models.Index(fields=["organisation", "payment_account_key"]),
        ]

    def __str__(self) -> str:
        return self.reference or f"{self.customer} {self.ordered_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        _check_country(self, "delivery_country")
        for name in ("consignee_country", "end_user_country"):
            if getattr(self, name):
                _check_country(self, name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, and when an existing order's time or customer is saved, its lines' copies
        of them (OrderLine.ordered_at, .customer) with it. The copies are derived values:
        the order's own audit entry records the change."""
        fields = kwargs.get("update_fields")
        copied = {"ordered_at", "customer", "customer_id"}
        follow = not self._state.adding and (fields is None or bool(copied & set(fields)))
        super().save(*args, **kwargs)
        if follow:
            OrderLine.objects.filter(order=self).update(
                ordered_at=self.ordered_at, customer_id=self.customer_id
            )


class _OrderCopy:
    """A line's copy of one of its order's fields (`source`, the attribute name), taken
    from the order on every insert (`save` and `bulk_create` both call `pre_save`), so that
    every writer of lines (the per-order service, the batch import, a test's fixture)
    stores the order's value; `Order.save` keeps it when the order's value changes. Blank
    until then, so that `full_clean` before the insert does not ask for it."""

    source = ""
    attname: str

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance.order, self.source)  # type: ignore[attr-defined]
        setattr(model_instance, self.attname, value)
        return value


class OrderTime(_OrderCopy, models.DateTimeField):  # type: ignore[type-arg]
    """The line's order's `ordered_at`."""

    source = "ordered_at"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)


class OrderCustomer(_OrderCopy, models.ForeignKey):  # type: ignore[type-arg]
    """The line's order's customer."""

    source = "customer_id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)


class OrderLine(AuditedModel):
    """One product and quantity of an order."""

    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    # Indexed by the (product, ordered_at, ...) index below, which a product's lines lead.
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+", db_index=False)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=12, default="pack")
    # The order's time and customer, copied (_OrderCopy) for the declared trade's peers
    # (trade_peers.py): the newest lines of a product in a window are one range of the
    # (product, ordered_at, ...) index, joined to the customer for its trade only, without
    # reading each line's order. Not indexed by customer: a line is found by its product,
    # and the order's PROTECT already guards a customer with orders (DO_NOTHING spares
    # Django's deletion a scan of every line for nothing).
    ordered_at = OrderTime(_("ordered at"))
    customer = OrderCustomer(
        Customer, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["created_at"]
        # A product's lines newest first, then by id (the peers' tie-breaker), with what
        # the peers read of them: the read never touches the lines' rows (on SQLite, where
        # such rows are scattered over the file, those reads were most of its time).
        indexes = [models.Index(fields=["product", "ordered_at", "id", "customer", "quantity"])]

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit} {self.product.code}"

    @property
    def organisation(self) -> Organisation:
        return self.order.organisation

    def clean(self) -> None:
        if self.quantity is not None and self.quantity <= 0:
            raise ValidationError({"quantity": _("The quantity must be positive.")})


class Case(OwnedModel):
    """A customer's alerts under review, with the 24-hour clock once deemed suspicious."""

    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus, default=CaseStatus.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    deemed_suspicious_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    confidentiality = _restricted()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.customer} ({self.get_status_display()})"

    @property
    def report_due_at(self) -> dt.datetime | None:
        """When the report is due: 24 hours after the case was deemed suspicious."""
        if self.deemed_suspicious_at is None:
            return None
        return self.deemed_suspicious_at + REPORT_WINDOW

    def clock(self, now: dt.datetime | None = None) -> dt.timedelta | None:
        """Time left to report (negative when overdue); None when no clock runs."""
        due = self.report_due_at
        if due is None or self.status != CaseStatus.SUSPICIOUS:
            return None
        return due - (now or timezone.now())

    @property
    def overdue(self) -> bool:
        left = self.clock()
        return left is not None and left.total_seconds() < 0


class Alert(AuditedModel):
    """An order the rules sent for review or hold, with every rule it breached."""

    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="alerts")
    decision = models.CharField(_("decision"), max_length=8, choices=Decision)
    typologies = models.JSONField(default=list, blank=True)  # [{code, title, score, ...}]
    breaches = models.JSONField(default=list, blank=True)  # [{urn, title, citation, facts}]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.order}"

    @property
    def organisation(self) -> Organisation:
        return self.case.organisation


class Report(OwnedModel):
    """A report to a national contact point: a suspicious transaction, a significant
    disappearance or a theft. Read by its sender and the addressed authority only."""

    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("national authority"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ReportKind)
    status = models.CharField(
        _("status"), max_length=24, choices=ReportStatus, default=ReportStatus.SENT
    )
    summary = models.TextField(_("what happened"))
    # The structured report as sent (customer, products, quantities, indicators, times,
    # observations): frozen at sending, so later edits of the case do not change it.
    body = models.JSONField(default=dict)
    sent_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    confidentiality = _restricted()

    objects = ReportQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["authority", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.authority_id and self.authority.kind != OrganisationKind.NATIONAL_AUTHORITY:
            raise ValidationError({"authority": _("Reports go to a national authority.")})


class ReportMessage(AuditedModel):
    """One message on a report's thread: an acknowledgement, a question, an answer."""

    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_authority = models.BooleanField(default=False)
    kind = models.CharField(_("kind"), max_length=16, choices=MessageKind)
    text = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"

    @property
    def organisation(self) -> Organisation:
        return self.report.organisation


class OrderImport(OwnedModel):
    """An ERP export of orders (CSV or XLSX), read by a background job: every row is kept
    with its line number and either the order it became or why it could not (nothing is
    dropped). Rows sharing an order reference are the lines of one order."""

    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    file_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(_("status"), max_length=12, default="queued")
    row_count = models.PositiveIntegerField(default=0)
    order_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # A file-level problem (no such column, unreadable), as a code and its parameters.
    problem = models.JSONField(default=dict, blank=True)
    confidentiality = _restricted()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class OrderImportRow(AuditedModel):
    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    order_import = models.ForeignKey(OrderImport, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()
    cells = models.JSONField(default=dict)
    # Why the row is not an order: [{"code": "unknown_product", "params": {...}}, ...].
    errors = models.JSONField(default=list, blank=True)
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["line"]

    def __str__(self) -> str:
        return f"{self.order_import} line {self.line}"

    @property
    def organisation(self) -> Organisation:
        return self.order_import.organisation


class RuleSnooze(OwnedModel):
    """A rule set aside for one customer, with a justification, until a date (at most 90
    days): its breaches are still recorded with the order but do not count."""

    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="snoozes")
    rule_code = models.CharField(_("rule"), max_length=40)
    justification = models.TextField(_("justification"))
    expires_on = models.DateField(_("until"))
    confidentiality = _restricted()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.rule_code} for {self.customer} until {self.expires_on}"

    def active_on(self, day: dt.date) -> bool:
        return day <= self.expires_on


class Disposition(models.TextChoices):
    FALSE_POSITIVE = "false_positive", _("False positive")
    USEFUL = "useful", _("Useful")
    CONFIRMED = "confirmed", _("Confirmed")


class RuleDisposition(AuditedModel):
    """A reviewer's verdict on one rule of one alert: how each rule's precision is known."""

    AUDIT_CONCEALS_PARTIES: ClassVar[bool] = True  # chemsec/core/audit_redaction.py

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="dispositions")
    rule_code = models.CharField(_("rule"), max_length=40)
    disposition = models.CharField(_("disposition"), max_length=16, choices=Disposition)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "rule_code"], name="one_disposition_per_rule")
        ]

    def __str__(self) -> str:
        return f"{self.rule_code}: {self.disposition}"

    @property
    def organisation(self) -> Organisation:
        return self.alert.case.organisation


class MailPreference(AuditedModel):
    """A person's choices for the supply chain's e-mails (chemsec/supplychain/notifications.py):
    the language they are written in, and whether the daily digest comes at all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supplychain_mail"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True,
        help_text=_("Empty: the portal's default language."),
    )  # fmt: skip
    daily_digest = models.BooleanField(_("daily digest"), default=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.language or '-'}"
