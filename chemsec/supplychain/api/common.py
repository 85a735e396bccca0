"""What the supply-chain endpoints share: the list limit and the operation ids."""

from collections.abc import Callable
from typing import Any

from ninja import Router

LIMIT = 500


class SupplychainRouter(Router):
    """A Router whose operations keep the OpenAPI ids they had when the supply-chain API was
    one module (`chemsec_supplychain_api_<function>`), so generated clients do not change."""

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Callable[..., Any], **kwargs: Any
    ) -> None:
        kwargs["operation_id"] = kwargs.get("operation_id") or (
            f"chemsec_supplychain_api_{view_func.__name__}"
        )
        super().add_api_operation(path, methods, view_func, **kwargs)
