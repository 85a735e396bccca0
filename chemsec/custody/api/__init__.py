"""Chain of custody API: one Router mounted at /api/v1/."""

from ninja import Router

router = Router(tags=["custody"])
