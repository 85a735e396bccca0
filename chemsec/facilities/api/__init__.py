"""Facilities API: facilities, inventories (upload -> job) and chemicals of interest
(`facilities`), threat profiles and scenarios (`threats`); risk registers and the national
roll-up are the risk app's (`chemsec.risk.api`). Same services and selectors as the pages;
one Router, mounted at /api/v1/."""

from ninja import Router

from chemsec.facilities.api import facilities, threats

router = Router(tags=["facilities"])
router.add_router("", facilities.router)
router.add_router("", threats.router)
