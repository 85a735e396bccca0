"""Supply-chain API: customers, products, orders (`POST /orders` answers the decision at
once), cases, and reports with the authority's handling.

The order endpoints are what a marketplace or an ERP calls for each order: they answer
the decision (allow, review, hold) with a neutral reason code and nothing more. Which rule
fired, and whether a case or report exists, is never in an order answer (tipping-off);
the supplier's reviewers read it in the case endpoints.

Every object is fetched with `policy.get_object`, every write is the service the pages
call, acting for `policy.acting_organisation(request)`. One Router, mounted at /api/v1/;
each resource adds its routes (`customers`, `products`, `orders`, `cases`, `reports`,
`imports` of ERP files, `rules` with snoozes and verdicts), their schemas are in `schemas`.
"""

from ninja import Router

from chemsec.supplychain.api import cases, customers, imports, orders, products, reports, rules

router = Router(tags=["supplychain"])
router.add_router("", customers.router)
router.add_router("", products.router)
router.add_router("", orders.router)
router.add_router("", cases.router)
router.add_router("", reports.router)
router.add_router("", imports.router)
router.add_router("", rules.router)
