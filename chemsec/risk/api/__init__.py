"""Risk API: registers (entries with their diagram link, measures with protection changes)
and the national roll-up, at the paths they had in the facilities API. The same services
and register reads as the pages, the same fetches (`policy.get_object` through the
facility); one Router, mounted at /api/v1/: `registers`, `entries`, `measures` and
`rollup` add their routes, their schemas are in `schemas`.

Every answer has a declared schema. Parts that only some readers get (a diagram's name,
path and element changes) are left out of the JSON, not sent as null, for the others.
"""

from ninja import Router

from chemsec.risk.api import entries, measures, registers, rollup

router = Router(tags=["risk"])
router.add_router("", registers.router)
router.add_router("", entries.router)
router.add_router("", measures.router)
router.add_router("", rollup.router)
