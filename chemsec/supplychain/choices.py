"""Vocabularies of the supply chain: stable codes with translated labels.

The codes of `Indicator`, `PaymentMethod`, `CustomerType` and `StatementKind` are also the
vocabulary of the rule engine (chemsec/supplychain/engine) and of the rule files under
chemsec/content/rules/, so they never change once shipped.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CustomerType(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional user")
    ECONOMIC_OPERATOR = "economic_operator", _("Economic operator")
    GENERAL_PUBLIC = "general_public", _("Member of the general public")


class RecordKind(models.TextChoices):
    IDENTITY = "identity", _("Identity document seen")
    STATEMENT = "statement", _("End-use statement")


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    IDENTITY_CARD = "identity_card", _("Identity card")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    COMPANY_REGISTER = "company_register", _("Company register extract")
    OTHER = "other", _("Other document")


class StatementKind(models.TextChoices):
    EU_ANNEX_IV = "eu_annex_iv", _("Customer statement (Regulation (EU) 2019/1148, Annex IV)")
    DRUG_PRECURSOR = "drug_precursor", _("Drug-precursor customer declaration")
    CWC_END_USE = "cwc_end_use", _("CWC end-use certificate (Schedule 3 export)")


class PaymentMethod(models.TextChoices):
    ACCOUNT = "account", _("On account (invoice)")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CARD = "card", _("Card")
    CASH = "cash", _("Cash")
    THIRD_PARTY = "third_party", _("Paid by a third party")


class Channel(models.TextChoices):
    COUNTER = "counter", _("Counter")
    PHONE = "phone", _("Phone")
    ONLINE = "online", _("Online shop")
    API = "api", _("API (marketplace or ERP)")


class OrderOutcome(models.TextChoices):
    """What became of the order: attempted and refused sales are orders too (reportable)."""

    PENDING = "pending", _("Pending")
    SOLD = "sold", _("Sold")
    REFUSED = "refused", _("Refused")
    ABANDONED = "abandoned", _("Attempted, not completed")


class Decision(models.TextChoices):
    ALLOW = "allow", _("Allow")
    REVIEW = "review", _("Review")
    HOLD = "hold", _("Hold")


class Indicator(models.TextChoices):
    """The behavioural indicators of Regulation (EU) 2019/1148, Article 9(1)(a)-(e), as a
    member of staff records them."""

    UNCLEAR_USE = "unclear_use", _("(a) Appears unclear about the intended use")
    UNFAMILIAR_USE = (
        "unfamiliar_use",
        _("(b) Appears unfamiliar with the intended use or cannot plausibly explain it"),
    )
    UNCOMMON_QUANTITY = (
        "uncommon_quantity",
        _("(c) Quantities, combinations or concentrations uncommon for legitimate use"),
    )
    REFUSES_IDENTITY = (
        "refuses_identity",
        _("(d) Unwilling to provide proof of identity, residence or professional status"),
    )
    UNUSUAL_PAYMENT = (
        "unusual_payment",
        _("(e) Insists on unusual methods of payment, including large amounts of cash"),
    )


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    SUSPICIOUS = "suspicious", _("Deemed suspicious")
    NOT_SUSPICIOUS = "not_suspicious", _("Not suspicious")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Closed")


# Where a case may go by a reviewer's decision. "reported" is reached only by sending a
# report (reports.report_send); a case deemed suspicious cannot be closed unreported.
CASE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.NEW: (CaseStatus.IN_REVIEW, CaseStatus.SUSPICIOUS, CaseStatus.NOT_SUSPICIOUS),
    CaseStatus.IN_REVIEW: (CaseStatus.SUSPICIOUS, CaseStatus.NOT_SUSPICIOUS),
    CaseStatus.SUSPICIOUS: (),
    CaseStatus.NOT_SUSPICIOUS: (CaseStatus.CLOSED, CaseStatus.IN_REVIEW),
    CaseStatus.REPORTED: (CaseStatus.CLOSED,),
    CaseStatus.CLOSED: (CaseStatus.IN_REVIEW,),
}
OPEN_CASE_STATUSES = (CaseStatus.NEW, CaseStatus.IN_REVIEW, CaseStatus.SUSPICIOUS)


class ReportKind(models.TextChoices):
    SUSPICIOUS_TRANSACTION = "suspicious_transaction", _("Suspicious transaction")
    DISAPPEARANCE = "disappearance", _("Significant disappearance")
    THEFT = "theft", _("Theft")


class ReportStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    CLOSED = "closed", _("Closed")


class MessageKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    REQUEST = "request", _("Request for information")
    RESPONSE = "response", pgettext_lazy("report message", "Response")
    CLOSURE = "closure", _("Closure")
