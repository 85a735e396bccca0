"""The API's one paginator: page numbers within a bound, so a huge one is a 422 with the
API's JSON error body, never a database overflow (an HTML 500)."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# Far beyond any list here (a million pages of 100); an int64 offset stays far away.
PAGE_MAX = 1_000_000


class Pages(PageNumberPagination):
    """`PageNumberPagination` with bounded page numbers (page sizes are already capped)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX)
        page_size: int | None = Field(None, ge=1, le=PAGE_MAX)
