"""Every write of the supply chain, each asking the policy first (`require`) and writing
through chemsec.core.writes (audited, {field: [old, new]}).

    customers: customer_create, customer_update, verification_add
    products:  product_create, product_rescreen
    orders:    order_record, order_outcome_set
    cases:     case_decide, case_assign, case_reviewers
    reports:   report_send, report_acknowledge, report_ask, report_respond, report_close
"""

from chemsec.supplychain.services.cases import case_assign, case_decide, case_reviewers
from chemsec.supplychain.services.customers import (
    customer_create,
    customer_update,
    verification_add,
)
from chemsec.supplychain.services.orders import LineInput, order_outcome_set, order_record
from chemsec.supplychain.services.products import product_create, product_rescreen
from chemsec.supplychain.services.reports import (
    report_acknowledge,
    report_ask,
    report_close,
    report_respond,
    report_send,
)

__all__ = [
    "LineInput",
    "case_assign",
    "case_decide",
    "case_reviewers",
    "customer_create",
    "customer_update",
    "order_outcome_set",
    "order_record",
    "product_create",
    "product_rescreen",
    "report_acknowledge",
    "report_ask",
    "report_close",
    "report_respond",
    "report_send",
    "verification_add",
]
