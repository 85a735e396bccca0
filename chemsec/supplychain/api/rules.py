"""Rules: the rule book in force with each rule's precision from reviewers' verdicts, a rule
snoozed for one customer (time-boxed, with a justification), and a reviewer's verdict on one
rule of an alert. The services are the ones the pages call (`services.rules`)."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone, translation
from ninja import Field, Status

from chemsec.compendium.translations import api_language
from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_language import ApiLanguage
from chemsec.core.policy import NotVisible, acting_organisation, get_object
from chemsec.supplychain.api.common import SupplychainRouter
from chemsec.supplychain.api.schemas import (
    DispositionIn,
    DispositionOut,
    RuleOut,
    SnoozeIn,
    SnoozeOut,
)
from chemsec.supplychain.models import Alert, Case, Customer, RuleDisposition, RuleSnooze
from chemsec.supplychain.rule_texts import rule_description, rule_title
from chemsec.supplychain.rulebook import current_rulebook
from chemsec.supplychain.services.rules import (
    rule_dispose,
    rule_precision,
    rule_snooze,
    snoozable_codes,
)

router = SupplychainRouter()
#: ``?lang=``: the language of the rules' titles and descriptions (default: the request's
#: Accept-Language, else English). Codes, URNs and citations are the same in every language.


class RuleTextOut(RuleOut):
    """A rule as the API lists it, its title and description in the language asked for."""

    urn: str = Field(description="The rule's URN in the rule files (the same in every language)")
    description: str = Field(description="What the rule checks, in `language`")
    language: str = Field(
        description="The language of `title` and `description`: the one asked for (?lang= or "
        "Accept-Language) when ChemSec has the rule's texts in it, else en (the rule file's)"
    )


@router.get("/supplychain/rules", response=list[RuleTextOut], auth=MEMBERS)
def supplychain_rule_list(request: HttpRequest, lang: ApiLanguage | None = None) -> list[Any]:
    """The rules in force with their citations, whether a reviewer may snooze each for a
    customer, and their precision from the verdicts on the alerts you may see; titles and
    descriptions in the language asked for (``?lang=`` or Accept-Language), codes and URNs
    as they are."""
    language = api_language(lang)
    snoozable = set(snoozable_codes())
    urns = {rule.code: rule.urn for rule in current_rulebook().rules}
    rows = rule_precision(request.user, acting_organisation(request))
    with translation.override(language):
        return [_rule_out(row, urns, snoozable, language) for row in rows]


def _rule_out(
    row: dict[str, Any], urns: dict[str, str], snoozable: set[str], language: str
) -> RuleTextOut:
    """One row of the rule list, its texts in the active language (`language`)."""
    title = rule_title(row["code"], row["title"])
    description = rule_description(row["code"], row["description"])
    with translation.override(None):  # the English the texts fall back to
        english = rule_title(row["code"], row["title"]).text
    translated = title.lang != "en" and title.text != english
    return RuleTextOut(
        **{**row, "title": title.text, "description": description.text},
        urn=urns.get(row["code"], ""),
        snoozable=row["code"] in snoozable,
        language=language.split("-")[0] if translated else "en",
    )


def _snooze_out(snooze: RuleSnooze) -> SnoozeOut:
    return SnoozeOut(
        id=snooze.pk,
        rule_code=snooze.rule_code,
        justification=snooze.justification,
        expires_on=snooze.expires_on,
        active=snooze.active_on(timezone.localdate()),
        created_at=snooze.created_at,
    )


@router.get("/supplychain/customers/{customer_id}/snoozes", response=list[SnoozeOut], auth=MEMBERS)
def supplychain_snooze_list(request: HttpRequest, customer_id: UUID) -> list[SnoozeOut]:
    """The rules snoozed for this customer, past ones included (the newest first)."""
    item = get_object(request.user, "customer.view", Customer.objects, pk=customer_id)
    return [_snooze_out(s) for s in item.snoozes.order_by("-created_at")]


@router.post(
    "/supplychain/customers/{customer_id}/snoozes", response={201: SnoozeOut}, auth=MEMBERS
)
def supplychain_snooze_create(
    request: HttpRequest, customer_id: UUID, payload: SnoozeIn
) -> Status[SnoozeOut]:
    """Set a rule aside for this customer until a date (at most 90 days), saying why.
    Rules the law or a list decides (legal restrictions, denied parties) are never snoozed."""
    item = get_object(request.user, "customer.snooze", Customer.objects, pk=customer_id)
    snooze = rule_snooze(actor=request.user, customer=item, **payload.dict())
    return Status(201, _snooze_out(snooze))


def _disposition_out(record: RuleDisposition) -> DispositionOut:
    return DispositionOut(
        id=record.pk,
        alert_id=record.alert_id,
        rule_code=record.rule_code,
        disposition=record.disposition,
        note=record.note,
        decided_by=record.decided_by.get_username() if record.decided_by else "",
        updated_at=record.updated_at,
    )


@router.post(
    "/supplychain/cases/{case_id}/alerts/{alert_id}/dispositions",
    response=DispositionOut,
    auth=MEMBERS,
)
def supplychain_alert_dispose(
    request: HttpRequest, case_id: UUID, alert_id: UUID, payload: DispositionIn
) -> DispositionOut:
    """A reviewer's verdict on one rule that fired on this alert (false positive, useful,
    confirmed); a second verdict on the same rule replaces the first."""
    case = get_object(request.user, "case.decide", Case.objects, pk=case_id)
    alert = Alert.objects.select_related("case").filter(case=case, pk=alert_id).first()
    if alert is None:
        raise NotVisible
    record = rule_dispose(actor=request.user, alert=alert, **payload.dict())
    return _disposition_out(record)
