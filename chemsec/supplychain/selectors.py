"""Reads for the supply chain, built on each model's `visible_to` (the policy's object rules),
narrowed to the organisation the reader acts for."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, QuerySet

from chemsec.core.models import Organisation, User
from chemsec.supplychain.choices import OPEN_CASE_STATUSES
from chemsec.supplychain.models import Case, Customer, Order, OrderImport, Product, Report

AnyUser = User | AnonymousUser


def customers(user: AnyUser, organisation: Organisation | None) -> QuerySet[Customer]:
    if organisation is None:
        return Customer.objects.none()
    found: QuerySet[Customer] = Customer.objects.visible_to(user).filter(organisation=organisation)
    return found.order_by("legal_name")


def order_customers(user: AnyUser, organisation: Organisation | None) -> QuerySet[Customer]:
    """Customers the reader may record orders for (the counter's choice)."""
    if organisation is None:
        return Customer.objects.none()
    found: QuerySet[Customer] = Customer.objects.visible_to(user, "change").filter(
        organisation=organisation
    )
    return found.order_by("legal_name")


def products(user: AnyUser, organisation: Organisation | None) -> QuerySet[Product]:
    if organisation is None:
        return Product.objects.none()
    found: QuerySet[Product] = Product.objects.visible_to(user).filter(organisation=organisation)
    return found.order_by("code")


def orders(user: AnyUser, organisation: Organisation | None) -> QuerySet[Order]:
    if organisation is None:
        return Order.objects.none()
    found: QuerySet[Order] = (
        Order.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("customer")
        .annotate(line_count=Count("lines", distinct=True))
        .order_by("-ordered_at")
    )
    return found


def cases(
    user: AnyUser, organisation: Organisation | None, open_only: bool = False
) -> QuerySet[Case]:
    if organisation is None:
        return Case.objects.none()
    found: QuerySet[Case] = (
        Case.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("customer", "assigned_to")
        .annotate(alert_count=Count("alerts", distinct=True), last_alert=Max("alerts__created_at"))
    )
    if open_only:
        found = found.filter(status__in=OPEN_CASE_STATUSES)
    # Cases with a running clock first, the most urgent first; then the newest.
    return found.order_by("deemed_suspicious_at", "-created_at")


def reports_sent(user: AnyUser, organisation: Organisation | None) -> QuerySet[Report]:
    if organisation is None:
        return Report.objects.none()
    found: QuerySet[Report] = (
        Report.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("authority", "organisation")
        .order_by("-sent_at")
    )
    return found


def reports_received(user: AnyUser, organisation: Organisation | None) -> QuerySet[Report]:
    """An authority's inbox: reports addressed to it that the reader may see."""
    if organisation is None:
        return Report.objects.none()
    found: QuerySet[Report] = (
        Report.objects.visible_to(user)
        .filter(authority=organisation)
        .select_related("authority", "organisation")
        .order_by("-sent_at")
    )
    return found


def authorities() -> QuerySet[Organisation]:
    from chemsec.core.choices import OrganisationKind

    return Organisation.objects.filter(kind=OrganisationKind.NATIONAL_AUTHORITY).order_by("name")


def report_joined() -> QuerySet[Report]:
    return Report.objects.select_related("authority", "organisation", "case")


def case_joined() -> QuerySet[Case]:
    return Case.objects.select_related("customer", "assigned_to", "organisation")


def order_imports(user: AnyUser, organisation: Organisation | None) -> QuerySet[OrderImport]:
    found: QuerySet[OrderImport] = OrderImport.objects.visible_to(user).filter(
        organisation=organisation
    )
    return found.order_by("-created_at")
