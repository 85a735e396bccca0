"""The product catalogue: each product's components screened with the screening engine.

A product keeps, per component, every list entry it matched with the EU Annex I limit
value and upper limit for licensing, the entry's source and the list's data version, so a
decision made on it can be explained later even after the lists change.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.models import Organisation
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_update
from chemsec.supplychain.models import Product


def _components(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for index, component in enumerate(components, start=1):
        cas = str(component.get("cas", "")).strip()
        if not cas:
            continue
        concentration = _concentration(component.get("concentration"), index)
        name = str(component.get("name", "")).strip()[:200]
        cleaned.append({"cas": cas, "name": name, "concentration": concentration})
    if not cleaned:
        raise ValidationError({"components": _("Give at least one component by CAS number.")})
    return cleaned


def _concentration(value: Any, index: int) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace("%", "").replace(",", ".").strip())
    except InvalidOperation:
        number = Decimal(-1)
    if not Decimal(0) < number <= Decimal(100):
        raise ValidationError(
            {"components": _("Component %(n)s: the concentration is a percentage, 0 to 100.")
             % {"n": index}}
        )  # fmt: skip
    return float(number)


def screen_components(components: list[dict[str, Any]]) -> dict[str, Any]:
    """The screening of each component and what the product's flags are made of."""
    from chemsec.screening.engine import InputRow, screen_rows
    from chemsec.screening.engine.lists import load_list

    eu_entries = {entry.urn: entry for entry in load_list("EU")}
    rows = [
        InputRow(identifier=c["cas"], line=i, concentration=_percent(c["concentration"]))
        for i, c in enumerate(components, start=1)
    ]
    screening = [
        _component(components[result.line - 1], result, eu_entries)
        for result in screen_rows(rows)
        if result.line is not None
    ]
    matches = [m for component in screening for m in component["matches"]]
    eu = [m for m in matches if m["list"] == "EU"]
    return {
        "screening": screening,
        "listed": bool(matches),
        "eu_restricted": any(m["entry"].startswith("I-") and m["above_limit"] for m in eu),
        "eu_regulated": bool(eu),
        "cwc_schedules": sorted({m["entry"][0] for m in matches if m["list"] == "CWC"}),
        "ag_listed": any(m["list"] == "AG" for m in matches),
        "screened_at": timezone.now(),
    }


def _percent(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def _component(component: dict[str, Any], result: Any, eu_entries: dict[str, Any]) -> Any:
    return {
        "cas": component["cas"],
        "name": component["name"] or (result.identity.name or ""),
        "concentration": component["concentration"],
        "status": result.status,
        "reason": result.reason or "",
        "matches": [_match(m, component, eu_entries) for m in result.matches if _covers(m)],
    }


def _covers(match: Any) -> bool:
    return match.basis in ("exact", "salt", "family", "mixture", "component")


def _match(match: Any, component: dict[str, Any], eu_entries: dict[str, Any]) -> dict[str, Any]:
    entry = eu_entries.get(match.urn)
    assessed = match.concentration
    # Without a stated concentration an Annex I entry counts as above its limit: the
    # supplier must say otherwise (a product is restricted until shown not to be).
    above = assessed.crossed if assessed is not None else component["concentration"] is None
    return {
        "list": match.list,
        "entry": match.entry,
        "urn": match.urn,
        "title": match.title,
        "limit_value": entry.limit_value if entry is not None else None,
        "licence_limit": entry.licence_limit if entry is not None else "",
        "above_limit": bool(above) if match.list == "EU" else None,
        "source": match.source,
        "data_version": match.data_version,
        "verification": match.verification,
    }


@transaction.atomic
def product_create(
    *,
    actor: Actor,
    organisation: Organisation | None,
    code: str,
    name: str,
    components: list[dict[str, Any]],
    pack_size: str = "",
    confidentiality: str = "",
) -> Product:
    """A catalogue product, screened at once."""
    require(actor, "product.create", organisation)
    if organisation is None:
        raise ValueError("An organisation is required.")
    cleaned = _components(components)
    product = Product(
        organisation=organisation,
        code=code.strip(),
        name=name.strip(),
        pack_size=pack_size.strip(),
        components=cleaned,
        **screen_components(cleaned),
    )
    if confidentiality:
        product.confidentiality = confidentiality
    if Product.objects.filter(organisation=organisation, code=product.code).exists():
        raise ValidationError({"code": _("A product with this code exists already.")})
    return write_create(product, actor=actor)


@transaction.atomic
def product_rescreen(*, actor: Actor, product: Product) -> Product:
    """Screen the components again (after a new version of the lists)."""
    require(actor, "product.change", product)
    return write_update(product, actor=actor, values=screen_components(product.components))
