"""API of the compendium app (one Router, mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["compendium"])
