"""API of the facilities app (one Router, mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["facilities"])
